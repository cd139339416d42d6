// `Authorization: Bearer <access token>` on /api/v2: the token's agent, its scopes and client, or the 401s the
// reference names, `access_token_expired` and `access_token_invalid` (forged, foreign, revoked, or whose agent
// can no longer sign in). A Bearer value that isn't even JWT-shaped is no token at all: `invalid_credentials`,
// as before the simulator knew OAuth.

import type { Caller, Unauthenticated } from "../auth/caller";
import { verifyJwt } from "./jwt";
import type { OrgOAuth } from "./org-oauth";

const INVALID: Unauthenticated = {
  status: 401,
  body: { code: "access_token_invalid", message: "The access token is invalid." },
};
const EXPIRED: Unauthenticated = {
  status: 401,
  body: { code: "access_token_expired", message: "The access token has expired." },
};

// header.payload.signature, each base64url.
const JWT_SHAPE = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i;

/** null when the header carries no JWT-shaped Bearer token (the caller then tries Basic, which refuses it). */
export async function authenticateBearer(
  org: OrgOAuth,
  header: string | null,
): Promise<Caller | Unauthenticated | null> {
  const m = JWT_SHAPE.exec(header ?? "");
  if (!m) return null;
  const claims = await verifyJwt(await org.signingKey, m[1] as string);
  if (!claims || typeof claims.jti !== "string") return INVALID;
  const { state, token, grant } = org.grants.accessTokenState(claims.jti, org.now());
  if (state === "invalid" || !token || !grant) return INVALID;
  if (state === "expired") return EXPIRED;
  const tenant = org.tenant(grant.tenant);
  if (!tenant?.agents.get(grant.agentId)?.active) return INVALID;
  return {
    tenant,
    credential: "oauth",
    agentId: grant.agentId,
    scopes: new Set(token.scopes),
    clientId: grant.clientId,
  };
}
