/**
 * OAuth MCP servers end to end, through real clients' OAuth support, against the Worker in workerd and the
 * simulator: the SDK's 2.x client (pinned to 2026-07-28) with nothing but the URL registers by client metadata
 * document, the 1.x client (2025 revisions) registers dynamically; both sign in on the page (as a browser would,
 * over fetch), read, meet the step-up answer on a write, sign in again for write, and close a ticket. Two agents
 * of different roles on one URL act as themselves; the Inspector CLI signs in too; revoking a grant, the server or
 * the account stops the next call; replayed codes and refresh tokens and tokens carried to another server are
 * refused. Each test has its own account and server.
 */
import "./loopback-tls";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
  UnauthorizedError as UnauthorizedErrorV2,
} from "@modelcontextprotocol/client";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startClientMetadataServer } from "../support/oauth-client-metadata";
import {
  authorizationUrl,
  callWith,
  type Discovered,
  discover,
  exchangeCode,
  listWith,
  pkce,
  refresh,
  register,
  type Tokens,
} from "../support/oauth-flow";
import { TestOAuthProvider } from "../support/oauth-sdk-provider";
import { type SignInWay, signIn } from "../support/oauth-sign-in";
import { LOOPBACK_TLS } from "./loopback-tls";
import {
  auditOf,
  grantsOf,
  MEI,
  mintOAuthServer,
  mintOnAccount,
  type OAuthServer,
  openTickets,
  PRIYA,
  READ,
  WRITE,
} from "./oauth-servers";
import { type Stack, startStack } from "./stack";

const MODERN = "2026-07-28";
/** Where the clients say the browser comes back; the sign-in helper stops there and never loads it. */
const REDIRECT_URI = "http://127.0.0.1:33418/callback";
const READ_TICKET = "get_single_freshservice_ticket_by_id";
const UPDATE_TICKET = "update_a_freshservice_ticket_by_id";
const CLOSED = 5;

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };

let stack: Stack;
let nextTicket: () => number;
/** Every key, code and token the tests handled: none may reach a line the Worker printed. */
const secrets = new Set<string>([PRIYA.apiKey, MEI.apiKey]);
const providers: TestOAuthProvider[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  stack = await startStack();
  nextTicket = openTickets(stack);
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close().catch(() => {})));
  await stack?.stop();
});

const ticketStatus = (id: number) => stack.simulator.simulator.tenant().tickets.get(id)?.status;

/** The simulator's log entries of writes to one ticket: who made them and how Freshservice answered. */
function writesTo(ticketId: number) {
  return stack.simulator.simulator.requests
    .filter((r) => r.method === "PUT" && r.path === `/api/v2/tickets/${ticketId}`)
    .map((r) => ({ agent_id: r.agent_id, credential: r.credential, status: r.status }));
}

function textOf(result: unknown): string {
  return (result as ToolResult).content.map((c) => c.text).join("\n");
}

function expectOk(result: unknown) {
  expect((result as ToolResult).isError, textOf(result)).toBeFalsy();
}

