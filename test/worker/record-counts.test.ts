/**
 * freshservice_count_records through the Worker, against the simulator's seed data: its numbers are what the
 * simulator's own records give; bad input is refused before any call; the URL's filters, budget and audit trail
 * apply as to a direct call.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../worker/audit/audit-log";
import {
  admin,
  clearFaults,
  createAccount,
  injectFault,
  mint,
  rpc,
  rpcResult,
  settled,
  simulatorControl,
  simulatorRequests,
} from "./helpers";

const COUNT = "freshservice_count_records";

type ToolResult = { content: { type: string; text: string }[]; isError: boolean; _meta?: Record<string, unknown> };
type Bucket = { value: number | string | null; label?: string; count: number | null; at_least?: boolean };
type Count = {
  record: string;
  query: string | null;
  group_by?: string;
  total: number | null;
  buckets: Bucket[];
  other?: number;
  calls: number;
  notes?: string[];
};
type Row = Record<string, unknown>;

afterEach(async () => {
  await clearFaults();
});

async function server(config: Record<string, unknown> = {}) {
  const account = await createAccount();
  const { id, url } = await mint(account.id, { config });
  return { accountId: account.id, mcpId: id, url };
}

async function count(url: string, args: Record<string, unknown>) {
  const { result, error } = await rpcResult<ToolResult>(url, "tools/call", { name: COUNT, arguments: args });
  if (!result) throw new Error(`no result: ${JSON.stringify(error)}`);
  const text = result.content[0]?.text ?? "";
  return { result, text, doc: () => JSON.parse(text) as Count };
}

/** The simulator's own records of one collection, as its state snapshot has them. */
async function records(key: "tickets" | "assets" | "changes" | "groups"): Promise<Row[]> {
  const state = (await (await simulatorControl("state")).json()) as Row & { collections: Row };
  return (key === "changes" ? state.collections[key] : state[key]) as Row[];
}

/** What the ticket and change filters and the asset filter search by default: the primary workspace, live records. */
const live = (r: Row) => r.workspace_id === 2 && !r.spam && !r.deleted && !r.trashed;

async function requestsDuring(run: () => Promise<unknown>) {
  await simulatorControl("requests", { method: "DELETE" });
  await run();
  return simulatorRequests();
}

describe("counts against the seed data", () => {
  it("urgent tickets by group: the workspace's groups plus none, each what the simulator holds, in 7 calls", async () => {
    const { url } = await server({ methods: ["read"] });
    let counted: Count | undefined;
    const sent = await requestsDuring(async () => {
      const { result, doc } = await count(url, { record: "tickets", query: "priority:4", group_by: "group_id" });
      expect(result.isError).toBe(false);
      counted = doc();
    });
    const urgent = (await records("tickets")).filter((t) => live(t) && t.priority === 4);
    const groups = (await records("groups")).filter((g) => g.workspace_id === 2);
    expect(counted).toMatchObject({
      record: "tickets",
      query: "priority:4",
      group_by: "group_id",
      total: urgent.length,
    });
    expect(counted?.buckets).toEqual([
      ...groups.map((g) => ({ value: g.id, label: g.name, count: urgent.filter((t) => t.group_id === g.id).length })),
      { value: null, label: "none", count: urgent.filter((t) => t.group_id === null).length },
    ]);
    expect(counted?.other).toBe(0);
    expect(counted?.calls).toBe(1 + 1 + groups.length + 1);
    expect(sent.map((r) => r.path)).toEqual([
      "/api/v2/groups",
      ...Array.from({ length: groups.length + 2 }, () => "/api/v2/tickets/filter"),
    ]);
    expect(sent.length).toBe(counted?.calls);
  });

  it("changes by status: each documented status, a page of one change per call", async () => {
    const { url } = await server({ methods: ["read"], tags: ["changes"] });
    const sent = await requestsDuring(async () => {
      const { doc } = await count(url, { record: "changes", group_by: "status" });
      const changes = (await records("changes")).filter(live);
      expect(doc().total).toBe(changes.length);
      for (const bucket of doc().buckets)
        expect(bucket.count, bucket.label).toBe(changes.filter((c) => c.status === bucket.value).length);
      expect(doc().buckets.map((b) => b.label)).toEqual([
        "Open",
        "Planning",
        "Awaiting Approval",
        "Pending Release",
        "Pending Review",
        "Closed",
      ]);
    });
    expect(sent).toHaveLength(7);
    for (const request of sent) expect(new URLSearchParams(request.search).get("per_page")).toBe("1");
  });

  it("assets by type, counted from pages: what the simulator holds", async () => {
    const { url } = await server({ methods: ["read"], tags: ["assets"] });
    const assets = (await records("assets")).filter(live);
    const types = [...new Set(assets.map((a) => a.asset_type_id as number))];
    const { result, doc } = await count(url, { record: "assets", group_by: "asset_type_id", values: [...types, null] });
    expect(result.isError).toBe(false);
    expect(doc().total).toBe(assets.length);
    expect(doc().buckets).toEqual([
      ...types.map((type) => ({ value: type, count: assets.filter((a) => a.asset_type_id === type).length })),
      { value: null, label: "none", count: 0 },
    ]);
    expect(doc().other).toBe(0);
  });

  it("a filter nothing matches counts 0: an answer, not an error", async () => {
    const { url } = await server();
    const { result, doc } = await count(url, {
      record: "tickets",
      query: "requester_id:999999999",
      group_by: "priority",
    });
    expect(result.isError).toBe(false);
    expect(doc()).toMatchObject({ total: 0, other: 0 });
    expect(doc().buckets.map((b) => b.count)).toEqual([0, 0, 0, 0]);
  });
});

