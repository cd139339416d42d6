/**
 * `npm run soak`: the property-based fuzzing of the admin API and the MCP endpoint (test/worker/property.test.ts)
 * with far more generated requests than a CI run: SOAK_RUNS in all (default 50,000), spread over the same
 * properties. Runs inside workerd through the Workers Vitest pool; exits with Vitest's status.
 */
import { spawnSync } from "node:child_process";

const runs = Number(process.env.SOAK_RUNS ?? 50_000);
if (!Number.isSafeInteger(runs) || runs < 1) {
  console.error("SOAK_RUNS must be a positive whole number");
  process.exit(2);
}
console.log(`Soak: ${runs} generated requests against the admin API and the MCP endpoint…`);
const started = Date.now();
const result = spawnSync("node_modules/.bin/vitest", ["run", "--project", "worker", "test/worker/property.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, SOAK_RUNS: String(runs) },
});
console.log(`Soak finished in ${((Date.now() - started) / 1000).toFixed(0)} s with exit status ${result.status}.`);
process.exit(result.status ?? 1);
