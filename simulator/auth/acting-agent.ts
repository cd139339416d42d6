// Runs a route handler as the caller's agent. Handlers (and the models they call) read the acting agent from
// `TenantState.currentAgentId`: replies, notes, activities, `modified_by`, `new_and_my_open` and `/agents/me`
// all use it. Between requests it is the tenant key's agent.

import type { TenantState } from "../tenant-state";

/**
 * `run` must do its work synchronously (every handler does: none awaits), because the swap is undone as soon
 * as it returns: a handler that awaited before writing would write as whoever the tenant acted as by then.
 */
export function actAs<T>(state: TenantState, agentId: number, run: () => T): T {
  const previous = state.currentAgentId;
  state.currentAgentId = agentId;
  try {
    return run();
  } finally {
    state.currentAgentId = previous;
  }
}
