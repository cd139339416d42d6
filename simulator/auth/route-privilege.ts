// What a route needs from the caller's role: `read` for every GET (and the POSTs that only search), `admin` for
// the admin APIs (§1.4: "an agent attempting to access admin APIs" gets `access_denied`), `write` otherwise.

import type { RolePrivilege } from "../seed/account-config";

/** Admin APIs among the routes served: managing agents, making agents, workspaces and the audit-log export. */
const ADMIN_ROUTES: ReadonlySet<string> = new Set([
  "POST /agents",
  "PUT /agents/:id",
  "DELETE /agents/:id",
  "DELETE /agents/:id/forget",
  "PUT /agents/:id/reactivate",
  "PUT /agents/:id/convert_to_requester",
  "PUT /requesters/:id/convert_to_agent",
  "POST /workspace",
  "PUT /workspaces/:id",
  "DELETE /workspaces/:id",
  "POST /audit_log/export",
]);

/** POSTs that change nothing: a JSON filter sent as a body. */
const READ_ONLY_POSTS: ReadonlySet<string> = new Set(["POST /journeys/requests/view"]);

/** `routeKey` is `METHOD pattern` with the pattern below /api/v2, e.g. `PUT /tickets/:id`. */
export function routePrivilege(routeKey: string): RolePrivilege {
  if (ADMIN_ROUTES.has(routeKey)) return "admin";
  if (routeKey.startsWith("GET ") || READ_ONLY_POSTS.has(routeKey)) return "read";
  return "write";
}
