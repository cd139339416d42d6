/**
 * `/mcp/oauth/<mcp_id>`, the MCP endpoint of an OAuth server: the sign-in challenge, tokens refused, the grant's
 * scopes narrowing the tools (step-up), the agent's own credential upstream (the simulator says who acted), an
 * upstream 401 ending the grant, an agent's 403 worded for the agent, Freshworks sign-ins, and the call log naming
 * agent and client. The grant object is a fake here (its own tests prove it): it answers `authenticate` for the
 * sessions a test gives it and records revocations.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  GrantSession,
  OAuthFailure,
  SignInWay,
  StoredCredential,
  TokenSet,
  UpstreamCredential,
} from "../../worker/oauth/grant-types";
import { READ_SCOPE, WRITE_SCOPE } from "../../worker/oauth/paths";
import { mintGrantSecret, s256 } from "../../worker/oauth/tokens";
import { encryptSecret, sha256Hex } from "../../worker/store/crypto";
import {
  clearFaults,
  createAccount,
  dispatch,
  injectFault,
  MCP_HEADERS,
  mint,
  ORIGIN,
  rpcBody,
  SIMULATOR_ORIGIN,
  settled,
  simulatorControl,
} from "./helpers";

const PRIYA = { id: 21000000002, email: "priya.shah@acme.example", name: "Priya Shah" };
const MEI = { id: 21000000010, email: "mei.chen@acme.example", name: "Mei Chen" };
/** An SD agent whose API key is off: Freshservice answers 401 to it, as to a regenerated key. */
const KEY_OFF = { id: 21000000003, email: "agent.three@acme.example", name: "Agent Three" };
const agentKey = (id: number): UpstreamCredential => ({ kind: "api_key", apiKey: `sim-api-key-user-${id}` });

/** The client every grant here was given to. */
const EXAMPLE_CLIENT: GrantSession["client"] = {
  client_id: "https://client.example/meta.json",
  name: "Example Client",
  kind: "metadata_document",
  host: "client.example",
};

/** A stand-in for the OAUTH_GRANT namespace: one session per grant id, revocations recorded. */
class FakeGrants {
  readonly sessions = new Map<string, { token: string; resource: string; session: GrantSession }>();
  readonly revoked: { grantId: string; reason: string }[] = [];

  getByName(grantId: string) {
    return {
      authenticate: async (token: string, resource: string) => {
        const held = this.sessions.get(grantId);
        return held && held.token === token && held.resource === resource ? held.session : null;
      },
      revoke: async (reason: string) => {
        this.revoked.push({ grantId, reason });
        this.sessions.delete(grantId);
      },
      // No credential here can be renewed: the caller's onRejected then ends the grant.
      renewUpstream: async () => null,
    };
  }

  /** A signed-in grant; its access token. */
  signIn(
    server: OAuthServer,
    agent: GrantSession["agent"],
    options: { scopes?: string[]; way?: SignInWay; credential?: UpstreamCredential } = {},
  ): string {
    const grantId = crypto.randomUUID();
    const token = mintGrantSecret(grantId);
    this.sessions.set(grantId, {
      token,
      resource: server.url,
      session: {
        grant_id: grantId,
        account_id: server.accountId,
        mcp_id: server.mcpId,
        agent,
        client: EXAMPLE_CLIENT,
        scopes: options.scopes ?? [READ_SCOPE],
        way: options.way ?? "api_key",
        credential: options.credential ?? agentKey(agent.id),
      },
    });
    return token;
  }
}

interface OAuthServer {
  accountId: string;
  mcpId: string;
  url: string;
  metadata: string;
}

/** An account whose agents may sign in both ways (the simulator's demo Freshworks client). */
const BOTH_WAYS = {
  sign_in: {
    api_key: true,
    freshworks: {
      org_url: SIMULATOR_ORIGIN,
      client_id: "fw_ext_simulator_demo",
      client_secret: "sim-oauth-secret",
      scopes: ["freshservice.tickets.view"],
    },
  },
};

