/** Bearer admin-token check for the admin API, in constant time. MCP URLs never accept this token. */
import { secretsEqual } from "../store/crypto";

export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

export async function hasApiToken(request: Request, env: Env): Promise<boolean> {
  const presented = bearerToken(request);
  // An unset secret must never match an empty or missing token.
  if (!presented || !env.ADMIN_API_TOKEN) return false;
  return secretsEqual(presented, env.ADMIN_API_TOKEN);
}

export const WWW_AUTHENTICATE = 'Bearer realm="freshservice-mcp"';
