/**
 * The operator's side of OAuth MCP servers: minting one (no token anywhere), listing and revoking its grants, the
 * revocations a server's or an account's DELETE makes, and the audit trail naming who called. The grant objects
 * are stood in for by a recorder, so these tests see which grants were ended and why.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../worker/audit/audit-log";
import { recordCall } from "../../worker/audit/record-call";
import type { GrantSummary } from "../../worker/oauth/grant-types";
import { mcpServerStore } from "../../worker/store/mcp-servers";
import { grantIndex } from "../../worker/store/oauth-grants";
import { ADMIN_TOKEN, admin, createAccount, dispatch, mint, ORIGIN, rpc, settled } from "./helpers";

interface Server {
  id: string;
  auth: string;
  url?: string;
  mcp_url?: string;
  authorization_server?: string;
  token?: string;
}

/** Stands in for the OAuthGrant namespace: records each revoke, or fails them all while `failing`. */
function grantObjects() {
  const revoked: [string, string][] = [];
  const state = { failing: false };
  const namespace = {
    getByName: (grantId: string) => ({
      // Asked for a grant id the index doesn't list: these objects hold no grant.
      summary: async () => null,
      revoke: async (reason: string) => {
        if (state.failing) throw new Error("unavailable");
        revoked.push([grantId, reason]);
      },
    }),
  };
  const bindings = { ...env, OAUTH_GRANT: namespace } as unknown as Env;
  const send = (path: string, method = "GET", body?: unknown) =>
    dispatch(
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      bindings,
    );
  return { revoked, state, send };
}

async function mintOAuth(accountId: string, body: Record<string, unknown> = {}) {
  const response = await admin(`/integrated-account/${accountId}/mcp`, { name: "signed in", auth: "oauth", ...body });
  expect(response.status).toBe(201);
  return (await response.json()) as Server;
}

let nextAgent = 1;
function grant(mcpId: string, agentId: number, overrides: Partial<GrantSummary> = {}): GrantSummary {
  const n = nextAgent++;
  return {
    grant_id: crypto.randomUUID(),
    mcp_id: mcpId,
    agent_id: agentId,
    agent_email: `agent${agentId}@acme.test`,
    agent_name: `Agent ${agentId}`,
    client_id: "https://claude.ai/oauth/metadata.json",
    client_name: "Claude",
    client_kind: "metadata_document",
    way: "api_key",
    scopes: ["freshservice:read"],
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    last_used_at: null,
    ...overrides,
  };
}

async function seed(accountId: string, grants: GrantSummary[]) {
  for (const g of grants) await grantIndex(env.STORE).put(accountId, g);
  return grants;
}

async function problems(response: Response) {
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: { details: { path: string; message: string }[] } };
  return error.details;
}

