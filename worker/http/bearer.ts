/** The `Authorization: Bearer <token>` scheme, as the admin API and the MCP endpoint both read and challenge it. */

export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

export const WWW_AUTHENTICATE = 'Bearer realm="freshservice-mcp"';
