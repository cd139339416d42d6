/**
 * The sign-in page and its form: what happens between a validated authorization request and the grant's code.
 * This module starts it: the pending request goes into its grant object, bound to this browser by a cookie whose
 * nonce only this browser holds (the object keeps its hash), and the page is answered.
 *
 * CONTRACT (skeleton): the authorization endpoint calls `startSignIn` once the request passed every check.
 */
import { publicOrigin } from "../http/public-origin";
import { mintToken, sha256Hex } from "../store/crypto";
import type { PendingSignIn } from "./grant-types";
import { setSignInCookie } from "./sign-in-cookie";
import { signInErrorResponse, signInPageResponse } from "./sign-in-page";
import { loadSignIn } from "./sign-in-view";

/** Begins the pending sign-in in its grant object, binds it to this browser by cookie, and answers the page. */
export async function startSignIn(request: Request, env: Env, pending: PendingSignIn): Promise<Response> {
  const origin = publicOrigin(request, env);
  const context = await loadSignIn(env, pending);
  if (!context) return serverGone();
  const nonce = mintToken();
  await env.OAUTH_GRANT.getByName(pending.grant_id).begin(pending, await sha256Hex(nonce));
  return signInPageResponse(context.view, 200, { "set-cookie": setSignInCookie(origin, pending.grant_id, nonce) });
}

export function serverGone(): Promise<Response> {
  return signInErrorResponse(
    404,
    "This server is no longer available",
    "The Freshservice account or MCP server behind this sign-in was deleted. Ask your operator for a new URL.",
  );
}

/** `POST /oauth/<mcp_id>/sign-in`: the page's form (the API key way, the Freshworks way's start, and Deny). */
export async function handleSignInForm(_request: Request, _env: Env, _mcpId: string): Promise<Response> {
  throw new Error("not implemented");
}

/** `GET /oauth/freshworks/callback`: Freshworks sends the agent back here with its code. */
export async function handleFreshworksCallback(_request: Request, _env: Env): Promise<Response> {
  throw new Error("not implemented");
}
