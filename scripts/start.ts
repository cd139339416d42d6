/**
 * `npm start`: the product on this machine. Starts the Freshservice simulator, runs the Worker with
 * `wrangler dev` (local KV under .wrangler/), registers a demo account and MCP server if there is none, and
 * prints the MCP URL and the admin token; beside it, an OAuth URL on the same account, where each seeded agent
 * signs in as themselves (their own API key, or Freshworks through the simulator). Ctrl-C stops everything.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { startSimulatorServer } from "../simulator/node-server";
import { DEFAULT_API_KEY, demoSignInSettings, SIGN_IN_PASSWORD } from "../simulator/simulator";
import { pipeMasked } from "./mask-tokens";

const HOST = "127.0.0.1";
const PORT = Number(process.env.PORT ?? 8787);
const SIMULATOR_PORT = Number(process.env.SIMULATOR_PORT ?? 8790);
const DEV_VARS = ".dev.vars";
/** The demo URL's token exists nowhere else (KV keeps only its hash), so the local run remembers it here. */
const DEMO_URL_FILE = ".wrangler/demo-mcp-url";
/**
 * The URL a new user pastes first must work in every client: Cursor keeps 40 tools, VS Code and OpenAI-based
 * clients 128, so the demo lists discovery's three tools, which reach all of them.
 */
const DEMO_SERVER = { name: "Demo: discovery (fits every client)", config: { tool_exposure: "discovery" } };
const DEMO_ACCOUNT_NAME = "Demo (simulator)";
/** The OAuth URL holds no secret; the file only spares a lookup, as the demo URL's does. */
const DEMO_OAUTH_FILE = ".wrangler/demo-oauth-url";
const DEMO_OAUTH_SERVER = {
  name: "Demo: each agent signs in (discovery)",
  auth: "oauth",
  config: { tool_exposure: "discovery" },
};
/** Two seeded agents of different roles (simulator/README.md), to sign in as on the OAuth URL. */
const DEMO_AGENTS = [
  { name: "Priya Shah", role: "SD Agent, closes tickets", email: "priya.shah@acme.example", id: 21000000002 },
  { name: "Mei Chen", role: "read-only, refused on writes", email: "mei.chen@acme.example", id: 21000000010 },
] as const;
const READY_TIMEOUT_MS = 60_000;

function ensureDevVars(): Record<string, string> {
  if (!existsSync(DEV_VARS)) {
    writeFileSync(
      DEV_VARS,
      `ADMIN_API_TOKEN=${randomBytes(24).toString("base64url")}\nCREDENTIALS_KEY=${randomBytes(32).toString("base64")}\n`,
      { mode: 0o600 },
    );
    console.log(`Wrote ${DEV_VARS} with a new admin token and credentials key.`);
  }
  return Object.fromEntries(
    readFileSync(DEV_VARS, "utf8")
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1).trim()]),
  );
}

/** wrangler offline: no Request.cf fetch, telemetry, error reports or update check. */
const WRANGLER_ENV = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
};

/** The audit trail's tables in the local D1 (under .wrangler/); wrangler applies only what is new. */
function applyMigrations() {
  const result = spawnSync("node_modules/.bin/wrangler", ["d1", "migrations", "apply", "AUDIT_DB", "--local"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: WRANGLER_ENV,
  });
  if (result.status !== 0) throw new Error("wrangler d1 migrations apply AUDIT_DB --local failed (see above)");
}

function startWrangler(): ChildProcess {
  // Run wrangler's own binary, not through npx, so that stopping it stops workerd too. Its output is filtered:
  // it prints each request's path, and an MCP URL's token is in the path.
  const wrangler = spawn(
    "node_modules/.bin/wrangler",
    ["dev", "--ip", HOST, "--port", String(PORT), "--inspector-port", "0"],
    { stdio: ["ignore", "pipe", "pipe"], env: WRANGLER_ENV },
  );
  if (wrangler.stdout) pipeMasked(wrangler.stdout, process.stdout);
  if (wrangler.stderr) pipeMasked(wrangler.stderr, process.stderr);
  return wrangler;
}

