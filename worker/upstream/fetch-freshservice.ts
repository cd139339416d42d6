/**
 * Sends one request to the account's Freshservice with the stored key. Trust boundary: the origin comes
 * only from the account record, headers from a fixed list (nothing inbound is forwarded), redirects are
 * not followed, and a timeout or the client going away aborts the call.
 */
import { Buffer } from "node:buffer";
import type { UpstreamRequest } from "./build-request";

/** Well under the ~60 s an MCP client waits, so the model hears about a slow upstream instead of timing out itself. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 25_000;

export type UpstreamFailure = "timeout" | "unreachable";

export class UpstreamError extends Error {
  constructor(readonly reason: UpstreamFailure) {
    super(reason);
  }
}

export interface UpstreamTarget {
  /** `https://<tenant>.freshservice.com`, or the loopback simulator where the environment allows it. */
  origin: string;
  apiKey: string;
}

export async function fetchFreshservice(
  target: UpstreamTarget,
  request: UpstreamRequest,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = {
    accept: "application/json",
    authorization: `Basic ${Buffer.from(`${target.apiKey}:X`).toString("base64")}`,
    "user-agent": "freshservice-mcp-worker",
  };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  try {
    return await fetch(`${target.origin}${request.pathAndQuery}`, {
      method: request.method,
      headers,
      body: request.body,
      redirect: "manual",
      signal,
    });
  } catch {
    throw new UpstreamError(timeout.aborted ? "timeout" : "unreachable");
  }
}
