// Whether an authenticated caller may use the route it matched, decided in one place: a requester's key may
// use none, an OAuth token needs the scope the route lists (and can't call a route that lists none), and an
// agent needs a role granting what the route needs. Refusals are Freshservice's 403 `access_denied` (§1.3, §1.4).

import { ROUTE_SCOPES } from "../oauth/route-scopes";
import type { RolePrivilege } from "../seed/account-config";
import type { TenantState } from "../tenant-state";
import type { Caller } from "./caller";
import { routePrivilege } from "./route-privilege";

export interface Forbidden {
  status: 403;
  body: { code: string; message: string };
}

const denied = (message: string): Forbidden => ({ status: 403, body: { code: "access_denied", message } });

const ACCESS_DENIED = denied("You are not authorized to perform this action.");

/** The union of what the agent's roles grant (an agent without a known role may do nothing). */
export function agentPrivileges(state: TenantState, agentId: number): Set<RolePrivilege> {
  const out = new Set<RolePrivilege>();
  for (const r of state.agents.get(agentId)?.roles ?? []) {
    for (const p of (state.collections.roles.get(r.role_id)?._privileges as RolePrivilege[] | undefined) ?? [])
      out.add(p);
  }
  return out;
}

/** null when allowed; `routeKey` is `METHOD pattern` below /api/v2. */
export function checkAccess(caller: Caller, routeKey: string): Forbidden | null {
  // The v2 API is the agents' API: the docs give requesters no endpoint, so a requester's key reaches none.
  if (caller.agentId === undefined) return ACCESS_DENIED;
  if (caller.credential === "oauth") {
    const scope = ROUTE_SCOPES[routeKey];
    if (!scope) return denied("This API can't be used with an OAuth access token.");
    if (!caller.scopes?.has(scope)) return denied(`The access token doesn't have the scope ${scope}.`);
  }
  // The tenant key keeps its admin's powers whatever that agent's record says, as it always has.
  if (caller.credential === "tenant_key") return null;
  return agentPrivileges(caller.tenant, caller.agentId).has(routePrivilege(routeKey)) ? null : ACCESS_DENIED;
}
