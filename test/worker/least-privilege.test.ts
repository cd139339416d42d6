/**
 * Least privilege for every secret: an MCP client holds a URL and, where the URL demands one, an API token
 * scoped to that URL; never the admin token. Re-pointing an account needs its key again.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { kvKeys } from "../../worker/store/kv-keys";
import { metadataBackoff } from "../../worker/store/metadata-backoff";
import { SECOND_TENANT_API_KEY, SECOND_TENANT_ONLY_FIELD } from "../worker-pool";
import { ADMIN_TOKEN, admin, createAccount, mint, mintApiToken, rpc, settled } from "./helpers";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function guardedServer() {
  const { id } = await createAccount();
  const server = await mint(id, { config: { require_api_token_auth: true, methods: ["read"] } });
  return { accountId: id, ...server };
}

async function allKv(): Promise<string[]> {
  const texts: string[] = [];
  for (let cursor: string | undefined, done = false; !done; ) {
    const page = await env.STORE.list({ cursor });
    for (const key of page.keys) texts.push(key.name, (await env.STORE.get(key.name)) ?? "");
    done = page.list_complete;
    cursor = page.list_complete ? undefined : page.cursor;
  }
  return texts;
}

describe("scoped API tokens", () => {
  it("open their own URL and nothing else; the admin token opens no MCP URL", async () => {
    const server = await guardedServer();
    const other = await mint(server.accountId, { config: { require_api_token_auth: true } });
    const { token } = await mintApiToken(server.accountId, server.id);

    expect((await rpc(server.url, "ping", undefined, bearer(token))).status).toBe(200);
    expect((await rpc(server.url, "ping", undefined, bearer(ADMIN_TOKEN))).status).toBe(401);
    // Another URL of the same account, and the admin API, refuse it.
    expect((await rpc(other.url, "ping", undefined, bearer(token))).status).toBe(401);
    expect((await admin("/integrated-account", undefined, "GET", token)).status).toBe(401);
    expect((await admin(`/integrated-account/${server.accountId}/mcp`, { name: "x" }, "POST", token)).status).toBe(401);
  });

  it("are shown once, stored only as a hash and listed without the secret", async () => {
    const server = await guardedServer();
    const minted = await mintApiToken(server.accountId, server.id, { name: "CI agent" });
    expect(minted.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await admin(`/integrated-account/${server.accountId}/mcp/${server.id}/api-tokens`);
    const text = await listed.text();
    expect(JSON.parse(text)).toMatchObject({
      result: [{ id: minted.id, name: "CI agent", expires_at: null, mcp_server_id: server.id }],
      next_cursor: null,
    });
    expect(text).not.toContain(minted.token);
    expect(text).not.toContain("hash");
    for (const value of await allKv()) expect(value).not.toContain(minted.token);
  });

  it("stop at their expiry and at once when revoked, alone or with their URL", async () => {
    const server = await guardedServer();
    const expiring = await mintApiToken(server.accountId, server.id, {
      expires_at: new Date(Date.now() + 1500).toISOString(),
    });
    const revoked = await mintApiToken(server.accountId, server.id);
    const kept = await mintApiToken(server.accountId, server.id);
    expect((await rpc(server.url, "ping", undefined, bearer(expiring.token))).status).toBe(200);
    const base = `/integrated-account/${server.accountId}/mcp/${server.id}/api-tokens`;
    expect((await admin(`${base}/${revoked.id}`, undefined, "DELETE")).status).toBe(204);
    expect((await rpc(server.url, "ping", undefined, bearer(revoked.token))).status).toBe(401);
    expect((await admin(`${base}/${revoked.id}`, undefined, "DELETE")).status).toBe(404);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await rpc(server.url, "ping", undefined, bearer(expiring.token))).status).toBe(401);
    expect((await rpc(server.url, "ping", undefined, bearer(kept.token))).status).toBe(200);

    // Revoking the URL revokes its tokens: none is left behind in KV.
    expect((await admin(`/integrated-account/${server.accountId}/mcp/${server.id}`, undefined, "DELETE")).status).toBe(
      204,
    );
    const left = await env.STORE.list({ prefix: `apitoken:${server.accountId}:${server.id}:` });
    expect(left.keys).toEqual([]);
  });

  it("refuses a bad mint body and an unknown server", async () => {
    const server = await guardedServer();
    const base = `/integrated-account/${server.accountId}/mcp`;
    expect((await admin(`${base}/${server.id}/api-tokens`, { name: "x", scope: "all" })).status).toBe(400);
    expect(
      (await admin(`${base}/${server.id}/api-tokens`, { name: "x", expires_at: "2001-01-01T00:00:00Z" })).status,
    ).toBe(400);
    expect((await admin(`${base}/${crypto.randomUUID()}/api-tokens`, { name: "x" })).status).toBe(404);
  });
});

describe("re-pointing an account", () => {
  it.each([[{ domain: "other.freshservice.com" }], [{ base_url: "http://127.0.0.1:9" }], [{ base_url: null }]])(
    "needs the API key in the same request: %j",
    async (change) => {
      const { id } = await createAccount();
      const refused = await admin(`/integrated-account/${id}`, change, "PATCH");
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { details: [{ path: "api_key" }] } });
      const accepted = await admin(`/integrated-account/${id}`, { ...change, api_key: "sim-api-key" }, "PATCH");
      expect(accepted.status).toBe(200);
    },
  );

  it("drops the old Freshservice's cached forms and remembered failures at once", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { tags: ["tickets"] } });
    const keys = async (prefix: string) => (await env.STORE.list({ prefix })).keys.length;
    const list = async () => (await rpc(url, "tools/list")).text();
    // Acme's ticket form is cached by a list, and a failed read of another form is remembered.
    expect(await list()).not.toContain(SECOND_TENANT_ONLY_FIELD);
    await settled();
    await metadataBackoff(env.STORE).noteFailure(id, "2", "problem", "Freshservice answered 503");
    expect(await keys(kvKeys.fieldsPrefix(id))).toBeGreaterThan(0);
    // A PATCH that doesn't change where Freshservice is keeps them: the forms are still the same tenant's.
    expect((await admin(`/integrated-account/${id}`, { name: "Acme IT" }, "PATCH")).status).toBe(200);
    expect(await keys(kvKeys.fieldsPrefix(id))).toBeGreaterThan(0);
    expect(await keys(kvKeys.metadataBackoffPrefix(id))).toBe(1);

    const repointed = await admin(
      `/integrated-account/${id}`,
      { domain: "globex.freshservice.com", api_key: SECOND_TENANT_API_KEY },
      "PATCH",
    );
    expect(repointed.status).toBe(200);
    expect(await keys(kvKeys.fieldsPrefix(id))).toBe(0);
    expect(await keys(kvKeys.metadataBackoffPrefix(id))).toBe(0);
    // The next list reads the new tenant's forms, not the old one's for the rest of 15 minutes.
    expect(await list()).toContain(SECOND_TENANT_ONLY_FIELD);
    await settled();
  });
});
