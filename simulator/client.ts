// A minimal authenticated client for driving a simulator (in-process or over HTTP) from tests and scripts.

import { DEFAULT_API_KEY } from "./simulator";

// biome-ignore lint/suspicious/noExplicitAny: tests assert on response bodies loosely; callers may pass a real type.
type LooseJson = any;

export interface SimulatorReply<T = LooseJson> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body; the raw text when it is not JSON. */
  body: T;
  text: string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean>;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
  apiKey?: string | null;
}

export interface SimulatorClient {
  request<T = LooseJson>(method: string, path: string, options?: RequestOptions): Promise<SimulatorReply<T>>;
  get<T = LooseJson>(
    path: string,
    query?: RequestOptions["query"],
    options?: RequestOptions,
  ): Promise<SimulatorReply<T>>;
  post<T = LooseJson>(path: string, body?: unknown, options?: RequestOptions): Promise<SimulatorReply<T>>;
  put<T = LooseJson>(path: string, body?: unknown, options?: RequestOptions): Promise<SimulatorReply<T>>;
  delete<T = LooseJson>(path: string, options?: RequestOptions): Promise<SimulatorReply<T>>;
}

export function basicAuth(apiKey: string): string {
  return `Basic ${btoa(`${apiKey}:X`)}`;
}

/**
 * `fetcher` is `sim.handle` for in-process use or `fetch` for a running server; `origin` is the base URL
 * (`http://127.0.0.1:8790`). Paths are relative to /api/v2 unless they start with `/_simulator`.
 */
export function simulatorClient(
  fetcher: (request: Request) => Promise<Response>,
  origin = "http://simulator.test",
  defaultApiKey: string = DEFAULT_API_KEY,
): SimulatorClient {
  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<SimulatorReply<T>> {
    const prefix = path.startsWith("/_simulator") || path.startsWith("/api/") ? "" : "/api/v2";
    const url = new URL(`${origin}${prefix}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const headers = new Headers(options.headers);
    const apiKey = options.apiKey === undefined ? defaultApiKey : options.apiKey;
    if (apiKey !== null && !headers.has("authorization")) headers.set("authorization", basicAuth(apiKey));
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const response = await fetcher(new Request(url, { method, headers, body }));
    const text = await response.text();
    let parsed: unknown = null;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }
  return {
    request,
    get: (path, query, options) => request("GET", path, { ...options, query }),
    post: (path, body, options) => request("POST", path, { ...options, body }),
    put: (path, body, options) => request("PUT", path, { ...options, body }),
    delete: (path, options) => request("DELETE", path, options),
  };
}
