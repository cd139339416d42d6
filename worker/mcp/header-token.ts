/**
 * `POST /mcp` with the URL's token in `Authorization: Bearer <token>` instead of in the path, for clients that
 * can send a header: the secret then stays out of request logs (Cloudflare's, a proxy's, `wrangler dev`'s).
 * Everything else is the path form's. A URL that demands an API token keeps the path form, where the header
 * carries that second factor (and the token in the path is not enough on its own).
 */
import { bearerToken, WWW_AUTHENTICATE } from "../http/bearer";
import { handleMcp } from "./handler";
import { JSONRPC_SERVER_ERROR, jsonRpcErrorResponse } from "./jsonrpc";

export function handleMcpWithHeaderToken(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> | Response {
  const token = bearerToken(request);
  if (!token)
    return jsonRpcErrorResponse(
      401,
      JSONRPC_SERVER_ERROR,
      "Unauthorized: send the MCP URL's token as Authorization: Bearer <token>, or use the URL /mcp/<token>.",
      { "www-authenticate": WWW_AUTHENTICATE },
    );
  return handleMcp(request, env, ctx, token);
}