describe("strict-mode clients", () => {
  it("a null for every optional argument counts as leaving it out: every record, no breakdown", async () => {
    const { url } = await server({ methods: ["read"] });
    const { result, doc } = await count(url, {
      record: "tickets",
      query: null,
      group_by: null,
      values: null,
      workspace_id: null,
    });
    expect(result.isError).toBe(false);
    expect(doc()).toMatchObject({ query: null, total: (await records("tickets")).filter(live).length, calls: 1 });
  });
});

describe("bad input", () => {
  it.each([
    [{ record: "problems" }, /record: must be one of "tickets", "changes", "assets"/],
    [{ record: "assets", group_by: "priority" }, /assets can't be broken down by "priority"/],
    [{ record: "tickets", group_by: "priority", values: Array.from({ length: 20 }, (_, i) => i) }, /values/],
    [{ record: "tickets", group_by: "agent_id" }, /name the buckets in values/],
    [{ record: "tickets", query: "status:2) OR (priority:1", group_by: "priority" }, /'\)' with no '\('/],
    [{ record: "assets", group_by: "asset_state", values: ["In Use' OR name:'x\\"] }, /can't be written/],
    [{ record: "tickets", query: "status:2 \ud800" }, /query: is not valid Unicode text/],
  ])("%j is refused before any call", async (args, problem) => {
    const { url } = await server();
    const sent = await requestsDuring(async () => {
      const { result, text } = await count(url, args);
      expect(result.isError).toBe(true);
      expect(text).toMatch(/Invalid arguments; Freshservice was not called/);
      expect(text).toMatch(problem);
    });
    expect(sent).toEqual([]);
  });

  it("a query Freshservice refuses is its 400, field by field, after one call", async () => {
    const { url } = await server();
    const sent = await requestsDuring(async () => {
      const { result, text } = await count(url, { record: "tickets", query: "colour:'red'", group_by: "priority" });
      expect(result.isError).toBe(true);
      expect(text).toMatch(/- colour: \[:invalid_field\] \(invalid_value\)/);
      expect(result._meta).toMatchObject({ http_status: 400 });
    });
    expect(sent).toHaveLength(1);
  });
});

describe("the URL's filters, budget and trail", () => {
  it("a read-only URL has it; a URL without the tickets tag counts no tickets; one that reads none of the kinds has none", async () => {
    const names = async (url: string) =>
      ((await rpcResult<{ tools: { name: string; annotations: Row }[] }>(url, "tools/list")).result?.tools ?? []).map(
        (t) => t.name,
      );
    const readOnly = await server({ methods: ["read"] });
    expect(await names(readOnly.url)).toContain(COUNT);
    const listed = await rpcResult<{ tools: { name: string; annotations: Row; inputSchema: Row }[] }>(
      readOnly.url,
      "tools/list",
    );
    expect(listed.result?.tools.find((t) => t.name === COUNT)?.annotations).toMatchObject({ readOnlyHint: true });

    const assetsOnly = await server({ tags: ["assets"] });
    const schema = (
      await rpcResult<{ tools: { name: string; inputSchema: { properties: { record: { enum: string[] } } } }[] }>(
        assetsOnly.url,
        "tools/list",
      )
    ).result?.tools.find((t) => t.name === COUNT)?.inputSchema;
    expect(schema?.properties.record.enum).toEqual(["assets"]);
    const sent = await requestsDuring(async () => {
      const { result, text } = await count(assetsOnly.url, { record: "tickets" });
      expect(result.isError).toBe(true);
      expect(text).toMatch(/record: must be one of "assets"/);
    });
    expect(sent).toEqual([]);

    const articles = await server({ tags: ["solutions"] });
    expect(await names(articles.url)).not.toContain(COUNT);
    const unknown = await rpcResult(articles.url, "tools/call", { name: COUNT, arguments: { record: "tickets" } });
    expect(unknown.error).toMatchObject({ code: -32602 });
  });

  it("group_id without values needs the URL to list agent groups, and says so before any call", async () => {
    const { url } = await server({ tags: ["tickets"] });
    const { result, text } = await count(url, { record: "tickets", group_by: "group_id" });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/can't list agent groups.*name the groups' ids in values/);
  });

  it("the URL's budget part-way: what was counted, the rest null, logged budget_refused", async () => {
    const { accountId, mcpId, url } = await server({ methods: ["read"], max_requests_per_minute: 3 });
    const sent = await requestsDuring(async () => {
      const { result, doc } = await count(url, { record: "tickets", group_by: "priority" });
      expect(result.isError).toBe(true);
      expect(doc().total).toEqual(expect.any(Number));
      expect(doc().buckets.filter((b) => b.count === null)).toHaveLength(2);
      expect(doc().calls).toBe(3);
      expect(doc().notes?.join(" ")).toMatch(/Counting stopped after 3 calls.*budget of 3 Freshservice calls/);
    });
    expect(sent).toHaveLength(3);
    await settled();
    const logs = (await (await admin(`/integrated-account/${accountId}/mcp/${mcpId}/logs`)).json()) as {
      result: AuditEntry[];
    };
    expect(logs.result.map((e) => [e.tool, e.outcome])).toEqual([[COUNT, "budget_refused"]]);
  });

  it("a 429 part-way: what was counted, the rest null, Retry-After passed on, logged rate_limited", async () => {
    const { accountId, mcpId, url } = await server({ methods: ["read"] });
    // The total and two buckets pass; the next read is refused.
    await injectFault({ kind: "delay", ms: 0, times: 3, match: { pathPrefix: "/tickets/filter" } });
    await injectFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "21", "x-ratelimit-total": "400", "x-ratelimit-remaining": "0" },
      body: "{}",
      match: { pathPrefix: "/tickets/filter" },
    });
    const response = await rpc(url, "tools/call", {
      name: COUNT,
      arguments: { record: "tickets", group_by: "priority" },
    });
    expect(response.headers.get("retry-after")).toBe("21");
    const { result } = (await response.json()) as { result: ToolResult };
    expect(result.isError).toBe(true);
    const doc = JSON.parse(result.content[0]?.text ?? "") as Count;
    expect(doc.total).toEqual(expect.any(Number));
    expect(doc.buckets.filter((b) => b.count === null).length).toBeGreaterThan(0);
    expect(doc.notes?.join(" ")).toMatch(/Wait 21 seconds/);
    await settled();
    const logs = (await (await admin(`/integrated-account/${accountId}/mcp/${mcpId}/logs`)).json()) as {
      result: AuditEntry[];
    };
    expect(logs.result.map((e) => [e.tool, e.outcome, e.http_status])).toEqual([[COUNT, "rate_limited", 429]]);
  });

  it("a whole count is logged ok, with its status and the account's remaining calls", async () => {
    const { accountId, mcpId, url } = await server({ methods: ["read"] });
    await count(url, { record: "tickets", query: "status:2" });
    await settled();
    const logs = (await (await admin(`/integrated-account/${accountId}/mcp/${mcpId}/logs`)).json()) as {
      result: AuditEntry[];
    };
    expect(logs.result.map((e) => [e.tool, e.outcome, e.http_status])).toEqual([[COUNT, "ok", 200]]);
    expect(logs.result[0]?.ratelimit_remaining).toEqual(expect.any(Number));
  });

  it("discovery finds it first for a count, and call_tool runs it as a direct call would", async () => {
    const { url } = await server({ tool_exposure: "discovery", methods: ["read"] });
    const found = await rpcResult<ToolResult>(url, "tools/call", {
      name: "search_tools",
      arguments: { query: "how many P1 incidents did each group get last week" },
    });
    const names = (JSON.parse(found.result?.content[0]?.text ?? "{}") as { tools: { name: string }[] }).tools;
    expect(names[0]?.name).toBe(COUNT);
    const ran = await rpcResult<ToolResult>(url, "tools/call", {
      name: "call_tool",
      arguments: { name: COUNT, arguments: JSON.stringify({ record: "tickets", query: "priority:4" }) },
    });
    expect(ran.result?.isError).toBe(false);
    const urgent = (await records("tickets")).filter((t) => live(t) && t.priority === 4);
    expect(JSON.parse(ran.result?.content[0]?.text ?? "{}")).toMatchObject({ total: urgent.length, calls: 1 });
  });
});
