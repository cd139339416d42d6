/**
 * `npm run bench`: measures what Cloudflare bills and what users wait for, on loopback, prints tables and each
 * of issue 11's goals with its gap, and exits. Nothing here is asserted; the tests assert behaviour.
 *
 *  1. the bundle `wrangler deploy --dry-run` builds for each environment, and its biggest inputs;
 *  2. CPU in the Worker's isolate per request, by kind and URL scope (V8's sampling profiler through workerd's
 *     inspector, the bundle run by Miniflare directly), cross-checked with workerd's CPU from /proc;
 *  3. a fresh isolate: module evaluation and the first request's CPU;
 *  4. tools/call latency and throughput: the simulator directly, the Worker through Miniflare, and through
 *     `wrangler dev` (wrangler's `unstable_startWorker`, its dev proxy in front);
 *  5. tools/list sizes per URL configuration, and a rate-limited burst;
 *  6. memory: the isolate's heap after a full GC and workerd's RSS, before and after 3,000 mixed calls and ten
 *     50 MB answers;
 *  7. the usage queries over an audit trail of a million calls, without and with their indexes (audit-usage.ts).
 *
 * Profiles and per-kind top functions go to bench/results/ (not committed). `npm run bench -- --write` (or
 * BENCH_WRITE=1) also rewrites BENCHMARKS.md from the run. Settings, from the environment: BENCH_REQUESTS
 * (requests per profiled batch, default 200), BENCH_RUNS (batches per kind, median taken, 5), BENCH_FRESH_RUNS
 * (fresh isolates per first-request kind, 5), BENCH_SAMPLING_US (profiler interval, 100), BENCH_SECONDS (each
 * load run, 5), BENCH_CONNECTIONS (10), BENCH_USAGE_ROWS (calls in the seeded audit trail, 1,000,000).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { DEPLOY_ENVIRONMENTS } from "../scripts/check-deploy";
import { startSimulatorServer } from "../simulator/node-server";
import { applyAuditMigrations } from "../test/e2e/audit-db";
import { openInspectorSession } from "../test/e2e/inspector-session";
import { connectIsolateHeap } from "../test/e2e/isolate-heap";
import { rssBytes, workerdChildren } from "../test/e2e/process-memory";
import { type Stack, startStack } from "../test/e2e/stack";
import { BUSY_ACCOUNT, BUSY_URL, benchUsage } from "./audit-usage";
import {
  type BenchReport,
  DEFAULT_SETTINGS,
  loadAverage,
  machine,
  writeBenchmarksMd,
  writeProfileSummary,
} from "./benchmarks-md";
import { type Bundle, measureBundle } from "./bundle";
import { functionsPerRequest, type IsolateCpu, median } from "./cpu-profile";
import { type ProfiledBatch, profileBatch, unprofiledBatch } from "./isolate-cpu";
import { judgeAll } from "./issue-goals";
import {
  adminClient,
  MCP_HEADERS,
  mintUrls,
  REQUEST_KINDS,
  type RequestKind,
  rpcBody,
  SCOPES,
  type Scope,
  sendKind,
} from "./mcp-requests";
import { EVALUATE_PATH, startMiniflareWorker } from "./miniflare-worker";
import { sourceLabeller } from "./source-locations";

function setting(name: keyof typeof DEFAULT_SETTINGS): number {
  const raw = process.env[`BENCH_${name}`];
  const value = Number(raw ?? DEFAULT_SETTINGS[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`BENCH_${name} must be a whole number of at least 1 (is ${JSON.stringify(raw)})`);
  return value;
}
const REQUESTS = setting("REQUESTS");
const RUNS = setting("RUNS");
const FRESH_RUNS = setting("FRESH_RUNS");
const SAMPLING_US = setting("SAMPLING_US");
const SECONDS = setting("SECONDS");
const CONNECTIONS = setting("CONNECTIONS");
const USAGE_ROWS = setting("USAGE_ROWS");
const WRITE = process.argv.includes("--write") || process.env.BENCH_WRITE === "1";
/** BENCH_ONLY=bundle,cpu,wrangler,memory,usage runs only those sections (cpu includes the fresh isolates). */
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const runs = (section: "bundle" | "cpu" | "wrangler" | "memory" | "usage") => !ONLY || ONLY.includes(section);
/** BENCH_KINDS=ping,tools-call profiles only those request kinds (slugs), to trace one change quickly. */
const KINDS = process.env.BENCH_KINDS?.split(",").map((s) => s.trim());
const measured = (slug: string) => !KINDS || KINDS.includes(slug);
if (WRITE && (ONLY || KINDS)) throw new Error("--write records a whole run: leave BENCH_ONLY and BENCH_KINDS unset");
/** Requests before a kind's batches: the JIT warms and the URL's field metadata is fetched and cached. */
const WARM_UP_REQUESTS = 20;
const RESULTS_DIR = "bench/results";

