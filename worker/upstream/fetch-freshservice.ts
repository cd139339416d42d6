/**
 * Sends one request to the account's Freshservice with the URL's credential: the account's stored key (a secret
 * URL) or the signed-in agent's own (an OAuth server). Trust boundary: the origin comes
 * only from the account record, headers from a fixed list (nothing inbound is forwarded), redirects are
 * not followed, and a timeout or the client going away aborts the call: while waiting for the head and while
 * reading the body.
 */
import { toBase64, utf8Bytes } from "../text/byte-encoding";
import type { UpstreamRequest } from "./build-request";

/** Well under the ~60 s an MCP client waits, so the model hears about a slow upstream instead of timing out itself. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 25_000;

export type UpstreamFailure = "timeout" | "unreachable";

export class UpstreamError extends Error {
  constructor(readonly reason: UpstreamFailure) {
    super(reason);
  }
}

/**
 * A signed-in agent's credential: their API key (Basic `key:X`) or Freshworks access token (Bearer). The same shape
 * as the grant's `UpstreamCredential` (oauth/grant-types.ts), spelled here so that upstream/ imports no OAuth code.
 */
export type UpstreamCredential = { kind: "api_key"; apiKey: string } | { kind: "bearer"; accessToken: string };

/** Where a call goes and with whose credential. */
export type UpstreamTarget = AccountTarget | AgentTarget;

interface TargetOrigin {
  /** `https://<tenant>.freshservice.com`, or the loopback simulator where the environment allows it. */
  origin: string;
}

/** A secret URL's: the account's stored API key (Basic `key:X`). */
export interface AccountTarget extends TargetOrigin {
  apiKey: string;
  credential?: undefined;
}

/** An OAuth server's: the signed-in agent's API key (Basic) or Freshworks access token (Bearer). */
export interface AgentTarget extends TargetOrigin {
  credential: UpstreamCredential;
  /**
   * Freshservice answered 401 to `rejected`: a renewed credential to send the request with once more (a Freshworks
   * token that ran out), or null when there is none (the grant has ended). Throws when it can't tell just now.
   */
  renew?: (rejected: UpstreamCredential) => Promise<UpstreamCredential | null>;
  /** Freshservice refused this credential for good: the agent's grant ends (the MCP answer becomes a 401). */
  onRejected?: () => void;
}

/** The Authorization header for a target's credential. */
export function authorizationOf(target: UpstreamTarget): string {
  const credential: UpstreamCredential = target.credential ?? { kind: "api_key", apiKey: target.apiKey };
  return credential.kind === "bearer"
    ? `Bearer ${credential.accessToken}`
    : `Basic ${toBase64(utf8Bytes(`${credential.apiKey}:X`))}`;
}

export async function fetchFreshservice(
  target: UpstreamTarget,
  request: UpstreamRequest,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  // A multipart body's Content-Type (with its boundary) is written by the runtime from the FormData.
  const contentType: Record<string, string> =
    request.body !== undefined && !request.form ? { "content-type": "application/json" } : {};
  const failure = () => new UpstreamError(timeout.aborted ? "timeout" : "unreachable");
  const send = async (authorization: string): Promise<Response> => {
    try {
      return await fetch(`${target.origin}${request.pathAndQuery}`, {
        method: request.method,
        headers: {
          // Freshservice answers 406 to any Accept but JSON or */* (a file download is not JSON).
          accept: request.accept === "any" ? "*/*" : "application/json",
          authorization,
          "user-agent": "freshservice-mcp-worker",
          ...contentType,
        },
        body: request.form ?? request.body,
        redirect: "manual",
        signal,
      });
    } catch {
      throw failure();
    }
  };
  let response = await send(authorizationOf(target));
  if (response.status === 401 && target.credential) response = await afterRejection(target, response, send);
  return withDeadline(response, signal, failure);
}

/** An agent's credential refused: renewed and sent once more where it can be, else the grant ends. */
async function afterRejection(
  target: AgentTarget,
  rejected: Response,
  send: (authorization: string) => Promise<Response>,
): Promise<Response> {
  let renewed: UpstreamCredential | null = null;
  try {
    renewed = (await target.renew?.(target.credential)) ?? null;
  } catch {
    // Can't tell just now (Freshworks unreachable): this call fails as refused, the grant stays.
    return rejected;
  }
  if (renewed) {
    await rejected.body?.cancel().catch(() => {});
    const retried = await send(authorizationOf({ ...target, credential: renewed }));
    if (retried.status !== 401) return retried;
    rejected = retried;
  }
  target.onRejected?.();
  return rejected;
}

/** Statuses whose Response may not carry a body (the constructor throws). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The body under the same deadline as the head: once the timeout (or the client leaving) fires, the next read
 * fails with an UpstreamError saying which, and the upstream body is cancelled. This does not depend on what
 * the runtime does with a fetch's signal once the head has arrived, so a slow drip can't hold a call open,
 * and a body cut by the timeout is reported as slow rather than broken.
 */
function withDeadline(response: Response, signal: AbortSignal, failure: () => UpstreamError): Response {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
  const reader = response.body.getReader();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(failure());
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {}); // only ever observed through the race below
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await Promise.race([reader.read(), aborted]);
      } catch {
        signal.removeEventListener("abort", onAbort);
        await reader.cancel().catch(() => {});
        throw failure();
      }
      if (chunk.done) {
        signal.removeEventListener("abort", onAbort);
        controller.close();
      } else controller.enqueue(chunk.value);
    },
    cancel(reason) {
      signal.removeEventListener("abort", onAbort);
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
