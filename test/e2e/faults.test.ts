/**
 * Every simulator fault through the official MCP SDK client, against the Worker in real workerd with a short
 * upstream timeout: each becomes a clear tool error (or, for a huge body, a result cut at the byte cap), no
 * call waits past a bound, no upstream body text or secret reaches the client or the logs, and the Worker
 * serves the next call normally.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Fault } from "../../simulator/simulator";
import { ADMIN_TOKEN, mintServer, type Stack, startStack } from "./stack";

type TextResult = { content: { type: string; text: string }[]; isError?: boolean; _meta?: Record<string, unknown> };

/** Low, so "delay past the timeout" takes a second or two rather than 25. */
const UPSTREAM_TIMEOUT_MS = 1500;
/** No call may take longer than this, whatever the fault: the client gives up and the test fails. */
const CALL_BOUND_MS = 8000;
const RESULT_CAP_BYTES = 64 * 1024;
const API_KEY = "sim-api-key";
/** Planted in every upstream error body: it must never reach the client or the logs. */
const UPSTREAM_SECRET = "Traceback at db-01.internal password=hunter2";

let stack: Stack;
let client: Client;
let token: string;
/** The HTTP head of the last answer the client received, to check the rate-limit headers through workerd. */
let lastHeaders: Headers | undefined;
const seen: string[] = [];

const READ = { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } } as const;
const LIST = { name: "list_all_freshservice_tickets", arguments: { query: "status:2" } } as const;
const WRITE = { name: "update_a_freshservice_ticket_by_id", arguments: { id: 58, priority: 4 } } as const;

beforeAll(async () => {
  stack = await startStack(undefined, { vars: { UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS) } });
  const { url } = await mintServer(stack);
  token = url.split("/mcp/")[1] ?? "";
  client = new Client({ name: "e2e-faults", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        lastHeaders = response.headers;
        return response;
      },
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await stack?.stop();
});

afterEach(async () => {
  stack.simulator.simulator.reset();
  // The Worker still serves the next call normally.
  const next = await call(READ);
  expect(next.result.isError, next.result.content[0]?.text).toBeFalsy();
  expect(JSON.parse(next.result.content[0]?.text ?? "null")).toMatchObject({ ticket: { id: 58 } });
  // Nothing secret anywhere: results or logs.
  for (const text of [...seen, ...stack.logs]) {
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("db-01");
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(ADMIN_TOKEN);
  }
  // The URL token is in no result and in no line the Worker logs. (wrangler dev's own access log, lines
  // starting "[wrangler:", prints each request's path, and the path carries the token: that is the dev
  // server, not the Worker.)
  for (const text of [...seen, ...stack.logs.filter((line) => !line.startsWith("[wrangler:"))])
    expect(text).not.toContain(token);
  seen.length = 0;
});

/** Aimed at the call under test alone (the Worker may also read field metadata from Freshservice). */
function inject(fault: Fault, target: { name: string } = READ) {
  const match =
    target.name === WRITE.name
      ? { method: "PUT", pathPrefix: "/tickets/58" }
      : target.name === LIST.name
        ? { method: "GET", pathPrefix: "/tickets/filter" }
        : { method: "GET", pathPrefix: "/tickets/58" };
  stack.simulator.simulator.injectFault({ ...fault, match });
}

async function call(params: { name: string; arguments: Record<string, unknown> }) {
  const started = performance.now();
  const result = (await client.callTool(params, undefined, { timeout: CALL_BOUND_MS })) as TextResult;
  const ms = performance.now() - started;
  seen.push(JSON.stringify(result));
  return { result, ms, text: result.content.map((c) => c.text).join("\n") };
}

describe("upstream status faults", () => {
  it.each([500, 502, 503, 504])("%i on a read: a clear error without the upstream text", async (status) => {
    inject({ kind: "status", status, body: JSON.stringify({ message: UPSTREAM_SECRET }) });
    const { result, text } = await call(READ);
    expect(result.isError).toBe(true);
    expect(text).toMatch(new RegExp(`server error \\(${status}\\)\\. Nothing was changed`));
    expect(result._meta).toMatchObject({ http_status: status });
  });

  it("5xx on a write says the outcome is unknown", async () => {
    inject({ kind: "status", status: 500, body: `<html>${UPSTREAM_SECRET}</html>` }, WRITE);
    const { result, text } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/server error \(500\)\. The outcome is unknown/);
  });

  it("429 with Retry-After: how long to wait, nothing done, the rate-limit headers passed on", async () => {
    inject(
      {
        kind: "status",
        status: 429,
        headers: { "retry-after": "37", "x-ratelimit-total": "400", "x-ratelimit-remaining": "0" },
        body: JSON.stringify({ code: "rate_limit_exceeded", message: UPSTREAM_SECRET }),
      },
      WRITE,
    );
    const { result, text } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/rate limit .* exhausted \(429\)\. The action was NOT performed\. Wait 37 seconds/);
    expect(result._meta).toMatchObject({ http_status: 429, ratelimit: { retryAfterSeconds: 37, remaining: 0 } });
    expect(lastHeaders?.get("retry-after")).toBe("37");
    expect(lastHeaders?.get("ratelimit-reset")).toBe("37");
    expect(lastHeaders?.get("ratelimit-remaining")).toBe("0");
    expect(stack.simulator.simulator.tenant().tickets.get(58)?.priority).not.toBe(4);
  });
});

