/** The Worker's entry: it only wires routes to their concern. */
import { handleAdmin } from "./admin/router";
import { purgeAuditTrail } from "./audit/purge";
import { isConsolePath, serveConsole } from "./console/serve-console";
import { errorResponse } from "./http/responses";
import { handleMcp } from "./mcp/handler";
import { handleMcpWithHeaderToken } from "./mcp/header-token";
import { handleOAuthMcp } from "./mcp/oauth-access";
import { handleOAuth, isOAuthPath } from "./oauth/oauth-routes";

export { UrlBudget } from "./budget/url-budget";
export { OAuthGrant } from "./oauth/grant";

const MCP_PATH = /^\/mcp\/([^/]+)\/?$/;
/** An OAuth server's endpoint: the URL names the server; the agent's token comes in Authorization. */
const OAUTH_MCP_PATH = /^\/mcp\/oauth\/([^/]+)\/?$/;
/** The same endpoint with the token in Authorization, out of the path (and so out of request logs). */
const MCP_HEADER_PATH = /^\/mcp\/?$/;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      return await route(request, env, ctx);
    } catch (error) {
      // Never the message: it could carry upstream text. The name is enough to find it in the code.
      console.error(
        JSON.stringify({ event: "unhandled_error", error: error instanceof Error ? error.name : "unknown" }),
      );
      return errorResponse(500, "internal_error", "Something went wrong on our side.");
    }
  },
  /** The cron trigger in wrangler.toml: the audit trail's retention purge. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(purgeAuditTrail(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;

function route(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> | Response {
  const { pathname } = new URL(request.url);
  const mcp = MCP_PATH.exec(pathname);
  if (mcp?.[1]) return handleMcp(request, env, ctx, mcp[1]);
  const oauthMcp = OAUTH_MCP_PATH.exec(pathname);
  if (oauthMcp?.[1]) return handleOAuthMcp(request, env, ctx, oauthMcp[1]);
  if (MCP_HEADER_PATH.test(pathname)) return handleMcpWithHeaderToken(request, env, ctx);
  if (pathname === "/integrated-account" || pathname.startsWith("/integrated-account/"))
    return handleAdmin(request, env);
  if (isOAuthPath(pathname)) return handleOAuth(request, env);
  if (isConsolePath(pathname)) return serveConsole(request, env);
  if (pathname === "/healthz") return new Response("ok");
  return errorResponse(404, "not_found", "No such route.");
}