describe("minting an OAuth server", () => {
  it("has no token: its URL names the server, and it says where its authorization server is", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    expect(server.auth).toBe("oauth");
    expect(server.url).toBe(`${ORIGIN}/mcp/oauth/${server.id}`);
    expect(server.mcp_url).toBe(server.url);
    expect(server.authorization_server).toBe(`${ORIGIN}/oauth/${server.id}`);
    expect(server).not.toHaveProperty("token");
    expect(server).not.toHaveProperty("token_hash");
    expect(await env.STORE.get(`oauth-server:${server.id}`, "json")).toEqual({ account_id: accountId });
    // No token pointer of any kind: nothing a token could open.
    expect((await env.STORE.list({ prefix: "token:" })).keys.map((k) => k.name)).not.toContain("token:");
    const store = mcpServerStore(env.STORE);
    expect(await store.resolve("")).toBeNull();
    expect((await store.resolveOAuth(server.id))?.server.id).toBe(server.id);
    expect((await store.resolveOAuth(crypto.randomUUID())) ?? null).toBeNull();
  });

  it("a token pointer written at an OAuth server (by any mistake) opens nothing", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    await env.STORE.put("token:", JSON.stringify({ account_id: accountId, mcp_id: server.id, permanent: true }));
    try {
      const store = mcpServerStore(env.STORE);
      expect(await store.resolveWithAccount("")).toBeNull();
    } finally {
      await env.STORE.delete("token:");
    }
  });

  it("a token server is as before, and says so", async () => {
    const { id: accountId } = await createAccount();
    const minted = (await mint(accountId)) as Server & { url: string };
    expect(minted.auth).toBe("token");
    expect(minted.url).toMatch(/\/mcp\/[A-Za-z0-9_-]{43}$/);
    expect(minted).not.toHaveProperty("authorization_server");
    expect((await rpc(minted.url, "ping")).status).toBe(200);
    const explicit = await mint(accountId, { auth: "token" });
    expect(explicit.url).toMatch(/\/mcp\/[A-Za-z0-9_-]{43}$/);
  });

  it("GET and list show auth, and an OAuth server's URL again (it holds no secret)", async () => {
    const { id: accountId } = await createAccount();
    const oauth = await mintOAuth(accountId);
    const token = await mint(accountId);
    const read = (await (await admin(`/integrated-account/${accountId}/mcp/${oauth.id}`)).json()) as Server;
    expect(read).toMatchObject({ auth: "oauth", url: oauth.url, authorization_server: oauth.authorization_server });
    const { result } = (await (await admin(`/integrated-account/${accountId}/mcp`)).json()) as { result: Server[] };
    const byId = new Map(result.map((s) => [s.id, s]));
    expect(byId.get(oauth.id)).toMatchObject({ auth: "oauth", url: oauth.url });
    expect(byId.get(token.id)?.auth).toBe("token");
    expect(byId.get(token.id)).not.toHaveProperty("url");
  });

  it("refuses require_api_token_auth with oauth, at mint and by PATCH", async () => {
    const { id: accountId } = await createAccount();
    const refused = await admin(`/integrated-account/${accountId}/mcp`, {
      name: "both",
      auth: "oauth",
      config: { require_api_token_auth: true },
    });
    expect(await problems(refused)).toEqual([
      { path: "config.require_api_token_auth", message: expect.stringMatching(/sign in as themselves/) },
    ]);
    const { result } = (await (await admin(`/integrated-account/${accountId}/mcp`)).json()) as { result: unknown[] };
    expect(result).toEqual([]);
    const server = await mintOAuth(accountId, { config: { require_api_token_auth: false } });
    const patched = await admin(
      `/integrated-account/${accountId}/mcp/${server.id}`,
      { config: { require_api_token_auth: true } },
      "PATCH",
    );
    expect((await problems(patched)).map((p) => p.path)).toEqual(["config.require_api_token_auth"]);
  });

  it("refuses an unknown auth, and a PATCH can't change it", async () => {
    const { id: accountId } = await createAccount();
    const unknown = await admin(`/integrated-account/${accountId}/mcp`, { name: "x", auth: "password" });
    expect(await problems(unknown)).toEqual([{ path: "auth", message: "must be one of token, oauth" }]);
    const server = await mintOAuth(accountId);
    for (const auth of ["token", "oauth"]) {
      const patched = await admin(`/integrated-account/${accountId}/mcp/${server.id}`, { auth }, "PATCH");
      expect(await problems(patched)).toEqual([{ path: "auth", message: expect.stringMatching(/can't be changed/) }]);
    }
    const token = await mint(accountId);
    const tokenPatch = await admin(`/integrated-account/${accountId}/mcp/${token.id}`, { auth: "oauth" }, "PATCH");
    expect((await problems(tokenPatch)).map((p) => p.path)).toEqual(["auth"]);
  });

  it("a PATCH of an OAuth server keeps it an OAuth server without a token", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const response = await admin(
      `/integrated-account/${accountId}/mcp/${server.id}`,
      { name: "renamed", expires_at: new Date(Date.now() + 3600_000).toISOString() },
      "PATCH",
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ auth: "oauth", name: "renamed", url: server.url });
    expect((await env.STORE.list({ prefix: "token:" })).keys.map((k) => k.name)).not.toContain("token:");
  });
});