describe("a slow or absent upstream", () => {
  it("a read delayed past the timeout: a timeout error, in about the timeout", async () => {
    inject({ kind: "delay", ms: UPSTREAM_TIMEOUT_MS * 4 });
    const { result, text, ms } = await call(READ);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/did not answer in time\. Nothing was changed/);
    expect(ms).toBeGreaterThanOrEqual(UPSTREAM_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(UPSTREAM_TIMEOUT_MS + 2500);
  });

  it("a write delayed past the timeout says the outcome is unknown", async () => {
    inject({ kind: "delay", ms: UPSTREAM_TIMEOUT_MS * 2 }, WRITE);
    const { result, text, ms } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/outcome is UNKNOWN/);
    expect(text).toMatch(/Check with a get or list tool/);
    expect(ms).toBeLessThan(UPSTREAM_TIMEOUT_MS + 2500);
  });

  it("a drip that finishes within the timeout is a normal result", async () => {
    inject({ kind: "drip", chunkDelayMs: 10, chunkBytes: 512 });
    const { result, text } = await call(READ);
    expect(result.isError, text).toBeFalsy();
    expect(JSON.parse(result.content[0]?.text ?? "null")).toMatchObject({ ticket: { id: 58 } });
  });

  it("a drip slower than the timeout is cut off with a clear error, in about the timeout", async () => {
    inject({ kind: "drip", chunkDelayMs: 100, chunkBytes: 8 }, LIST);
    const { result, text, ms } = await call(LIST);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/did not finish answering in time; what is above is partial/);
    expect(text).toMatch(/Nothing was changed/);
    expect(ms).toBeGreaterThanOrEqual(UPSTREAM_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(UPSTREAM_TIMEOUT_MS + 2500);
  });
});

describe("a 2026-07-28 client's call streams the same way", () => {
  it("its HTTP head, with the rate-limit headers, arrives while the body still drips", async () => {
    inject({ kind: "drip", chunkDelayMs: 20, chunkBytes: 128 });
    const started = performance.now();
    const response = await fetch(`${stack.workerUrl}/mcp/${token}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "tools/call",
        "mcp-name": READ.name,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: "m1",
        method: "tools/call",
        params: {
          ...READ,
          _meta: {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      }),
      signal: AbortSignal.timeout(CALL_BOUND_MS),
    });
    const headMs = performance.now() - started;
    const text = await response.text();
    const bodyMs = performance.now() - started;
    seen.push(text);
    expect(response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    // The ticket is about 2 KB: some 16 chunks 20 ms apart, the last well after the head.
    expect(bodyMs - headMs).toBeGreaterThan(200);
    const answer = JSON.parse(text);
    expect(answer).toMatchObject({ id: "m1", result: { resultType: "complete", isError: false } });
    expect(JSON.parse(answer.result.content[0].text)).toMatchObject({ ticket: { id: 58 } });
  });
});

describe("a slow answer to a write", () => {
  it("a write whose answer drips past the timeout: the change was accepted, check before repeating", async () => {
    inject({ kind: "drip", chunkDelayMs: 100, chunkBytes: 8 }, WRITE);
    const { result, text, ms } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/accepted the change \(200\), but it did not finish answering in time/);
    expect(text).toMatch(/Do not repeat the change/);
    expect(ms).toBeLessThan(UPSTREAM_TIMEOUT_MS + 2500);
  });
});

describe("the answer's framing holds whatever the upstream does", () => {
  /** A raw POST, to choose the answer format and to send what the SDK client would not. */
  async function raw(body: unknown, accept: string) {
    const started = performance.now();
    const response = await fetch(`${stack.workerUrl}/mcp/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_BOUND_MS),
    });
    const text = await response.text();
    seen.push(text);
    return { response, text, ms: performance.now() - started };
  }

  it.each(["truncate", "invalid_json"] as const)("%s as one SSE event: well-formed, and an error", async (kind) => {
    inject({ kind }, LIST);
    const { response, text } = await raw(
      { jsonrpc: "2.0", id: 9, method: "tools/call", params: LIST },
      "text/event-stream, application/json;q=0.5",
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const data = /^event: message\ndata: (.*)\n\n$/s.exec(text)?.[1];
    expect(data, text.slice(0, 200)).toBeDefined();
    expect(JSON.parse(data as string)).toMatchObject({ jsonrpc: "2.0", id: 9, result: { isError: true } });
  });

  it("a tools/call inside a batch (read whole into the batch's answer) is bounded by the same timeout", async () => {
    inject({ kind: "drip", chunkDelayMs: 100, chunkBytes: 8 }, LIST);
    const { response, text, ms } = await raw(
      [
        { jsonrpc: "2.0", id: 1, method: "ping" },
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: LIST },
      ],
      "application/json, text/event-stream",
    );
    expect(response.status).toBeLessThan(500);
    expect(ms).toBeLessThan(UPSTREAM_TIMEOUT_MS + 2500);
    expect(text).not.toContain('"isError":false');
  });
});