async function waitForWorker(base: string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the Worker did not answer on ${base} within ${READY_TIMEOUT_MS / 1000} s`);
}

type Admin = (path: string, method?: string, body?: unknown) => Promise<{ status: number; json: unknown }>;

function adminClient(base: string, adminToken: string): Admin {
  return async (path, method = "GET", body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok && response.status !== 404) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
}

/** The demo account, created once, pointed at this run's simulator and with both sign-in ways on. */
async function ensureDemoAccount(admin: Admin, simulatorUrl: string): Promise<string> {
  const { result: accounts } = (await admin("/integrated-account")).json as {
    result: { id: string; name: string; base_url: string }[];
  };
  const existing = accounts.find((a) => a.name === DEMO_ACCOUNT_NAME);
  if (!existing) {
    const created = (
      await admin("/integrated-account", "POST", {
        name: DEMO_ACCOUNT_NAME,
        domain: "acme.freshservice.com",
        api_key: DEFAULT_API_KEY,
        base_url: simulatorUrl,
        sign_in: demoSignInSettings(simulatorUrl),
      })
    ).json as { id?: string } | null;
    if (!created?.id) throw new Error("could not create the demo account");
    return created.id;
  }
  // Re-pointing an account needs its key in the same request; the sign-in ways follow the simulator's origin.
  await admin(`/integrated-account/${existing.id}`, "PATCH", {
    ...(existing.base_url === simulatorUrl ? {} : { base_url: simulatorUrl, api_key: DEFAULT_API_KEY }),
    sign_in: demoSignInSettings(simulatorUrl),
  });
  return existing.id;
}

/** A server minted once and remembered in `file`; minted again when the saved one is gone. */
async function ensureServer(
  admin: Admin,
  accountId: string,
  file: string,
  server: { name: string; config: Record<string, unknown>; auth?: string },
): Promise<string> {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { account: string; id: string; url: string };
    const still =
      saved.account === accountId && (await admin(`/integrated-account/${accountId}/mcp/${saved.id}`)).status === 200;
    if (still) {
      // A URL saved by an earlier version may list every tool: it becomes the discovery URL, which every client takes.
      await admin(`/integrated-account/${accountId}/mcp/${saved.id}`, "PATCH", {
        name: server.name,
        config: server.config,
      });
      return saved.url;
    }
  }
  const minted = (await admin(`/integrated-account/${accountId}/mcp`, "POST", server)).json as {
    id: string;
    url: string;
  };
  mkdirSync(".wrangler", { recursive: true });
  writeFileSync(file, JSON.stringify({ account: accountId, id: minted.id, url: minted.url }), { mode: 0o600 });
  return minted.url;
}

async function ensureDemoServers(base: string, adminToken: string, simulatorUrl: string) {
  const admin = adminClient(base, adminToken);
  const accountId = await ensureDemoAccount(admin, simulatorUrl);
  const url = await ensureServer(admin, accountId, DEMO_URL_FILE, DEMO_SERVER);
  const oauthUrl = await ensureServer(admin, accountId, DEMO_OAUTH_FILE, DEMO_OAUTH_SERVER);
  return { url, oauthUrl, accountId };
}

/** Refuses to start on a busy port, naming the variable that moves it (wrangler's own message names neither). */
async function ensurePortFree(port: number, variable: string, what: string) {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => probe.close(() => resolve(true)))
      .listen(port, HOST);
  });
  if (!free)
    throw new Error(
      `Port ${port} on ${HOST} is already in use, so ${what} can't start there. Stop what uses it, or pick another port: ${variable}=<port> npm start`,
    );
}

async function main() {
  await ensurePortFree(PORT, "PORT", "the Worker");
  await ensurePortFree(SIMULATOR_PORT, "SIMULATOR_PORT", "the Freshservice simulator");
  const vars = ensureDevVars();
  applyMigrations();
  const simulator = await startSimulatorServer({ host: HOST, port: SIMULATOR_PORT });
  const wrangler = startWrangler();
  const stop = () => {
    wrangler.kill("SIGTERM");
    void simulator.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  wrangler.once("exit", (code) => {
    console.error(`wrangler dev exited (${code}).`);
    void simulator.close().finally(() => process.exit(code ?? 1));
  });

  const base = `http://${HOST}:${PORT}`;
  const ready = async () => {
    await waitForWorker(base);
    return ensureDemoServers(base, vars.ADMIN_API_TOKEN ?? "", simulator.url);
  };
  // A failure after wrangler started stops it too: left running, it would keep the port for the next start.
  const { url, oauthUrl, accountId } = await ready().catch((error: unknown) => {
    wrangler.removeAllListeners("exit");
    wrangler.kill("SIGTERM");
    throw error;
  });
  const agents = DEMO_AGENTS.map(
    (a) => `    ${a.name} (${a.role}): API key ${DEFAULT_API_KEY}-user-${a.id}, or Freshworks: ${a.email}`,
  ).join("\n");
  console.log(`
  Freshservice MCP Worker is running at ${base}
  Freshservice simulator (the upstream):  ${simulator.url}  (API key ${DEFAULT_API_KEY})

  MCP URL (paste into an MCP client; tool_exposure "discovery": search_tools, get_tool_schema and
  call_tool reach every tool, so it fits every client):
    ${url}

  A URL that lists every tool directly (over 360; Cursor, VS Code and OpenAI-based clients cut such a list):
    curl -s ${base}/integrated-account/${accountId}/mcp -H "Authorization: Bearer ${vars.ADMIN_API_TOKEN}" \\
      -H 'Content-Type: application/json' -d '{"name":"Demo: everything","config":{}}'

  OAuth URL (no secret in it: each agent signs in on the Worker's page and acts as themselves):
    ${oauthUrl}
  Sign in as (Freshworks password ${SIGN_IN_PASSWORD}):
${agents}

  Admin API token (for curl, see README):
    ${vars.ADMIN_API_TOKEN}

  Try it:  npx -y @modelcontextprotocol/inspector@2.12.0 --cli ${url} --transport http --method tools/list
  Ctrl-C stops the Worker and the simulator.
`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
