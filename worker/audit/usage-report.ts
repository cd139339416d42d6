/**
 * Usage aggregated from the audit trail in D1, for one account or one of its URLs: calls per slot and series, the
 * tools called most, latency percentiles and the account's last seen rate-limit headroom. Four read-only
 * statements in one batch; each reads only its window's rows through the time indexes (migrations/0002).
 */
import type { CallOutcome } from "./call-record";
import {
  emptyCounts,
  LATENCY_PERCENTILES,
  SERIES_OF_OUTCOME,
  type SeriesCounts,
  TIMED_OUTCOMES,
  TOP_TOOLS,
  type UsageWindow,
  windowRange,
} from "./usage-series";

export interface UsageQuery {
  account_id: string;
  /** One URL's calls; the whole account's when left out. */
  mcp_server_id?: string;
  window: UsageWindow;
  /** Epoch milliseconds: the window ends with the slot that holds this instant. */
  now: number;
}

export type UsageBucket = { start: string } & SeriesCounts;

export interface UsageReport {
  window: UsageWindow;
  buckets: UsageBucket[];
  top_tools: { tool: string; calls: number }[];
  /** Nearest-rank percentiles of the window's timed calls (usage-series.ts); null when there were none. */
  latency_ms: { p50: number | null; p90: number | null; p99: number | null };
  /** Freshservice's `X-Ratelimit-Remaining` as the account's latest call that carried one saw it. */
  ratelimit: { remaining: number; at: string } | null;
}

export interface UsageStatement {
  sql: string;
  values: (string | number)[];
}

/**
 * The report's statements as SQL text and values: run together by `usageReport`, and planned by the test that
 * checks each reads through an index (EXPLAIN QUERY PLAN).
 */
export function usageStatements(q: UsageQuery): Record<"slots" | "tools" | "latency" | "ratelimit", UsageStatement> {
  const { start, end, slotMs } = windowRange(q.window, q.now);
  // One URL's rows come through its own index. `+account_id` rules the account's index out: to the planner both
  // are an equality and a range, and the account's would read every URL's rows of the window.
  const scope = q.mcp_server_id
    ? { where: "mcp_server_id = ? AND +account_id = ?", values: [q.mcp_server_id, q.account_id] }
    : { where: "account_id = ?", values: [q.account_id] };
  const inWindow = `${scope.where} AND at >= ? AND at < ?`;
  const windowValues = [...scope.values, start, end];
  const timed = TIMED_OUTCOMES.map(() => "?").join(", ");
  const percentiles = LATENCY_PERCENTILES.map(
    // Nearest rank: the least duration whose running count reaches p % of the total.
    (p) => `MIN(CASE WHEN upto * 100 >= total * ${p} THEN duration_ms END) AS p${p}`,
  ).join(", ");
  return {
    slots: {
      sql: `SELECT CAST((at - ?) / ? AS INTEGER) AS slot, outcome, COUNT(*) AS calls FROM tool_calls
              WHERE ${inWindow} GROUP BY slot, outcome`,
      values: [start, slotMs, ...windowValues],
    },
    tools: {
      sql: `SELECT tool, COUNT(*) AS calls FROM tool_calls WHERE ${inWindow}
              GROUP BY tool ORDER BY calls DESC, tool LIMIT ?`,
      values: [...windowValues, TOP_TOOLS],
    },
    // Grouped by duration first, so the window functions run over distinct durations (a few thousand at most:
    // whole milliseconds up to the upstream timeout), not over every call.
    latency: {
      sql: `WITH durations AS (
                SELECT duration_ms, COUNT(*) AS calls FROM tool_calls
                  WHERE ${inWindow} AND outcome IN (${timed}) GROUP BY duration_ms),
              running AS (
                SELECT duration_ms, SUM(calls) OVER (ORDER BY duration_ms) AS upto, SUM(calls) OVER () AS total
                  FROM durations)
            SELECT ${percentiles} FROM running`,
      values: [...windowValues, ...TIMED_OUTCOMES],
    },
    // The account's, whichever URL made the call: Freshservice's limit is shared by all of them. Not bound to the
    // window: the latest figure is the one that matters, and `at` says how old it is.
    ratelimit: {
      sql: `SELECT ratelimit_remaining, at FROM tool_calls
              WHERE account_id = ? AND ratelimit_remaining IS NOT NULL ORDER BY at DESC LIMIT 1`,
      values: [q.account_id],
    },
  };
}

export async function usageReport(db: D1Database, q: UsageQuery): Promise<UsageReport> {
  const statements = usageStatements(q);
  const prepared = (s: UsageStatement) => db.prepare(s.sql).bind(...s.values);
  const [slots, tools, latency, ratelimit] = await db.batch([
    prepared(statements.slots),
    prepared(statements.tools),
    prepared(statements.latency),
    prepared(statements.ratelimit),
  ]);
  const { start, slotMs, slots: count } = windowRange(q.window, q.now);
  const buckets: UsageBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(start + i * slotMs).toISOString(),
    ...emptyCounts(),
  }));
  for (const row of (slots?.results ?? []) as { slot: number; outcome: CallOutcome; calls: number }[]) {
    const bucket = buckets[row.slot];
    const series = SERIES_OF_OUTCOME[row.outcome];
    // A row written with an outcome this version doesn't know is still a call.
    if (bucket) bucket[series ?? "other"] += row.calls;
  }
  const percentiles = (latency?.results[0] ?? {}) as Record<string, number | null>;
  const last = ratelimit?.results[0] as { ratelimit_remaining: number; at: number } | undefined;
  return {
    window: q.window,
    buckets,
    top_tools: (tools?.results ?? []) as { tool: string; calls: number }[],
    latency_ms: { p50: percentiles.p50 ?? null, p90: percentiles.p90 ?? null, p99: percentiles.p99 ?? null },
    ratelimit: last ? { remaining: last.ratelimit_remaining, at: new Date(last.at).toISOString() } : null,
  };
}
