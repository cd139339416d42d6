/**
 * The count tool run in Node against the simulator (or a stand-in where a case needs an answer the simulator
 * doesn't give): which records a URL may count, and what a count stopped part-way answers and logs.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSimulator, type Simulator } from "../../simulator/simulator";
import type { BudgetDecision } from "../../worker/budget/url-budget";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { COUNT_RECORDS, countTools } from "../../worker/tools/count-records";
import type { ToolCallContext } from "../../worker/tools/run-tool";
import { failureOutcome } from "../../worker/tools/tool-failure";

const byName = new Map(bundledCatalog().map((t) => [t.name, t]));
const ORIGIN = "http://simulator.test";

function context(overrides: Partial<ToolCallContext> = {}): ToolCallContext {
  return {
    findTool: (name) => byName.get(name),
    fitTool: async (tool) => tool,
    target: async () => ({ origin: ORIGIN, apiKey: "sim-api-key" }),
    ...overrides,
  };
}

let simulator: Simulator;
/** Freshservice is the simulator; `answer` may stand in for it on the n-th request (1-based). */
function upstream(answer?: (n: number, url: URL) => Response | undefined) {
  simulator = createSimulator();
  let n = 0;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    n++;
    return answer?.(n, new URL(input)) ?? simulator.handle(new Request(input, init));
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const count = countTools((name) => byName.has(name)).tools[0];

async function run(args: Record<string, unknown>, ctx = context()) {
  if (!count) throw new Error("no count tool");
  const outcome = await count.run(args, ctx);
  const result = (await new Response(outcome.result).json()) as { content: { text: string }[]; isError: boolean };
  return { outcome, result, text: result.content[0]?.text ?? "" };
}

const json = (text: string) => JSON.parse(text) as Record<string, unknown> & { buckets: Record<string, unknown>[] };
const status = (code: number, headers: Record<string, string> = {}) =>
  new Response('{"message":"slow down"}', {
    status: code,
    headers: { "content-type": "application/json", ...headers },
  });

describe("which records a URL may count", () => {
  it("is listed only for the kinds whose list tool the URL has, tagged with their tags", () => {
    const tickets = countTools((name) => name === "list_all_freshservice_tickets");
    const schema = tickets.tools[0]?.listing.inputSchema as { properties: Record<string, { enum?: string[] }> };
    expect(schema.properties.record?.enum).toEqual(["tickets"]);
    expect(tickets.searchable[0]).toMatchObject({ name: COUNT_RECORDS, tags: ["tickets"], category: "read" });
    expect(countTools((name) => name === "list_all_freshservice_problems").tools).toEqual([]);
    expect(countTools(() => false).tools).toEqual([]);
  });

  it("says in at most 1,024 characters what it counts, what it costs and its bound", () => {
    const description = count?.listing.description ?? "";
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description).toMatch(/at most 20 calls per count/);
    expect(description).toMatch(/Problems can't be counted/);
  });
});

describe("a count against the simulator", () => {
  it("answers one JSON document whose numbers are the simulator's", async () => {
    upstream();
    const { result, text, outcome } = await run({ record: "tickets", group_by: "priority" });
    expect(result.isError).toBe(false);
    const live = [...simulator.tenant().tickets.values()].filter((t) => !t.spam && !t.deleted && t.workspace_id === 2);
    const doc = json(text);
    expect(doc).toMatchObject({ record: "tickets", query: null, group_by: "priority", total: live.length, calls: 5 });
    for (const bucket of doc.buckets)
      expect(bucket.count, String(bucket.label)).toBe(live.filter((t) => t.priority === bucket.value).length);
    expect(doc.other).toBe(0);
    expect(outcome.failure).toBeUndefined();
  });

  it("a query nothing matches counts 0, not an error", async () => {
    upstream();
    const { result, text } = await run({ record: "changes", query: "priority:4 AND status:6" });
    expect(result.isError).toBe(false);
    expect(json(text)).toMatchObject({ total: 0, buckets: [], calls: 1 });
  });
});

describe("a count stopped part-way", () => {
  it("by a 429 answers what it counted, names what it didn't, and is logged rate_limited", async () => {
    upstream((n) => (n === 4 ? status(429, { "retry-after": "17" }) : undefined));
    const { result, text, outcome } = await run({ record: "tickets", group_by: "status" });
    expect(result.isError).toBe(true);
    const doc = json(text);
    expect(doc.total).toEqual(expect.any(Number));
    const missing = doc.buckets.filter((b) => b.count === null);
    expect(missing.length).toBeGreaterThan(0);
    expect(doc.buckets.filter((b) => typeof b.count === "number").length).toBeGreaterThan(0);
    expect(doc.other).toBeUndefined();
    expect(String(doc.notes)).toMatch(/Counting stopped after \d+ calls, so the buckets whose count is null/);
    expect(String(doc.notes)).toMatch(/17 seconds/);
    expect(outcome.failure && failureOutcome(outcome.failure)).toBe("rate_limited");
    expect(outcome.rateLimit.retryAfterSeconds).toBe(17);
  });

  it("by a 429 on its first call is that 429, nothing else sent", async () => {
    upstream((n) => (n === 1 ? status(429, { "retry-after": "5" }) : undefined));
    const { result, text, outcome } = await run({ record: "tickets", group_by: "priority" });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/5 seconds/);
    expect(outcome.failure).toMatchObject({ kind: "upstream_status", status: 429 });
    expect(simulator.requests).toHaveLength(0);
  });

  it("by the URL's own budget answers what it counted, and is logged budget_refused", async () => {
    upstream();
    let left = 3;
    const takeBudget = async (): Promise<BudgetDecision> =>
      left-- > 0
        ? { allowed: true, limit: 3, remaining: left, resetSeconds: 40 }
        : { allowed: false, limit: 3, remaining: 0, resetSeconds: 40 };
    const { result, text, outcome } = await run({ record: "tickets", group_by: "priority" }, context({ takeBudget }));
    expect(result.isError).toBe(true);
    const doc = json(text);
    expect(doc.calls).toBe(3);
    expect(doc.buckets.filter((b) => b.count === null)).toHaveLength(2);
    expect(String(doc.notes)).toMatch(/budget of 3 Freshservice calls per minute/);
    expect(outcome.failure && failureOutcome(outcome.failure)).toBe("budget_refused");
    expect(simulator.requests).toHaveLength(3);
  });

  it("an answer without a total is not counted as 0", async () => {
    upstream(() => Response.json({ changes: [] }));
    const { result, text, outcome } = await run({ record: "changes", query: "status:1" });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/changes filter had no total/);
    expect(outcome.failure && failureOutcome(outcome.failure)).toBe("broken");
  });
});

