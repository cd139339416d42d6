import { readBodyText } from "../http/read-json-body";
import { encryptSecret, mintToken } from "../store/crypto";
import { checkAgent } from "./agent-check";
import { freshworksAuthorizeUrl } from "./freshworks";
import { clientAddress } from "./oauth-responses";
import { oauthPaths } from "./paths";
import { resumeSignIn, signInOrigin } from "./resume-sign-in";
import { clearSignInCookie } from "./sign-in-cookie";
import { expired, signInErrorResponse, signInPageResponse } from "./sign-in-page";
import type { SignInContext } from "./sign-in-view";
import { s256 } from "./tokens";

/** Three short fields: anything larger is not our form. */
const MAX_FORM_BYTES = 8 * 1024;
/** Freshservice keys are 20-odd characters; a longer paste is not a key and is never sent anywhere. */
const MAX_API_KEY_CHARS = 200;
/** Wrong keys per minute from one client address: enough for typos, too few to guess keys. */
export const API_KEY_FAILURES_PER_IP = 5;
/** Wrong keys per minute at one account from everywhere: bounds a guesser spread over many addresses. */
export const API_KEY_FAILURES_PER_ACCOUNT = 30;

export async function handleSignInPost(request: Request, env: Env, mcpId: string): Promise<Response> {
  if (request.method !== "POST")
    return signInErrorResponse(405, "Sign-in refused", "The sign-in form is sent with POST from the sign-in page.");
  const origin = await signInOrigin(request, env);
  if (origin instanceof Response) return origin;
  if (!fromThisPage(request, origin))
    return signInErrorResponse(
      403,
      "Sign-in refused",
      "This form was not sent from this sign-in page (it came from another site, or without its origin), so nothing was done. Go back to your app and connect again.",
    );
  const form = await readForm(request);
  if (!form)
    return signInErrorResponse(400, "Sign-in refused", "This is not the sign-in page's form. Nothing was done.");
  const resumed = await resumeSignIn(request, env, origin, form.get("sign_in") ?? "", mcpId);
  if (resumed instanceof Response) return resumed;
  const { grant, grantId, nonce, context } = resumed;
  const way = form.get("way");
  if (way === "deny") return finish(origin, await grant.deny(nonce));
  if (way === "api_key") return signInWithApiKey(request, env, { origin, grantId, nonce, context }, form);
  if (way === "freshworks") return startFreshworks(env, { origin, grantId, nonce, context });
  return signInPageResponse({ ...context.view, error: "Choose a way to sign in." }, 400);
}

/**
 * Browsers send Origin with every form POST (`null` when hidden), so a foreign or hidden one is refused. A request
 * without one isn't a browser's cross-site form (those carry Origin, and SameSite=Lax keeps our cookie off them), so
 * it stands on the cookie binding alone, unless the browser says it came from another site.
 */
function fromThisPage(request: Request, origin: string): boolean {
  const sent = request.headers.get("origin");
  if (sent !== null) return sent === origin;
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

interface Attempt {
  origin: string;
  grantId: string;
  nonce: string;
  context: SignInContext;
}

async function signInWithApiKey(request: Request, env: Env, attempt: Attempt, form: URLSearchParams) {
  const { context, grantId, nonce } = attempt;
  const page = (error: string, status: number) => signInPageResponse({ ...context.view, error }, status);
  if (!context.signIn.api_key) return page("This account doesn't allow signing in with an API key.", 400);
  const apiKey = (form.get("api_key") ?? "").trim();
  if (!apiKey) return page("Type your Freshservice API key.", 400);
  // Only wrong keys count, so agents behind one office address can all sign in; once an address or the account
  // has had too many wrong keys this minute, every attempt waits, the right key included (a guesser learns nothing).
  const throttles = [
    { counter: env.URL_BUDGET.getByName(`sign-in-ip:${clientAddress(request)}`), limit: API_KEY_FAILURES_PER_IP },
    { counter: env.URL_BUDGET.getByName(`sign-in-account:${context.account.id}`), limit: API_KEY_FAILURES_PER_ACCOUNT },
  ];
  const decisions = await Promise.all(throttles.map(({ counter, limit }) => counter.peek(limit)));
  const refused = decisions.find((decision) => !decision.allowed);
  if (refused) return tooManyAttempts(context, refused.resetSeconds);
  const wrongKey = async (message: string) => {
    await Promise.all(throttles.map(({ counter, limit }) => counter.take(limit)));
    return page(message, 400);
  };
  if (apiKey.length > MAX_API_KEY_CHARS || /[\s:]/.test(apiKey))
    return wrongKey("That is not a Freshservice API key. Copy it again from your profile settings.");
  const checked = await checkAgent(env, context.account, { kind: "api_key", apiKey });
  if (!checked.ok) return checked.reason === "busy" ? page(checked.message, 429) : wrongKey(checked.message);
  const approved = await env.OAUTH_GRANT.getByName(grantId).approve(nonce, {
    agent: checked.agent,
    way: "api_key",
    credential: { way: "api_key", api_key: await encryptSecret(apiKey, env.CREDENTIALS_KEY, grantId) },
  });
  return finish(attempt.origin, approved);
}

function tooManyAttempts(context: SignInContext, resetSeconds: number): Promise<Response> {
  return signInPageResponse(
    {
      ...context.view,
      error: `Too many sign-in attempts with a wrong API key. Wait ${resetSeconds} seconds, then try again.`,
    },
    429,
    { "retry-after": String(resetSeconds) },
  );
}

async function startFreshworks(env: Env, attempt: Attempt): Promise<Response> {
  const { context, grantId, nonce, origin } = attempt;
  const client = context.signIn.freshworks;
  if (!client || !context.view.freshworksOrigin)
    return signInPageResponse(
      { ...context.view, error: "This account doesn't allow signing in with Freshworks." },
      400,
    );
  const verifier = mintToken();
  const state = `${grantId}.${mintToken()}`;
  const ok = await env.OAUTH_GRANT.getByName(grantId).awaitUpstream(nonce, { verifier, state });
  if (!ok) return expired();
  const url = freshworksAuthorizeUrl(context.view.freshworksOrigin, client, {
    redirectUri: `${origin}${oauthPaths.freshworksCallback}`,
    state,
    codeChallenge: await s256(verifier),
  });
  return redirect(url);
}

/** Approved or denied: to the client's redirect; null means the sign-in ended meanwhile. */
export async function finish(origin: string, outcome: { redirect: string } | null): Promise<Response> {
  if (!outcome) return expired();
  return redirect(outcome.redirect, { "set-cookie": clearSignInCookie(origin) });
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, {
    status: 303,
    headers: { location, "cache-control": "no-store", "referrer-policy": "no-referrer", ...headers },
  });
}

async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  try {
    return new URLSearchParams(await readBodyText(request, MAX_FORM_BYTES));
  } catch {
    return null;
  }
}
