/**
 * Three test projects: `unit` (pure functions and the simulator, in Node), `worker` (the Worker inside workerd
 * through the Workers Vitest pool, its outbound fetches answered by the simulator), and `e2e` (the Worker in
 * real workerd through wrangler, driven by real MCP clients over HTTP).
 */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import type { Simulator } from "./simulator/simulator";
import { SECOND_TENANT_API_KEY, SECOND_TENANT_ONLY_FIELD } from "./test/worker-pool";

// Created on the first outbound request, so that the unit and e2e projects don't load it. Both tenants have a
// limit the suite can't exhaust: every worker test file shares this simulator and its clock-minute windows, so
// acme's real 400 a minute would make one file's calls (account verification, tool calls) fail another's with
// 429 depending on timing. The worker tests inject the 429s they test; the real limit is tested in e2e.
let simulator: Promise<Simulator> | undefined;
const workerPoolSimulator = () => {
  simulator ??= import("./simulator/simulator").then(
    ({ createSimulator, DEFAULT_API_KEY, DEFAULT_TICKET_CUSTOM_FIELDS }) =>
      createSimulator({
        tenants: [
          { apiKey: DEFAULT_API_KEY, name: "acme", plan: "pro", rateLimitPerMinute: 1_000_000 },
          {
            apiKey: SECOND_TENANT_API_KEY,
            name: "globex",
            plan: "enterprise",
            rateLimitPerMinute: 1_000_000,
            // A field only this company has: tenant-isolation tests look for it in the other's tools.
            ticketCustomFields: [
              ...DEFAULT_TICKET_CUSTOM_FIELDS,
              { name: SECOND_TENANT_ONLY_FIELD, label: "Globex project codename", type: "custom_text" },
            ],
          },
        ],
      }),
  );
  return simulator;
};

/** The audit trail's D1 migrations, applied inside workerd before each worker test file (test/worker/setup.ts). */
const auditMigrations = await readD1Migrations("./migrations");

/** `SOAK_RUNS=50000 npm run soak` turns the property tests' run counts up; 0 = the CI defaults. */
const soakRuns = Number(process.env.SOAK_RUNS ?? 0) || 0;

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" } },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ADMIN_API_TOKEN: "test-admin-token",
                CREDENTIALS_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                // The tests call the Worker as http://worker.test.
                ALLOWED_HOSTS: "worker.test",
                TEST_MIGRATIONS: auditMigrations,
              },
              // Every outbound request of the Worker lands in the simulator: nothing reaches the network.
              // `connection: close`: workerd would otherwise reuse a loopback connection that Node's server has
              // already closed after its 5 s keep-alive, and a test that was busy for longer than that between two
              // outbound calls would fail with "Network connection lost".
              outboundService: async (request: Request) => {
                const response = await (await workerPoolSimulator()).handle(request);
                response.headers.set("connection", "close");
                return response;
              },
            },
          }),
        ],
        // wrangler.toml's [alias], which the pool does not read: the Worker runs here as it is bundled.
        resolve: { alias: { "@modelcontextprotocol/server/_shims": "./worker/mcp/sdk-shims.ts" } },
        // One simulator serves every file, and tests count the requests it received: run files one at a time.
        // Generous timeouts: the machine is small and shared with other test processes.
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["./test/worker/setup.ts"],
          fileParallelism: false,
          testTimeout: 20_000,
          provide: { soakRuns },
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
