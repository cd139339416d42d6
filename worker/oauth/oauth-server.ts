/**
 * Which OAuth MCP server a path names: the KV pointer written at mint (`oauth-server:<mcp_id>` → account), then the
 * server's own record, which must be live (not deleted, not expired) and minted with `"auth": "oauth"`, and its
 * account (read in the same KV call). Both the OAuth endpoints and the MCP endpoint resolve a server this way.
 */
import type { AccountRecord } from "../store/accounts";
import { type McpServerRecord, mcpServerStore } from "../store/mcp-servers";
import { MCP_ID_PATTERN } from "./paths";

export interface ResolvedOAuthServer {
  server: McpServerRecord;
  account: AccountRecord;
}

export async function resolveOAuthServer(env: Env, mcpId: string): Promise<ResolvedOAuthServer | null> {
  if (!MCP_ID_PATTERN.test(mcpId)) return null;
  const found = await mcpServerStore(env.STORE).resolveOAuth(mcpId);
  return found?.account ? { server: found.server, account: found.account } : null;
}
