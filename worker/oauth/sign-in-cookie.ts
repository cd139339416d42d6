/**
 * The cookie that binds a sign-in to the browser that started it: `<grant_id>.<nonce>`, where only the nonce's
 * SHA-256 is kept in the grant object. A form or callback without the cookie, or with another sign-in's, changes
 * nothing. `__Host-` (https only) pins it to this origin, path `/`, no Domain; plain-http local development can't
 * use the prefix.
 */
import { isGrantId } from "./tokens";

/** The sign-in may wait this long for its agent (the grant object expires the pending request at the same time). */
export const SIGN_IN_COOKIE_MAX_AGE_SECONDS = 600;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

export function signInCookieName(origin: string): string {
  return origin.startsWith("https:") ? "__Host-fsmcp-sign-in" : "fsmcp-sign-in";
}

export function setSignInCookie(origin: string, grantId: string, nonce: string): string {
  return `${signInCookieName(origin)}=${grantId}.${nonce}; ${attributes(origin)}; Max-Age=${SIGN_IN_COOKIE_MAX_AGE_SECONDS}`;
}

/** Once the sign-in is over (approved or denied), the cookie has nothing left to bind. */
export function clearSignInCookie(origin: string): string {
  return `${signInCookieName(origin)}=; ${attributes(origin)}; Max-Age=0`;
}

function attributes(origin: string): string {
  return `HttpOnly; SameSite=Lax; Path=/${origin.startsWith("https:") ? "; Secure" : ""}`;
}

/** The nonce of this browser's sign-in for `grantId`, or null when the browser holds none for it. */
export function signInNonce(request: Request, origin: string, grantId: string): string | null {
  const name = signInCookieName(origin);
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    const dot = value.indexOf(".");
    if (dot < 0) continue;
    const [id, nonce] = [value.slice(0, dot), value.slice(dot + 1)];
    if (id === grantId && isGrantId(id) && NONCE_PATTERN.test(nonce)) return nonce;
  }
  return null;
}
