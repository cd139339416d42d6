/**
 * Freshworks org OAuth, the sign-in page's second way: the authorize redirect, the code exchange, and the refresh
 * that keeps an agent's 30-minute access token alive. The agent's Freshworks tokens never leave the Worker, and
 * no token, code, secret or Freshworks body reaches an error message.
 *
 * CONTRACT (skeleton): the grant object calls `refreshFreshworksToken` before a token runs out.
 */
import { type AccountSignIn, accountStore, freshworksSecretContext } from "../store/accounts";
import { decryptSecret } from "../store/crypto";
import { fromBase64, toBase64, utf8Bytes, utf8Text } from "../text/byte-encoding";
import { LOOPBACK_HOSTS, loopbackAllowed } from "../upstream/loopback";

export interface FreshworksTokens {
  access_token: string;
  refresh_token: string;
  /** Epoch ms. */
  expires_at: number;
}

/** Refresh a little before the 30 minutes are up, so a call never starts with a token about to expire. */
export const FRESHWORKS_REFRESH_MARGIN_MS = 5 * 60_000;
/** A token call sits between the agent (or an MCP call) and its answer: well under what either waits. */
const FRESHWORKS_TIMEOUT_MS = 10_000;
/** A token answer is a few KB of JSON. */
const MAX_TOKEN_BODY_BYTES = 64 * 1024;
/** Freshworks documents 30 minutes; used only when an answer leaves `expires_in` out. */
const DEFAULT_EXPIRES_IN_SECONDS = 1800;

export type FreshworksClient = NonNullable<AccountSignIn["freshworks"]>;

/** Freshworks refused the grant (revoked, rotated away, expired): the grant must end. */
export class FreshworksRejected extends Error {}
/** Freshworks couldn't be reached or answered something unusable: try again later, the grant stays. */
export class FreshworksUnavailable extends Error {}

/** The org's origin when it may be reached from here: https, or loopback (the simulator) where that is allowed. */
export function freshworksOrgOrigin(env: Env, orgUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    return null;
  }
  if (url.protocol === "https:" && !LOOPBACK_HOSTS.has(url.hostname)) return url.origin;
  if ((url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname))
    return loopbackAllowed(env) ? url.origin : null;
  return null;
}

/** The org's authorize URL for our own PKCE (S256) and state; `scope` is the account's Freshworks scopes. */
export function freshworksAuthorizeUrl(
  orgOrigin: string,
  client: Pick<FreshworksClient, "client_id" | "scopes">,
  request: { redirectUri: string; state: string; codeChallenge: string },
): string {
  const params = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: request.redirectUri,
    scope: client.scopes.join(" "),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
  });
  return `${orgOrigin}/org/oauth/v2/authorize?${params}`;
}

/** The authorization code → the agent's tokens, at the org's token endpoint with Basic client authentication. */
export async function exchangeFreshworksCode(
  env: Env,
  accountId: string,
  client: FreshworksClient,
  exchange: { code: string; verifier: string; redirectUri: string },
): Promise<FreshworksTokens> {
  return tokenRequest(env, accountId, client, {
    grant_type: "authorization_code",
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    code_verifier: exchange.verifier,
  });
}

/**
 * One refresh at the account's Freshworks org. Throws `FreshworksRejected` when Freshworks refuses the refresh
 * token (the grant must end) and any other error when it could not be reached (the grant stays).
 */
export async function refreshFreshworksToken(
  env: Env,
  accountId: string,
  refreshToken: string,
): Promise<FreshworksTokens> {
  const account = await accountStore(env.STORE, env.CREDENTIALS_KEY).get(accountId);
  const client = account?.sign_in?.freshworks;
  // The account is gone or the operator turned the Freshworks way off: nothing can renew this grant.
  if (!client) throw new FreshworksRejected("the account no longer signs in with Freshworks");
  return tokenRequest(env, accountId, client, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/**
 * The claims of a Freshworks access token. Its signature is not checked: the token came to us straight from the
 * org's token endpoint over TLS, in answer to our own authenticated request, so nobody else could have shaped it.
 * Never use this on a token that arrived any other way.
 */
export function freshworksClaims(accessToken: string): { organisation_domain?: string; user?: string } | null {
  const payload = accessToken.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(utf8Text(fromBase64(payload))) as unknown;
    return claims && typeof claims === "object" ? (claims as { organisation_domain?: string; user?: string }) : null;
  } catch {
    return null;
  }
}

async function tokenRequest(
  env: Env,
  accountId: string,
  client: FreshworksClient,
  params: Record<string, string>,
): Promise<FreshworksTokens> {
  const origin = freshworksOrgOrigin(env, client.org_url);
  if (!origin) throw new FreshworksUnavailable("the account's Freshworks org URL can't be reached from here");
  let secret: string;
  try {
    secret = await decryptSecret(client.client_secret, env.CREDENTIALS_KEY, freshworksSecretContext(accountId));
  } catch {
    throw new FreshworksUnavailable("the stored Freshworks client secret can't be decrypted");
  }
  const signal = AbortSignal.timeout(FRESHWORKS_TIMEOUT_MS);
  let response: Response;
  try {
    // Form-encoded, as RFC 6749 says; Freshworks' token endpoint takes it (it takes JSON too, reports differ).
    response = await fetch(`${origin}/org/oauth/v2/token`, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${toBase64(utf8Bytes(`${client.client_id}:${secret}`))}`,
        "user-agent": "freshservice-mcp-worker",
      },
      body: new URLSearchParams(params),
      redirect: "manual",
      signal,
    });
  } catch {
    throw new FreshworksUnavailable(
      signal.aborted ? "Freshworks didn't answer in time" : "Freshworks can't be reached",
    );
  }
  const body = await readTokenBody(response);
  if (response.status === 400 || response.status === 401 || body?.error === "invalid_grant") {
    throw new FreshworksRejected(`Freshworks refused the ${params.grant_type} (${response.status})`);
  }
  if (response.status !== 200 || !body) throw new FreshworksUnavailable(`Freshworks answered ${response.status}`);
  const { access_token, refresh_token, expires_in } = body;
  if (typeof access_token !== "string" || !access_token || typeof refresh_token !== "string" || !refresh_token)
    throw new FreshworksUnavailable("Freshworks answered without the tokens");
  const seconds =
    typeof expires_in === "number" && expires_in > 0 ? Math.min(expires_in, 86_400) : DEFAULT_EXPIRES_IN_SECONDS;
  return { access_token, refresh_token, expires_at: Date.now() + seconds * 1000 };
}

async function readTokenBody(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const text = await response.text();
    if (text.length > MAX_TOKEN_BODY_BYTES) return null;
    const body = JSON.parse(text) as unknown;
    return body && typeof body === "object" ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
