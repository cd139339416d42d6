import { encryptSecret } from "../store/crypto";
import { checkAgent } from "./agent-check";
import { exchangeFreshworksCode, FreshworksRejected, freshworksClaims } from "./freshworks";
import { oauthPaths } from "./paths";
import { resumeSignIn, signInOrigin } from "./resume-sign-in";
import { expired, signInErrorResponse, signInPageResponse } from "./sign-in-page";
import { finish } from "./sign-in-post";

/** Our state is `<grant_id>.<random>`: far shorter than this. */
const MAX_STATE_CHARS = 300;

export async function handleFreshworksCallback(request: Request, env: Env): Promise<Response> {
  if (request.method !== "GET")
    return signInErrorResponse(405, "Sign-in refused", "Freshworks sends the browser back here with GET.");
  const origin = await signInOrigin(request, env);
  if (origin instanceof Response) return origin;
  const params = new URL(request.url).searchParams;
  const state = params.get("state") ?? "";
  const grantId = state.length <= MAX_STATE_CHARS ? state.slice(0, Math.max(0, state.indexOf("."))) : "";
  const resumed = await resumeSignIn(request, env, origin, grantId);
  if (resumed instanceof Response) return resumed;
  const { grant, nonce, context } = resumed;
  const upstream = await grant.takeUpstream(nonce, state);
  if (!upstream) return expired();
  const page = (error: string, status: number) => signInPageResponse({ ...context.view, error }, status);
  // The agent said no at Freshworks (or Freshworks refused): the client hears access_denied, as with our Deny.
  if (params.has("error")) return finish(origin, await grant.deny(nonce));
  const code = params.get("code");
  const client = context.signIn.freshworks;
  if (!code || !client) return page("Freshworks sent you back without a sign-in. Try again.", 400);
  let tokens: Awaited<ReturnType<typeof exchangeFreshworksCode>>;
  try {
    tokens = await exchangeFreshworksCode(env, context.account.id, client, {
      code,
      verifier: upstream.verifier,
      redirectUri: `${origin}${oauthPaths.freshworksCallback}`,
    });
  } catch (error) {
    const message =
      error instanceof FreshworksRejected
        ? "Freshworks didn't accept the sign-in (it expired or was already used). Try again."
        : "Freshworks couldn't be reached to finish the sign-in. Try again shortly.";
    console.warn(JSON.stringify({ event: "freshworks_exchange_failed", error: (error as Error).name }));
    return page(message, 502);
  }
  const claims = freshworksClaims(tokens.access_token);
  const domain = claims?.organisation_domain;
  if (typeof domain !== "string" || domain.toLowerCase() !== context.account.domain.toLowerCase())
    return page(
      `You signed in to Freshworks for ${typeof domain === "string" ? domain : "another account"}, but this server is for ${context.account.domain}. Sign in with an account of ${context.account.domain}.`,
      403,
    );
  const email = typeof claims?.user === "string" ? claims.user : undefined;
  const checked = await checkAgent(env, context.account, { kind: "bearer", accessToken: tokens.access_token }, email);
  if (!checked.ok) return page(checked.message, checked.reason === "busy" ? 429 : 403);
  const approved = await grant.approve(nonce, {
    agent: checked.agent,
    way: "freshworks",
    credential: {
      way: "freshworks",
      access_token: await encryptSecret(tokens.access_token, env.CREDENTIALS_KEY, grantId),
      refresh_token: await encryptSecret(tokens.refresh_token, env.CREDENTIALS_KEY, grantId),
      expires_at: tokens.expires_at,
    },
  });
  return finish(origin, approved);
}
