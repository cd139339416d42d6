/**
 * A bounded load test on loopback: many concurrent clients (autocannon) against the Worker in real workerd, the
 * simulator's rate limit on. The only failures are the rate-limit errors that must happen, every call costs
 * Freshservice exactly one request (nothing retried), and the Worker's memory stays flat.
 *
 * Memory is the Worker isolate's JS heap after a full GC, through workerd's inspector. workerd's RSS is only
 * reported: under wrangler's local dev server it grows by several KiB a request even for a constant
 * `/healthz` answer (and faster with the inspector attached), so it can't tell a Worker leak apart.
 */
import autocannon from "autocannon";
import { afterAll, beforeAll, expect, it } from "vitest";
import { connectIsolateHeap } from "./isolate-heap";
import { rssBytes } from "./process-memory";
import { ADMIN_TOKEN, type Stack, startStack } from "./stack";

const LIMITED_KEY = "load-limited-key";
const FAST_KEY = "load-fast-key";
/** Freshservice's per-minute limit for the limited company; windows follow the clock minute. */
const LIMIT = 100;
const CONNECTIONS = 25;
const MIB = 1024 * 1024;
/** Calls before the first measurement: the isolate compiles, validators and merged tools are cached. */
const WARM_UP_CALLS = 200;
const MEASURED_CALLS = 600;
/**
 * The smallest per-call leak the memory test must catch: it used to allow 1 MiB over 1800 calls (583 bytes a
 * call); 600 calls × 580 bytes = 348,000 bytes (340 KiB) keeps that sensitivity with a third of the calls,
 * since the heap after a full GC is exact to a few KiB (a steady run grows it by about 160 KiB, once).
 */
const LEAK_PER_CALL = 580;
const HEAP_GROWTH_BOUND = MEASURED_CALLS * LEAK_PER_CALL;
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const GET_TICKET = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } },
});

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(
    {
      tenants: [
        { apiKey: LIMITED_KEY, name: "acme", plan: "pro", rateLimitPerMinute: LIMIT },
        { apiKey: FAST_KEY, name: "globex", plan: "enterprise", rateLimitPerMinute: 1_000_000_000 },
      ],
    },
    { inspector: true, quiet: true },
  );
});

afterAll(async () => {
  await stack?.stop();
});

/** Registers a company and mints an MCP URL at `origin` (the dev proxy or the Worker's own socket). */
async function mint(apiKey: string, origin = stack.workerUrl): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${origin}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const account = await post("/integrated-account", {
    name: "load",
    domain: "acme.freshservice.com",
    api_key: apiKey,
    base_url: stack.simulator.url,
  });
  expect(account.status, "account").toBe(201);
  const { id } = (await account.json()) as { id: string };
  const server = await post(`/integrated-account/${id}/mcp`, { name: "load", config: {} });
  expect(server.status, "MCP URL").toBe(201);
  return ((await server.json()) as { url: string }).url;
}

type Outcome = "result" | "rate-limited" | "other";

