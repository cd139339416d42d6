/** Runs inside workerd before each worker test file: the audit trail's tables, as `wrangler d1 migrations apply` makes them. */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

// The migrations folder, read in Node by vitest.config.ts and handed over as a binding.
const { TEST_MIGRATIONS } = env as unknown as { TEST_MIGRATIONS: D1Migration[] };
await applyD1Migrations(env.AUDIT_DB, TEST_MIGRATIONS);
