/**
 * Codes and tokens are `<grant_id>.<secret>`: the grant id names the Durable Object that holds the grant, the
 * secret is 256 random bits, and only the SHA-256 of the whole string is ever stored. PKCE's S256 lives here too.
 */
import { mintToken, sha256Hex } from "../store/crypto";
import { toBase64Url, utf8Bytes } from "../text/byte-encoding";

/** Grant ids are UUIDs we mint, so a token's prefix can't name anything else. */
const GRANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A secret is 32 random bytes in base64url without padding. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** RFC 7636 §4.2: the S256 challenge is a SHA-256 in base64url (43 characters). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function mintGrantId(): string {
  return crypto.randomUUID();
}

export function isGrantId(text: string): boolean {
  return GRANT_ID.test(text);
}

/** A fresh code or token for `grantId`. */
export function mintGrantSecret(grantId: string): string {
  return `${grantId}.${mintToken()}`;
}

/** The grant a code or token names, or null when it is not one of ours in shape. */
export function grantIdOf(token: string): string | null {
  const dot = token.indexOf(".");
  if (dot < 0) return null;
  const grantId = token.slice(0, dot);
  return GRANT_ID.test(grantId) && SECRET.test(token.slice(dot + 1)) ? grantId : null;
}

/** What the grant object stores instead of a code or token. */
export function hashGrantSecret(token: string): Promise<string> {
  return sha256Hex(token);
}

export function isCodeVerifier(text: string): boolean {
  return CODE_VERIFIER.test(text);
}

export function isS256Challenge(text: string): boolean {
  return S256_CHALLENGE.test(text);
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))). */
export async function s256(verifier: string): Promise<string> {
  return toBase64Url(await crypto.subtle.digest("SHA-256", utf8Bytes(verifier)));
}
