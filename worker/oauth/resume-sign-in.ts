/**
 * What the sign-in form and the Freshworks callback both do first: find the Worker's origin, then the pending
 * sign-in a request names, only in the browser that started it (its cookie), with its account and server still
 * there. Anything else is answered with the page that says why, and nothing changes.
 */
import { publicOrigin } from "../http/public-origin";
import { HttpError } from "../http/responses";
import type { OAuthGrant } from "./grant";
import { signInNonce } from "./sign-in-cookie";
import { expired, serverGone, signInErrorResponse } from "./sign-in-page";
import { loadSignIn, type SignInContext } from "./sign-in-view";
import { isGrantId } from "./tokens";

/** The origin URLs are built from, or the page saying the Worker can't tell it. */
export async function signInOrigin(request: Request, env: Env): Promise<string | Response> {
  try {
    return publicOrigin(request, env);
  } catch (error) {
    if (error instanceof HttpError) return signInErrorResponse(error.status, "Sign-in unavailable", error.message);
    throw error;
  }
}

export interface ResumedSignIn {
  grantId: string;
  nonce: string;
  grant: DurableObjectStub<OAuthGrant>;
  context: SignInContext;
}

export async function resumeSignIn(
  request: Request,
  env: Env,
  origin: string,
  grantId: string,
  mcpId?: string,
): Promise<ResumedSignIn | Response> {
  const nonce = isGrantId(grantId) ? signInNonce(request, origin, grantId) : null;
  if (!nonce)
    return signInErrorResponse(
      403,
      "Sign-in refused",
      "This sign-in was started in another browser, a newer sign-in in this browser replaced it, or its cookie is gone (cookies blocked, or more than 10 minutes passed), so nothing was done. Go back to your app and connect again.",
    );
  const grant = env.OAUTH_GRANT.getByName(grantId);
  const pending = await grant.pending(nonce);
  if (!pending || (mcpId !== undefined && pending.mcp_id !== mcpId)) return expired();
  const context = await loadSignIn(env, pending);
  if (!context) return serverGone();
  return { grantId, nonce, grant, context };
}