const FAST_KEY = "bench-api-key";
const LIMITED_KEY = "bench-limited-key";
const LIMIT_PER_MINUTE = 200;
const ADMIN_TOKEN = "bench-admin-token-0123456789";
const SECRETS = { ADMIN_API_TOKEN: ADMIN_TOKEN, CREDENTIALS_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" };
const TENANTS = [
  { apiKey: FAST_KEY, name: "acme", plan: "enterprise" as const, rateLimitPerMinute: 1_000_000_000 },
  { apiKey: LIMITED_KEY, name: "globex", plan: "pro" as const, rateLimitPerMinute: LIMIT_PER_MINUTE },
];
const TICKET_READ = { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } };
/** The first request of a fresh isolate is measured for these kinds (each on its own fresh isolate). */
const FIRST_REQUEST_KINDS = ["initialize", "tools-list-one-tag", "tools-list-full", "tools-call"];

const benchStarted = performance.now();
/** Progress on stderr, so a long run shows where it is (the tables go to stdout at the end). */
function progress(what: string) {
  process.stderr.write(`[bench ${Math.round((performance.now() - benchStarted) / 1000)} s] ${what}\n`);
}

const rows: Record<string, Record<string, string | number>[]> = {};
function report(table: string, row: Record<string, string | number>) {
  rows[table] ??= [];
  rows[table].push(row);
}

const ms = (n: number) => Math.round(n * 100) / 100;
const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export interface KindResult {
  kind: RequestKind;
  /** Median over the runs of the isolate's CPU per request (profile), milliseconds. */
  isolateMs: number;
  jsMs: number;
  programMs: number;
  gcMs: number;
  /** workerd's whole-process CPU per request over one unprofiled batch (/proc), milliseconds. */
  workerdMs: number;
  /** Wall time per request over that batch, milliseconds. */
  wallMs: number;
  responseBytes: number;
}

/**
 * However the run ends (done, failed, Ctrl-C, kill), no workerd it started outlives it and its temporary directory
 * goes: `finally` blocks don't run on a signal, and wrangler's and Miniflare's own signal handlers may exit first,
 * but exit handlers always run.
 */
