// PKCE (RFC 7636): what an authorization request may carry, and the check of the verifier at the token endpoint.
// Freshworks' metadata lists S256 and plain; a challenge is optional because its clients are confidential.

import { bytesToBase64url } from "./base64url";

// 43-128 characters of the unreserved set, for both the verifier and an S256 or plain challenge (§4.1, §4.2).
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export type ChallengeMethod = "S256" | "plain";

/** The challenge of an authorization request, none, or what is wrong with it. */
export function readChallenge(
  challenge: string | null,
  method: string | null,
): { challenge: string | null; method: ChallengeMethod | null } | { problem: string } {
  if (challenge === null) {
    return method === null
      ? { challenge: null, method: null }
      : { problem: "code_challenge_method without code_challenge" };
  }
  // RFC 7636 §4.3: no method means plain.
  const m = method ?? "plain";
  if (m !== "S256" && m !== "plain") return { problem: "code_challenge_method must be S256 or plain" };
  if (!PKCE_VALUE.test(challenge)) return { problem: "code_challenge must be 43-128 unreserved characters" };
  return { challenge, method: m };
}

export async function verifierMatches(verifier: string, challenge: string, method: ChallengeMethod): Promise<boolean> {
  if (!PKCE_VALUE.test(verifier)) return false;
  if (method === "plain") return verifier === challenge;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return bytesToBase64url(digest) === challenge;
}