describe("a broken connection or body", () => {
  it("a connection reset before any answer: could not reach, nothing changed", async () => {
    inject({ kind: "reset" });
    const { result, text } = await call(READ);
    expect(result.isError).toBe(true);
    expect(text).toMatch(
      /Could not reach http:\/\/127\.0\.0\.1:\d+ \(the local Freshservice simulator .*\)\. Nothing was changed/,
    );
  });

  it("a connection reset on a write: the outcome is unknown", async () => {
    inject({ kind: "reset" }, WRITE);
    const { result, text } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/outcome is unknown/);
  });

  it("a reset after the head: a clear error, nothing changed", async () => {
    // Node sends the head with the first body byte, so workerd may see no answer at all: either is clear.
    inject({ kind: "reset", afterHeaders: true }, LIST);
    const { result, text } = await call(LIST);
    expect(result.isError).toBe(true);
    expect(text).toMatch(
      /Could not reach http:\/\/127\.0\.0\.1:\d+ .*Nothing was changed|broke off before it was complete/,
    );
  });

  it("a truncated body: an error saying the answer is partial", async () => {
    inject({ kind: "truncate" }, LIST);
    const { result, text } = await call(LIST);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/broke off before it was complete; what is above is partial/);
    expect(text).toMatch(/reads are safe to retry/);
  });

  it("a truncated answer to a write says the change was accepted, not to repeat it blindly", async () => {
    inject({ kind: "truncate" }, WRITE);
    const { result, text } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/accepted the change \(200\), but its answer broke off/);
    expect(text).toMatch(/Do not repeat the change/);
    expect(text).not.toMatch(/safe to retry/);
    expect(stack.simulator.simulator.tenant().tickets.get(58)?.priority).toBe(4);
  });

  it("invalid JSON with a 200: an error saying the answer is not valid JSON", async () => {
    inject({ kind: "invalid_json" }, LIST);
    const { result, text } = await call(LIST);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/not valid JSON; what is above is partial/);
  });

  it("invalid JSON answering a write: the change was accepted, check before repeating", async () => {
    inject({ kind: "invalid_json" }, WRITE);
    const { result, text } = await call(WRITE);
    expect(result.isError).toBe(true);
    expect(text).toMatch(/accepted the change \(200\), but its answer is not valid JSON/);
  });
});

describe("a huge answer", () => {
  it("50 MB: cut at the byte cap with a marker, quickly, and the rest is never read", async () => {
    inject({ kind: "huge", bytes: 50 * 1024 * 1024 }, LIST);
    const { result, ms } = await call(LIST);
    const body = result.content[0]?.text ?? "";
    expect(result.isError).toBeFalsy();
    expect(result.content).toHaveLength(1);
    const doc = JSON.parse(body) as { filter: { id: number; padding: string }[]; truncated?: boolean; notice?: string };
    expect(doc.truncated).toBe(true);
    // Whole records only (1 KB each), in order, as many as fit under the cap; the one the cut went through is left out.
    expect(doc.filter.map((r) => r.id)).toEqual(doc.filter.map((_, i) => i + 1));
    expect(doc.filter.length).toBe(Math.floor(RESULT_CAP_BYTES / 1024) - 1);
    for (const record of doc.filter) expect(JSON.stringify(record)).toHaveLength(1023);
    // A search (query) returns a fixed 30 per page, so the way to the rest is a narrower search, not a smaller limit.
    expect(doc.notice).toMatch(/^Result cut off at 65536 bytes, part-way through this page: .*narrow the search/);
    expect(ms).toBeLessThan(5000);
  });
});