describe("assets, counted from pages", () => {
  /** An asset filter with more matches than its 40 pages serve, whatever the query. */
  const endless = (_: number, url: URL) =>
    url.pathname === "/api/v2/assets" ? Response.json({ assets: Array.from({ length: 30 }, () => ({})) }) : undefined;

  it("a count past the 40 pages the filter serves is at least 1,200, and says so", async () => {
    upstream(endless);
    const { result, text } = await run({ record: "assets" });
    expect(result.isError).toBe(false);
    const doc = json(text);
    expect(doc).toMatchObject({ total: 1200, total_at_least: true, calls: 7 });
    expect(String(doc.notes)).toMatch(/at most 40 pages of 30: a count marked at_least is at least 1200/);
  });

  it("stops at the bound of 20 calls, every bucket read at least once, the rest lower bounds", async () => {
    upstream(endless);
    const { result, text } = await run({ record: "assets", group_by: "asset_type_id", values: [1, 2, 3, 4, 5, 6] });
    expect(result.isError).toBe(false);
    const doc = json(text);
    expect(doc.calls).toBe(20);
    for (const bucket of doc.buckets) expect(bucket).toMatchObject({ count: expect.any(Number), at_least: true });
    expect(String(doc.notes)).toMatch(/bound of 20 calls per count was reached/);
  });

  it("reads no more pages than it needs: 39 live assets take two reads", async () => {
    upstream();
    const { text } = await run({ record: "assets" });
    const live = [...simulator.tenant().assets.values()].filter((a) => !a.trashed);
    expect(json(text)).toMatchObject({ total: live.length, calls: 2 });
    expect(simulator.requests.map((r) => r.query.page ?? "1")).toEqual(["1", "2"]);
  });
});
