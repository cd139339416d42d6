/**
 * Where minted MCP URLs point. Deployed, always the configured `PUBLIC_ORIGIN`: the request's Host can be
 * passed through by a proxy, and a URL on another host would hand the token to whoever runs that host.
 * Locally (`ENVIRONMENT` = development), the request's own origin when nothing is configured.
 */
import { HttpError } from "../http/responses";

export function publicOrigin(request: Request, env: Env): string {
  const configured = env.PUBLIC_ORIGIN?.trim();
  if (configured) {
    const origin = parseOrigin(configured);
    if (origin) return origin;
  } else if (env.ENVIRONMENT === "development") return new URL(request.url).origin;
  throw new HttpError(
    500,
    "misconfigured",
    "PUBLIC_ORIGIN is not set to an origin (such as https://mcp.example.com) for this environment, so no URL can be minted (nothing was created). Set it in wrangler.toml's vars for this environment and deploy again.",
  );
}

function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin : null;
  } catch {
    return null;
  }
}
