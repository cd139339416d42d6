/**
 * Trust boundary: the second factor of an MCP URL with `require_api_token_auth`. Only a live scoped API token
 * minted for this very server is accepted; the admin token is not (it administers every account, and is never
 * what an MCP client holds).
 */
import { bearerToken } from "../http/bearer";
import { apiTokenStore } from "../store/api-tokens";
import type { McpServerRecord } from "../store/mcp-servers";

/** A base64url token of 32 bytes is 43 characters; anything far from that is not ours (and is not hashed). */
const API_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

export async function hasScopedApiToken(request: Request, env: Env, server: McpServerRecord): Promise<boolean> {
  const presented = bearerToken(request);
  if (!presented || !API_TOKEN_PATTERN.test(presented)) return false;
  return apiTokenStore(env.STORE).admits(presented, server.account_id, server.id);
}
