/**
 * `/mcp/<token>`: the MCP endpoint. Origin check → token → optional API token → capped body → the protocol lane
 * (the SDK, both eras), which hands admitted tools/calls to the tool lane (streamed, ours); a batch is answered
 * message by message within its caps. Refusals say nothing about why a token failed.
 */
import { bearerToken, WWW_AUTHENTICATE } from "../admin/auth";
import { recordCall } from "../audit/record-call";
import { metadataReadBudget } from "../budget/metadata-budget";
import { urlBudget } from "../budget/url-budget";
import { isJsonContentType, readBodyText } from "../http/read-json-body";
import { HttpError } from "../http/responses";
import { fieldCache, requestFieldCache } from "../store/field-cache";
import { metadataBackoff } from "../store/metadata-backoff";
import { DEFAULT_UPSTREAM_TIMEOUT_MS } from "../upstream/fetch-freshservice";
import { accountTools } from "./account-tools";
import { hasScopedApiToken } from "./api-token-auth";
import { answerBatch } from "./batch";
import { answerFormat, isAllowedHost, isAllowedOrigin } from "./http-rules";
import { JSONRPC_INVALID_REQUEST, JSONRPC_PARSE_ERROR, JSONRPC_SERVER_ERROR, jsonRpcErrorResponse } from "./jsonrpc";
import { answerMessage, type ProtocolScope } from "./protocol-lane";
import { resolveServer } from "./resolve-server";
import type { ToolCallContext } from "./run-tool";
import { answerToolCall, asSseEvent } from "./tool-lane";

declare global {
  interface Env {
    /** Optional var: milliseconds a Freshservice call may take, head and body (default 25 s). */
    UPSTREAM_TIMEOUT_MS?: string;
  }
}

/** One JSON-RPC message with generous arguments fits easily; larger bodies are refused while being read. */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;

export async function handleMcp(request: Request, env: Env, ctx: ExecutionContext, token: string): Promise<Response> {
  if (!isAllowedHost(request, env.ALLOWED_HOSTS))
    return jsonRpcErrorResponse(
      403,
      JSONRPC_SERVER_ERROR,
      `Forbidden: the Host ${new URL(request.url).hostname} is not in ALLOWED_HOSTS (this is the Host header, not the Origin). To reach this local Worker through a tunnel (e.g. from ChatGPT), add the tunnel's host name to ALLOWED_HOSTS.`,
    );
  if (!isAllowedOrigin(request, env.ALLOWED_ORIGINS, env.ALLOWED_HOSTS))
    return jsonRpcErrorResponse(
      403,
      JSONRPC_SERVER_ERROR,
      "Forbidden: this Origin may not call the MCP endpoint (browser origins must be in ALLOWED_ORIGINS).",
    );
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
  if (resolved.server.config.require_api_token_auth && !(await hasScopedApiToken(request, env, resolved.server)))
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
      "Not Acceptable: accept application/json (or text/event-stream).",
    );

  let message: unknown;
  try {
    message = JSON.parse(await readBodyText(request, MAX_MCP_BODY_BYTES));
  } catch (error) {
    if (error instanceof HttpError) return jsonRpcErrorResponse(error.status, JSONRPC_INVALID_REQUEST, error.message);
    return jsonRpcErrorResponse(400, JSONRPC_PARSE_ERROR, "Parse error: the body is not valid JSON.");
  }

  const tools = accountTools(resolved, {
    cache: requestFieldCache(fieldCache(env.STORE)),
    backoff: metadataBackoff(env.STORE),
    takeRead: metadataReadBudget(resolved.server.account_id),
    target: resolved.target,
    waitUntil: (promise) => ctx.waitUntil(promise),
  });
  const toolContext: ToolCallContext = {
    takeBudget: urlBudget(env, resolved.server.id, resolved.server.config.max_requests_per_minute),
    findTool: tools.find,
    findLocalTool: tools.findLocal,
    fitTool: tools.fit,
    target: resolved.target,
    signal: request.signal,
    timeoutMs: upstreamTimeoutMs(env.UPSTREAM_TIMEOUT_MS),
    maxResultBytes: resolved.server.config.max_result_bytes,
    workspaceId: resolved.server.config.workspace_id,
    logArguments: resolved.server.config.log_arguments,
    log: (entry) => ctx.waitUntil(recordCall(env.AUDIT_DB, resolved.server, entry)),
  };
  const scope: ProtocolScope = {
    listTools: tools.list,
    listedToolBytes: tools.listBytes,
    answerToolCall: (call) => answerToolCall(toolContext, call),
  };
  const answerOne = (one: unknown) => answerMessage(request, one, scope);
  const answer = Array.isArray(message) ? await answerBatch(request, message, answerOne) : await answerOne(message);
  return format === "sse" ? asSse(answer) : answer;
}

/** A JSON answer as one SSE event, for clients that rank SSE first; refusals stay plain JSON with their status. */
function asSse(answer: Response): Response {
  if (answer.status !== 200 || !answer.body || !answer.headers.get("content-type")?.startsWith("application/json"))
    return answer;
  const headers = new Headers(answer.headers);
  // The event framing makes the body longer than the JSON answer's length.
  headers.delete("content-length");
  headers.set("content-type", "text/event-stream");
  headers.set("cache-control", "no-cache");
  return new Response(asSseEvent(answer.body), { status: 200, headers });
}

/** Longest accepted value: past a minute, MCP clients have given up on the call anyway. */
const MAX_UPSTREAM_TIMEOUT_MS = 60_000;

/** `UPSTREAM_TIMEOUT_MS` when it is a whole number of milliseconds from 1 to 60 000, else the default. */
export function upstreamTimeoutMs(value: string | undefined): number {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return DEFAULT_UPSTREAM_TIMEOUT_MS;
  const ms = Number(value);
  return ms >= 1 && ms <= MAX_UPSTREAM_TIMEOUT_MS ? ms : DEFAULT_UPSTREAM_TIMEOUT_MS;
}
