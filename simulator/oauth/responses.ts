// The three shapes the org OAuth endpoints answer with: an OAuth JSON error or token (RFC 6749 §5), a redirect
// back to the client (success or error, RFC 6749 §4.1.2), and an HTML page for what can't be redirected.

import { JSON_CONTENT_TYPE } from "../http";

// Token answers must not be cached (RFC 6749 §5.1); nothing here should be.
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function oauthJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": JSON_CONTENT_TYPE, ...NO_STORE, ...headers },
  });
}

export function oauthError(status: number, error: string, description: string): Response {
  // A failed client authentication says which scheme to use (RFC 6749 §5.2).
  const extra: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Basic realm="freshworks"' } : {};
  return oauthJson(status, { error, error_description: description }, extra);
}

/** 302 to `redirectUri` with these parameters added to whatever query it already has. */
export function redirectTo(redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return new Response(null, { status: 302, headers: { Location: url.toString(), ...NO_STORE } });
}

// Self-contained pages: no script, no third-party assets, never framed.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

export function htmlPage(status: number, html: string): Response {
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": PAGE_CSP,
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "no-referrer",
      ...NO_STORE,
    },
  });
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