function cleanUpOnExit(work: string) {
  process.once("exit", () => {
    for (const pid of workerdChildren()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(work, { recursive: true, force: true });
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "fs-mcp-bench-"));
  cleanUpOnExit(work);
  const started = new Date();
  const machineInfo = machine();
  const quiet = console.log;
  try {
    progress("building the bundle per environment");
    const bundles = runs("bundle") || runs("cpu") ? await buildBundles(work) : [];
    let steady: Awaited<ReturnType<typeof steadyState>> | undefined;
    let fresh: Awaited<ReturnType<typeof freshIsolates>> | undefined;
    if (runs("cpu")) {
      const persistDir = join(work, "state");
      await applyAuditMigrations(persistDir);
      const simulator = await startSimulatorServer({ tenants: TENANTS });
      try {
        const bundleDir = (bundles[0] as Bundle).outdir;
        steady = await steadyState(bundleDir, persistDir, simulator.url);
        fresh = await freshIsolates(bundleDir, persistDir, steady.urls);
      } finally {
        await simulator.close();
      }
    }
    // The Worker's own log lines (one per call) would drown the tables.
    console.log = () => {};
    if (runs("wrangler")) {
      progress("through wrangler dev: throughput, tools/list sizes, a rate-limited burst");
      await throughWrangler();
    }
    if (runs("memory")) progress("memory: 3,400 mixed calls and ten 50 MB answers");
    const heap = runs("memory") ? await memory() : undefined;
    console.log = quiet;
    if (runs("usage")) await usage();

    const verdicts = judgeAll({
      kinds: steady?.kinds ?? [],
      firstRequestMs: fresh?.firstRequestMs ?? {},
      moduleEvalMs: fresh?.moduleEvalMs,
      bundles,
      heapGrowthMiB: heap?.growthMiB,
    });
    for (const [title, table] of Object.entries(rows)) {
      console.log(`\n${title}`);
      console.table(table);
    }
    console.log("\nissue 11's goals");
    console.table(
      verdicts.map((v) => ({ goal: v.goal, bound: v.bound, measured: v.measuredText, verdict: v.verdict })),
    );
    const benchReport: BenchReport = {
      date: started,
      seconds: (Date.now() - started.getTime()) / 1000,
      machine: machineInfo,
      loadAtEnd: loadAverage(),
      settings: { REQUESTS, RUNS, FRESH_RUNS, SAMPLING_US, SECONDS, CONNECTIONS, USAGE_ROWS },
      only: ONLY,
      rows,
      verdicts,
      profiles: profileTops,
    };
    writeFileSync(join(RESULTS_DIR, "latest.json"), JSON.stringify(benchReport, null, 2));
    if (WRITE) {
      writeBenchmarksMd(benchReport);
      console.log("\nWrote BENCHMARKS.md");
    }
    console.log(`Profiles and top functions per kind: ${RESULTS_DIR}/`);
  } finally {
    console.log = quiet;
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The bundle of each deploy environment. Their code is the same (an environment changes vars and bindings, not
 * the build), so the CPU sections run the first one with the local vars and bindings of wrangler.toml's top level.
 */
async function buildBundles(work: string): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for (const env of DEPLOY_ENVIRONMENTS) {
    const bundle = await measureBundle(env, join(work, `bundle-${env}`));
    reportBundle(bundle);
    bundles.push(bundle);
  }
  return bundles;
}

function reportBundle(bundle: Bundle) {
  report("bundle (wrangler deploy --dry-run, per environment)", {
    env: bundle.env,
    KiB: kib(bundle.bytes),
    "KiB gzip": kib(bundle.gzipBytes),
    "wrangler's Total Upload (KiB / gzip)": `${bundle.wranglerKiB ?? "?"} / ${bundle.wranglerGzipKiB ?? "?"}`,
    "biggest inputs (KiB gzip alone)": bundle.inputs
      .slice(0, 6)
      .map((input) => `${input.name} ${kib(input.gzip)}`)
      .join(", "),
  });
  const lines = [
    `Bundle for env.${bundle.env}: ${kib(bundle.bytes)} KiB, ${kib(bundle.gzipBytes)} KiB gzip`,
    "",
    "By package or folder:     KiB   KiB gzip alone",
    ...bundle.inputs.map(
      (i) => `  ${kib(i.raw).toString().padStart(8)} ${kib(i.gzip).toString().padStart(8)}  ${i.name}`,
    ),
  ];
  writeFileSync(join(RESULTS_DIR, `bundle-${bundle.env}.txt`), `${lines.join("\n")}\n`);
}

/** Top functions per measured kind, for BENCHMARKS.md (where a goal is missed) and bench/results/. */
const profileTops: BenchReport["profiles"] = {};

/**
 * CPU per request in a warm isolate, per kind: RUNS profiled batches of REQUESTS requests, then one more batch
 * without the profiler for workerd's CPU from /proc; then tools/call throughput through Miniflare against the
 * simulator directly.
 * Returns the results and the minted URLs (by scope) for the fresh-isolate runs, which share the same local state.
 */
async function steadyState(bundleDir: string, persistDir: string, simulatorUrl: string) {
  const worker = await startMiniflareWorker({ bundleDir, persistDir, secrets: SECRETS });
  const session = await openInspectorSession(worker.inspectorTarget);
  const label = sourceLabeller(bundleDir);
  try {
    const scopes = Object.keys(SCOPES) as Scope[];
    const minted = await mintUrls(
      adminClient(worker.url, ADMIN_TOKEN),
      simulatorUrl,
      FAST_KEY,
      scopes.map((s) => SCOPES[s]),
    );
    const urls = Object.fromEntries(scopes.map((s, i) => [s, minted[i]])) as Record<Scope, string>;
    const results: KindResult[] = [];
    for (const kind of REQUEST_KINDS.filter((k) => measured(k.slug))) {
      progress(`isolate CPU: ${kind.name}`);
      const url = onOrigin(urls[kind.scope], worker.url);
      const send = () => sendKind(url, kind);
      let responseBytes = 0;
      for (let i = 0; i < WARM_UP_REQUESTS; i++) responseBytes = Buffer.byteLength(await send());
      const profiled: ProfiledBatch[] = [];
      for (let run = 0; run < RUNS; run++)
        profiled.push(
          await profileBatch(session, send, REQUESTS, SAMPLING_US, { label, workerdPid: worker.workerdPid }),
        );
      const unprofiled = worker.workerdPid ? await unprofiledBatch(worker.workerdPid, send, REQUESTS) : undefined;
      const perRequest = (us: number) => us / REQUESTS / 1000;
      const medianOf = (pick: (cpu: IsolateCpu) => number) =>
        median(profiled.map((p) => perRequest(pick(p.cpu)))) ?? Number.NaN;
      const result: KindResult = {
        kind,
        isolateMs: medianOf((c) => c.cpuUs),
        jsMs: medianOf((c) => c.jsUs),
        programMs: medianOf((c) => c.programUs),
        gcMs: medianOf((c) => c.gcUs),
        workerdMs: unprofiled ? unprofiled.workerdMs / REQUESTS : Number.NaN,
        wallMs: unprofiled ? unprofiled.wallMs / REQUESTS : Number.NaN,
        responseBytes,
      };
      results.push(result);
      // The profile of the median run, for DevTools; the functions summed over every run.
      const medianRun = [...profiled].sort((a, b) => a.cpu.cpuUs - b.cpu.cpuUs)[profiled.length >> 1];
      if (medianRun)
        writeFileSync(join(RESULTS_DIR, `profile-${kind.slug}.cpuprofile`), JSON.stringify(medianRun.profile));
      profileTops[kind.slug] = writeProfileSummary(
        join(RESULTS_DIR, `profile-${kind.slug}.txt`),
        `${kind.name}: CPU in the isolate per request, ${RUNS} runs of ${REQUESTS} requests`,
        functionsPerRequest(
          profiled.map((p) => p.cpu),
          REQUESTS * profiled.length,
        ),
        result.isolateMs,
      );
      report("CPU per request in a warm isolate (median of runs)", {
        request: kind.name,
        "isolate CPU (ms)": ms(result.isolateMs),
        "JS / (program) / GC (ms)": `${ms(result.jsMs)} / ${ms(result.programMs)} / ${ms(result.gcMs)}`,
        "workerd process CPU, unprofiled (ms, /proc)": ms(result.workerdMs),
        "wall, sequential, unprofiled (ms)": ms(result.wallMs),
        "answer (bytes)": responseBytes,
      });
    }
    session.close();
    progress("throughput: the simulator directly and the Worker through Miniflare");
    await throughput(
      "simulator directly (GET /api/v2/tickets/58)",
      {
        url: `${simulatorUrl}/api/v2/tickets/58`,
        method: "GET",
        headers: {
          authorization: `Basic ${Buffer.from(`${FAST_KEY}:X`).toString("base64")}`,
          accept: "application/json",
        },
      },
      { baseline: true },
    );
    await throughput(
      "the Worker through Miniflare (tools/call get ticket 58)",
      toolsCall(onOrigin(urls.full, worker.url)),
    );
    return { urls, kinds: results };
  } finally {
    session.close();
    await worker.dispose();
  }
}

/** A minted URL on another run's origin (each Miniflare listens on its own port; the token is the same). */
function onOrigin(url: string, origin: string): string {
  const parsed = new URL(url);
  return new URL(parsed.pathname, origin).href;
}

/**
 * A fresh isolate per run and kind: the bundle's evaluation profiled alone (the lazy entry imports it on a
 * request of its own), then the first MCP request of that kind.
 */
async function freshIsolates(bundleDir: string, persistDir: string, urls: Record<Scope, string>) {
  const label = sourceLabeller(bundleDir);
  const moduleEval: IsolateCpu[] = [];
  const firstRequestMs: Record<string, number> = {};
  const firsts: Record<string, IsolateCpu[]> = {};
  const ready: number[] = [];
  const evalWorkerd: number[] = [];
  for (const slug of FIRST_REQUEST_KINDS.filter(measured)) {
    const firstWorkerd: number[] = [];
    const kind = REQUEST_KINDS.find((k) => k.slug === slug);
    if (!kind) throw new Error(`no request kind ${slug}`);
    firsts[slug] = [];
    progress(`fresh isolates: module evaluation and a first ${kind.name}`);
    for (let run = 0; run < FRESH_RUNS; run++) {
      const start = performance.now();
      const worker = await startMiniflareWorker({ bundleDir, persistDir, secrets: SECRETS, lazy: true });
      ready.push(performance.now() - start);
      const session = await openInspectorSession(worker.inspectorTarget);
      try {
        const evaluate = async () => {
          const response = await fetch(`${worker.url}${EVALUATE_PATH}`);
          if ((await response.text()) !== "evaluated") throw new Error("the bundle did not evaluate");
        };
        const options = { label, workerdPid: worker.workerdPid };
        const evaluation = await profileBatch(session, evaluate, 1, SAMPLING_US, options);
        moduleEval.push(evaluation.cpu);
        evalWorkerd.push(evaluation.workerdMs);
        const url = onOrigin(urls[kind.scope], worker.url);
        const first = await profileBatch(session, () => sendKind(url, kind), 1, SAMPLING_US, options);
        firsts[slug].push(first.cpu);
        firstWorkerd.push(first.workerdMs);
        if (run === 0) {
          writeFileSync(join(RESULTS_DIR, `first-request-${slug}.cpuprofile`), JSON.stringify(first.profile));
          if (Object.keys(firsts).length === 1)
            writeFileSync(join(RESULTS_DIR, "module-evaluation.cpuprofile"), JSON.stringify(evaluation.profile));
        }
      } finally {
        session.close();
        await worker.dispose();
      }
    }
    const cpuMs = firsts[slug].map((c) => c.cpuUs / 1000);
    firstRequestMs[kind.name] = median(cpuMs) ?? Number.NaN;
    profileTops[`first-request-${slug}`] = writeProfileSummary(
      join(RESULTS_DIR, `first-request-${slug}.txt`),
      `${kind.name}, the first request of a fresh isolate (${FRESH_RUNS} isolates)`,
      functionsPerRequest(firsts[slug], firsts[slug].length),
      firstRequestMs[kind.name] ?? Number.NaN,
    );
    report("a fresh isolate: the first request (CPU in the isolate, median of fresh starts)", {
      request: kind.name,
      "median (ms)": ms(firstRequestMs[kind.name] ?? Number.NaN),
      "min / max (ms)": `${ms(Math.min(...cpuMs))} / ${ms(Math.max(...cpuMs))}`,
      "workerd process CPU, median (ms, /proc)": ms(median(firstWorkerd) ?? Number.NaN),
    });
  }
  const evalMs = moduleEval.map((c) => c.cpuUs / 1000);
  const moduleEvalMs = median(evalMs) ?? Number.NaN;
  profileTops["module-evaluation"] = writeProfileSummary(
    join(RESULTS_DIR, "module-evaluation.txt"),
    `module evaluation of the bundle (${moduleEval.length} fresh isolates)`,
    functionsPerRequest(moduleEval, moduleEval.length),
    moduleEvalMs,
  );
  report("a fresh isolate: module evaluation (CPU in the isolate)", {
    starts: moduleEval.length,
    "median (ms)": ms(moduleEvalMs),
    "min / max (ms)": `${ms(Math.min(...evalMs))} / ${ms(Math.max(...evalMs))}`,
    "workerd process CPU, median (ms, /proc)": ms(median(evalWorkerd) ?? Number.NaN),
    "Miniflare ready, median (ms wall)": ms(median(ready) ?? Number.NaN),
  });
  return { firstRequestMs, moduleEvalMs };
}

async function cannon(options: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

function toolsCall(url: string): autocannon.Options {
  return { url, method: "POST", headers: MCP_HEADERS, body: rpcBody("tools/call", TICKET_READ) };
}

/** The simulator's own p50 at one connection: what the Worker's rows add latency to. */
let simulatorP50: number | undefined;

/** Latency (one connection) and throughput (CONNECTIONS) of one target. */
async function throughput(path: string, target: autocannon.Options, { baseline = false } = {}) {
  await cannon({ ...target, connections: 2, duration: 1 }); // warm-up
  for (const connections of [1, CONNECTIONS]) {
    const result = await cannon({ ...target, connections, duration: SECONDS });
    if (baseline && connections === 1) simulatorP50 = result.latency.p50;
    report("tools/call latency and throughput (loopback)", {
      path,
      connections,
      "requests/s": Math.round(result.requests.average),
      "p50 (ms)": result.latency.p50,
      "p50 added to the simulator's (ms)":
        baseline || simulatorP50 === undefined || connections !== 1 ? "" : ms(result.latency.p50 - simulatorP50),
      "p90 (ms)": result.latency.p90,
      "p99 (ms)": result.latency.p99,
      "max (ms)": result.latency.max,
      "non-2xx": result.non2xx,
      errors: result.errors + result.timeouts,
    });
  }
}

/** Through `wrangler dev`'s machinery: tools/call throughput, tools/list sizes, a rate-limited burst. */
async function throughWrangler() {
  const stack = await startStack({ tenants: TENANTS }, { quiet: true });
  try {
    const url = await mint(stack, FAST_KEY, {});
    await throughput("the Worker through wrangler dev (tools/call get ticket 58)", toolsCall(url));
    await toolsListSizes(stack);
    await rateLimitBurst(stack);
  } finally {
    await stack.stop();
  }
}

async function mint(stack: Stack, apiKey: string, config: Record<string, unknown>): Promise<string> {
  const [url] = await mintUrls((path, body) => stack.admin(path, { body }), stack.simulator.url, apiKey, [config]);
  if (!url) throw new Error("mint: no URL");
  return url;
}

async function post(url: string, method: string, params?: unknown) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: MCP_HEADERS, body: rpcBody(method, params) });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, text };
}

