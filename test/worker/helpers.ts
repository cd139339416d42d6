/** Calls into the Worker under test (inside workerd) and small builders for admin and MCP requests. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/index";

export const ADMIN_TOKEN = "test-admin-token";
/** Any host: in the Workers pool every outbound fetch lands in the simulator. */
export const SIMULATOR_ORIGIN = "http://127.0.0.1:8790";
export const ORIGIN = "http://worker.test";

/**
 * One request to the Worker's exported handler, with the same module, bindings and isolate as
 * `exports.default.fetch`, and its own execution context. Not `exports.default.fetch` itself: in this pool version
 * each such call is slower than the one before (a few hundred calls take `/healthz` from 2 ms to over 20 ms), so
 * a file's later tests ran slower than its earlier ones and long loops hit their timeout. Work handed to
 * `waitUntil` goes on after the answer, as it does in production; `settled()` waits for all of it.
 */
export async function dispatch(request: Request, bindings: Env = env): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, bindings, ctx);
  background.push(waitOnExecutionContext(ctx));
  return response;
}

let background: Promise<unknown>[] = [];
/** Waits for every `waitUntil` of the requests dispatched so far (background refreshes, …). */
export async function settled(): Promise<void> {
  const waiting = background;
  background = [];
  await Promise.allSettled(waiting);
}

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return dispatch(new Request(`${ORIGIN}${path}`, init));
}

export function admin(path: string, body?: unknown, method?: string, token = ADMIN_TOKEN): Promise<Response> {
  return call(path, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function createAccount(overrides: Record<string, unknown> = {}) {
  const response = await admin("/integrated-account", {
    name: "Acme",
    domain: "acme.freshservice.com",
    api_key: "sim-api-key",
    base_url: SIMULATOR_ORIGIN,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`account: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

export async function mint(accountId: string, body: Record<string, unknown> = {}) {
  const response = await admin(`/integrated-account/${accountId}/mcp`, { name: "test", config: {}, ...body });
  if (response.status !== 201) throw new Error(`mcp: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; url: string };
}

/** A scoped API token for one MCP server (the second factor of `require_api_token_auth`). */
export async function mintApiToken(accountId: string, mcpId: string, body: Record<string, unknown> = {}) {
  const response = await admin(`/integrated-account/${accountId}/mcp/${mcpId}/api-tokens`, { name: "agent", ...body });
  if (response.status !== 201) throw new Error(`api token: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string };
}

/** What an MCP client sends with every POST. */
export const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** A POST of a raw body to an MCP URL, as a Request: for tests that hand it to the Worker with their own env. */
export function mcpPost(url: string, body: string, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", headers: { ...MCP_HEADERS, ...headers }, body });
}

let nextId = 1;
/** The JSON-RPC text of one request. */
export function rpcBody(method: string, params?: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, ...(params === undefined ? {} : { params }) });
}

export function rpc(url: string, method: string, params?: unknown, headers: Record<string, string> = {}) {
  return dispatch(mcpPost(url, rpcBody(method, params), headers));
}

export async function rpcResult<T = Record<string, unknown>>(url: string, method: string, params?: unknown) {
  const response = await rpc(url, method, params);
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string } };
  return { status: response.status, headers: response.headers, ...body };
}

export async function simulatorRequests(): Promise<{ method: string; path: string; search: string; body: unknown }[]> {
  return (await simulatorControl("requests")).json();
}

/**
 * A call to the simulator's control API (`/_simulator/<path>`). It waits one timer turn first. workerd keeps its
 * connections to the pool's Node side (where the simulator runs) open for reuse, and Node closes a connection
 * idle for 5 s (its keepAliveTimeout); while a test keeps the isolate busy with thousands of dispatched requests
 * (none of which leave workerd), workerd's event loop never polls those sockets, so it doesn't see the close and
 * writes the next request into a dead connection: "Network connection lost" (the 100,000-request soak failed so).
 * A timer turn lets the loop see the close and open a fresh connection.
 */
export async function simulatorControl(path: string, init: RequestInit = {}): Promise<Response> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return fetch(`${SIMULATOR_ORIGIN}/_simulator/${path}`, init);
}

/** The simulator's endpoints a fault hits unless it names its own `match`: the ticket endpoints (a first write also
 * fetches the account's field metadata, which must not fail with them). */
const TICKET_ENDPOINTS = { pathPrefix: "/tickets" };

/** Arms a fault in the simulator (see simulator/README.md); throws when the simulator refuses it. */
export async function injectFault(fault: Record<string, unknown>): Promise<void> {
  const response = await simulatorControl("faults", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ match: TICKET_ENDPOINTS, ...fault }),
  });
  if (!response.ok) throw new Error(`the simulator refused the fault (${response.status}): ${await response.text()}`);
}

/** Clears every armed fault (each file's afterEach, so that no test inherits another's). */
export async function clearFaults(): Promise<void> {
  await simulatorControl("faults", { method: "DELETE" });
}
