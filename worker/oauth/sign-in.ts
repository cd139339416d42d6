/**
 * The sign-in page and its form: what happens between a validated authorization request and the grant's code.
 *
 * CONTRACT (skeleton): the authorization endpoint calls `startSignIn` once the request passed every check.
 */
import type { PendingSignIn } from "./grant-types";

/** Begins the pending sign-in in its grant object, binds it to this browser by cookie, and answers the page. */
export async function startSignIn(_request: Request, _env: Env, _pending: PendingSignIn): Promise<Response> {
  throw new Error("not implemented");
}

/** `POST /oauth/<mcp_id>/sign-in`: the page's form (the API key way, the Freshworks way's start, and Deny). */
export async function handleSignInForm(_request: Request, _env: Env, _mcpId: string): Promise<Response> {
  throw new Error("not implemented");
}

/** `GET /oauth/freshworks/callback`: Freshworks sends the agent back here with its code. */
export async function handleFreshworksCallback(_request: Request, _env: Env): Promise<Response> {
  throw new Error("not implemented");
}
