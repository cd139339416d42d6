/**
 * The whole product on loopback for end-to-end tests: the simulator as Freshservice, and the Worker in real
 * workerd (through wrangler), with its local state (KV, D1) in a temporary directory and the console captured so tests can look for leaks.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_DevEnv } from "wrangler";
import { startSimulatorServer } from "../../simulator/node-server";
import type { SimulatorOptions } from "../../simulator/simulator";
import { applyAuditMigrations } from "./audit-db";
import { workerdChildren } from "./process-memory";

export const ADMIN_TOKEN = "e2e-admin-token-0123456789";
const CREDENTIALS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

for (const [name, value] of Object.entries({
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
}))
  process.env[name] ??= value;

export interface Stack {
  workerUrl: string;
  simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  /** Everything the Worker printed (console.log/error), for leak checks. */
  logs: string[];
  /** The workerd process running the Worker (Linux), for memory checks; undefined when it can't be told. */
  workerdPid?: number;
  /** The inspector's address when `inspector` was asked for. */
  inspectorUrl?: URL;
  /**
   * The Worker's own workerd socket, behind wrangler's dev proxy (`workerUrl`). For load runs that pause between
   * bursts: the proxy keeps a pool of connections to this socket that closes idle ones after 5 s while workerd's
   * server also closes them after 5 s, so a request sent ~4-5 s after a burst can be written to a connection the
   * Worker's side just closed; it never reaches the Worker, and the proxy answers 503 "Your worker restarted
   * mid-request" although nothing restarted (cloudflare/workers-sdk#14641).
   */
  runtimeUrl: string;
  admin(path: string, init?: { method?: string; body?: unknown; token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Extra plain-text vars for the Worker, e.g. `{ UPSTREAM_TIMEOUT_MS: "1500" }`. */
  vars?: Record<string, string>;
  /** Open workerd's inspector on a free loopback port (for heap measurements); off by default. */
  inspector?: boolean;
  /** Only errors from wrangler and the Worker (no log lines, no binding table): for load runs and benchmarks. */
  quiet?: boolean;
  /**
   * Local state (KV, D1) the caller prepared (`applyAuditMigrations`) and keeps when the stack stops: for a test
   * that restarts the Worker on what an earlier stack wrote. By default each stack has a fresh directory of its own.
   */
  state?: string;
}

export async function startStack(simulatorOptions?: SimulatorOptions, options: StackOptions = {}): Promise<Stack> {
  const simulator = await startSimulatorServer(simulatorOptions);
  const logs: string[] = [];
  const capture =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      logs.push(args.map(String).join(" "));
      original(...args);
    };
  // Local state (KV, D1) in a fresh directory per stack, removed when it stops; the audit trail's tables first.
  const persistDir = options.state ?? mkdtempSync(join(tmpdir(), "fs-mcp-e2e-"));
  if (!options.state) await applyAuditMigrations(persistDir);
  const workerdBefore = new Set(workerdChildren());
  // unstable_startWorker, with a look at the runtime's address the dev proxy forwards to.
  const devEnv = new unstable_DevEnv();
  const onReloadComplete = devEnv.proxy.onReloadComplete.bind(devEnv.proxy);
  const runtimeUrl = new Promise<string>((resolve) => {
    devEnv.proxy.onReloadComplete = (event) => {
      const { protocol, hostname, port } = event.proxyData.userWorkerUrl;
      resolve(`${protocol}//${hostname}:${port}`);
      onReloadComplete(event);
    };
  });
  const worker = await devEnv.startWorker({
    config: "wrangler.toml",
    envFiles: [],
    bindings: {
      ADMIN_API_TOKEN: { type: "secret_text", value: ADMIN_TOKEN },
      CREDENTIALS_KEY: { type: "secret_text", value: CREDENTIALS_KEY },
      ...Object.fromEntries(
        Object.entries(options.vars ?? {}).map(([name, value]) => [name, { type: "plain_text" as const, value }]),
      ),
    },
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: options.inspector ? { hostname: "127.0.0.1", port: 0 } : false,
      persist: persistDir,
      watch: false,
      logLevel: options.quiet ? "error" : "log",
    },
  });
  const url = await worker.url;
  const originalLog = console.log;
  const originalError = console.error;
  console.log = capture(originalLog);
  console.error = capture(originalError);
  const workerUrl = url.origin;
  const started = workerdChildren().filter((pid) => !workerdBefore.has(pid));
  return {
    workerUrl,
    runtimeUrl: await runtimeUrl,
    simulator,
    logs,
    workerdPid: started.length === 1 ? started[0] : undefined,
    inspectorUrl: options.inspector ? await worker.inspectorUrl : undefined,
    admin(path, init = {}) {
      return fetch(`${workerUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: {
          authorization: `Bearer ${init.token ?? ADMIN_TOKEN}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    },
    async stop() {
      console.log = originalLog;
      console.error = originalError;
      await worker.dispose();
      await simulator.close();
      if (!options.state) rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

/** Registers the simulator's default tenant and mints an MCP URL; returns the URL and the ids. */
export async function mintServer(
  stack: Stack,
  body: { name?: string; config?: Record<string, unknown>; expires_at?: string | null } = {},
  apiKey = "sim-api-key",
) {
  const account = await stack.admin("/integrated-account", {
    body: { name: "Acme", domain: "acme.freshservice.com", api_key: apiKey, base_url: stack.simulator.url },
  });
  if (account.status !== 201) throw new Error(`account: ${account.status} ${await account.text()}`);
  const { id: accountId } = (await account.json()) as { id: string };
  const server = await stack.admin(`/integrated-account/${accountId}/mcp`, {
    body: { name: body.name ?? "e2e", config: body.config ?? {}, expires_at: body.expires_at ?? null },
  });
  if (server.status !== 201) throw new Error(`mcp: ${server.status} ${await server.text()}`);
  const created = (await server.json()) as { id: string; url: string };
  return { accountId, mcpId: created.id, url: created.url };
}
