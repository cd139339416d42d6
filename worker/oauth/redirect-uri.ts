/**
 * Which redirect URIs a client may register and which one a request may use. Registered URIs are https, or http on
 * a loopback address (a native client's local listener, RFC 8252 §7.3); no fragment, no credentials. A request's
 * redirect must equal a registered one exactly, except that a loopback one matches on any port (RFC 8252 §7.3:
 * the client picks a free port when it starts, and Claude Code's metadata document lists its callback without one).
 */

/** Loopback hosts as the URL parser serializes them. RFC 8252 prefers the IP literals; `localhost` is common. */
export const LOOPBACK_REDIRECT_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);
/** Long enough for any real callback; a longer one is noise we won't store or echo. */
export const MAX_REDIRECT_URI_CHARS = 2000;

/** Why `text` can't be a redirect URI, or null when it can. */
export function redirectUriProblem(text: string): string | null {
  if (text.length > MAX_REDIRECT_URI_CHARS) return `is longer than ${MAX_REDIRECT_URI_CHARS} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not an absolute URL";
  }
  if (url.hash || text.includes("#")) return "has a fragment";
  if (url.username || url.password) return "carries a user name or password";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopback(url)) return null;
  return "must be https, or http on a loopback address (127.0.0.1, [::1] or localhost)";
}

function isLoopback(url: URL): boolean {
  return LOOPBACK_REDIRECT_HOSTS.has(url.hostname.toLowerCase());
}

/** Whether `requested` may be used by a client that registered `registered` (both already passed the rule above). */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  let a: URL;
  let b: URL;
  try {
    a = new URL(registered);
    b = new URL(requested);
  } catch {
    return false;
  }
  if (a.protocol !== "http:" || b.protocol !== "http:" || !isLoopback(a) || !isLoopback(b)) return false;
  // Everything but the port must be the same, spelled the same.
  return a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search && !b.hash;
}

/** The registered URI `requested` matches, if any (validated first: a bad one never matches). */
export function matchRedirectUri(registered: readonly string[], requested: string): boolean {
  if (redirectUriProblem(requested) !== null) return false;
  return registered.some((uri) => redirectUriProblem(uri) === null && redirectUriMatches(uri, requested));
}