/** `amount` tools/calls from CONNECTIONS concurrent clients; each answer is classified. */
async function burst(url: string, amount: number) {
  const outcomes: Record<Outcome, number> = { result: 0, "rate-limited": 0, other: 0 };
  const others: string[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount,
        timeout: 10,
        requests: [
          {
            method: "POST",
            headers: MCP_HEADERS,
            body: GET_TICKET,
            onResponse: (status: number, body: string) => {
              const outcome = classify(status, body);
              outcomes[outcome] += 1;
              if (outcome === "other" && others.length < 5) others.push(`${status} ${body.slice(0, 300)}`);
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    ),
  );
  expect(result.errors + result.timeouts, "connection errors or timeouts").toBe(0);
  return { outcomes, others, result };
}

function classify(status: number, body: string): Outcome {
  if (status !== 200) return "other";
  const message = JSON.parse(body) as {
    result?: { isError: boolean; content: { text: string }[]; _meta?: { http_status?: number } };
  };
  if (message.result?.isError === false && message.result.content[0]?.text.includes('"id":58')) return "result";
  if (
    message.result?.isError === true &&
    message.result._meta?.http_status === 429 &&
    /rate limit for this account is exhausted \(429\)\. The action was NOT performed\. Wait \d+ seconds/.test(
      message.result.content[0]?.text ?? "",
    )
  )
    return "rate-limited";
  return "other";
}

it("many concurrent clients: the only failures are the rate-limit errors that must happen", async () => {
  const url = await mint(LIMITED_KEY);
  stack.simulator.simulator.requests.length = 0;
  const minuteAtStart = Math.floor(Date.now() / 60_000);
  const amount = LIMIT * 4;
  const { outcomes, others } = await burst(url, amount);
  const windows = Math.floor(Date.now() / 60_000) - minuteAtStart + 1;

  expect(others).toEqual([]);
  expect(outcomes.result + outcomes["rate-limited"]).toBe(amount);
  // Freshservice allows LIMIT per clock minute: the burst may straddle one minute boundary, no more.
  expect(outcomes.result).toBeGreaterThan(0);
  expect(outcomes.result).toBeLessThanOrEqual(LIMIT * windows);
  expect(outcomes["rate-limited"]).toBeGreaterThanOrEqual(amount - LIMIT * windows);
  // One upstream request per call: nothing retried, nothing absorbed.
  const upstream = stack.simulator.simulator.requests.filter((r) => r.path === "/api/v2/tickets/58");
  expect(upstream).toHaveLength(amount);
  expect(upstream.filter((r) => r.status === 200)).toHaveLength(outcomes.result);
});

it("the Worker's memory stays flat under sustained mixed load", async () => {
  expect(stack.inspectorUrl, "the stack's inspector").toBeDefined();
  const heap = await connectIsolateHeap(stack.inspectorUrl as URL);
  // Straight to the Worker's socket: the pauses for heap snapshots would otherwise leave wrangler's dev proxy
  // with idle pooled connections that can fail the next call without it reaching the Worker (see Stack.runtimeUrl).
  const url = await mint(FAST_KEY, stack.runtimeUrl);
  // Successes, a 30-ticket list, invalid arguments and an upstream 404, one after another on every connection.
  const mixed = [
    { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } },
    { name: "list_all_freshservice_tickets", arguments: { limit: 30 } },
    { name: "get_single_freshservice_ticket_by_id", arguments: { id: "not-an-id" } },
    { name: "get_single_freshservice_ticket_by_id", arguments: { id: 999_999 } },
  ].map((params) => ({
    method: "POST" as const,
    headers: MCP_HEADERS,
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params }),
  }));
  const calls = async (amount: number) => {
    let unexpected = 0;
    const done = await new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url,
          connections: CONNECTIONS,
          amount,
          timeout: 10,
          requests: mixed.map((request) => ({
            ...request,
            onResponse: (status: number, body: string) => {
              if (status !== 200 || !body.startsWith('{"jsonrpc":"2.0","id":1,"result":{')) unexpected += 1;
            },
          })),
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    expect(done.errors + done.timeouts + unexpected).toBe(0);
  };
  try {
    await calls(WARM_UP_CALLS);
    const rssBefore = stack.workerdPid ? rssBytes(stack.workerdPid) : 0;
    const before = await heap.usedAfterGc();
    await calls(MEASURED_CALLS);
    const after = await heap.usedAfterGc();
    const rssAfter = stack.workerdPid ? rssBytes(stack.workerdPid) : 0;
    console.info(
      `Worker heap after GC: ${(before / MIB).toFixed(2)} → ${(after / MIB).toFixed(2)} MiB over ${MEASURED_CALLS} calls; ` +
        `workerd RSS ${(rssBefore / MIB).toFixed(0)} → ${(rssAfter / MIB).toFixed(0)} MiB (local dev server: grows even for a constant response)`,
    );
    expect(after - before).toBeLessThan(HEAP_GROWTH_BOUND);
  } finally {
    heap.close();
  }
});
