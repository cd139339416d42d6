/**
 * The protocol lane: every single MCP message goes through the official SDK (`@modelcontextprotocol/server`),
 * which serves both protocol eras on one URL, stateless: the 2026-07-28 revision (server/discover, the
 * per-request `_meta` envelope, `Mcp-Method`/`Mcp-Name` checked against the body, cache hints) and the 2025
 * handshake revisions. The SDK answers everything itself except a tools/call it has admitted (every header,
 * envelope and params check passed): that one is handed to the tool lane, which streams Freshservice's answer,
 * and the SDK's placeholder answer is dropped unread.
 */
import {
  type CacheHint,
  createMcpHandler,
  isLegacyRequest,
  preloadSchemas,
  ResourceNotFoundError,
  Server,
  type ServerOptions,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import type { ListedTool } from "../catalog/build-tools";
import { describeTool } from "../tools/tool-list-cache";
import { WorkerJsonSchemaValidator } from "./json-schema-validator";
import type { JsonRpcId } from "./jsonrpc";

// The SDK's wire schemas are built lazily; at module scope they are built while the isolate starts rather than
// in its first request. The SDK's own workerd shims did this; sdk-shims.ts stands in for them.
preloadSchemas();

export const SERVER_INFO = { name: "freshservice-mcp", version: "0.1.0" };

const INSTRUCTIONS =
  "Tools for one company's Freshservice (IT service management): tickets, knowledge base, assets, onboarding and more. " +
  "Ids are numbers; assets are addressed by display_id. List tools page with limit/next_cursor. " +
  "Freshservice limits calls per minute for the whole company: prefer filters over paging through everything, " +
  "and when a tool reports a rate limit, wait the seconds it gives before calling again.";

/**
 * 2026-07-28 clients may reuse a list this long. Private: the list belongs to one URL's token. Five minutes
 * bounds how long a client keeps showing tools after an operator narrows a URL's filters.
 */
const LIST_CACHE_HINT: CacheHint = { ttlMs: 5 * 60 * 1000, cacheScope: "private" };

export type ProtocolEra = "legacy" | "modern";

/** A tools/call the SDK has checked and admitted, for the tool lane to run. */
export interface AdmittedCall {
  id: JsonRpcId;
  name: string;
  arguments: Record<string, unknown>;
  era: ProtocolEra;
}

export interface ProtocolScope {
  listTools: () => Promise<ListedTool[]>;
  /**
   * The same list as the `tools` array tools/list writes, already serialized (tool-list-cache.ts). Without it the
   * SDK serializes listTools' answer itself: tests compare the two answers byte for byte.
   */
  listedToolBytes?: () => Promise<Uint8Array>;
  /** Runs an admitted tools/call and answers it (JSON, streamed). */
  answerToolCall: (call: AdmittedCall) => Promise<Response>;
  /** Lists are answered as immediately stale (`ttlMs: 0`), so a 2026-07-28 client asks again rather than reuse one. */
  listsStale?: boolean;
}

interface Exchange extends Pick<ProtocolScope, "listTools" | "listedToolBytes" | "listsStale"> {
  admit: (name: string, args: Record<string, unknown>) => void;
  /** The serialized list a tools/list handler took, to be put in the SDK's answer in place of its empty one. */
  listed?: Uint8Array;
}

// The SDK hands the factory the request it serves: that is how a per-isolate handler finds this request's tools.
const exchanges = new WeakMap<Request, Exchange>();

const modern = createMcpHandler(
  ({ requestInfo }) => {
    const exchange = requestInfo && exchanges.get(requestInfo);
    if (!exchange) throw new Error("no exchange for this request");
    return createServer(exchange, "modern");
  },
  { legacy: "reject" },
);

/** The answer to one JSON-RPC message (never a batch), as JSON; the caller frames it as SSE if asked to. */
export async function answerMessage(request: Request, message: unknown, scope: ProtocolScope): Promise<Response> {
  const era: ProtocolEra = (await isLegacyRequest(request, message)) ? "legacy" : "modern";
  let admitted: AdmittedCall | undefined;
  let onAdmitted = () => {};
  const admission = new Promise<void>((resolve) => {
    onAdmitted = resolve;
  });
  const exchange: Exchange = {
    listsStale: scope.listsStale,
    listTools: scope.listTools,
    listedToolBytes: scope.listedToolBytes,
    admit(name, args) {
      admitted = { id: (message as { id: JsonRpcId }).id, name, arguments: args, era };
      onAdmitted();
    },
  };
  const sdkAnswer =
    era === "modern" ? serveModern(request, message, exchange) : serveLegacy(request, message, exchange);
  // The SDK answers a tools/call only once its handler has returned, so an admission always comes first.
  await Promise.race([admission, sdkAnswer]);
  if (!admitted) {
    const answer = await sdkAnswer;
    if (!exchange.listed) return answer;
    const spliced = await withListedTools(answer, exchange.listed);
    if (spliced) return spliced;
    // The SDK wrote its answer another way: the list is serialized by the SDK itself instead (slower, never empty).
    const bySdk: Exchange = { listTools: scope.listTools, admit: exchange.admit };
    return era === "modern" ? serveModern(request, message, bySdk) : serveLegacy(request, message, bySdk);
  }
  void sdkAnswer.then((placeholder) => placeholder.body?.cancel()).catch(() => {});
  return scope.answerToolCall(admitted);
}

function serveModern(request: Request, message: unknown, exchange: Exchange): Promise<Response> {
  exchanges.set(request, exchange);
  return modern.fetch(request, { parsedBody: message });
}

/** 2025-era requests: one stateless server and transport per request, JSON answers. */
async function serveLegacy(request: Request, message: unknown, exchange: Exchange): Promise<Response> {
  const server = createServer(exchange, "legacy");
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  // Nothing to close: in JSON mode the exchange holds no timer or stream once answered (closing costs an error
  // object per request).
  return transport.handleRequest(acceptingBoth(request), { parsedBody: message });
}

/**
 * The SDK's 2025 transport insists on an Accept listing both JSON and SSE; the endpoint has already chosen the
 * format from the client's own Accept (http-rules.ts), so the transport is shown one it accepts. Most clients
 * send one it accepts already, and copying a request costs more than the rest of this lane's own work.
 */
function acceptingBoth(request: Request): Request {
  if (transportAccepts(request.headers.get("accept"))) return request;
  const headers = new Headers(request.headers);
  headers.set("accept", "application/json, text/event-stream");
  return new Request(request.url, { method: request.method, headers, signal: request.signal });
}

/** The transport's own test of an Accept header (a substring test, not media-type parsing: the SDK's, mirrored). */
function transportAccepts(accept: string | null): boolean {
  return accept?.includes("application/json") === true && accept.includes("text/event-stream");
}

function createServer(exchange: Exchange, era: ProtocolEra): Server {
  const server = new Server(SERVER_INFO, (exchange.listsStale ? STALE_LIST_OPTIONS : SERVER_OPTIONS)[era]);
  server.setRequestHandler("tools/list", async () => {
    if (!exchange.listedToolBytes) return { tools: (await exchange.listTools()).map(describeTool) };
    exchange.listed = await exchange.listedToolBytes();
    return { tools: [] };
  });
  server.setRequestHandler("tools/call", ({ params }) => {
    exchange.admit(params.name, params.arguments ?? {});
    return { content: [] };
  });
  if (era === "modern") {
    server.setRequestHandler("prompts/list", () => ({ prompts: [] }));
    server.setRequestHandler("resources/list", () => ({ resources: [] }));
    server.setRequestHandler("resources/templates/list", () => ({ resourceTemplates: [] }));
    server.setRequestHandler("resources/read", ({ params }) => {
      throw new ResourceNotFoundError(params.uri);
    });
  }
  return server;
}

/**
 * The SDK's answer to a tools/list whose handler gave it an empty list, with the serialized list put in its place.
 * The SDK writes the result first and `tools` first in it, in both eras, and changes a listed tool only for fields
 * describeTool never sets (outputSchema, execution): so this is the answer it would have written for the whole
 * list, without stringifying it again. Any other answer is logged and null: the caller has the SDK serialize the
 * list itself rather than answer an empty one.
 *
 * The parts are written to one of the runtime's own streams, which sends them without copying them into the
 * isolate again: joining them into one buffer, or pulling them through a JavaScript stream, cost the isolate
 * 1–4 ms of CPU per full list (466 KB); this costs about 0.2 ms (`npm run bench`, BENCHMARKS.md).
 */
export async function withListedTools(answer: Response, listed: Uint8Array): Promise<Response | null> {
  const text = await answer.text();
  if (!text.startsWith(EMPTY_LIST_ANSWER)) {
    // A change in the SDK's serialization must be seen in the log, not answered as an empty list.
    console.error(JSON.stringify({ event: "tools_list_splice_missed", status: answer.status, bytes: text.length }));
    return null;
  }
  const parts = [LIST_ANSWER_HEAD_BYTES, listed, utf8.encode(text.slice(EMPTY_LIST_ANSWER.length))];
  const length = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const { readable, writable } = new FixedLengthStream(length);
  const writer = writable.getWriter();
  // Not awaited: each write settles once the client has read it. A client that went away fails them; nothing waits.
  for (const part of parts) writer.write(part).catch(() => {});
  writer.close().catch(() => {});
  const headers = new Headers(answer.headers);
  headers.set("content-length", String(length));
  return new Response(readable, { status: answer.status, headers });
}

const LIST_ANSWER_HEAD = '{"result":{"tools":';
const EMPTY_LIST_ANSWER = `${LIST_ANSWER_HEAD}[]`;
const utf8 = new TextEncoder();
const LIST_ANSWER_HEAD_BYTES = utf8.encode(LIST_ANSWER_HEAD);

/**
 * A 2026-07-28 client learns what is cacheable from the list results themselves, so the empty prompt and
 * resource lists are served, with their cache hints, rather than refused. The 2025 handshake stays as it was.
 */
const NO_PROMPTS_OR_RESOURCES = { prompts: { listChanged: false }, resources: { listChanged: false } };
const CACHEABLE = [
  "tools/list",
  "prompts/list",
  "resources/list",
  "resources/templates/list",
  "server/discover",
] as const;

/**
 * The same for every request, so built once per isolate rather than per request (the validator keeps no state);
 * frozen, so that no request could change what the next one is served with.
 */
const SERVER_OPTIONS = serverOptions(LIST_CACHE_HINT);
/** An OAuth grant's lists: a step-up adds write tools to what the same client may list next. */
const STALE_LIST_OPTIONS = serverOptions({ ttlMs: 0, cacheScope: "private" });

function serverOptions(listHint: CacheHint): Record<ProtocolEra, ServerOptions> {
  const shared = {
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: new WorkerJsonSchemaValidator(),
    cacheHints: deepFreeze(Object.fromEntries(CACHEABLE.map((method) => [method, listHint]))),
  };
  const tools = { listChanged: false };
  return {
    legacy: Object.freeze({ ...shared, capabilities: deepFreeze({ tools }) }),
    modern: Object.freeze({ ...shared, capabilities: deepFreeze({ tools, ...NO_PROMPTS_OR_RESOURCES }) }),
  };
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === "object") deepFreeze(inner);
  return Object.freeze(value);
}
