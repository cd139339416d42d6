/** Bearer admin-token check for the admin API, in constant time. MCP URLs never accept this token. */
import { bearerToken } from "../http/bearer";
import { secretsEqual } from "../store/crypto";

export async function hasApiToken(request: Request, env: Env): Promise<boolean> {
  const presented = bearerToken(request);
  // An unset secret must never match an empty or missing token.
  if (!presented || !env.ADMIN_API_TOKEN) return false;
  return secretsEqual(presented, env.ADMIN_API_TOKEN);
}
