/** Usage from the audit trail: calls per slot and series, top tools, latency percentiles, rate-limit headroom, per account and per URL. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "../../worker/audit/audit-log";
import { CALL_OUTCOMES, type CallOutcome } from "../../worker/audit/call-record";
import { type UsageReport, usageStatements } from "../../worker/audit/usage-report";
import { USAGE_SERIES } from "../../worker/audit/usage-series";
import { admin, createAccount, mint, rpcResult, settled } from "./helpers";

afterEach(() => {
  vi.useRealTimers();
});

/** 2026-12-07T10:30Z: the 24h window is 2026-12-06T11:00Z to 2026-12-07T11:00Z, the 30d window Nov 8 to Dec 8. */
const NOW = Date.parse("2026-12-07T10:30:00.000Z");

interface Seed {
  at: string | number;
  outcome?: CallOutcome;
  tool?: string;
  ms?: number;
  ratelimit_remaining?: number;
  mcp_server_id?: string;
}

async function seed(accountId: string, mcpServerId: string, rows: Seed[]) {
  const log = auditLog(env.AUDIT_DB);
  for (const row of rows)
    await log.write({
      event: "tool_call",
      at: typeof row.at === "number" ? row.at : Date.parse(row.at),
      tool: row.tool ?? "list_all_freshservice_tickets",
      outcome: row.outcome ?? "ok",
      ms: row.ms ?? 100,
      ratelimit_remaining: row.ratelimit_remaining,
      touched_ids: {},
      account_id: accountId,
      mcp_server_id: row.mcp_server_id ?? mcpServerId,
      filters: {},
    });
}

/** The usage route at NOW (the Worker's clock faked; only Date, so I/O and timers run as usual). */
async function usageAt(path: string, now = NOW): Promise<UsageReport> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
  try {
    const response = await admin(path);
    expect(response.status).toBe(200);
    return (await response.json()) as UsageReport;
  } finally {
    vi.useRealTimers();
  }
}

/** The bucket starting at `iso`, as counts per series. */
function bucketAt(report: UsageReport, iso: string) {
  const bucket = report.buckets.find((b) => b.start === iso);
  if (!bucket) throw new Error(`no bucket starts at ${iso}`);
  const { start: _start, ...counts } = bucket;
  return counts;
}

/** Calls per series over the whole window. */
function totals(report: UsageReport) {
  return Object.fromEntries(USAGE_SERIES.map((s) => [s, report.buckets.reduce((sum, b) => sum + b[s], 0)]));
}

const none = { ok: 0, upstream_error: 0, rate_limited: 0, refused: 0, invalid_arguments: 0, other: 0 };

