/**
 * Three test projects: `unit` (pure functions and the simulator, in Node), `worker` (the Worker inside workerd
 * through the Workers Vitest pool, its outbound fetches answered by the simulator), and `e2e` (the Worker in
 * real workerd through wrangler, driven by real MCP clients over HTTP).
 */
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import type { Simulator } from "./simulator/simulator";

// Created on the first outbound request, so that the unit and e2e projects don't load it.
let simulator: Promise<Simulator> | undefined;
const workerPoolSimulator = () => {
  simulator ??= import("./simulator/simulator").then(({ createSimulator }) => createSimulator());
  return simulator;
};

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
              },
              // Every outbound request of the Worker lands in the simulator: nothing reaches the network.
              outboundService: async (request: Request) => (await workerPoolSimulator()).handle(request),
            },
          }),
        ],
        // One simulator serves every file, and tests count the requests it received: run files one at a time.
        test: { name: "worker", include: ["test/worker/**/*.test.ts"], fileParallelism: false },
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
