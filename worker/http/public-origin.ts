/**
 * Where minted MCP URLs point. Deployed, always the configured `PUBLIC_ORIGIN`: the request's Host can be
 * passed through by a proxy, and a URL on another host would hand the token to whoever runs that host.
 * Locally (`ENVIRONMENT` = development), the request's own origin when nothing is configured, if its Host passes
 * the MCP endpoint's own rule (`ALLOWED_HOSTS`).
 */
import { hostNotAllowed, isAllowedHost } from "./allowed-hosts";
import { HttpError } from "./responses";

export function publicOrigin(request: Request, env: Env): string {
  const configured = env.PUBLIC_ORIGIN?.trim();
  if (configured) {
    const origin = parseOrigin(configured);
    if (origin) return origin;
  } else if (env.ENVIRONMENT === "development") {
    // A URL on a Host the MCP endpoint would refuse is useless at best; at worst it hands the token to that host.
    if (!isAllowedHost(request, env.ALLOWED_HOSTS))
      throw new HttpError(
        403,
        "host_not_allowed",
        `Refused: ${hostNotAllowed(request)}, so no URL can be minted on it (nothing was created). Call the admin API on a listed host, add this one to ALLOWED_HOSTS (in .dev.vars, e.g. for a tunnel), or set PUBLIC_ORIGIN.`,
      );
    return new URL(request.url).origin;
  }
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
