/**
 * `GET /oauth/<mcp_id>/authorize` (docs/sign-in.md step 4): checks the authorization request and hands it to the
 * sign-in page. Until the client and its redirect URI are trusted, a problem is an HTML page and never a redirect
 * (an open redirector would send the agent anywhere); after that, a problem goes back to the client's redirect URI
 * with `error`, `state` and `iss` (RFC 6749 §4.1.2.1, RFC 9207). Anyone can register a client or publish a metadata
 * document naming any https redirect, so such a redirect is still not followed automatically on an error (RFC 9700
 * §4.11.2): a page says why and links back. A loopback redirect, on the agent's own machine, is followed at once.
 */

import { lookUpClient } from "./clients";
import { PENDING_SIGN_IN_MS } from "./grant";
import type { PendingSignIn } from "./grant-types";
import { serverUrls } from "./metadata";
import type { ResolvedOAuthServer } from "./oauth-server";
import { LOOPBACK_REDIRECT_HOSTS, matchRedirectUri } from "./redirect-uri";
import { parseScopes } from "./scopes";
import { startSignIn } from "./sign-in";
import { isS256Challenge, mintGrantId } from "./tokens";

/** A client's `state` is echoed back; a longer one is not a state but an attempt to make our redirect carry a load. */
const MAX_STATE_CHARS = 1000;
const SINGLE_PARAMETERS = [
  "response_type",
  "client_id",
  "redirect_uri",
  "code_challenge",
  "code_challenge_method",
  "scope",
  "state",
] as const;

export async function handleAuthorize(
  request: Request,
  env: Env,
  resolved: ResolvedOAuthServer,
  origin: string,
  /** The sign-in page's entry; a parameter so that a test can see the pending sign-in it would get. */
  start: typeof startSignIn = startSignIn,
): Promise<Response> {
  const mcpId = resolved.server.id;
  const urls = serverUrls(origin, mcpId);
  const query = new URL(request.url).searchParams;
  for (const name of ["client_id", "redirect_uri"])
    if (query.getAll(name).length > 1) return errorPage(`The request names ${name} more than once.`);
  const clientId = query.get("client_id");
  if (!clientId) return errorPage("The request names no client_id.");
  const redirectUri = query.get("redirect_uri");
  if (!redirectUri) return errorPage("The request names no redirect_uri.");
  const found = await lookUpClient(env, mcpId, clientId);
  if (!found.ok) return errorPage(found.problem);
  const { client } = found;
  if (!matchRedirectUri(client.redirect_uris, redirectUri))
    return errorPage("The redirect_uri is not one this client registered, so the sign-in can't send you back to it.");

  // From here on the client is known and the redirect is its own: problems go back to it.
  const stateParam = query.get("state");
  const state = stateParam !== null && stateParam.length <= MAX_STATE_CHARS ? stateParam : null;
  const back = (error: string, description: string) =>
    redirectError(redirectUri, urls.issuer, state, error, description);
  if (stateParam !== null && state === null) return back("invalid_request", `state is longer than ${MAX_STATE_CHARS}.`);
  // Request objects (RFC 9101) are not supported: what one says must not be silently ignored.
  if (query.has("request")) return back("request_not_supported", "Request objects (request) are not supported.");
  if (query.has("request_uri"))
    return back("request_uri_not_supported", "Request objects by reference (request_uri) are not supported.");
  for (const name of SINGLE_PARAMETERS)
    if (query.getAll(name).length > 1) return back("invalid_request", `${name} appears more than once.`);
  if (query.get("response_type") !== "code")
    return back("unsupported_response_type", "Only response_type=code is supported.");
  const challenge = query.get("code_challenge");
  const method = query.get("code_challenge_method");
  if (!challenge) return back("invalid_request", "code_challenge is required (PKCE with S256).");
  if (method !== "S256") return back("invalid_request", "code_challenge_method must be S256; plain is not accepted.");
  if (!isS256Challenge(challenge))
    return back("invalid_request", "code_challenge must be 43 base64url characters (an S256 challenge).");
  const resources = query.getAll("resource");
  if (resources.length === 0)
    return back("invalid_target", `resource is required (RFC 8707); this server's is ${urls.resource}.`);
  if (resources.length > 1 || resources[0] !== urls.resource)
    return back("invalid_target", `resource must be this server's URL, ${urls.resource}.`);
  const scopes = parseScopes(query.get("scope"));
  if (!scopes.ok) return back("invalid_scope", scopes.problem);

  const now = Date.now();
  const pending: PendingSignIn = {
    grant_id: mintGrantId(),
    account_id: resolved.account.id,
    mcp_id: mcpId,
    client: client.sign_in,
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    scopes: scopes.scopes,
    resource: urls.resource,
    issuer: urls.issuer,
    created_at: now,
    expires_at: now + PENDING_SIGN_IN_MS,
  };
  return start(request, env, pending);
}

function redirectError(
  redirectUri: string,
  issuer: string,
  state: string | null,
  error: string,
  description: string,
): Response {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", description);
  if (state !== null) url.searchParams.set("state", state);
  url.searchParams.set("iss", issuer);
  if (url.protocol === "http:" && LOOPBACK_REDIRECT_HOSTS.has(url.hostname))
    return new Response(null, { status: 302, headers: { location: url.href, "cache-control": "no-store" } });
  return errorPage(description, 400, { href: url.href, host: url.host });
}

/** The page for a request we won't redirect: plain words, no script, not frameable. */
export function errorPage(problem: string, status = 400, back?: { href: string; host: string }): Response {
  const next = back
    ? `<p>Nothing was granted. <a href="${escapeHtml(back.href)}" rel="noreferrer">Return to the app at ${escapeHtml(back.host)}</a> to tell it why, if you started this sign-in there.</p>`
    : "<p>Nothing was granted. Go back to the app that sent you here and connect again.</p>";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in request refused</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>This sign-in request can't continue</h1><p>${escapeHtml(problem)}</p>
${next}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}
