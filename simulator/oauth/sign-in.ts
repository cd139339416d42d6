// Who may sign in on the org's page: an active agent of the client's tenant, by e-mail and the one password
// every seeded agent has. Requesters have no org account (they use the support portal), so they can't.

import type { TenantState } from "../tenant-state";
import type { Agent } from "../types";

/** The password of every agent on the simulator's sign-in page. */
export const SIGN_IN_PASSWORD = "sim-password";

export function signInAgent(state: TenantState, email: string, password: string): Agent | null {
  if (password !== SIGN_IN_PASSWORD) return null;
  const wanted = email.trim().toLowerCase();
  for (const agent of state.agents.values()) if (agent.email.toLowerCase() === wanted && agent.active) return agent;
  return null;
}