/** An OAuth server minted through the admin API (`auth: "oauth"`), on a fresh account. */
async function oauthServer(
  config: Record<string, unknown> = {},
  account_overrides: Record<string, unknown> = {},
): Promise<OAuthServer> {
  const account = await createAccount(account_overrides);
  const minted = await mint(account.id, { auth: "oauth", config });
  expect(minted.url).toBe(`${ORIGIN}/mcp/oauth/${minted.id}`);
  return {
    accountId: account.id,
    mcpId: minted.id,
    url: minted.url,
    metadata: `${ORIGIN}/.well-known/oauth-protected-resource/mcp/oauth/${minted.id}`,
  };
}

let grants: FakeGrants;
let bindings: Env;

beforeEach(() => {
  grants = new FakeGrants();
  bindings = { ...env, OAUTH_GRANT: grants as unknown as Env["OAUTH_GRANT"] };
});
afterEach(async () => {
  await settled();
  await clearFaults();
});

function post(url: string, method: string, params?: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { ...MCP_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return dispatch(new Request(url, { method: "POST", headers, body: rpcBody(method, params) }), bindings);
}

type CallResult = { isError?: boolean; content: { type: string; text: string }[] };

/** `tools/call` of `name` with `args` on `server`, as the holder of `token`. */
function callTool(server: OAuthServer, token: string, name: string, args: unknown): Promise<Response> {
  return post(server.url, "tools/call", { name, arguments: args }, token);
}

/** A 200 whose tool result is not an error. */
async function expectToolOk(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(((await response.json()) as { result: CallResult }).result.isError).toBeFalsy();
}

/** Forgets the simulator's request log, so a test reads only what it sent. */
const clearSimulatorLog = () => simulatorControl("requests", { method: "DELETE" });

async function listNames(server: OAuthServer, token: string): Promise<string[]> {
  const response = await post(server.url, "tools/list", undefined, token);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { result: { tools: { name: string }[] } };
  return body.result.tools.map((t) => t.name);
}

/** The call-log lines (parsed) written while `run` runs and its background work settles. */
async function callLog(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  try {
    await run();
    await settled();
  } finally {
    spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === "tool_call");
}

async function simulatorLog(): Promise<
  { method: string; path: string; credential?: string; agent_id?: number; status: number }[]
> {
  return (await simulatorControl("requests")).json();
}

describe("the sign-in challenge", () => {
  it("no token: 401 naming the resource metadata and the baseline scope, a JSON-RPC error, nothing stored", async () => {
    const server = await oauthServer();
    const response = await post(server.url, "tools/list");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${server.metadata}", scope="freshservice:read"`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32000 } });
  });

  it.each([
    ["an unknown token", (_: OAuthServer, token: string) => mintGrantSecret(token.split(".")[0] ?? "")],
    ["a token not shaped <grant>.<secret>", () => "no-dot-at-all"],
    [
      "a token of a revoked grant",
      (_: OAuthServer, token: string) => {
        grants.sessions.clear();
        return token;
      },
    ],
  ])("%s: 401 invalid_token", async (_, tokenFor) => {
    const server = await oauthServer();
    const token = tokenFor(server, grants.signIn(server, PRIYA));
    const response = await post(server.url, "tools/list", undefined, token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", resource_metadata="${server.metadata}", scope="freshservice:read"`,
    );
    expect(await response.text()).not.toContain(token);
  });

  it("a grant that can't be checked just now (its Freshworks refresh failed): 503, the grant kept", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, PRIYA);
    const failing = {
      getByName: () => ({
        authenticate: async () => {
          throw new Error("the agent's Freshworks token could not be refreshed");
        },
      }),
    };
    const response = await dispatch(
      new Request(server.url, {
        method: "POST",
        headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
        body: rpcBody("tools/list"),
      }),
      { ...env, OAUTH_GRANT: failing as unknown as Env["OAUTH_GRANT"] },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.text()).not.toContain(token);
    expect(grants.revoked).toEqual([]);
  });

  it("a token minted for another server is refused by this one", async () => {
    const [mine, other] = [await oauthServer(), await oauthServer()];
    const token = grants.signIn(other, PRIYA);
    const response = await post(mine.url, "tools/list", undefined, token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("a sign-in by a way the operator has since turned off is ended, even when the listing missed it", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, PRIYA, { way: "api_key" });
    expect((await post(server.url, "tools/list", undefined, token)).status).toBe(200);
    // Written straight to the store, as a PATCH whose listing of grants missed this one would leave it.
    const key = `account:${server.accountId}`;
    const record = JSON.parse((await env.STORE.get(key)) ?? "{}");
    await env.STORE.put(key, JSON.stringify({ ...record, sign_in: { api_key: false, freshworks: null } }));
    const response = await post(server.url, "tools/list", undefined, token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(grants.revoked).toEqual([{ grantId: token.split(".")[0], reason: "operator" }]);
  });

  it("an unknown or malformed server id, a secret URL's id, or a revoked server: 404 as an unknown token", async () => {
    const server = await oauthServer();
    const secret = await mint((await createAccount()).id);
    for (const id of [crypto.randomUUID(), "not-a-uuid", secret.id]) {
      const response = await post(`${ORIGIN}/mcp/oauth/${id}`, "tools/list", undefined, "x.y");
      expect(response.status).toBe(404);
    }
    const revoked = await dispatch(
      new Request(`${ORIGIN}/integrated-account/${server.accountId}/mcp/${server.mcpId}`, {
        method: "DELETE",
        headers: { authorization: "Bearer test-admin-token" },
      }),
      bindings,
    );
    expect(revoked.status).toBeLessThan(300);
    const token = grants.signIn(server, PRIYA);
    expect((await post(server.url, "tools/list", undefined, token)).status).toBe(404);
  });
});

describe("scopes", () => {
  it("without the write scope tools/list shows no write tool; with it, the server's config decides", async () => {
    const server = await oauthServer();
    const read = await listNames(server, grants.signIn(server, PRIYA));
    const write = await listNames(server, grants.signIn(server, PRIYA, { scopes: [READ_SCOPE, WRITE_SCOPE] }));
    expect(read).toContain("get_single_freshservice_ticket_by_id");
    expect(read).toContain("search");
    expect(read).not.toContain("update_a_freshservice_ticket_by_id");
    expect(write).toContain("update_a_freshservice_ticket_by_id");
    // The read-only list again, after the wider one was cached: the lists never mix.
    expect(await listNames(server, grants.signIn(server, PRIYA))).toEqual(read);
  });

  it("a 2026-07-28 client is told not to reuse the list (ttlMs 0): a step-up changes what it may list next", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, PRIYA);
    const version = "2026-07-28";
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/list",
      params: {
        _meta: {
          "io.modelcontextprotocol/protocolVersion": version,
          "io.modelcontextprotocol/clientInfo": { name: "test", version: "1" },
          "io.modelcontextprotocol/clientCapabilities": {},
        },
      },
    });
    const headers = {
      ...MCP_HEADERS,
      authorization: `Bearer ${token}`,
      "mcp-protocol-version": version,
      "mcp-method": "tools/list",
    };
    const response = await dispatch(new Request(server.url, { method: "POST", headers, body }), bindings);
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { ttlMs: number; cacheScope: string } };
    expect(result).toMatchObject({ ttlMs: 0, cacheScope: "private" });
  });

  it("a write call without the write scope: 403 insufficient_scope naming the scope, nothing sent", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, PRIYA);
    await clearSimulatorLog();
    const response = await callTool(server, token, "update_a_freshservice_ticket_by_id", { id: 1, status: 3 });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="insufficient_scope", scope="freshservice:read freshservice:write", resource_metadata="${server.metadata}"`,
    );
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("freshservice:write");
    expect((await simulatorLog()).filter((r) => r.path.startsWith("/api/v2/tickets"))).toEqual([]);
  });

  it("discovery's call_tool applies the same rule to the tool it names", async () => {
    const server = await oauthServer({ tool_exposure: "discovery" });
    const token = grants.signIn(server, PRIYA);
    const response = await callTool(server, token, "call_tool", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: '{"id": 1, "status": 3}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    const read = await callTool(server, token, "call_tool", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: '{"id": 1}',
    });
    await expectToolOk(read);
  });

  it("a tool the server's config excludes stays unknown, whatever the scope", async () => {
    const server = await oauthServer({ methods: ["read"] });
    const token = grants.signIn(server, PRIYA, { scopes: [READ_SCOPE, WRITE_SCOPE] });
    const response = await callTool(server, token, "update_a_freshservice_ticket_by_id", { id: 1, status: 3 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: { code: -32602 } });
  });
});

describe("the agent's own credential", () => {
  it("with the write scope, the write reaches Freshservice as the signed-in agent", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, PRIYA, { scopes: [READ_SCOPE, WRITE_SCOPE] });
    await clearSimulatorLog();
    const response = await callTool(server, token, "update_a_freshservice_ticket_by_id", { id: 1, status: 3 });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(((await response.json()) as { result: CallResult }).result.isError).toBeFalsy();
    const sent = (await simulatorLog()).filter((r) => r.path.startsWith("/api/v2/"));
    expect(sent.length).toBeGreaterThan(0);
    // Every call of it (the form's field metadata included) went as Priya, with her own key.
    for (const request of sent) expect(request).toMatchObject({ credential: "api_key", agent_id: PRIYA.id });
    expect(sent.some((r) => r.method === "PUT" && r.path === "/api/v2/tickets/1")).toBe(true);
  });

  it("a read-only agent closing a ticket: a tool error naming the operation and the agent's missing permission", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, MEI, { scopes: [READ_SCOPE, WRITE_SCOPE] });
    const response = await callTool(server, token, "update_a_freshservice_ticket_by_id", { id: 1, status: 5 });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: CallResult };
    expect(result.isError).toBe(true);
    const text = result.content[0]?.text ?? "";
    expect(text).toContain("for the signed-in agent (403)");
    expect(text).toContain("PUT /tickets/{id}");
    expect(text).toMatch(/role/);
    expect(grants.revoked).toEqual([]);
  });

  it("Freshservice refusing the credential (401) ends the grant and answers 401 invalid_token", async () => {
    const server = await oauthServer();
    const token = grants.signIn(server, KEY_OFF);
    const grantId = token.split(".")[0];
    const response = await callTool(server, token, "get_single_freshservice_ticket_by_id", { id: 1 });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", resource_metadata="${server.metadata}", scope="freshservice:read"`,
    );
    expect(await response.text()).not.toContain("sim-api-key");
    expect(grants.revoked).toEqual([{ grantId, reason: "upstream_rejected" }]);
    // The next call is refused at the grant.
    expect((await post(server.url, "tools/list", undefined, token)).status).toBe(401);
  });

  it("an agent's refused field-metadata read is not cached for the account's other callers", async () => {
    const server = await oauthServer();
    // A key Freshservice answers 403 everywhere (a requester's): the form reads are refused as the agent.
    const token = grants.signIn(server, PRIYA, {
      scopes: [READ_SCOPE, WRITE_SCOPE],
      credential: agentKey(21000000011),
    });
    expect((await post(server.url, "tools/list", undefined, token)).status).toBe(200);
    await settled();
    const cached = await env.STORE.list({ prefix: `fields:${server.accountId}:` });
    const failed = await env.STORE.list({ prefix: `fields-failed:${server.accountId}:` });
    expect(cached.keys).toEqual([]);
    expect(failed.keys).toEqual([]);
  });
});

