/**
 * `npm start` as a new user runs it, in a directory of its own (the project's files linked in, so its `.dev.vars`
 * and `.wrangler/` state are fresh and the project's own are untouched), on free ports: what it prints (the secret
 * URL, the OAuth URL and how to sign in as two agents of different roles), that both URLs work (each agent signs in
 * on the OAuth URL, one with her API key and one through Freshworks), and that a second start prints the same URLs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authorizationUrl, discover, exchangeCode, listWith, pkce, register } from "../support/oauth-flow";
import { type SignInWay, signIn } from "../support/oauth-sign-in";
import { MEI, PRIYA } from "./oauth-servers";

/** Starting wrangler and the simulator, twice, on a small shared machine. */
const START_TIMEOUT_MS = 90_000;
const REDIRECT_URI = "http://127.0.0.1:33419/callback";

let dir: string;
let ports: { PORT: string; SIMULATOR_PORT: string };
let running: ChildProcess | undefined;

async function freePort(): Promise<string> {
  return new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(String(port)));
    });
  });
}

beforeAll(async () => {
  const root = resolve(".");
  dir = mkdtempSync(join(tmpdir(), "fs-mcp-start-"));
  for (const entry of readdirSync(root)) {
    if ([".dev.vars", ".wrangler", ".git", "test-results"].includes(entry)) continue;
    symlinkSync(join(root, entry), join(dir, entry));
  }
  ports = { PORT: await freePort(), SIMULATOR_PORT: await freePort() };
});

afterEach(stop);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm start`'s script until it printed its banner; answers what it printed. */
async function start(): Promise<string> {
  // A process group of its own, so that stopping it stops wrangler and workerd too, whatever happened.
  const child = spawn(join("node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: dir,
    env: { ...process.env, ...ports },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running = child;
  let out = "";
  let err = "";
  return new Promise((done, fail) => {
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("Ctrl-C stops the Worker and the simulator.")) done(out);
    });
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.once("exit", (code) => fail(new Error(`npm start exited (${code}):\n${out}\n${err}`)));
  });
}

/** Ctrl-C, as a user stops it; then anything of its group still running (it was started by this test). */
async function stop() {
  const child = running;
  running = undefined;
  if (!child?.pid) return;
  const group = -child.pid;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    process.kill(group, "SIGINT");
    await exited;
  }
  try {
    process.kill(group, "SIGKILL");
  } catch {
    // the group is gone: everything stopped by itself
  }
}

function urlAfter(output: string, heading: string): string {
  const at = output.indexOf(heading);
  const url = /https?:\/\/\S+/.exec(output.slice(at))?.[0];
  if (at < 0 || !url) throw new Error(`no URL after "${heading}" in:\n${output}`);
  return url;
}

/** Signs in on the OAuth URL over fetch, as a dynamically registered client would, and answers an access token. */
async function signInOn(url: string, how: SignInWay): Promise<string> {
  const discovered = await discover(url);
  const clientId = await register(discovered.server, [REDIRECT_URI]);
  const { verifier, challenge } = pkce();
  const authorization = authorizationUrl(discovered.server, {
    clientId,
    redirectUri: REDIRECT_URI,
    resource: discovered.resource,
    challenge,
  });
  const { code } = await signIn(authorization, how);
  const exchanged = await exchangeCode(discovered.server, {
    code: code ?? "",
    verifier,
    clientId,
    redirectUri: REDIRECT_URI,
    resource: discovered.resource,
  });
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  return exchanged.body.access_token ?? "";
}

describe("npm start", () => {
  let first: string;

  it(
    "prints the secret URL, the OAuth URL and two agents to sign in as, and both URLs work",
    async () => {
      first = await start();
      const base = `http://127.0.0.1:${ports.PORT}`;
      const secretUrl = urlAfter(first, "MCP URL");
      const oauthUrl = urlAfter(first, "OAuth URL");
      expect(secretUrl).toMatch(new RegExp(`^${base}/mcp/[A-Za-z0-9_-]{43}$`));
      expect(oauthUrl).toMatch(new RegExp(`^${base}/mcp/oauth/[0-9a-f-]{36}$`));
      expect(first).toContain("Sign in as (Freshworks password sim-password):");
      expect(first).toContain(
        `Priya Shah (SD Agent, closes tickets): API key ${PRIYA.apiKey}, or Freshworks: ${PRIYA.email}`,
      );
      expect(first).toContain(
        `Mei Chen (read-only, refused on writes): API key ${MEI.apiKey}, or Freshworks: ${MEI.email}`,
      );

      // The secret URL, as before.
      const client = new ClientV2({ name: "e2e-start", version: "1.0.0" });
      await client.connect(new TransportV2(new URL(secretUrl)));
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("search_tools");
      await client.close();

      // The OAuth URL asks for a sign-in, and both ways printed work: Priya's key, Mei through Freshworks.
      const priya = await signInOn(oauthUrl, { way: "api_key", apiKey: PRIYA.apiKey });
      expect((await listWith(oauthUrl, priya)).status).toBe(200);
      const mei = await signInOn(oauthUrl, { way: "freshworks", email: MEI.email });
      expect((await listWith(oauthUrl, mei)).status).toBe(200);
    },
    START_TIMEOUT_MS,
  );

  it(
    "a second start keeps both URLs",
    async () => {
      const second = await start();
      expect(urlAfter(second, "MCP URL")).toBe(urlAfter(first, "MCP URL"));
      expect(urlAfter(second, "OAuth URL")).toBe(urlAfter(first, "OAuth URL"));
    },
    START_TIMEOUT_MS,
  );
});
