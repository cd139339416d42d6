/**
 * The usage queries (worker/audit/usage-report.ts) over an audit trail of a million calls in a local D1: seeded by
 * one SQL statement through Miniflare, timed before and after the time indexes of migrations/0002, each query as
 * the Worker sends it. `BENCH_ONLY=usage npm run bench`; BENCH_USAGE_ROWS changes the trail's size.
 */
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { Miniflare } from "miniflare";
import { type UsageQuery, usageStatements } from "../worker/audit/usage-report";
import { median } from "./cpu-profile";

/** Runs per query and index state; the median is reported. */
const RUNS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The migration that adds the usage indexes: the seeded trail is timed before it and after it. */
const INDEX_MIGRATION = "0002_usage_indexes.sql";

/** The busy account holds half the rows, and its busiest URL 40 % of those; 19 quieter accounts share the rest. */
export const BUSY_ACCOUNT = "account-00";
export const BUSY_URL = "account-00/url-0";

/**
 * A trail of `rows` calls spread evenly over the last 30 days before `now`, in one INSERT … SELECT (a million
 * bound inserts through D1's API would take longer than the queries measured). Outcomes, tools and durations
 * are spread by fixed arithmetic on the row number, so every run seeds the same trail.
 */
function seedSql(rows: number, now: number): string {
  const step = Math.max(1, Math.floor((30 * DAY_MS) / rows));
  return `INSERT INTO tool_calls (at, account_id, mcp_server_id, tool, filters, outcome, http_status, duration_ms,
            ratelimit_remaining, touched_ids, arguments)
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows - 1}),
    calls AS (
      SELECT i,
        CASE WHEN i % 2 = 0 THEN '${BUSY_ACCOUNT}' ELSE printf('account-%02d', 1 + (i / 2) % 19) END AS account_id,
        (i / 2) % 5 AS url,
        (i * 37) % 100 AS roll
      FROM n)
    SELECT ${now} - 1 - i * ${step},
      account_id,
      account_id || '/url-' || CASE WHEN url < 2 THEN 0 ELSE url - 1 END,
      'list_tool_' || ((i * 7) % 97) % 40,
      '{}',
      CASE WHEN roll < 80 THEN 'ok' WHEN roll < 83 THEN 'cut' WHEN roll < 88 THEN 'invalid_arguments'
           WHEN roll < 90 THEN 'unknown_tool' WHEN roll < 92 THEN 'budget_refused' WHEN roll < 95 THEN 'rate_limited'
           WHEN roll < 98 THEN 'upstream_error' WHEN roll < 99 THEN 'timeout' ELSE 'cancelled' END,
      CASE WHEN roll < 83 THEN 200 WHEN roll >= 92 AND roll < 95 THEN 429 WHEN roll >= 95 AND roll < 98 THEN 404 END,
      CASE WHEN i % 100 = 0 THEN 25000 ELSE 40 + (i * 7919) % 1500 END,
      CASE WHEN roll < 83 THEN 400 - i % 400 END,
      '{}',
      NULL
    FROM calls`;
}

export interface UsageTiming {
  query: string;
  statement: string;
  /** D1's own figure for the statement (`meta.duration`), median of the runs, milliseconds. */
  withoutMs: number;
  withMs: number;
  /** Rows SQLite read (`meta.rows_read`), what D1 bills a read by. */
  rowsReadWithout: number;
  rowsReadWith: number;
  planWith: string;
}

export interface UsageBench {
  rows: number;
  seedSeconds: number;
  indexSeconds: number;
  timings: UsageTiming[];
}

/** The four usage queries, per scope and window, on the seeded trail without and with the indexes. */
export async function benchUsage(rows: number, progress: (what: string) => void): Promise<UsageBench> {
  const migrations = await readD1Migrations("migrations");
  const before = migrations.filter((m) => m.name < INDEX_MIGRATION);
  const indexes = migrations.find((m) => m.name === INDEX_MIGRATION);
  if (!indexes) throw new Error(`migrations/${INDEX_MIGRATION} is missing`);
  // In memory: the figures are SQLite's work, not the disk's.
  const mf = new Miniflare({ modules: true, script: "export default {}", d1Databases: { AUDIT_DB: "bench-usage" } });
  try {
    const db = await mf.getD1Database("AUDIT_DB");
    for (const { queries } of before) await db.batch(queries.map((query) => db.prepare(query)));
    const now = Date.now();
    progress(`usage: seeding ${rows.toLocaleString("en")} calls`);
    let started = performance.now();
    await db.prepare(seedSql(rows, now)).run();
    const seedSeconds = (performance.now() - started) / 1000;

    const queries: [string, UsageQuery][] = [
      ["account, 24h", { account_id: BUSY_ACCOUNT, window: "24h", now }],
      ["account, 30d", { account_id: BUSY_ACCOUNT, window: "30d", now }],
      ["URL, 24h", { account_id: BUSY_ACCOUNT, mcp_server_id: BUSY_URL, window: "24h", now }],
      ["URL, 30d", { account_id: BUSY_ACCOUNT, mcp_server_id: BUSY_URL, window: "30d", now }],
    ];
    const measure = async () => {
      const results = new Map<string, { ms: number; rowsRead: number; plan: string }>();
      for (const [label, query] of queries)
        for (const [name, statement] of Object.entries(usageStatements(query))) {
          const runs: { ms: number; rowsRead: number }[] = [];
          for (let run = 0; run < RUNS; run++) {
            const { meta } = await db
              .prepare(statement.sql)
              .bind(...statement.values)
              .all();
            runs.push({ ms: meta.duration, rowsRead: meta.rows_read });
          }
          const { results: plan } = await db
            .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
            .bind(...statement.values)
            .all<{ detail: string }>();
          results.set(`${label}|${name}`, {
            ms: median(runs.map((r) => r.ms)) ?? Number.NaN,
            rowsRead: runs[0]?.rowsRead ?? Number.NaN,
            plan: plan.map((p) => p.detail).join("; "),
          });
        }
      return results;
    };
    progress("usage: timing the queries without the usage indexes");
    const without = await measure();
    progress(`usage: creating the indexes (${INDEX_MIGRATION})`);
    started = performance.now();
    await db.batch(indexes.queries.map((query) => db.prepare(query)));
    const indexSeconds = (performance.now() - started) / 1000;
    progress("usage: timing the queries with them");
    const withIndexes = await measure();
    const timings = [...withIndexes.entries()].map(([key, after]) => {
      const [query = "", statement = ""] = key.split("|");
      const prior = without.get(key);
      return {
        query,
        statement,
        withoutMs: prior?.ms ?? Number.NaN,
        withMs: after.ms,
        rowsReadWithout: prior?.rowsRead ?? Number.NaN,
        rowsReadWith: after.rowsRead,
        planWith: after.plan,
      };
    });
    return { rows, seedSeconds, indexSeconds, timings };
  } finally {
    await mf.dispose();
  }
}
