// Minting an access token for a grant: a JWT with the claims the reference lists for Freshworks' tokens (`sub`,
// `user`, `organisation_domain`, `scope`, `app_id`) plus issuer, organisation id, issue and expiry times and an id.

import { hashSeed } from "../prng";
import type { TenantState } from "../tenant-state";
import type { Grant } from "./grants";
import { signJwt } from "./jwt";
import type { OrgOAuth } from "./org-oauth";

/**
 * `sub` is the user's Freshworks org id, a numeric id of its own and not the Freshservice agent id (the
 * reference says only "numeric user id"; keeping them apart stops a client from treating one as the other).
 * The agent is the one whose e-mail is in `user`.
 */
const ORG_USER_ID_BASE = 5_000_000_000_000;

export function orgUserId(agentId: number): string {
  return String(ORG_USER_ID_BASE + agentId);
}

export function orgDomain(state: TenantState): string {
  return `${state.name}.myfreshworks.com`;
}

/** The signed token and when it expires (epoch seconds). */
export async function mintAccessToken(
  org: OrgOAuth,
  tenant: TenantState,
  grant: Grant,
  scopes: string[],
): Promise<{ token: string; exp: number }> {
  const now = org.now();
  const issued = org.grants.newAccessToken(grant, scopes, now);
  const email = tenant.agents.get(grant.agentId)?.email ?? "";
  const token = await signJwt(await org.signingKey, {
    iss: `https://${orgDomain(tenant)}`,
    sub: orgUserId(grant.agentId),
    user: email,
    organisation_id: String(hashSeed(tenant.name)),
    organisation_domain: tenant.domain,
    // An array of the granted scopes, as public client code reads it.
    scope: scopes,
    app_id: grant.clientId,
    iat: Math.floor(now / 1000),
    exp: issued.exp,
    jti: issued.jti,
  });
  return { token, exp: issued.exp };
}
