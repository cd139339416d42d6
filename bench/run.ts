/**
 * `npm run bench`: measures the product on loopback and prints tables, then exits. Nothing here is asserted;
 * the tests assert behaviour, this reports speed and size.
 *
 *  1. start-up: the Worker in workerd (wrangler's `unstable_startWorker`) until it answers, then its first
 *     (cold) and later (warm) tools/list;
 *  2. tools/call latency and throughput through the Worker against the same read straight from the
 *     simulator (autocannon, one connection for latency, several for throughput);
 *  3. the size of tools/list for several URL configurations;
 *  4. the bundle `wrangler deploy --dry-run` would upload;
 *  5. memory: the Worker isolate's heap after a full GC (through workerd's inspector) and workerd's RSS,
 *     before and after 3,000 mixed calls and ten 50 MB answers cut at the byte cap;
 *  6. a burst against a company with the rate limit on: how the calls split into results and rate-limit errors.
 *
 * BENCH_SECONDS (default 5) sets each autocannon run's length, BENCH_CONNECTIONS (default 10) its concurrency.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { connectIsolateHeap } from "../test/e2e/isolate-heap";
import { rssBytes } from "../test/e2e/process-memory";
import { type Stack, startStack } from "../test/e2e/stack";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const FAST_KEY = "bench-api-key";
const LIMITED_KEY = "bench-limited-key";
const LIMIT_PER_MINUTE = 200;
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

const rows: Record<string, Record<string, string | number>[]> = {};
function report(table: string, row: Record<string, string | number>) {
  rows[table] ??= [];
  rows[table].push(row);
}

const ms = (n: number) => Math.round(n * 10) / 10;
const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main() {
  const quiet = console.log;
  await startUp();
  const stack = await startStack(
    {
      tenants: [
        { apiKey: FAST_KEY, name: "acme", plan: "enterprise", rateLimitPerMinute: 1_000_000_000 },
        { apiKey: LIMITED_KEY, name: "globex", plan: "pro", rateLimitPerMinute: LIMIT_PER_MINUTE },
      ],
    },
    { quiet: true },
  );
  // The Worker's own log lines (one per call) would drown the tables.
  console.log = () => {};
  try {
    const fast = await mint(stack, FAST_KEY, {});
    await latencyAndThroughput(stack, fast);
    await toolsListSizes(stack);
    await rateLimitBurst(stack);
  } finally {
    console.log = quiet;
    await stack.stop();
  }
  await memory();
  bundleSize();
  for (const [title, table] of Object.entries(rows)) {
    console.log(`\n${title}`);
    console.table(table);
  }
}

async function mint(stack: Stack, apiKey: string, config: Record<string, unknown>): Promise<string> {
  const account = await stack.admin("/integrated-account", {
    body: { name: "bench", domain: "acme.freshservice.com", api_key: apiKey, base_url: stack.simulator.url },
  });
  const { id } = (await account.json()) as { id: string };
  const server = await stack.admin(`/integrated-account/${id}/mcp`, { body: { name: "bench", config } });
  if (server.status !== 201) throw new Error(`mint: ${server.status} ${await server.text()}`);
  return ((await server.json()) as { url: string }).url;
}

function rpcBody(method: string, params?: unknown) {
  return JSON.stringify({ jsonrpc: "2.0", id: 1, method, ...(params === undefined ? {} : { params }) });
}

async function post(url: string, method: string, params?: unknown) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: MCP_HEADERS, body: rpcBody(method, params) });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, text };
}

/** Three fresh starts: workerd up and answering, then the first and a later tools/list. */
async function startUp() {
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const stack = await startStack(undefined, { quiet: true });
    const ready = performance.now() - started;
    const quiet = console.log;
    console.log = () => {};
    try {
      const health = performance.now();
      await fetch(`${stack.workerUrl}/healthz`);
      const firstRequest = performance.now() - health;
      const firstAnswer = performance.now() - started;
      const url = await mint(stack, "sim-api-key", {});
      const cold = await post(url, "tools/list");
      const warm = await post(url, "tools/list");
      const call = await post(url, "tools/call", {
        name: "get_single_freshservice_ticket_by_id",
        arguments: { id: 58 },
      });
      report("start-up (a fresh workerd each run)", {
        run,
        "startWorker() resolved (ms)": ms(ready),
        "first request (ms)": ms(firstRequest),
        "start to first answer (ms)": ms(firstAnswer),
        "first tools/list (ms)": ms(cold.ms),
        "warm tools/list (ms)": ms(warm.ms),
        "first tools/call (ms)": ms(call.ms),
      });
    } finally {
      console.log = quiet;
      await stack.stop();
    }
  }
}