async function toolsListSizes(stack: Stack) {
  for (const [label, config] of [
    ["every tool", {}],
    ['methods ["read"]', { methods: ["read"] }],
    ['methods ["write"]', { methods: ["write"] }],
    ['tags ["tickets"]', { tags: ["tickets"] }],
    ['tags ["solutions"], methods ["read"]', { tags: ["solutions"], methods: ["read"] }],
    ['tool_exposure "discovery"', { tool_exposure: "discovery" }],
  ] as const) {
    const url = await mint(stack, FAST_KEY, config);
    await post(url, "tools/list"); // field metadata is fetched on the first list
    const { text } = await post(url, "tools/list");
    const tools = (JSON.parse(text) as { result: { tools: unknown[] } }).result.tools;
    report("tools/list size", {
      URL: label,
      tools: tools.length,
      "bytes (JSON)": Buffer.byteLength(text),
      "KiB gzip": kib(gzipSync(text).byteLength),
      "~tokens (bytes/4)": Math.round(Buffer.byteLength(text) / 4),
    });
  }
}

/**
 * Memory on a stack of its own with the inspector open (it slows requests, so not during the speed runs):
 * the isolate's heap after a full GC, and workerd's RSS, before and after 3,000 mixed calls and ten 50 MB
 * answers (each cut at the byte cap, the rest never read). The heap's growth over the ten answers is the goal's.
 */
