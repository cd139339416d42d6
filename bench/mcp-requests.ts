/** The MCP requests the benchmark measures, by kind and URL scope, and the calls that mint the URLs they go to. */

/** A request that hangs (a Worker that failed to build, a stuck upstream) fails the bench instead of stalling it. */
export const REQUEST_TIMEOUT_MS = 30_000;
export const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
/** An MCP URL's config, as POST /integrated-account/:id/mcp takes it. */
export type UrlConfig = Record<string, unknown>;

/** The URL scopes measured: every tool, read-only, one tag, and discovery's three meta-tools. */
export const SCOPES = {
  full: {},
  "read-only": { methods: ["read"] },
  "one tag": { tags: ["tickets"] },
  discovery: { tool_exposure: "discovery" },
} satisfies Record<string, UrlConfig>;
export type Scope = keyof typeof SCOPES;

export interface RequestKind {
  /** How tables and goals name it, e.g. `tools/list (one tag)`. */
  name: string;
  scope: Scope;
  method: string;
  params?: unknown;
  /** Files under bench/results/ are named by this. */
  slug: string;
}

const TICKET_READ = { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } };

export const REQUEST_KINDS: RequestKind[] = [
  {
    name: "initialize",
    slug: "initialize",
    scope: "full",
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
  },
  { name: "ping", slug: "ping", scope: "full", method: "ping" },
  { name: "tools/list (full)", slug: "tools-list-full", scope: "full", method: "tools/list" },
  { name: "tools/list (read-only)", slug: "tools-list-read-only", scope: "read-only", method: "tools/list" },
  { name: "tools/list (one tag)", slug: "tools-list-one-tag", scope: "one tag", method: "tools/list" },
  { name: "tools/list (discovery)", slug: "tools-list-discovery", scope: "discovery", method: "tools/list" },
  { name: "tools/call (a ticket read)", slug: "tools-call", scope: "full", method: "tools/call", params: TICKET_READ },
  {
    name: "search",
    slug: "search",
    scope: "read-only",
    method: "tools/call",
    params: { name: "search", arguments: { query: "printer" } },
  },
  {
    name: "fetch",
    slug: "fetch",
    scope: "read-only",
    method: "tools/call",
    params: { name: "fetch", arguments: { id: "ticket:58" } },
  },
];

export function rpcBody(method: string, params?: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", id: 1, method, ...(params === undefined ? {} : { params }) });
}

/** One MCP request; throws unless the answer is a JSON-RPC result (and, for a tool call, not a tool error). */
export async function sendKind(url: string, kind: Pick<RequestKind, "method" | "params" | "name">): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: MCP_HEADERS,
    body: rpcBody(kind.method, kind.params),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes('"result"') || text.includes('"isError":true'))
    throw new Error(`${kind.name} did not succeed (${response.status}): ${text.slice(0, 300)}`);
  return text;
}

export type AdminClient = (path: string, body: unknown) => Promise<Response>;

/** An admin client for a Worker whose admin token is `token`. */
export function adminClient(workerUrl: string, token: string): AdminClient {
  return (path, body) =>
    fetch(`${workerUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
}

/** Registers the simulator's company once and mints one MCP URL per config; returns the URLs in order. */
export async function mintUrls(
  admin: AdminClient,
  simulatorUrl: string,
  apiKey: string,
  configs: UrlConfig[],
): Promise<string[]> {
  const account = await admin("/integrated-account", {
    name: "bench",
    domain: "acme.freshservice.com",
    api_key: apiKey,
    base_url: simulatorUrl,
  });
  if (account.status !== 201) throw new Error(`register account: ${account.status} ${await account.text()}`);
  const { id } = (await account.json()) as { id: string };
  const urls: string[] = [];
  for (const config of configs) {
    const server = await admin(`/integrated-account/${id}/mcp`, { name: "bench", config });
    if (server.status !== 201) throw new Error(`mint: ${server.status} ${await server.text()}`);
    urls.push(((await server.json()) as { url: string }).url);
  }
  return urls;
}