/** The 2.x client on an OAuth URL: the first connection sends the agent to sign in, the second uses the tokens. */
async function connectV2(url: string, provider: TestOAuthProvider) {
  providers.push(provider);
  const first = new ClientV2(
    { name: "e2e-oauth-v2", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  const firstTransport = new TransportV2(new URL(url), { authProvider: provider });
  await expect(first.connect(firstTransport)).rejects.toBeInstanceOf(UnauthorizedErrorV2);
  const { code, iss } = provider.takeCode();
  await firstTransport.finishAuth(code, iss);
  await first.close().catch(() => {});
  const client = new ClientV2(
    { name: "e2e-oauth-v2", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  const transport = new TransportV2(new URL(url), { authProvider: provider });
  await client.connect(transport);
  closers.push(() => client.close());
  return { client, transport };
}

/** The 1.x client on an OAuth URL, the same way. */
async function connectV1(url: string, provider: TestOAuthProvider) {
  providers.push(provider);
  const first = new Client({ name: "e2e-oauth-v1", version: "1.0.0" });
  const firstTransport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await expect(first.connect(firstTransport)).rejects.toBeInstanceOf(UnauthorizedError);
  await firstTransport.finishAuth(provider.takeCode().code);
  await first.close().catch(() => {});
  const client = new Client({ name: "e2e-oauth-v1", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
  closers.push(() => client.close());
  return { client, transport };
}

/** What a client sent the agent to sign in for. */
function scopesAsked(authorization: URL | undefined): string[] {
  return (authorization?.searchParams.get("scope") ?? "").split(" ").filter(Boolean);
}

describe("the SDK's 2.x client, pinned to 2026-07-28, with nothing but the URL", () => {
  it("registers by metadata document, reads, meets the step-up answer, signs in for write and closes a ticket", async () => {
    const server = await mintOAuthServer(stack);
    const document = await startClientMetadataServer(
      { client_name: "E2E SDK Two", redirect_uris: [REDIRECT_URI] },
      LOOPBACK_TLS,
    );
    closers.push(() => document.close());
    const provider = new TestOAuthProvider({ way: "api_key", apiKey: PRIYA.apiKey }, REDIRECT_URI, {
      clientMetadataUrl: document.clientId,
    });
    const { client, transport } = await connectV2(server.url, provider);

    // The client identified itself by its document, which the Worker fetched; PKCE S256 and the resource were sent.
    const first = provider.authorizations[0];
    expect(first?.searchParams.get("client_id")).toBe(document.clientId);
    expect(first?.searchParams.get("code_challenge_method")).toBe("S256");
    expect(first?.searchParams.get("resource")).toBe(server.url);
    expect(scopesAsked(first)).not.toContain(WRITE);
    expect(document.fetches).toBeGreaterThan(0);

    // Read scope: no write tool is listed, a read runs as Priya.
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain(READ_TICKET);
    expect(tools.map((t) => t.name)).not.toContain(UPDATE_TICKET);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    const ticketId = nextTicket();
    expectOk(await client.callTool({ name: READ_TICKET, arguments: { id: ticketId } }));

    // A write: 403 insufficient_scope; the SDK sends the agent to sign in again, asking for write.
    await expect(
      client.callTool({ name: UPDATE_TICKET, arguments: { id: ticketId, status: CLOSED } }),
    ).rejects.toThrow();
    expect(provider.authorizations).toHaveLength(2);
    expect(scopesAsked(provider.authorizations[1])).toEqual(expect.arrayContaining([READ, WRITE]));
    expect(ticketStatus(ticketId)).not.toBe(CLOSED);
    const { code, iss } = provider.takeCode();
    await transport.finishAuth(code, iss);

    // With write, the ticket closes, as Priya.
    expectOk(await client.callTool({ name: UPDATE_TICKET, arguments: { id: ticketId, status: CLOSED } }));
    expect(ticketStatus(ticketId)).toBe(CLOSED);
    expect(writesTo(ticketId)).toEqual([{ agent_id: PRIYA.id, credential: "api_key", status: 200 }]);
    // A client connecting with the write grant lists the write tools.
    const writer = new ClientV2(
      { name: "e2e-oauth-v2", version: "1.0.0" },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    await writer.connect(new TransportV2(new URL(server.url), { authProvider: provider }));
    closers.push(() => writer.close());
    expect((await writer.listTools()).tools.map((t) => t.name)).toContain(UPDATE_TICKET);
  });
});

describe("the SDK's 1.x client (2025 revisions)", () => {
  it("registers dynamically, reads, steps up to write and closes a ticket", async () => {
    const server = await mintOAuthServer(stack);
    const provider = new TestOAuthProvider({ way: "api_key", apiKey: PRIYA.apiKey }, REDIRECT_URI, {
      clientName: "E2E SDK One",
    });
    const { client } = await connectV1(server.url, provider);
    // Registered dynamically: the client id is the Worker's, not a URL.
    expect(provider.clientId).not.toMatch(/^https?:/);
    expect(provider.authorizations[0]?.searchParams.get("client_id")).toBe(provider.clientId);

    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain(READ_TICKET);
    expect(names).not.toContain(UPDATE_TICKET);
    const ticketId = nextTicket();
    expectOk(await client.callTool({ name: READ_TICKET, arguments: { id: ticketId } }));

    // The 1.x client answers a 403 insufficient_scope by refreshing its token, which can't widen the grant (RFC 6749
    // §6), and then gives up with the 403; nor does it keep the 403's scope for the next 401. Its host asks for the
    // scope itself: it drops the tokens and authorizes with the scope the 403 named, which sends the agent to sign in.
    await expect(client.callTool({ name: UPDATE_TICKET, arguments: { id: ticketId, status: CLOSED } })).rejects.toThrow(
      /403/,
    );
    expect(provider.authorizations).toHaveLength(1);
    provider.invalidateCredentials("tokens");
    expect(await auth(provider, { serverUrl: server.url, scope: `${READ} ${WRITE}` })).toBe("REDIRECT");
    expect(scopesAsked(provider.authorizations[1])).toEqual(expect.arrayContaining([READ, WRITE]));
    // The same client on a new transport after finishing the sign-in, as a 1.x host does.
    const again = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    await again.finishAuth(provider.takeCode().code);
    const writer = new Client({ name: "e2e-oauth-v1", version: "1.0.0" });
    await writer.connect(again);
    closers.push(() => writer.close());
    expectOk(await writer.callTool({ name: UPDATE_TICKET, arguments: { id: ticketId, status: CLOSED } }));
    expect(ticketStatus(ticketId)).toBe(CLOSED);
    expect(writesTo(ticketId)).toEqual([{ agent_id: PRIYA.id, credential: "api_key", status: 200 }]);

    // The operator sees both sign-ins: the first (read) and the step-up's (read and write), Priya's, by this client.
    const grants = await grantsOf(stack, server);
    expect(grants.map((g) => [g.agent_email, g.client_name, [...g.scopes].sort()]).sort()).toEqual([
      [PRIYA.email, "E2E SDK One", [READ]],
      [PRIYA.email, "E2E SDK One", [READ, WRITE]],
    ]);
  });
});

/** A grant made step by step over fetch: discovery, dynamic registration, the page, the code exchange. */
async function grantFor(server: OAuthServer, how: SignInWay, scope = `${READ} ${WRITE}`) {
  const discovered = await discover(server.url);
  const clientId = await register(discovered.server, [REDIRECT_URI]);
  const { verifier, challenge } = pkce();
  const state = "s-123";
  const url = authorizationUrl(discovered.server, {
    clientId,
    redirectUri: REDIRECT_URI,
    resource: discovered.resource,
    scope,
    state,
    challenge,
  });
  const response = await signIn(url, how);
  expect(response.state).toBe(state);
  expect(response.iss).toBe(discovered.server.issuer);
  const code = response.code ?? "";
  secrets.add(code);
  const exchanged = await exchangeCode(discovered.server, {
    code,
    verifier,
    clientId,
    redirectUri: REDIRECT_URI,
    resource: discovered.resource,
  });
  expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
  const tokens = exchanged.body as Tokens;
  secrets.add(tokens.access_token).add(tokens.refresh_token);
  return { discovered, clientId, code, verifier, tokens };
}

/** The 2.x client with a bearer token it was handed (the tokens came from `grantFor`). */
async function clientWithToken(url: string, accessToken: string) {
  const client = new ClientV2(
    { name: "e2e-bearer", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  await client.connect(
    new TransportV2(new URL(url), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }),
  );
  closers.push(() => client.close());
  return client;
}

describe("two agents of different roles on one OAuth URL", () => {
  it("Priya closes a ticket, Mei gets the permission error; Freshservice and the audit trail name each", async () => {
    const server = await mintOAuthServer(stack);
    const priya = await clientWithToken(
      server.url,
      (await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey })).tokens.access_token,
    );
    const mei = await clientWithToken(
      server.url,
      (await grantFor(server, { way: "api_key", apiKey: MEI.apiKey })).tokens.access_token,
    );

    const meiTicket = nextTicket();
    const refused = (await mei.callTool({
      name: UPDATE_TICKET,
      arguments: { id: meiTicket, status: CLOSED },
    })) as ToolResult;
    expect(refused.isError).toBe(true);
    // The clear answer: the agent's own Freshservice role lacks the permission (not a bare 403, not a sign-in).
    expect(textOf(refused)).toMatch(/permission/i);
    expect(ticketStatus(meiTicket)).not.toBe(CLOSED);

    const priyaTicket = nextTicket();
    expectOk(await priya.callTool({ name: UPDATE_TICKET, arguments: { id: priyaTicket, status: CLOSED } }));
    expect(ticketStatus(priyaTicket)).toBe(CLOSED);

    // Freshservice saw each agent's own key: the change is Priya's, the refusal Mei's.
    expect(writesTo(priyaTicket)).toEqual([{ agent_id: PRIYA.id, credential: "api_key", status: 200 }]);
    expect(writesTo(meiTicket)).toEqual([{ agent_id: MEI.id, credential: "api_key", status: 403 }]);
    const activities = await fetch(`${stack.simulator.url}/api/v2/tickets/${priyaTicket}/activities`, {
      headers: { authorization: `Basic ${Buffer.from("sim-api-key:X").toString("base64")}` },
    });
    // Newest first: the status change is Priya's.
    const { activities: list } = (await activities.json()) as { activities: { actor: { id: number } }[] };
    expect(list[0]).toMatchObject({ actor: { id: PRIYA.id, name: PRIYA.name }, content: "updated status" });

    // The operator sees both sign-ins, and the audit trail names the agent of each call.
    const grants = await grantsOf(stack, server);
    expect(grants.map((g) => g.agent_id).sort()).toEqual([PRIYA.id, MEI.id].sort());
    const trail = await auditOf(stack, server);
    const calls = trail.filter((e) => e.tool === UPDATE_TICKET);
    expect(calls).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agent_id: PRIYA.id, agent_email: PRIYA.email, client_name: "e2e dynamic client" }),
        expect.objectContaining({ agent_id: MEI.id, agent_email: MEI.email, client_name: "e2e dynamic client" }),
      ]),
    );
  });
});

describe("ending sign-ins", () => {
  it("revoking the grant stops the next call at once", async () => {
    const server = await mintOAuthServer(stack);
    const { tokens } = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    expect((await listWith(server.url, tokens.access_token)).status).toBe(200);
    const [grant] = await grantsOf(stack, server);
    const revoked = await stack.admin(
      `/integrated-account/${server.accountId}/mcp/${server.mcpId}/grants/${grant?.grant_id}`,
      { method: "DELETE" },
    );
    expect(revoked.status).toBeLessThan(300);
    const after = await listWith(server.url, tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.challenge).toMatch(/^Bearer /);
    expect(await grantsOf(stack, server)).toEqual([]);
  });

  it("revoking all of one agent's grants leaves the other agent's", async () => {
    const server = await mintOAuthServer(stack);
    const priya = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    const mei = await grantFor(server, { way: "api_key", apiKey: MEI.apiKey });
    const revoked = await stack.admin(
      `/integrated-account/${server.accountId}/mcp/${server.mcpId}/grants?agent_id=${PRIYA.id}`,
      { method: "DELETE" },
    );
    expect(revoked.status).toBeLessThan(300);
    expect((await listWith(server.url, priya.tokens.access_token)).status).toBe(401);
    expect((await listWith(server.url, mei.tokens.access_token)).status).toBe(200);
  });

  it("deleting the server stops the next call at once, and its refresh token is refused", async () => {
    const server = await mintOAuthServer(stack);
    const { tokens, discovered, clientId } = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    const deleted = await stack.admin(`/integrated-account/${server.accountId}/mcp/${server.mcpId}`, {
      method: "DELETE",
    });
    expect(deleted.status).toBeLessThan(300);
    // The URL is gone, as a revoked secret URL is: 404, not a 401 that would send the agent to sign in again.
    expect((await listWith(server.url, tokens.access_token)).status).toBe(404);
    const again = await refresh(discovered.server, {
      refreshToken: tokens.refresh_token,
      clientId,
      resource: discovered.resource,
    });
    expect(again.status).not.toBe(200);
    expect(again.body.access_token).toBeUndefined();
  });

  it("deleting the account stops the next call at once", async () => {
    const server = await mintOAuthServer(stack);
    const { tokens } = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    const deleted = await stack.admin(`/integrated-account/${server.accountId}`, { method: "DELETE" });
    expect(deleted.status).toBeLessThan(300);
    // The URL is gone, as a revoked secret URL is: 404, not a 401 that would send the agent to sign in again.
    expect((await listWith(server.url, tokens.access_token)).status).toBe(404);
  });
});

describe("Freshservice refusing the agent's credential", () => {
  it("ends the grant: the client gets 401 invalid_token, and the grant stays ended when the key works again", async () => {
    const server = await mintOAuthServer(stack);
    const { tokens } = await grantFor(server, { way: "api_key", apiKey: MEI.apiKey });
    const read = () => callWith(server.url, tokens.access_token, READ_TICKET, { id: 58 });
    expect((await read()).status).toBe(200);
    // Mei's key stops working (her API access turned off, as a regenerated key would be refused).
    const mei = stack.simulator.simulator.tenant().agents.get(MEI.id);
    if (!mei) throw new Error("no Mei in the seed");
    mei.api_key_enabled = false;
    try {
      const refused = await read();
      expect(refused.status).toBe(401);
      expect(refused.challenge).toMatch(/error="invalid_token"/);
      expect(refused.text).not.toContain(MEI.apiKey);
    } finally {
      mei.api_key_enabled = true;
    }
    expect((await read()).status).toBe(401);
    expect(await grantsOf(stack, server)).toEqual([]);
  });
});

describe("replays and tokens out of place", () => {
  it("a code is redeemed once", async () => {
    const server = await mintOAuthServer(stack);
    const { discovered, clientId, code, verifier } = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    const replay = await exchangeCode(discovered.server, {
      code,
      verifier,
      clientId,
      redirectUri: REDIRECT_URI,
      resource: discovered.resource,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    expect(replay.body.access_token).toBeUndefined();
  });

  it("a refresh token used after its successor is a replay: refused, and the grant ends", async () => {
    const server = await mintOAuthServer(stack);
    const { discovered, clientId, tokens } = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    const resource = discovered.resource;
    const second = await refresh(discovered.server, { refreshToken: tokens.refresh_token, clientId, resource });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(tokens.refresh_token);
    // The successor is used: from now on the first one is a replay, however soon it comes back.
    const third = await refresh(discovered.server, {
      refreshToken: second.body.refresh_token ?? "",
      clientId,
      resource,
    });
    expect(third.status).toBe(200);
    const replay = await refresh(discovered.server, { refreshToken: tokens.refresh_token, clientId, resource });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    expect((await listWith(server.url, third.body.access_token ?? "")).status).toBe(401);
  });

  it("a token minted for one OAuth server is refused by another, even on the same account", async () => {
    const server = await mintOAuthServer(stack);
    const other = {
      accountId: server.accountId,
      ...(await mintOnAccount(stack, server.accountId, { tags: ["tickets"] })),
    };
    const { tokens, clientId } = await grantFor(server, { way: "api_key", apiKey: PRIYA.apiKey });
    expect((await listWith(server.url, tokens.access_token)).status).toBe(200);
    const elsewhere = await listWith(other.url, tokens.access_token);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.challenge).toContain(other.mcpId);
    // Nor does its refresh token buy tokens there.
    const otherDiscovered: Discovered = await discover(other.url);
    const crossed = await refresh(otherDiscovered.server, {
      refreshToken: tokens.refresh_token,
      clientId,
      resource: otherDiscovered.resource,
    });
    expect(crossed.status).not.toBe(200);
    expect(crossed.body.access_token).toBeUndefined();
  });
});

describe("the Inspector CLI (pinned devDependency)", () => {
  /**
   * Its CLI runs the whole OAuth flow when nobody is at a terminal if MCP_AUTO_OPEN_ENABLED=true: it listens on
   * the callback URL, prints "Please navigate to: <authorization URL>" on stderr and waits. The test is the agent at
   * the browser: it signs in on that URL and lands on the CLI's callback, and the CLI then runs its method. BROWSER
   * names a command that opens nothing, and HOME and the stores point at a directory of the test's own.
   */
  it("signs in by metadata document and lists the tools", async () => {
    const server = await mintOAuthServer(stack);
    const home = mkdtempSync(join(tmpdir(), "fs-mcp-inspector-"));
    closers.push(async () => rmSync(home, { recursive: true, force: true }));
    const callbackPort = await freePort();
    const callback = `http://127.0.0.1:${callbackPort}/oauth/callback`;
    const document = await startClientMetadataServer(
      { client_name: "MCP Inspector", redirect_uris: [callback] },
      LOOPBACK_TLS,
    );
    closers.push(() => document.close());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      MCP_STORAGE_DIR: home,
      MCP_INSPECTOR_SECRET_STORE: "memory",
      MCP_AUTO_OPEN_ENABLED: "true",
      BROWSER: "true",
      DISPLAY: "",
      WAYLAND_DISPLAY: "",
    };
    const child = spawn(
      "node_modules/.bin/mcp-inspector",
      [
        "--cli",
        server.url,
        "--transport",
        "http",
        "--client-metadata-url",
        document.clientId,
        "--callback-url",
        callback,
        "--method",
        "tools/list",
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    closers.push(async () => void child.kill());
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const authorization = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        const url = /Please navigate to: (\S+)/.exec(stderr)?.[1];
        if (url) resolve(url);
      });
      child.once("exit", (code) => reject(new Error(`the Inspector exited (${code}) before asking: ${stderr}`)));
    });
    expect(new URL(authorization).searchParams.get("client_id")).toBe(document.clientId);
    const signedIn = await signIn(authorization, { way: "api_key", apiKey: PRIYA.apiKey });
    expect(signedIn.redirect.href.startsWith(callback)).toBe(true);
    // The browser lands on the CLI's callback listener, which finishes the flow.
    await (await fetch(signedIn.redirect)).text();
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, stderr).toBe(0);
    const { tools } = JSON.parse(stdout) as { tools: { name: string }[] };
    expect(tools.map((t) => t.name)).toContain(READ_TICKET);
    expect(tools.map((t) => t.name)).not.toContain(UPDATE_TICKET);
    expect(await grantsOf(stack, server)).toEqual([
      expect.objectContaining({ agent_id: PRIYA.id, client_id: document.clientId }),
    ]);
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("what the Worker printed", () => {
  it("holds no agent's key, no code and no token the tests handled", () => {
    for (const provider of providers) for (const secret of provider.handled) secrets.add(secret);
    expect(secrets.size).toBeGreaterThan(20);
    const printed = stack.logs.join("\n");
    expect(printed.length).toBeGreaterThan(0);
    for (const secret of secrets) if (secret) expect(printed, "a secret in the Worker's log").not.toContain(secret);
  });
});