async function cannon(options: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

async function latencyAndThroughput(stack: Stack, url: string) {
  const direct = {
    url: `${stack.simulator.url}/api/v2/tickets/58`,
    method: "GET" as const,
    headers: { authorization: `Basic ${Buffer.from(`${FAST_KEY}:X`).toString("base64")}`, accept: "application/json" },
  };
  const throughWorker = {
    url,
    method: "POST" as const,
    headers: MCP_HEADERS,
    body: rpcBody("tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } }),
  };
  const check = await post(url, "tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } });
  if (!check.text.includes('"isError":false'))
    throw new Error(`tools/call does not succeed: ${check.text.slice(0, 300)}`);
  for (const [path, target] of [
    ["simulator directly (GET /api/v2/tickets/58)", direct],
    ["through the Worker (tools/call get ticket 58)", throughWorker],
  ] as const) {
    await cannon({ ...target, connections: 2, duration: 1 }); // warm-up
    for (const connections of [1, CONNECTIONS]) {
      const result = await cannon({ ...target, connections, duration: SECONDS });
      report("tools/call latency and throughput (loopback)", {
        path,
        connections,
        "requests/s": Math.round(result.requests.average),
        "p50 (ms)": result.latency.p50,
        "p90 (ms)": result.latency.p90,
        "p99 (ms)": result.latency.p99,
        "max (ms)": result.latency.max,
        "non-2xx": result.non2xx,
        errors: result.errors + result.timeouts,
      });
    }
  }
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
 * answers (each cut at the byte cap, the rest never read).
 */
async function memory() {
  const stack = await startStack(
    { tenants: [{ apiKey: FAST_KEY, name: "acme", plan: "enterprise", rateLimitPerMinute: 1_000_000_000 }] },
    { inspector: true, quiet: true },
  );
  const quiet = console.log;
  console.log = () => {};
  const heap = await connectIsolateHeap(stack.inspectorUrl as URL);
  try {
    const url = await mint(stack, FAST_KEY, {});
    const mixed = [
      { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } },
      { name: "list_all_freshservice_tickets", arguments: { limit: 30 } },
      { name: "get_single_freshservice_ticket_by_id", arguments: { id: "not-an-id" } },
      { name: "get_single_freshservice_ticket_by_id", arguments: { id: 999_999 } },
    ].map((params) => ({ method: "POST" as const, headers: MCP_HEADERS, body: rpcBody("tools/call", params) }));
    const load = (amount: number) => cannon({ url, connections: CONNECTIONS, amount, requests: mixed });
    const sample = async (label: string) =>
      report("memory (Worker heap after a full GC; workerd RSS)", {
        when: label,
        "heap (MiB)": mib(await heap.usedAfterGc()),
        "RSS (MiB)": stack.workerdPid ? mib(rssBytes(stack.workerdPid)) : "n/a",
      });
    await load(400);
    await sample("warm (400 calls)");
    await load(3000);
    await sample("after 3,000 more mixed calls");
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
    await sample("after ten 50 MB answers");
    times.sort((a, b) => a - b);
    report("50 MB answer through the Worker (cut at 64 KiB)", {
      calls: times.length,
      "median (ms)": ms(times[Math.floor(times.length / 2)] ?? 0),
      "max (ms)": ms(times.at(-1) ?? 0),
    });
  } finally {
    heap.close();
    console.log = quiet;
    await stack.stop();
  }
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
        body: rpcBody("tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } }),
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

function bundleSize() {
  const outdir = mkdtempSync(join(tmpdir(), "fs-mcp-bundle-"));
  try {
    execFileSync("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
      stdio: "ignore",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    });
    const files = readdirSync(outdir).filter((f) => !f.endsWith(".map") && statSync(join(outdir, f)).isFile());
    for (const file of files) {
      const bytes = readFileSync(join(outdir, file));
      report("bundle (wrangler deploy --dry-run)", {
        file,
        KiB: kib(bytes.byteLength),
        "KiB gzip": kib(gzipSync(bytes).byteLength),
      });
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
