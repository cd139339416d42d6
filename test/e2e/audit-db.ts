/**
 * The audit trail's tables for a Worker started by wrangler: the migrations applied to a fresh local D1 under
 * `persistDir`, as `wrangler d1 migrations apply AUDIT_DB --local --persist-to <dir>` would, but in-process
 * (Miniflare in Node takes about a second; the wrangler CLI several under load); and calls seeded into it.
 */
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { Miniflare } from "miniflare";

/** wrangler.toml's local `database_id`: wrangler dev names the local database by it. */
const LOCAL_AUDIT_DATABASE_ID = "local-audit";

export async function applyAuditMigrations(persistDir: string): Promise<void> {
  const migrations = await readD1Migrations("migrations");
  await withAuditDb(persistDir, async (db) => {
    for (const { queries } of migrations) await db.batch(queries.map((query) => db.prepare(query)));
  });
}

/** One call of the audit trail as a test seeds it (what the Worker writes, with its defaults for the rest). */
export interface SeededCall {
  at: number;
  account_id: string;
  mcp_server_id: string;
  tool: string;
  outcome: string;
  duration_ms: number;
  http_status?: number;
  ratelimit_remaining?: number;
}

/** Writes calls into the local audit trail under `persistDir`: only while no Worker runs on that directory. */
export async function seedAuditTrail(persistDir: string, calls: SeededCall[]): Promise<void> {
  await withAuditDb(persistDir, async (db) => {
    const insert = db.prepare(
      `INSERT INTO tool_calls (at, account_id, mcp_server_id, tool, filters, outcome, http_status, duration_ms,
         ratelimit_remaining, touched_ids) VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, '{}')`,
    );
    await db.batch(
      calls.map((c) =>
        insert.bind(
          c.at,
          c.account_id,
          c.mcp_server_id,
          c.tool,
          c.outcome,
          c.http_status ?? null,
          c.duration_ms,
          c.ratelimit_remaining ?? null,
        ),
      ),
    );
  });
}

async function withAuditDb(persistDir: string, use: (db: D1Database) => Promise<void>): Promise<void> {
  const mf = new Miniflare({
    modules: true,
    script: "export default {}",
    defaultPersistRoot: `${persistDir}/v3`,
    d1Databases: { AUDIT_DB: LOCAL_AUDIT_DATABASE_ID },
  });
  try {
    await use(await mf.getD1Database("AUDIT_DB"));
  } finally {
    await mf.dispose();
  }
}