async function memory(): Promise<{ growthMiB: number }> {
  const stack = await startStack({ tenants: TENANTS.slice(0, 1) }, { inspector: true, quiet: true });
  const heap = await connectIsolateHeap(stack.inspectorUrl as URL);
  try {
    const url = await mint(stack, FAST_KEY, {});
    const mixed = [
      TICKET_READ,
      { name: "list_all_freshservice_tickets", arguments: { limit: 30 } },
      { name: "get_single_freshservice_ticket_by_id", arguments: { id: "not-an-id" } },
      { name: "get_single_freshservice_ticket_by_id", arguments: { id: 999_999 } },
    ].map((params) => ({ method: "POST" as const, headers: MCP_HEADERS, body: rpcBody("tools/call", params) }));
    const load = (amount: number) => cannon({ url, connections: CONNECTIONS, amount, requests: mixed });
    const sample = async (label: string) => {
      const used = await heap.usedAfterGc();
      report("memory (Worker heap after a full GC; workerd RSS)", {
        when: label,
        "heap (MiB)": mib(used),
        "RSS (MiB)": stack.workerdPid ? mib(rssBytes(stack.workerdPid)) : "n/a",
      });
      return used;
    };
    await load(400);
    await sample("warm (400 calls)");
    await load(3000);
    const before = await sample("after 3,000 more mixed calls");
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      stack.simulator.simulator.injectFault({
        kind: "huge",
        bytes: 50 * 1024 * 1024,
        match: { pathPrefix: "/tickets" },
      });
      const { ms: took, text } = await post(url, "tools/call", {
        name: "list_all_freshservice_tickets",
        arguments: {},
      });
      if (!text.includes("Result cut off")) throw new Error(`a 50 MB answer was not cut: ${text.slice(-300)}`);
      times.push(took);
    }
    const after = await sample("after ten 50 MB answers");
    report("50 MB answer through the Worker (cut at 64 KiB)", {
      calls: times.length,
      "median (ms)": ms(median(times) ?? 0),
      "max (ms)": ms(Math.max(...times)),
    });
    return { growthMiB: (after - before) / 1024 / 1024 };
  } finally {
    heap.close();
    await stack.stop();
  }
}

