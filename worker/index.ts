/** The Worker's entry: it only wires routes to their concern. */
import { handleAdmin } from "./admin/router";
import { errorResponse } from "./http/responses";
import { handleMcp } from "./mcp/handler";

const MCP_PATH = /^\/mcp\/([^/]+)\/?$/;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    const mcp = MCP_PATH.exec(pathname);
    if (mcp?.[1]) return handleMcp(request, env, mcp[1]);
    if (pathname === "/integrated-account" || pathname.startsWith("/integrated-account/"))
      return handleAdmin(request, env);
    if (pathname === "/healthz") return new Response("ok");
    return errorResponse(404, "not_found", "No such route.");
  },
} satisfies ExportedHandler<Env>;
