/**
 * Which OAuth MCP server a path names: the KV pointer written at mint (`oauth-server:<mcp_id>` → account), then the
 * server's own record, which must be live (not deleted, not expired) and minted with `"auth": "oauth"`, and its
 * account. Both the OAuth endpoints and the MCP endpoint resolve a server this way.
 */
import { type AccountRecord, accountStore } from "../store/accounts";
import { kvKeys } from "../store/kv-keys";
import { type McpServerRecord, mcpServerStore } from "../store/mcp-servers";
import { MCP_ID_PATTERN } from "./paths";

export interface ResolvedOAuthServer {
  server: McpServerRecord;
  account: AccountRecord;
}

export async function resolveOAuthServer(env: Env, mcpId: string): Promise<ResolvedOAuthServer | null> {
  if (!MCP_ID_PATTERN.test(mcpId)) return null;
  const pointer = await env.STORE.get<{ account_id: string }>(kvKeys.oauthServer(mcpId), "json");
  if (!pointer?.account_id) return null;
  const [server, account] = await Promise.all([
    mcpServerStore(env.STORE).get(pointer.account_id, mcpId),
    accountStore(env.STORE, env.CREDENTIALS_KEY).get(pointer.account_id),
  ]);
  if (!server || !account || server.auth !== "oauth") return null;
  return { server, account };
}