describe("Freshworks sign-ins", () => {
  it("don't see a tool Freshworks gives no scope for, and calling it is a clear tool error", async () => {
    const server = await oauthServer({}, BOTH_WAYS);
    const token = grants.signIn(server, PRIYA, { scopes: [READ_SCOPE, WRITE_SCOPE], way: "freshworks" });
    const names = await listNames(server, token);
    expect(names).not.toContain("list_all_freshservice_cabs");
    expect(names).toContain("list_all_freshservice_tickets");
    // The documentation names the ticket update's scope (freshservice.tickets.edit): a Freshworks agent can close one.
    expect(names).toContain("update_a_freshservice_ticket_by_id");
    const apiKeyNames = await listNames(server, grants.signIn(server, PRIYA, { scopes: [READ_SCOPE, WRITE_SCOPE] }));
    expect(apiKeyNames).toContain("list_all_freshservice_cabs");
    let text = "";
    const log = await callLog(async () => {
      const response = await callTool(server, token, "list_all_freshservice_cabs", {});
      expect(response.status).toBe(200);
      const { result } = (await response.json()) as { result: CallResult };
      expect(result.isError).toBe(true);
      text = result.content[0]?.text ?? "";
    });
    expect(text).toMatch(/^Freshworks gives no OAuth scope for .*\(GET \/cabs\); sign in with your API key to use it/);
    expect(log).toEqual([
      expect.objectContaining({ tool: "list_all_freshservice_cabs", outcome: "unknown_tool", agent_id: PRIYA.id }),
    ]);
  });
});

