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
