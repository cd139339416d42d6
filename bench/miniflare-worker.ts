/**
 * The built Worker bundle in workerd through Miniflare directly, without wrangler's dev proxy in front: its
 * bindings from wrangler.toml, local state in a directory the caller owns, and workerd's inspector on a free
 * loopback port so that its isolate can be profiled.
 *
 * `lazy` starts the Worker behind a small entry that imports the bundle on the first request instead of at
 * start-up (as `wrangler check startup` does): the module's evaluation then happens while a profiler runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { workerdChildren } from "../test/e2e/process-memory";

const WORKER_NAME = "worker";
/** The lazy entry's path that only evaluates the bundle and answers. */
export const EVALUATE_PATH = "/__bench/evaluate";

export interface MiniflareWorker {
  url: string;
  /** The inspector WebSocket of the Worker's own isolate (not Miniflare's helper workers). */
  inspectorTarget: string;
  /** The workerd process, for its CPU time in /proc; undefined when it can't be told apart. */
  workerdPid?: number;
  dispose(): Promise<void>;
}

export interface MiniflareWorkerOptions {
  /** Where `wrangler deploy --dry-run --outdir` wrote index.js. */
  bundleDir: string;
  /** The root of local KV and D1 state (as wrangler's `--persist-to`). */
  persistDir: string;
  secrets: Record<string, string>;
  lazy?: boolean;
}

export async function startMiniflareWorker(options: MiniflareWorkerOptions): Promise<MiniflareWorker> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions("wrangler.toml");
  const bundle = join(options.bundleDir, "index.js");
  // The lazy entry can't re-export the Durable Object class without evaluating the bundle; URL budgets are off in
  // the URLs measured, so the binding is left out there.
  const code = options.lazy
    ? {
        durableObjects: {},
        modules: [
          { type: "ESModule" as const, path: join(options.bundleDir, "bench-entry.js"), contents: LAZY_ENTRY },
          { type: "ESModule" as const, path: bundle, contents: readFileSync(bundle, "utf8") },
        ],
      }
    : { modules: true, scriptPath: bundle };
  const before = new Set(workerdChildren());
  const mf = new Miniflare({
    ...workerOptions,
    ...code,
    name: WORKER_NAME,
    modulesRoot: options.bundleDir,
    bindings: { ...workerOptions.bindings, ...options.secrets },
    defaultPersistRoot: join(options.persistDir, "v3"),
    host: "127.0.0.1",
    port: 0,
    inspectorPort: 0,
    // One log line per call would drown the bench's tables; errors still show.
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.resume();
      // Not pipe(): every fresh isolate would add its listeners to process.stderr.
      stderr.on("data", (chunk) => process.stderr.write(chunk));
    },
  });
  const url = (await mf.ready).origin;
  const inspector = await mf.getInspectorURL();
  const started = workerdChildren().filter((pid) => !before.has(pid));
  return {
    url,
    inspectorTarget: new URL(`/core:user:${WORKER_NAME}`, inspector).href,
    workerdPid: started.length === 1 ? started[0] : undefined,
    dispose: () => mf.dispose(),
  };
}

const LAZY_ENTRY = `
let worker;
export default {
  async fetch(request, env, ctx) {
    worker ??= (await import("./index.js")).default;
    if (new URL(request.url).pathname === "${EVALUATE_PATH}") return new Response("evaluated");
    return worker.fetch(request, env, ctx);
  },
};
`;