/** A real Freshworks access token from the simulator's org OAuth, signed in as `email` (the demo client). */
async function freshworksTokens(
  email: string,
  scope: string,
): Promise<{ access_token: string; refresh_token: string }> {
  const redirect = "http://127.0.0.1:33418/callback";
  const form = new URLSearchParams({
    response_type: "code",
    client_id: "fw_ext_simulator_demo",
    redirect_uri: redirect,
    state: "s",
    scope,
    email,
    password: "sim-password",
    decision: "allow",
  });
  const authorized = await fetch(`${SIMULATOR_ORIGIN}/org/oauth/v2/authorize`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
  const code = new URL(authorized.headers.get("location") ?? "").searchParams.get("code");
  const exchanged = await fetch(`${SIMULATOR_ORIGIN}/org/oauth/v2/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa("fw_ext_simulator_demo:sim-oauth-secret")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code: code ?? "", redirect_uri: redirect }),
  });
  return (await exchanged.json()) as { access_token: string; refresh_token: string };
}

async function freshworksToken(email: string, scope: string): Promise<string> {
  return (await freshworksTokens(email, scope)).access_token;
}

describe("a Freshworks sign-in's token", () => {
  it("goes upstream as Bearer, and Freshservice acts as its agent", async () => {
    const server = await oauthServer({}, BOTH_WAYS);
    const accessToken = await freshworksToken(PRIYA.email, "freshservice.tickets.view");
    const token = grants.signIn(server, PRIYA, { way: "freshworks", credential: { kind: "bearer", accessToken } });
    await clearSimulatorLog();
    const response = await callTool(server, token, "get_single_freshservice_ticket_by_id", { id: 1 });
    await expectToolOk(response);
    const sent = (await simulatorLog()).filter((r) => r.path === "/api/v2/tickets/1");
    expect(sent).toEqual([expect.objectContaining({ credential: "oauth", agent_id: PRIYA.id, status: 200 })]);
  });
});

describe("the audit trail", () => {
  it("names the agent and the client of each call (the console line only their ids)", async () => {
    const server = await oauthServer();
    const [priya, mei] = [grants.signIn(server, PRIYA), grants.signIn(server, MEI)];
    const log = await callLog(async () => {
      for (const token of [priya, mei]) {
        const response = await callTool(server, token, "get_single_freshservice_ticket_by_id", { id: 1 });
        await response.text();
      }
    });
    const line = log.find((l) => l.mcp_server_id === server.mcpId);
    expect(line).toMatchObject({ tool: "get_single_freshservice_ticket_by_id", outcome: "ok", agent_id: PRIYA.id });
    expect(JSON.stringify(log)).not.toContain(PRIYA.email);
    const response = await dispatch(
      new Request(`${ORIGIN}/integrated-account/${server.accountId}/mcp/${server.mcpId}/logs`, {
        headers: { authorization: "Bearer test-admin-token" },
      }),
      bindings,
    );
    const { result } = (await response.json()) as { result: Record<string, unknown>[] };
    const client = { client_id: "https://client.example/meta.json", client_name: "Example Client" };
    expect(result).toEqual([
      expect.objectContaining({ outcome: "ok", agent_id: MEI.id, agent_email: MEI.email, ...client }),
      expect.objectContaining({ outcome: "ok", agent_id: PRIYA.id, agent_email: PRIYA.email, ...client }),
    ]);
  });
});

/** A real grant object's access token for `agent` with their own API key: begin → approve → redeem the code. */
async function realGrantToken(
  server: OAuthServer,
  agent: GrantSession["agent"],
  scopes: string[],
  freshworks?: { access_token: string; refresh_token: string },
): Promise<string> {
  const grantId = crypto.randomUUID();
  const verifier = "v".repeat(43);
  const nonce = "the-starting-browser";
  const redirect = "https://client.example/callback";
  const now = Date.now();
  const grant = env.OAUTH_GRANT.getByName(grantId);
  await grant.begin(
    {
      grant_id: grantId,
      account_id: server.accountId,
      mcp_id: server.mcpId,
      client: EXAMPLE_CLIENT,
      redirect_uri: redirect,
      state: null,
      code_challenge: await s256(verifier),
      scopes,
      resource: server.url,
      issuer: `${ORIGIN}/oauth/${server.mcpId}`,
      created_at: now,
      expires_at: now + 600_000,
    },
    await sha256Hex(nonce),
  );
  const secret = (text: string) => encryptSecret(text, env.CREDENTIALS_KEY, grantId);
  const credential: StoredCredential = freshworks
    ? {
        way: "freshworks",
        access_token: await secret(freshworks.access_token),
        refresh_token: await secret(freshworks.refresh_token),
        expires_at: Date.now() + 30 * 60_000,
      }
    : { way: "api_key", api_key: await secret(`sim-api-key-user-${agent.id}`) };
  const approved = await grant.approve(nonce, { agent, way: credential.way, credential });
  const code = new URL(approved?.redirect ?? "").searchParams.get("code") ?? "";
  const tokens: TokenSet | OAuthFailure = await grant.redeemCode({
    code,
    code_verifier: verifier,
    redirect_uri: redirect,
    client_id: "https://client.example/meta.json",
    resource: server.url,
    mcp_id: server.mcpId,
  } as Parameters<typeof grant.redeemCode>[0]);
  if ("error" in tokens) throw new Error(`no tokens: ${tokens.error}`);
  return tokens.access_token;
}

describe("with the real grant object", () => {
  beforeEach(() => {
    bindings = env;
  });

  it("a signed-in agent's call reaches Freshservice as them", async () => {
    const server = await oauthServer();
    const token = await realGrantToken(server, PRIYA, [READ_SCOPE]);
    await clearSimulatorLog();
    const response = await callTool(server, token, "get_single_freshservice_ticket_by_id", { id: 1 });
    await expectToolOk(response);
    const sent = (await simulatorLog()).filter((r) => r.path === "/api/v2/tickets/1");
    expect(sent).toEqual([expect.objectContaining({ credential: "api_key", agent_id: PRIYA.id })]);
  });

  it("a Freshworks token Freshservice refuses is renewed once and the call sent again; the grant goes on", async () => {
    const server = await oauthServer({}, BOTH_WAYS);
    const token = await realGrantToken(
      server,
      PRIYA,
      [READ_SCOPE],
      await freshworksTokens(PRIYA.email, "freshservice.tickets.view"),
    );
    const call = () =>
      post(server.url, "tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 1 } }, token);
    const refreshes = async () => {
      const grants = (await (await simulatorControl("oauth-grants")).json()) as { refreshes: number }[];
      return grants.reduce((sum, grant) => sum + grant.refreshes, 0);
    };
    const before = await refreshes();
    await injectFault({ kind: "status", status: 401, match: { pathPrefix: "/tickets/1" } });
    const first = await call();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { result: CallResult }).result.isError).toBeFalsy();
    expect(await refreshes()).toBe(before + 1);
    const second = await call();
    expect(second.status).toBe(200);
    expect(((await second.json()) as { result: CallResult }).result.isError).toBeFalsy();
    expect(await refreshes()).toBe(before + 1);
  });

  it("a Freshworks sign-in the agent disconnected at Freshworks ends: the renewal is refused, the call is 401", async () => {
    const server = await oauthServer({}, BOTH_WAYS);
    const tokens = await freshworksTokens(MEI.email, "freshservice.tickets.view");
    const token = await realGrantToken(server, MEI, [READ_SCOPE], tokens);
    const grants = (await (await simulatorControl("oauth-grants")).json()) as { id: string; agent_id: number }[];
    for (const grant of grants.filter((g) => g.agent_id === MEI.id))
      await simulatorControl(`oauth-grants/${grant.id}`, { method: "DELETE" });
    const call = () =>
      post(server.url, "tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 1 } }, token);
    const first = await call();
    expect(first.status).toBe(401);
    expect(first.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const second = await call();
    expect(second.status).toBe(401);
    expect(await second.text()).toContain("not valid for this server");
  });

  it("Freshservice refusing the agent's key ends the grant: this call and the next are 401", async () => {
    const server = await oauthServer();
    const token = await realGrantToken(server, KEY_OFF, [READ_SCOPE]);
    const call = () => callTool(server, token, "get_single_freshservice_ticket_by_id", { id: 1 });
    const first = await call();
    expect(first.status).toBe(401);
    expect(first.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const second = await call();
    expect(second.status).toBe(401);
    expect(second.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await second.text()).toContain("not valid for this server");
  });
});
