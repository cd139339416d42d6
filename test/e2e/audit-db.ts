/**
 * The audit trail's tables for a Worker started by wrangler: the migrations applied to a fresh local D1 under
 * `persistDir`, as `wrangler d1 migrations apply AUDIT_DB --local --persist-to <dir>` would, but in-process
 * (Miniflare in Node takes about a second; the wrangler CLI several under load).
 */
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { Miniflare } from "miniflare";

/** wrangler.toml's local `database_id`: wrangler dev names the local database by it. */
const LOCAL_AUDIT_DATABASE_ID = "local-audit";

export async function applyAuditMigrations(persistDir: string): Promise<void> {
  const migrations = await readD1Migrations("migrations");
  const mf = new Miniflare({
    modules: true,
    script: "export default {}",
    defaultPersistRoot: `${persistDir}/v3`,
    d1Databases: { AUDIT_DB: LOCAL_AUDIT_DATABASE_ID },
  });
  try {
    const db = await mf.getD1Database("AUDIT_DB");
    for (const { queries } of migrations) await db.batch(queries.map((query) => db.prepare(query)));
  } finally {
    await mf.dispose();
  }
}