describe("an OAuth server's grants", () => {
  it("lists every grant, with no secret of any kind", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const { send } = grantObjects();
    expect(await (await send(`/integrated-account/${accountId}/mcp/${server.id}/grants`)).json()).toEqual({
      grants: [],
    });
    const grants = await seed(accountId, [grant(server.id, 7), grant(server.id, 8, { way: "freshworks" })]);
    const response = await send(`/integrated-account/${accountId}/mcp/${server.id}/grants`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ grants });
  });

  it("revokes one grant through its object, and it leaves the list", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const [kept, ended] = await seed(accountId, [grant(server.id, 7), grant(server.id, 7)]);
    const { send, revoked } = grantObjects();
    const path = `/integrated-account/${accountId}/mcp/${server.id}/grants`;
    expect((await send(`${path}/${ended?.grant_id}`, "DELETE")).status).toBe(204);
    expect(revoked).toEqual([[ended?.grant_id, "operator"]]);
    expect(await (await send(path)).json()).toEqual({ grants: [kept] });
    // Gone, unknown, malformed: 404, and no object is called.
    for (const id of [ended?.grant_id, crypto.randomUUID(), "a.b", "x".repeat(200)]) {
      const again = await send(`${path}/${id}`, "DELETE");
      expect(again.status).toBe(404);
      expect(await again.json()).toMatchObject({ error: { code: "not_found" } });
    }
    expect(revoked).toHaveLength(1);
  });

  it("a grant of another server or another account can't be revoked through this one", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const other = await mintOAuth(accountId);
    const [foreign] = await seed(accountId, [grant(other.id, 9)]);
    const { send, revoked } = grantObjects();
    const response = await send(
      `/integrated-account/${accountId}/mcp/${server.id}/grants/${foreign?.grant_id}`,
      "DELETE",
    );
    expect(response.status).toBe(404);
    const { id: otherAccount } = await createAccount();
    const crossAccount = await send(`/integrated-account/${otherAccount}/mcp/${other.id}/grants`);
    expect(crossAccount.status).toBe(404);
    expect(revoked).toEqual([]);
  });

  it("revokes every grant of one agent", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const grants = await seed(accountId, [
      grant(server.id, 21000000002),
      grant(server.id, 21000000010),
      grant(server.id, 21000000002, { client_name: "VS Code" }),
    ]);
    const { send, revoked } = grantObjects();
    const path = `/integrated-account/${accountId}/mcp/${server.id}/grants`;
    const response = await send(`${path}?agent_id=21000000002`, "DELETE");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: 2 });
    expect(revoked.map(([id]) => id).sort()).toEqual([grants[0]?.grant_id, grants[2]?.grant_id].sort());
    expect(revoked.every(([, reason]) => reason === "operator")).toBe(true);
    expect(await (await send(path)).json()).toEqual({ grants: [grants[1]] });
    expect(await (await send(`${path}?agent_id=21000000002`, "DELETE")).json()).toEqual({ revoked: 0 });
  });

  it.each([
    ["", /required/],
    ["?agent_id=", /agent id/],
    ["?agent_id=abc", /agent id/],
    ["?agent_id=-4", /agent id/],
    ["?agent_id=1.5", /agent id/],
  ])("DELETE …/grants%s is refused", async (query, message) => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    await seed(accountId, [grant(server.id, 7)]);
    const { send, revoked } = grantObjects();
    const response = await send(`/integrated-account/${accountId}/mcp/${server.id}/grants${query}`, "DELETE");
    expect(await problems(response)).toEqual([{ path: "agent_id", message: expect.stringMatching(message) }]);
    expect(revoked).toEqual([]);
  });

  it("an OAuth server mints no API tokens", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const response = await admin(`/integrated-account/${accountId}/mcp/${server.id}/api-tokens`, { name: "bot" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "not_applicable", message: expect.stringMatching(/API tokens don't apply/) },
    });
    expect(await env.STORE.list({ prefix: `apitoken:${accountId}:${server.id}:` })).toMatchObject({ keys: [] });
  });

  it("a token server has no grants", async () => {
    const { id: accountId } = await createAccount();
    const token = await mint(accountId);
    const response = await admin(`/integrated-account/${accountId}/mcp/${token.id}/grants`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringMatching(/only OAuth servers/) } });
  });
});