/**
 * The usage routes' four queries over a seeded audit trail of USAGE_ROWS calls (half of them one account's, 40 %
 * of those one URL's), each timed by D1 itself before and after the usage indexes; the plans go to
 * bench/results/usage-plans.txt.
 */
async function usage() {
  const result = await benchUsage(USAGE_ROWS, progress);
  const title = `usage queries over ${USAGE_ROWS.toLocaleString("en")} audit rows (D1 in Miniflare; the busiest account and URL)`;
  for (const t of result.timings)
    report(title, {
      scope: t.query,
      query: t.statement,
      "without the usage indexes (ms)": ms(t.withoutMs),
      "with them (ms)": ms(t.withMs),
      "rows read without": t.rowsReadWithout,
      "rows read with": t.rowsReadWith,
    });
  report("the seeded audit trail", {
    calls: result.rows,
    "busiest account": BUSY_ACCOUNT,
    "busiest URL": BUSY_URL,
    "seeding (s)": ms(result.seedSeconds),
    "creating the usage indexes (s)": ms(result.indexSeconds),
  });
  writeFileSync(
    join(RESULTS_DIR, "usage-plans.txt"),
    `${result.timings.map((t) => `${t.query}, ${t.statement}:\n  ${t.planWith}`).join("\n")}\n`,
  );
}

async function rateLimitBurst(stack: Stack) {
  const url = await mint(stack, LIMITED_KEY, {});
  const counts = { result: 0, "rate-limit error": 0, other: 0 };
  const total = LIMIT_PER_MINUTE * 3;
  await cannon({
    url,
    connections: CONNECTIONS * 2,
    amount: total,
    requests: [
      {
        method: "POST",
        headers: MCP_HEADERS,
        body: rpcBody("tools/call", TICKET_READ),
        onResponse: (status: number, body: string) => {
          if (status === 200 && body.includes('"isError":false')) counts.result += 1;
          else if (status === 200 && /exhausted \(429\)/.test(body)) counts["rate-limit error"] += 1;
          else counts.other += 1;
        },
      },
    ],
  });
  report(
    `burst of ${total} calls at ${CONNECTIONS * 2} connections, Freshservice limit ${LIMIT_PER_MINUTE}/min`,
    counts,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
