// The control API's OAuth part (not Freshworks; no auth): register, list and remove clients, list grants and
// revoke one (as an agent disconnecting the app in their Freshworks profile would).

import { jsonResponse } from "../http";
import { formatTimestamp } from "../time";
import { publicClient } from "./clients";
import type { Grant } from "./grants";
import type { OrgOAuth } from "./org-oauth";

export const OAUTH_CONTROL_PREFIX = "/_simulator/oauth-";

export function grantJson(g: Grant) {
  return {
    id: g.id,
    client_id: g.clientId,
    tenant: g.tenant,
    agent_id: g.agentId,
    scopes: g.scopes,
    created_at: formatTimestamp(g.createdAt),
    revoked_at: g.revokedAt === null ? null : formatTimestamp(g.revokedAt),
    refreshes: g.refreshes,
  };
}

/** Answers `/_simulator/oauth-clients[/:id]` and `/_simulator/oauth-grants[/:id]`; null for any other path. */
export async function handleOAuthControl(request: Request, path: string, org: OrgOAuth): Promise<Response | null> {
  const method = request.method.toUpperCase();
  const [, , collection, id, extra] = path.split("/");
  if (extra !== undefined || (collection !== "oauth-clients" && collection !== "oauth-grants")) return null;
  const key = id === undefined ? collection : `${collection}/:id`;
  switch (`${method} ${key}`) {
    case "GET oauth-clients":
      return jsonResponse(200, [...org.clients.values()].map(publicClient));
    case "POST oauth-clients": {
      let input: unknown;
      try {
        input = JSON.parse(await request.text());
      } catch {
        return jsonResponse(400, { code: "invalid_json", message: "The body must be a JSON client registration" });
      }
      const result = org.register(input);
      if ("problems" in result)
        return jsonResponse(400, { code: "invalid_value", message: result.problems.join("; ") });
      // The secret is shown here, once, as the developer portal does.
      return jsonResponse(result.replaced ? 200 : 201, result.client);
    }
    case "DELETE oauth-clients/:id":
      return org.unregister(decodeURIComponent(id as string))
        ? jsonResponse(204, undefined)
        : jsonResponse(404, { code: "not_found", message: "No such OAuth client" });
    case "GET oauth-grants":
      return jsonResponse(200, org.grants.list().map(grantJson));
    case "DELETE oauth-grants/:id":
      return org.grants.revoke(decodeURIComponent(id as string), org.now())
        ? jsonResponse(204, undefined)
        : jsonResponse(404, { code: "not_found", message: "No such live grant" });
    default:
      return jsonResponse(405, { code: "method_not_allowed", message: `${method} is not supported on ${path}` });
  }
}
