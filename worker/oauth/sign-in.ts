/**
 * The sign-in page and its form: what happens between a validated authorization request and the grant's code.
 * This module starts it: the pending request goes into its grant object, bound to this browser by a cookie whose
 * nonce only this browser holds (the object keeps its hash), and the page is answered.
 *
 * CONTRACT (skeleton): the authorization endpoint calls `startSignIn` once the request passed every check.
 */
import { publicOrigin } from "../http/public-origin";
import { mintToken } from "../store/crypto";
import type { PendingSignIn } from "./grant-types";
import { setSignInCookie } from "./sign-in-cookie";
import { serverGone, signInPageResponse } from "./sign-in-page";
import { loadSignIn } from "./sign-in-view";
import { hashGrantSecret } from "./tokens";

/** Begins the pending sign-in in its grant object, binds it to this browser by cookie, and answers the page. */
export async function startSignIn(request: Request, env: Env, pending: PendingSignIn): Promise<Response> {
  const origin = publicOrigin(request, env);
  const context = await loadSignIn(env, pending);
  if (!context) return serverGone();
  const nonce = mintToken();
  await env.OAUTH_GRANT.getByName(pending.grant_id).begin(pending, await hashGrantSecret(nonce));
  return signInPageResponse(context.view, 200, { "set-cookie": setSignInCookie(origin, pending.grant_id, nonce) });
}

/** `GET /oauth/freshworks/callback`: Freshworks sends the agent back here with its code. */
export { handleFreshworksCallback } from "./freshworks-callback";
/** `POST /oauth/<mcp_id>/sign-in`: the page's form (the API key way, the Freshworks way's start, and Deny). */
export { handleSignInPost as handleSignInForm } from "./sign-in-post";
