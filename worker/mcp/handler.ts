/**
 * `/mcp/<token>`: the MCP endpoint. Origin check → token → optional API token → capped body → the tools/call
 * lane (streamed, ours) or the protocol lane (the SDK). Refusals say nothing about why a token failed.
 */
import { bearerToken, hasApiToken, WWW_AUTHENTICATE } from "../admin/auth";
import { isJsonContentType, readBodyText } from "../http/read-json-body";
import { HttpError, jsonResponse } from "../http/responses";
import { answerFormat, isAllowedOrigin, isSupportedProtocolVersion } from "./http-rules";
import {
  isToolCallRequest,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_PARSE_ERROR,
  JSONRPC_SERVER_ERROR,
  jsonRpcError,
  jsonRpcErrorResponse,
  toolCallParams,
} from "./jsonrpc";
import { answerWithSdk } from "./protocol-lane";
import { resolveServer } from "./resolve-server";
import type { ToolCallContext } from "./run-tool";
import { answerToolCall } from "./tool-lane";

/** One JSON-RPC message with generous arguments fits easily; larger bodies are refused while being read. */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;

export async function handleMcp(request: Request, env: Env, token: string): Promise<Response> {
  if (!isAllowedOrigin(request, env.ALLOWED_ORIGINS))
    return jsonRpcErrorResponse(403, JSONRPC_SERVER_ERROR, "Forbidden: this Origin may not call the MCP endpoint.");
  if (request.method !== "POST")
    return jsonRpcErrorResponse(
      405,
      JSONRPC_SERVER_ERROR,
      "Method not allowed: this server is stateless and answers POST only.",
      {
        allow: "POST",
      },
    );

  const resolved = await resolveServer(env, token);
  if (!resolved) return jsonRpcErrorResponse(404, JSONRPC_SERVER_ERROR, "Not found.");
  if (resolved.server.config.require_api_token_auth && !(await hasApiToken(request, env)))
    return jsonRpcErrorResponse(
      401,
      JSONRPC_SERVER_ERROR,
      bearerToken(request)
        ? "Unauthorized: the API token is not valid."
        : "Unauthorized: this MCP server requires Authorization: Bearer <API token>.",
      { "www-authenticate": WWW_AUTHENTICATE },
    );

  if (!isJsonContentType(request))
    return jsonRpcErrorResponse(415, JSONRPC_INVALID_REQUEST, "Unsupported Media Type: send application/json.");
  const format = answerFormat(request.headers.get("accept"));
  if (!format)
    return jsonRpcErrorResponse(
      406,
      JSONRPC_INVALID_REQUEST,
      "Not Acceptable: accept both application/json and text/event-stream.",
    );
  if (!isSupportedProtocolVersion(request.headers.get("mcp-protocol-version")))
    return jsonRpcErrorResponse(400, JSONRPC_INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version.");

  let message: unknown;
  try {
    message = JSON.parse(await readBodyText(request, MAX_MCP_BODY_BYTES));
  } catch (error) {
    if (error instanceof HttpError) return jsonRpcErrorResponse(error.status, JSONRPC_INVALID_REQUEST, error.message);
    return jsonRpcErrorResponse(400, JSONRPC_PARSE_ERROR, "Parse error: the body is not valid JSON.");
  }

  const toolContext = async (): Promise<ToolCallContext> => ({
    tools: resolved.toolsByName,
    target: await resolved.target(),
    signal: request.signal,
    log: (fields) =>
      console.log(
        JSON.stringify({ ...fields, mcp_server_id: resolved.server.id, account_id: resolved.server.account_id }),
      ),
  });

  if (isToolCallRequest(message)) {
    const params = toolCallParams(message.params);
    if (typeof params === "string")
      return jsonResponse(jsonRpcError(message.id, JSONRPC_INVALID_PARAMS, `Invalid params: ${params}`));
    return answerToolCall(await toolContext(), message.id, params.name, params.arguments, format);
  }
  return answerWithSdk(request, message, resolved.tools, toolContext, format);
}
