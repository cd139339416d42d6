// Resolving the Authorization header to a Caller: the tenant's key (its admin, exactly as before per-user keys
// existed), a user's own key, or a refusal. Keys of agents whose API key is off, of deactivated agents and of
// unknown users are refused alike, as a wrong key is: 401 `invalid_credentials`.

import type { TenantState } from "../tenant-state";
import { basicUsername } from "./basic-auth";
import { type Caller, INVALID_CREDENTIALS, type Unauthenticated } from "./caller";
import { parseUserApiKey } from "./user-keys";

export function authenticateBasic(
  header: string | null,
  findTenant: (tenantKey: string) => TenantState | undefined,
): Caller | Unauthenticated {
  const key = basicUsername(header);
  if (key === null) return INVALID_CREDENTIALS;
  const tenant = findTenant(key);
  // The tenant key is the API agent's and works whatever happens to that agent's record.
  if (tenant) return { tenant, credential: "tenant_key", agentId: tenant.currentAgentId };
  const parsed = parseUserApiKey(key);
  const owner = parsed ? findTenant(parsed.tenantKey) : undefined;
  if (!parsed || !owner) return INVALID_CREDENTIALS;
  const agent = owner.agents.get(parsed.userId);
  if (agent) {
    if (!agent.active || !agent.api_key_enabled) return INVALID_CREDENTIALS;
    return { tenant: owner, credential: "api_key", agentId: agent.id };
  }
  const requester = owner.requesters.get(parsed.userId);
  // A requester's key is a valid login (the support portal shows requesters their key too); what it may do is
  // decided with the route, like any other permission.
  if (requester?.active) return { tenant: owner, credential: "api_key", requesterId: requester.id };
  return INVALID_CREDENTIALS;
}
