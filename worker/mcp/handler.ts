/**
 * The MCP endpoint: `/mcp/<token>` (a secret URL) and `/mcp/oauth/<mcp_id>` (an OAuth server, oauth-access.ts).
 * Origin check → access (the URL's token and optional API token, or the server id and the agent's bearer token) →
 * capped body → the protocol lane (the SDK, both eras), which hands admitted tools/calls to the tool lane (streamed,
 * ours); a batch is answered message by message within its caps. Refusals say nothing about why a token failed.
 * Only how the server and its upstream credential are found differs between the two kinds of URL.
 */
import { hostNotAllowed, isAllowedHost } from "../http/allowed-hosts";
import { bearerToken, WWW_AUTHENTICATE } from "../http/bearer";
import { isJsonContentType, readBodyText } from "../http/read-json-body";
import { HttpError } from "../http/responses";
import { type UrlScope, type UrlTools, urlTools } from "../tools/url-tools";
import { hasScopedApiToken } from "./api-token-auth";
import { answerBatch } from "./batch";
import { answerFormat, isAllowedOrigin } from "./http-rules";
import { JSONRPC_INVALID_REQUEST, JSONRPC_PARSE_ERROR, JSONRPC_SERVER_ERROR, jsonRpcErrorResponse } from "./jsonrpc";
import { type AdmittedCall, answerMessage, type ProtocolScope } from "./protocol-lane";
import { resolveServer } from "./resolve-server";
import { answerToolCall, asSseEvent } from "./tool-lane";

/** One JSON-RPC message with generous arguments fits easily; larger bodies are refused while being read. */
export const MAX_MCP_BODY_BYTES = 1024 * 1024;
const TOO_LARGE_HINT =
  "Nothing was run. To attach a file larger than about 750 KB, give it as {name, url} (an https URL the server downloads) instead of content_base64.";

/** What a request that passed its URL's access check may reach, and how that kind of URL shapes the answer. */
export interface GrantedAccess {
  scope: UrlScope;
  /** Answers an admitted tools/call instead of running it (an OAuth grant's step-up), or undefined to run it. */
  screenCall?: (call: AdmittedCall, tools: UrlTools) => Promise<Response | undefined>;
  /** The answer as it leaves (an OAuth server's: never stored, or a 401 once Freshservice refused the agent). */
  finish?: (answer: Response) => Promise<Response>;
  /** Lists a client must not reuse: what an OAuth grant sees changes with its scopes (step-up) and its end. */
  listsStale?: boolean;
}

/** How a kind of URL finds its server and credential: the access granted, or the refusal to answer with. */
export type McpAccess = (request: Request, env: Env, ctx: ExecutionContext) => Promise<GrantedAccess | Response>;

/** `/mcp/<token>`: a secret URL. */
export function handleMcp(request: Request, env: Env, ctx: ExecutionContext, token: string): Promise<Response> {
  return serveMcp(request, env, ctx, secretUrlAccess(token));
}

/** A secret URL's access: its token names the server, whose account's key goes upstream; maybe an API token too. */
function secretUrlAccess(token: string): McpAccess {
  return async (request, env) => {
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
    return { scope: resolved };
  };
}

export async function serveMcp(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  access: McpAccess,
): Promise<Response> {
  if (!isAllowedHost(request, env.ALLOWED_HOSTS))
    return jsonRpcErrorResponse(
      403,
      JSONRPC_SERVER_ERROR,
      `Forbidden: ${hostNotAllowed(request)}. To reach this local Worker through a tunnel (e.g. from ChatGPT), add the tunnel's host name to ALLOWED_HOSTS.`,
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

  const granted = await access(request, env, ctx);
  if (granted instanceof Response) return granted;
  const finish = granted.finish ?? (async (answer: Response) => answer);

  if (!isJsonContentType(request))
    return finish(jsonRpcErrorResponse(415, JSONRPC_INVALID_REQUEST, "Unsupported Media Type: send application/json."));
  const format = answerFormat(request.headers.get("accept"));
  if (!format)
    return finish(
      jsonRpcErrorResponse(
        406,
        JSONRPC_INVALID_REQUEST,
        "Not Acceptable: accept application/json (or text/event-stream).",
      ),
    );

  let message: unknown;
  try {
    message = JSON.parse(await readBodyText(request, MAX_MCP_BODY_BYTES));
  } catch (error) {
    if (error instanceof HttpError)
      return finish(
        jsonRpcErrorResponse(
          error.status,
          JSONRPC_INVALID_REQUEST,
          // The one way a model's call grows this large is a file in base64: say what to do instead.
          error.status === 413 ? `${error.message} ${TOO_LARGE_HINT}` : error.message,
        ),
      );
    return finish(jsonRpcErrorResponse(400, JSONRPC_PARSE_ERROR, "Parse error: the body is not valid JSON."));
  }

  const tools = urlTools(granted.scope, env, ctx, request.signal);
  const screenCall = granted.screenCall;
  const scope: ProtocolScope = {
    listTools: tools.list,
    listedToolBytes: tools.listBytes,
    answerToolCall: async (call) => (await screenCall?.(call, tools)) ?? answerToolCall(tools.call, call),
    listsStale: granted.listsStale,
  };
  const answerOne = (one: unknown) => answerMessage(request, one, scope);
  const answer = Array.isArray(message) ? await answerBatch(request, message, answerOne) : await answerOne(message);
  return finish(format === "sse" ? asSse(answer) : answer);
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