describe("deleting revokes the grants", () => {
  it("deleting an OAuth server ends each of its grants and removes its pointer, and nothing else's", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const other = await mintOAuth(accountId);
    const grants = await seed(accountId, [grant(server.id, 1), grant(server.id, 2)]);
    const [kept] = await seed(accountId, [grant(other.id, 1)]);
    const { send, revoked } = grantObjects();
    expect((await send(`/integrated-account/${accountId}/mcp/${server.id}`, "DELETE")).status).toBe(204);
    expect(revoked.sort()).toEqual(grants.map((g) => [g.grant_id, "server_deleted"]).sort());
    expect(await grantIndex(env.STORE).list(accountId, server.id)).toEqual([]);
    expect(await env.STORE.get(`oauth-server:${server.id}`)).toBeNull();
    expect(await env.STORE.get(`revoked:${accountId}:${server.id}`)).not.toBeNull();
    expect(await mcpServerStore(env.STORE).resolveOAuth(server.id)).toBeNull();
    expect(await grantIndex(env.STORE).list(accountId, other.id)).toEqual([kept]);
    expect((await send(`/integrated-account/${accountId}/mcp/${server.id}`)).status).toBe(404);
  });

  it("a DELETE whose grant objects fail leaves the server and its grants, and a retry finishes", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const [only] = await seed(accountId, [grant(server.id, 1)]);
    const { send, revoked, state } = grantObjects();
    state.failing = true;
    expect((await send(`/integrated-account/${accountId}/mcp/${server.id}`, "DELETE")).status).toBe(500);
    expect((await send(`/integrated-account/${accountId}/mcp/${server.id}`)).status).toBe(200);
    expect(await grantIndex(env.STORE).list(accountId, server.id)).toEqual([only]);
    state.failing = false;
    expect((await send(`/integrated-account/${accountId}/mcp/${server.id}`, "DELETE")).status).toBe(204);
    expect(revoked).toEqual([[only?.grant_id, "server_deleted"]]);
    expect(await env.STORE.get(`oauth-server:${server.id}`)).toBeNull();
  });

  it("deleting an account ends the grants of all its OAuth servers, and removes their pointers", async () => {
    const { id: accountId } = await createAccount();
    const first = await mintOAuth(accountId);
    const second = await mintOAuth(accountId);
    const token = await mint(accountId);
    const grants = [
      ...(await seed(accountId, [grant(first.id, 1), grant(first.id, 2)])),
      ...(await seed(accountId, [grant(second.id, 1)])),
    ];
    const { id: otherAccount } = await createAccount();
    const elsewhere = await mintOAuth(otherAccount);
    const [untouched] = await seed(otherAccount, [grant(elsewhere.id, 1)]);
    const { send, revoked } = grantObjects();
    expect((await send(`/integrated-account/${accountId}`, "DELETE")).status).toBe(204);
    expect(revoked.sort()).toEqual(grants.map((g) => [g.grant_id, "account_deleted"]).sort());
    expect(await grantIndex(env.STORE).listAccount(accountId)).toEqual([]);
    for (const id of [first.id, second.id]) expect(await env.STORE.get(`oauth-server:${id}`)).toBeNull();
    expect(await env.STORE.get(`mcp:${accountId}:${token.id}`)).toBeNull();
    expect(await grantIndex(env.STORE).list(otherAccount, elsewhere.id)).toEqual([untouched]);
  });
});

