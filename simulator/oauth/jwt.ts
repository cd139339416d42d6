// Access tokens as the reference describes Freshworks' (JWTs: header.payload.signature, base64url), signed
// HS256 with a key the simulator makes at start. The signature is what makes a tampered or foreign token
// `access_token_invalid`; what a token may still do (expiry, revocation) is the grant store's business.

import { base64urlToBytes, bytesToBase64url, textToBase64url } from "./base64url";

const HEADER = textToBase64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

export type JwtClaims = Record<string, unknown>;

export function newSigningKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]) as Promise<CryptoKey>;
}

export async function signJwt(key: CryptoKey, claims: JwtClaims): Promise<string> {
  const input = `${HEADER}.${textToBase64url(JSON.stringify(claims))}`;
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
  return `${input}.${bytesToBase64url(signature)}`;
}

/** The claims of a well-formed HS256 token signed with `key`; null for anything else. */
export async function verifyJwt(key: CryptoKey, token: string): Promise<JwtClaims | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  // Only our own header: no `alg: none`, no other algorithm, whatever else the token says.
  if (header !== HEADER) return null;
  const sig = base64urlToBytes(signature);
  const body = base64urlToBytes(payload);
  if (!sig || !body) return null;
  const valid = await crypto.subtle.verify("HMAC", key, sig, new TextEncoder().encode(`${header}.${payload}`));
  if (!valid) return null;
  try {
    const claims = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body));
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}