describe("usage", () => {
  it("counts every outcome in its series: refused is the URL's budget or filters (an unknown tool)", async () => {
    const { id } = await createAccount();
    const mcpId = crypto.randomUUID();
    await seed(
      id,
      mcpId,
      CALL_OUTCOMES.map((outcome) => ({ at: "2026-12-07T10:05:00Z", outcome })),
    );
    const report = await usageAt(`/integrated-account/${id}/usage?window=24h`);
    expect(bucketAt(report, "2026-12-07T10:00:00.000Z")).toEqual({
      ok: 2, // ok, cut
      upstream_error: 4, // upstream_error, timeout, unreachable, broken
      rate_limited: 1,
      refused: 2, // budget_refused, unknown_tool
      invalid_arguments: 1,
      other: 2, // credential_unavailable, cancelled
    });
    expect(totals(report)).toEqual(bucketAt(report, "2026-12-07T10:00:00.000Z"));
  });

  it("buckets by UTC hour over the last 24 hours and by UTC day over the last 30 days, edges included", async () => {
    const { id } = await createAccount();
    const mcpId = crypto.randomUUID();
    await seed(id, mcpId, [
      { at: "2026-12-07T10:29:59.999Z" }, // the current hour, still filling
      { at: "2026-12-07T10:00:00.000Z" },
      { at: "2026-12-07T09:59:59.999Z", outcome: "rate_limited" },
      { at: "2026-12-06T11:00:00.000Z", outcome: "budget_refused" }, // the 24h window's first instant
      { at: "2026-12-06T10:59:59.999Z", outcome: "invalid_arguments" }, // just before it
      { at: "2026-11-08T00:00:00.000Z", outcome: "timeout" }, // the 30d window's first instant
      { at: "2026-11-07T23:59:59.999Z" }, // just before it
    ]);
    const hours = await usageAt(`/integrated-account/${id}/usage?window=24h`);
    expect(hours.window).toBe("24h");
    expect(hours.buckets.map((b) => b.start)).toEqual(
      Array.from({ length: 24 }, (_, i) =>
        new Date(Date.parse("2026-12-06T11:00:00.000Z") + i * 3_600_000).toISOString(),
      ),
    );
    expect(bucketAt(hours, "2026-12-07T10:00:00.000Z")).toEqual({ ...none, ok: 2 });
    expect(bucketAt(hours, "2026-12-07T09:00:00.000Z")).toEqual({ ...none, rate_limited: 1 });
    expect(bucketAt(hours, "2026-12-06T11:00:00.000Z")).toEqual({ ...none, refused: 1 });
    expect(totals(hours)).toEqual({ ...none, ok: 2, rate_limited: 1, refused: 1 });

    const days = await usageAt(`/integrated-account/${id}/usage?window=30d`);
    expect(days.window).toBe("30d");
    expect(days.buckets).toHaveLength(30);
    expect(days.buckets[0]?.start).toBe("2026-11-08T00:00:00.000Z");
    expect(days.buckets.at(-1)?.start).toBe("2026-12-07T00:00:00.000Z");
    expect(bucketAt(days, "2026-12-07T00:00:00.000Z")).toEqual({ ...none, ok: 2, rate_limited: 1 });
    expect(bucketAt(days, "2026-12-06T00:00:00.000Z")).toEqual({ ...none, refused: 1, invalid_arguments: 1 });
    expect(bucketAt(days, "2026-11-08T00:00:00.000Z")).toEqual({ ...none, upstream_error: 1 });
    expect(totals(days)).toEqual({
      ...none,
      ok: 2,
      rate_limited: 1,
      refused: 1,
      invalid_arguments: 1,
      upstream_error: 1,
    });

    // An hour later the 24h window has moved on by one slot: its first hour has left.
    const later = await usageAt(`/integrated-account/${id}/usage`, NOW + 3_600_000);
    expect(later.window).toBe("24h");
    expect(later.buckets[0]?.start).toBe("2026-12-06T12:00:00.000Z");
    expect(totals(later)).toEqual({ ...none, ok: 2, rate_limited: 1 });
  });

  it("latency percentiles by nearest rank over the calls that went out; refusals don't pull them to 0 ms", async () => {
    const { id } = await createAccount();
    const mcpId = crypto.randomUUID();
    const at = "2026-12-07T08:00:00Z";
    // 1..100 ms over the timed outcomes, and 50 refusals at 0 ms.
    const timed: CallOutcome[] = ["ok", "cut", "upstream_error", "rate_limited", "timeout"];
    await seed(id, mcpId, [
      ...Array.from({ length: 100 }, (_, i) => ({ at, ms: 100 - i, outcome: timed[i % timed.length] })),
      ...Array.from({ length: 50 }, () => ({ at, ms: 0, outcome: "invalid_arguments" as const })),
      { at, ms: 0, outcome: "budget_refused" },
      { at, ms: 0, outcome: "unknown_tool" },
      { at, ms: 99_999, outcome: "ok" as const, mcp_server_id: crypto.randomUUID() },
    ]);
    const report = await usageAt(`/integrated-account/${id}/mcp/${mcpId}/usage`);
    expect(report.latency_ms).toEqual({ p50: 50, p90: 90, p99: 99 });
    // The account's view has the other URL's slow call as its 101st: p99 is the 100th of 101.
    expect((await usageAt(`/integrated-account/${id}/usage`)).latency_ms).toEqual({ p50: 51, p90: 91, p99: 100 });
    // Nothing timed in the window: no figure, not 0.
    const quiet = await createAccount();
    await seed(quiet.id, mcpId, [{ at, ms: 0, outcome: "invalid_arguments" }]);
    expect((await usageAt(`/integrated-account/${quiet.id}/usage`)).latency_ms).toEqual({
      p50: null,
      p90: null,
      p99: null,
    });
  });

  it("the ten tools called most, most first, ties by name, over the window only", async () => {
    const { id } = await createAccount();
    const mcpId = crypto.randomUUID();
    const rows: Seed[] = [];
    // tool_01 is called once, …, tool_12 twelve times; tool_13 is called 3 times (a tie with tool_03).
    for (let n = 1; n <= 12; n++)
      for (let i = 0; i < n; i++) rows.push({ at: "2026-12-07T09:00:00Z", tool: `tool_${String(n).padStart(2, "0")}` });
    for (let i = 0; i < 3; i++) rows.push({ at: "2026-12-07T09:00:00Z", tool: "tool_13" });
    rows.push(...Array.from({ length: 50 }, () => ({ at: "2026-12-01T00:00:00Z", tool: "old_favourite" })));
    await seed(id, mcpId, rows);
    const report = await usageAt(`/integrated-account/${id}/usage?window=24h`);
    expect(report.top_tools).toEqual([
      { tool: "tool_12", calls: 12 },
      { tool: "tool_11", calls: 11 },
      { tool: "tool_10", calls: 10 },
      { tool: "tool_09", calls: 9 },
      { tool: "tool_08", calls: 8 },
      { tool: "tool_07", calls: 7 },
      { tool: "tool_06", calls: 6 },
      { tool: "tool_05", calls: 5 },
      { tool: "tool_04", calls: 4 },
      { tool: "tool_03", calls: 3 },
    ]);
    expect((await usageAt(`/integrated-account/${id}/usage?window=30d`)).top_tools[0]).toEqual({
      tool: "old_favourite",
      calls: 50,
    });
  });

  it("the rate-limit headroom is the account's latest seen, whichever URL saw it and however old", async () => {
    const { id } = await createAccount();
    const other = await createAccount();
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    await seed(id, a, [
      { at: "2026-11-01T10:00:00Z", ratelimit_remaining: 300 },
      { at: "2026-11-01T10:10:00Z", ratelimit_remaining: 12, mcp_server_id: b },
      { at: "2026-11-01T10:20:00Z", outcome: "invalid_arguments" },
    ]);
    await seed(other.id, crypto.randomUUID(), [{ at: "2026-11-01T11:00:00Z", ratelimit_remaining: 399 }]);
    const expected = { remaining: 12, at: "2026-11-01T10:10:00.000Z" };
    expect((await usageAt(`/integrated-account/${id}/usage`)).ratelimit).toEqual(expected);
    expect((await usageAt(`/integrated-account/${id}/mcp/${a}/usage?window=30d`)).ratelimit).toEqual(expected);
    const fresh = await createAccount();
    expect((await usageAt(`/integrated-account/${fresh.id}/usage`)).ratelimit).toBeNull();
  });

  it("per URL and per account, from real calls; another account's URL shows nothing; a revoked URL stays readable", async () => {
    const account = await createAccount();
    const one = await mint(account.id, { config: { max_requests_per_minute: 2 } });
    const two = await mint(account.id, { config: { tags: ["tickets"] } });
    const call = (url: string, name: string, args: Record<string, unknown>) =>
      rpcResult(url, "tools/call", { name, arguments: args });
    await call(one.url, "get_single_freshservice_ticket_by_id", { id: 1 });
    await call(one.url, "get_single_freshservice_ticket_by_id", { id: "x" });
    await call(one.url, "get_single_freshservice_ticket_by_id", { id: 2 });
    await call(one.url, "get_single_freshservice_ticket_by_id", { id: 3 }); // past the budget of 2
    await call(two.url, "list_all_freshservice_tickets", { limit: 1 });
    await call(two.url, "list_all_freshservice_agents", {}); // not in the URL's tags: an unknown tool
    await settled();

    const base = `/integrated-account/${account.id}`;
    const read = async (path: string) => {
      const response = await admin(path);
      expect(response.status).toBe(200);
      return (await response.json()) as UsageReport;
    };
    const first = await read(`${base}/mcp/${one.id}/usage`);
    expect(totals(first)).toEqual({ ...none, ok: 2, invalid_arguments: 1, refused: 1 });
    expect(first.top_tools).toEqual([{ tool: "get_single_freshservice_ticket_by_id", calls: 4 }]);
    expect(first.ratelimit?.remaining).toEqual(expect.any(Number));
    const second = await read(`${base}/mcp/${two.id}/usage`);
    expect(totals(second)).toEqual({ ...none, ok: 1, refused: 1 });
    const whole = await read(`${base}/usage`);
    expect(totals(whole)).toEqual({ ...none, ok: 3, invalid_arguments: 1, refused: 2 });
    expect(whole.top_tools.map((t) => t.calls)).toEqual([4, 1, 1]);
    expect(whole.latency_ms.p99).toEqual(expect.any(Number));

    // Another account's URL under this account: nothing, as its logs.
    const stranger = await createAccount();
    expect(totals(await read(`/integrated-account/${stranger.id}/mcp/${one.id}/usage`))).toEqual(none);

    expect((await admin(`${base}/mcp/${one.id}`, undefined, "DELETE")).status).toBe(204);
    expect(totals(await read(`${base}/mcp/${one.id}/usage`))).toEqual(totals(first));
  });

  it.each([
    ["window=7d", "window"],
    ["window=", "window"],
    ["window=24h&limit=5", "(body)"],
  ])("refuses %s with a field error", async (query, path) => {
    const { id } = await createAccount();
    for (const route of [
      `/integrated-account/${id}/usage`,
      `/integrated-account/${id}/mcp/${crypto.randomUUID()}/usage`,
    ]) {
      const response = await admin(`${route}?${query}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; details: { path: string; message: string }[] } };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details.map((d) => d.path)).toContain(path);
    }
  });

  it("is behind the admin token, and 404s an unknown account or a malformed URL id", async () => {
    const { id } = await createAccount();
    expect((await admin(`/integrated-account/${id}/usage`, undefined, "GET", "wrong")).status).toBe(401);
    expect((await admin(`/integrated-account/${crypto.randomUUID()}/usage`)).status).toBe(404);
    expect((await admin(`/integrated-account/${id}/mcp/not-an-id/usage`)).status).toBe(404);
  });
});

describe("usage queries read through the time indexes", () => {
  /** Each statement's plan, as SQLite in workerd's D1 chooses it, over a trail of a few thousand calls. */
  async function plans(scope: { mcp_server_id?: string }) {
    const statements = usageStatements({ account_id: "account-plan", ...scope, window: "24h", now: NOW });
    return Object.fromEntries(
      await Promise.all(
        Object.entries(statements).map(async ([name, { sql, values }]) => {
          const { results } = await env.AUDIT_DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
            .bind(...values)
            .all<{ detail: string }>();
          return [name, results.map((r) => r.detail).join("; ")];
        }),
      ),
    );
  }

  it("an account's window, a URL's window and the latest headroom never scan the table", async () => {
    const insert = env.AUDIT_DB.prepare(
      `INSERT INTO tool_calls (at, account_id, mcp_server_id, tool, filters, outcome, http_status, duration_ms,
         ratelimit_remaining, touched_ids) VALUES (?, ?, ?, ?, '{}', ?, 200, ?, ?, '{}')`,
    );
    const rows = Array.from({ length: 3000 }, (_, i) =>
      insert.bind(
        NOW - i * 60_000,
        `account-${i % 3 === 0 ? "plan" : i % 7}`,
        `url-${i % 5}`,
        `tool_${i % 11}`,
        CALL_OUTCOMES[i % CALL_OUTCOMES.length] ?? "ok",
        i % 700,
        i % 2 ? 100 : null,
      ),
    );
    await env.AUDIT_DB.batch(rows);

    const account = await plans({});
    const url = await plans({ mcp_server_id: "url-0" });
    for (const name of ["slots", "tools", "latency"]) {
      expect(account[name]).toContain(
        "SEARCH tool_calls USING COVERING INDEX tool_calls_by_account_time (account_id=? AND at>? AND at<?)",
      );
      expect(url[name]).toContain(
        "SEARCH tool_calls USING COVERING INDEX tool_calls_by_server_time (mcp_server_id=? AND at>? AND at<?)",
      );
    }
    for (const plan of [account.ratelimit, url.ratelimit])
      expect(plan).toBe("SEARCH tool_calls USING INDEX tool_calls_by_account_time (account_id=?)");
    for (const plan of [...Object.values(account), ...Object.values(url)]) expect(plan).not.toMatch(/SCAN tool_calls/);
  });
});