describe("changing the account ends the sign-ins it no longer allows", () => {
  const FRESHWORKS = {
    org_url: "https://acme.myfreshworks.com",
    client_id: "fw_ext_acme",
    client_secret: "fw-secret-123",
    scopes: ["freshservice.tickets.view"],
  };

  async function setUp() {
    const { id: accountId } = await createAccount({ sign_in: { api_key: true, freshworks: FRESHWORKS } });
    const server = await mintOAuth(accountId);
    const [byKey, byFreshworks] = await seed(accountId, [
      grant(server.id, 1, { way: "api_key" }),
      grant(server.id, 2, { way: "freshworks" }),
    ]);
    return { accountId, server, byKey, byFreshworks, ...grantObjects() };
  }

  it("turning the API key way off ends its sign-ins only; a scope change ends none", async () => {
    const { accountId, server, byKey, byFreshworks, send, revoked } = await setUp();
    const { client_secret: _secret, ...kept } = FRESHWORKS;
    const scopes = {
      sign_in: { freshworks: { ...kept, scopes: ["freshservice.tickets.view", "freshservice.tickets.edit"] } },
    };
    expect((await send(`/integrated-account/${accountId}`, "PATCH", scopes)).status).toBe(200);
    expect(revoked).toEqual([]);
    expect((await send(`/integrated-account/${accountId}`, "PATCH", { sign_in: { api_key: false } })).status).toBe(200);
    expect(revoked).toEqual([[byKey?.grant_id, "operator"]]);
    expect(await grantIndex(env.STORE).list(accountId, server.id)).toEqual([byFreshworks]);
  });

  it("removing or moving the Freshworks client ends the Freshworks sign-ins", async () => {
    const { accountId, byKey, byFreshworks, send, revoked } = await setUp();
    const moved = { sign_in: { freshworks: { ...FRESHWORKS, client_id: "fw_ext_other" } } };
    expect((await send(`/integrated-account/${accountId}`, "PATCH", moved)).status).toBe(200);
    expect(revoked).toEqual([[byFreshworks?.grant_id, "operator"]]);
    expect((await send(`/integrated-account/${accountId}`, "PATCH", { sign_in: { freshworks: null } })).status).toBe(
      200,
    );
    expect(revoked).toHaveLength(1);
    expect(byKey).toBeDefined();
  });

  it("re-pointing the account ends every sign-in, before the change is stored", async () => {
    const { accountId, server, send, revoked, state } = await setUp();
    const repoint = { domain: "globex.freshservice.com", api_key: "sim-api-key", verify: false };
    state.failing = true;
    expect((await send(`/integrated-account/${accountId}`, "PATCH", repoint)).status).toBe(500);
    expect(((await (await send(`/integrated-account/${accountId}`)).json()) as { domain: string }).domain).toBe(
      "acme.freshservice.com",
    );
    state.failing = false;
    expect((await send(`/integrated-account/${accountId}`, "PATCH", repoint)).status).toBe(200);
    expect(revoked).toHaveLength(2);
    expect(await grantIndex(env.STORE).list(accountId, server.id)).toEqual([]);
  });
});

describe("the audit trail names who called", () => {
  it("a call through an OAuth server carries its agent and client; a secret URL's has nulls", async () => {
    const { id: accountId } = await createAccount();
    const server = await mintOAuth(accountId);
    const record = await mcpServerStore(env.STORE).get(accountId, server.id);
    if (!record) throw new Error("not stored");
    const entry = (tool: string) =>
      Promise.resolve({
        event: "tool_call" as const,
        at: Date.now(),
        tool,
        outcome: "ok" as const,
        ms: 3,
        touched_ids: {},
      });
    const caller = {
      agent_id: 21000000002,
      agent_email: "priya@acme.test",
      client_id: "https://claude.ai/oauth/metadata.json",
      client_name: "Claude",
    };
    await recordCall(env.AUDIT_DB, record, entry("list_all_freshservice_tickets"), caller);
    await recordCall(env.AUDIT_DB, record, entry("get_single_freshservice_ticket_by_id"));
    await settled();
    const path = `/integrated-account/${accountId}/mcp/${server.id}/logs`;
    const { result } = (await (await admin(path)).json()) as { result: Record<string, unknown>[] };
    expect(result).toHaveLength(2);
    expect(result[1]).toMatchObject({ tool: "list_all_freshservice_tickets", ...caller });
    expect(result[0]).toMatchObject({
      tool: "get_single_freshservice_ticket_by_id",
      agent_id: null,
      agent_email: null,
      client_id: null,
      client_name: null,
    });
    const filtered = (await (await admin(`${path}?agent_id=21000000002`)).json()) as { result: unknown[] };
    expect(filtered.result).toHaveLength(1);
    expect((await admin(`${path}?agent_id=x`)).status).toBe(400);
    const direct = await auditLog(env.AUDIT_DB).query({ account_id: accountId, agent_id: 21000000002, limit: 5 });
    expect(direct.entries.map((e) => e.client_name)).toEqual(["Claude"]);
  });
});
