/**
 * The sign-in page as HTML: which client asks, where the browser goes back to, which Freshservice account and
 * server config it reaches, what read and write mean, and the ways the operator enabled. Self-contained, no
 * script; every text from a client, an operator or Freshservice is escaped; the headers forbid framing and any
 * load from elsewhere.
 */
import { toBase64, utf8Bytes } from "../text/byte-encoding";
import { LOOPBACK_HOSTS } from "../upstream/loopback";
import type { PendingSignIn } from "./grant-types";
import { oauthPaths, WRITE_SCOPE } from "./paths";

export interface SignInView {
  pending: PendingSignIn;
  account: { name: string; domain: string };
  server: { name: string; readOnly: boolean; tags: string[]; expires_at: string | null };
  ways: { api_key: boolean; freshworks: boolean };
  /** The Freshworks org's origin: the Freshworks way's form answers a 303 there, which `form-action` must allow. */
  freshworksOrigin: string | null;
  /** Shown above the forms after a refused attempt (never the key). */
  error?: string;
}

/** The visible words the end-to-end tests drive the page by. */
export const SIGN_IN_TEXT = {
  apiKeyLabel: "Your Freshservice API key",
  apiKeyButton: "Sign in with my API key",
  freshworksButton: "Sign in with Freshworks",
  denyButton: "Deny",
} as const;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;background:#f4f6f8;color:#1b1f23;margin:0}
main{max-width:34rem;margin:2.5rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0}h2{font-size:1rem;margin:1.4rem 0 .4rem}dl{margin:0}dt{font-weight:600;margin-top:.5rem}
dd{margin:0}code{font-size:.85em}.warn{background:#fff4e5;color:#663c00;padding:.6rem;border-radius:4px}
.error{background:#fdecea;color:#8a1c10;padding:.6rem;border-radius:4px}label{display:block;margin:.8rem 0 .2rem}
input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}form{margin-top:1rem}
button{padding:.5rem 1.2rem;margin-top:.6rem}.deny{background:none;border:1px solid #999}`;

let styleHash: Promise<string> | undefined;
/** The CSP names the one inline style by its hash, so no other inline style (or anything else) applies. */
function styleSource(): Promise<string> {
  styleHash ??= crypto.subtle
    .digest("SHA-256", utf8Bytes(STYLE))
    .then((digest) => `'sha256-${toBase64(new Uint8Array(digest))}'`);
  return styleHash;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** The page's response: status 200, or the status of a refused attempt shown on it. */
export async function signInPageResponse(view: SignInView, status = 200, headers: HeadersInit = {}): Promise<Response> {
  const html = signInPageHtml(view);
  return htmlResponse(html, status, await pageHeaders(view), headers);
}

/** A page that says why nothing happened, for requests that can't be shown the sign-in page. */
export async function signInErrorResponse(status: number, title: string, message: string): Promise<Response> {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p class="error" role="alert">${escapeHtml(message)}</p></main></body></html>`;
  return htmlResponse(html, status, await securityHeaders(["'none'"]));
}

/** The sign-in's account or server was deleted meanwhile: nobody signs in to it. */
export function serverGone(): Promise<Response> {
  return signInErrorResponse(
    404,
    "This server is no longer available",
    "The Freshservice account or MCP server behind this sign-in was deleted. Ask your operator for a new URL.",
  );
}

/** Used, expired, or ended meanwhile: single use means a second try changes nothing. */
export function expired(): Promise<Response> {
  return signInErrorResponse(
    400,
    "This sign-in has ended",
    "This sign-in was already used, or more than 10 minutes passed. Go back to your app and connect again.",
  );
}

function htmlResponse(html: string, status: number, security: Record<string, string>, extra: HeadersInit = {}) {
  const headers = new Headers({ "content-type": "text/html; charset=utf-8", ...security });
  for (const [name, value] of new Headers(extra)) headers.append(name, value);
  return new Response(html, { status, headers });
}

async function pageHeaders(view: SignInView): Promise<Record<string, string>> {
  // A form-action source also covers where the form's answer redirects to: the client's redirect URI (approve and
  // deny answer a 303 there) and the Freshworks org (the Freshworks way's 303).
  const formTargets = ["'self'", redirectSource(view.pending.redirect_uri)];
  if (view.freshworksOrigin) formTargets.push(view.freshworksOrigin);
  return securityHeaders(formTargets.filter((s): s is string => s !== null));
}

/**
 * `same-origin`, not `no-referrer`, on pages with a form: under `no-referrer` a browser sends `Origin: null` with a
 * form's POST (Fetch, "append a request Origin header"), and the form handler requires this Worker's Origin. Other
 * sites still get no referrer (the page's URL holds the client's state), nor do the redirects that follow a
 * form, which say `no-referrer` themselves.
 */
async function securityHeaders(formAction: string[]): Promise<Record<string, string>> {
  return {
    "content-security-policy": `default-src 'none'; style-src ${await styleSource()}; form-action ${formAction.join(" ")}; frame-ancestors 'none'; base-uri 'none'`,
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "referrer-policy": formAction.includes("'self'") ? "same-origin" : "no-referrer",
    "x-content-type-options": "nosniff",
  };
}

/** A CSP source for the redirect URI: its origin for http(s), its scheme for an app's own scheme. */
function redirectSource(redirectUri: string): string | null {
  try {
    const url = new URL(redirectUri);
    if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
    return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? url.protocol : null;
  } catch {
    return null;
  }
}

function redirectHost(redirectUri: string): { host: string; loopback: boolean } {
  try {
    const url = new URL(redirectUri);
    const loopback = LOOPBACK_HOSTS.has(url.hostname) || !(url.protocol === "http:" || url.protocol === "https:");
    return { host: url.host || url.protocol, loopback };
  } catch {
    return { host: redirectUri, loopback: false };
  }
}

export function signInPageHtml(view: SignInView): string {
  const { pending, account, server, ways } = view;
  const client = pending.client;
  const redirect = redirectHost(pending.redirect_uri);
  const asksWrite = pending.scopes.includes(WRITE_SCOPE);
  const action = escapeHtml(oauthPaths.signIn(pending.mcp_id));
  const grant = `<input type="hidden" name="sign_in" value="${escapeHtml(pending.grant_id)}">`;
  const clientLine =
    client.kind === "metadata_document"
      ? `<strong>${escapeHtml(client.name)}</strong> (from <code>${escapeHtml(client.host ?? "")}</code>)`
      : `<strong>${escapeHtml(client.name)}</strong>`;
  const warnings: string[] = [];
  if (client.kind === "registered")
    warnings.push(
      "This app registered dynamically — not verified: its name is what it says about itself. Continue only if you just asked it to connect.",
    );
  if (redirect.loopback)
    warnings.push(
      `After sign-in your browser goes back to an app on this computer (${redirect.host}). Continue only if you started this from an app you run here.`,
    );
  const forms: string[] = [];
  if (ways.api_key)
    forms.push(`<form method="post" action="${action}">${grant}<input type="hidden" name="way" value="api_key">
<label for="api_key">${SIGN_IN_TEXT.apiKeyLabel}</label>
<input id="api_key" name="api_key" type="password" autocomplete="off" required>
<p><small>In Freshservice: your profile picture → Profile settings → Your API key. It is checked with Freshservice and kept encrypted in this sign-in only.</small></p>
<button type="submit">${SIGN_IN_TEXT.apiKeyButton}</button></form>`);
  if (ways.freshworks)
    forms.push(`<form method="post" action="${action}">${grant}<input type="hidden" name="way" value="freshworks">
<button type="submit">${SIGN_IN_TEXT.freshworksButton}</button></form>`);
  if (!ways.api_key && !ways.freshworks)
    forms.push(`<p class="error">The operator hasn't enabled any way to sign in to this account.</p>`);
  forms.push(`<form method="post" action="${action}">${grant}<input type="hidden" name="way" value="deny">
<button type="submit" class="deny">${SIGN_IN_TEXT.denyButton}</button></form>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in to ${escapeHtml(account.name)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${clientLine} wants to use Freshservice as you</h1>
${warnings.map((w) => `<p class="warn" role="note">${escapeHtml(w)}</p>`).join("\n")}
${view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : ""}
<dl>
<dt>App</dt><dd>${escapeHtml(client.name)}${client.kind === "metadata_document" ? ` — identified by <code>${escapeHtml(client.host ?? "")}</code>` : " — registered dynamically, not verified"}</dd>
<dt>Returns to</dt><dd><code>${escapeHtml(redirect.host)}</code>${redirect.loopback ? " (an app on this computer)" : ""}</dd>
<dt>Freshservice account</dt><dd>${escapeHtml(account.name)} (<code>${escapeHtml(account.domain)}</code>)</dd>
<dt>Server</dt><dd>${escapeHtml(server.name)}: ${server.readOnly ? "read-only" : "reads and writes"}${server.tags.length ? `; areas: ${server.tags.map(escapeHtml).join(", ")}` : ""}; ${server.expires_at ? `expires ${escapeHtml(server.expires_at)}` : "no expiry"}</dd>
<dt>Access asked for</dt><dd>${pending.scopes.map((s) => `<code>${escapeHtml(s)}</code>`).join(", ")}</dd>
</dl>
<h2>What this means</h2>
<p><strong>Read</strong> lets the app see what you can see in Freshservice (tickets, assets, articles, …) through this server.
${asksWrite ? "<strong>Write</strong> lets it also create, change and delete records as you, within your Freshservice role." : "It asks for no <strong>write</strong> access: it can't change anything unless it asks you again."}
Freshservice records everything it does as you.</p>
${forms.join("\n")}
</main></body></html>`;
}
