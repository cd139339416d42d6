// The agents who can use the API as themselves, for the CLI and scripts to print: name, e-mail, role and own
// API key of every active agent whose key is on (the README lists the seeded ones).

import type { TenantState } from "../tenant-state";
import { userApiKey } from "./user-keys";

export interface AgentAccess {
  id: number;
  name: string;
  email: string;
  roles: string[];
  apiKey: string;
}

export function agentsWithApiAccess(state: TenantState): AgentAccess[] {
  return [...state.agents.values()]
    .filter((a) => a.active && a.api_key_enabled)
    .map((a) => ({
      id: a.id,
      name: `${a.first_name} ${a.last_name}`.trim(),
      email: a.email,
      roles: a.roles.map((r) => String(state.collections.roles.get(r.role_id)?.name ?? r.role_id)),
      apiKey: userApiKey(state.apiKey, a.id),
    }));
}
