import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, admin, call, createAccount, dispatch, MCP_HEADERS, mint, rpcBody } from "./helpers";

describe("admin API authentication", () => {
  it.each([
    ["no header", undefined],
    ["wrong token", "Bearer nope"],
    ["wrong scheme", "Basic dGVzdC1hZG1pbi10b2tlbg=="],
  ])("refuses %s with 401 and WWW-Authenticate", async (_, authorization) => {
    const response = await call("/integrated-account", { headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});

describe("integrated accounts", () => {
  it("registers an account and never returns or stores the key in clear", async () => {
    const response = await admin("/integrated-account", {
      domain: "Acme.Freshservice.com",
      api_key: "super-secret-key-123",
      verify: false,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: "acme.freshservice.com", domain: "acme.freshservice.com" });
    expect(JSON.stringify(body)).not.toContain("super-secret");
    const listed = await (await admin("/integrated-account")).text();
    expect(listed).not.toContain("super-secret");
    const stored = await env.STORE.get(`account:${body.id}`);
    expect(stored).not.toContain("super-secret");
  });

  it.each([
    [{ domain: "evil.example.com", api_key: "abcdefgh" }, "domain"],
    [{ domain: "acme.freshservice.com.evil.com", api_key: "abcdefgh" }, "domain"],
    [{ domain: "https://acme.freshservice.com.evil.com/", api_key: "abcdefgh" }, "domain"],
    [{ domain: "acme.freshservice.com", api_key: "short" }, "api_key"],
    [{ domain: "acme.freshservice.com", api_key: "abcdefgh", base_url: "http://169.254.169.254" }, "base_url"],
    [{ domain: "acme.freshservice.com", api_key: "abcdefgh", base_url: "http://127.0.0.1:8790/x?y" }, "base_url"],
    [{ domain: "acme.freshservice.com", api_key: "abcdefgh", extra: 1 }, "(body)"],
  ])("refuses %j with a 400 naming %s", async (body, field) => {
    const response = await admin("/integrated-account", body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(error.code).toBe("validation_failed");
    expect(error.details.map((d) => d.path)).toContain(field);
  });

  it("answers 415 for a non-JSON body, 400 for bad JSON, 413 for a huge one", async () => {
    const post = (body: string, type = "application/json") =>
      call("/integrated-account", {
        method: "POST",
        headers: { authorization: "Bearer test-admin-token", "content-type": type },
        body,
      });
    expect((await post("{}", "text/plain")).status).toBe(415);
    expect((await post("{nope")).status).toBe(400);
    expect((await post(JSON.stringify({ domain: "a.freshservice.com", api_key: "x".repeat(100_000) }))).status).toBe(
      413,
    );
  });

  it("rotates the key with PATCH and 404s unknown ids", async () => {
    const { id } = await createAccount();
    const patched = await admin(`/integrated-account/${id}`, { api_key: "rotated-key-456", verify: false }, "PATCH");
    expect(patched.status).toBe(200);
    expect(await patched.text()).not.toContain("rotated");
    expect((await admin("/integrated-account/nope")).status).toBe(404);
    expect((await admin("/integrated-account/nope", { name: "x" }, "PATCH")).status).toBe(404);
  });

  it("deleting an account revokes its MCP servers", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    expect((await admin(`/integrated-account/${id}`, undefined, "DELETE")).status).toBe(204);
    expect((await admin(`/integrated-account/${id}`)).status).toBe(404);
    const response = await call(new URL(url).pathname, { method: "POST", headers: MCP_HEADERS, body: rpcBody("ping") });
    expect(response.status).toBe(404);
  });
});

describe("MCP servers", () => {
  it("mints a URL with a 256-bit token, shown once, stored only as a hash", async () => {
    const { id: accountId } = await createAccount();
    const response = await admin(`/integrated-account/${accountId}/mcp`, {
      name: "Helpdesk",
      config: { methods: ["read"] },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; url: string; config: unknown; expires_at: unknown };
    expect(created).toMatchObject({ config: { methods: ["read"] }, expires_at: null });
    const token = created.url.split("/mcp/")[1] ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const keys = (await env.STORE.list()).keys.map((k) => k.name);
    expect(keys.some((k) => k.includes(token))).toBe(false);
    for (const key of keys) expect(await env.STORE.get(key)).not.toContain(token);
    const read = await (await admin(`/integrated-account/${accountId}/mcp/${created.id}`)).text();
    const list = await (await admin(`/integrated-account/${accountId}/mcp`)).json();
    expect(read).not.toContain(token);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list).toMatchObject({ result: [{ id: created.id }], next_cursor: null });
  });

  it.each([
    [{ name: "x", config: { methods: ["reed"] } }, "validation_failed"],
    [{ name: "x", config: { tags: ["nope"] } }, "validation_failed"],
    [{ name: "x", config: { methods: ["write"], tags: ["solutions_search_only_never"] } }, "validation_failed"],
    [{ name: "x", expires_at: "2001-01-01T00:00:00Z" }, "validation_failed"],
    [{ name: "x", expires_at: "tomorrow" }, "validation_failed"],
    [{ config: {} }, "validation_failed"],
    [{ name: "x", config: { max_result_bytes: 100 } }, "validation_failed"],
    [{ name: "x", config: { max_result_bytes: 64 * 1024 * 1024 } }, "validation_failed"],
    [{ name: "x", config: { max_result_bytes: "big" } }, "validation_failed"],
    [{ name: "x", config: { workspace_id: 0 } }, "validation_failed"],
  ])("refuses %j", async (body, code) => {
    const { id } = await createAccount();
    const response = await admin(`/integrated-account/${id}/mcp`, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code } });
  });

  it("refuses filters that together match no tool", async () => {
    const { id } = await createAccount();
    const response = await admin(`/integrated-account/${id}/mcp`, {
      name: "x",
      config: { methods: ["delete"], tags: ["onboarding"] },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "no_matching_tools" } });
  });

  it("PATCH merges config keys and can clear the expiry; DELETE revokes", async () => {
    const { id } = await createAccount();
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const { id: mcpId } = await mint(id, { config: { methods: ["read"] }, expires_at: soon });
    const patched = await admin(
      `/integrated-account/${id}/mcp/${mcpId}`,
      { config: { tags: ["tickets"] }, expires_at: null },
      "PATCH",
    );
    expect(await patched.json()).toMatchObject({ config: { methods: ["read"], tags: ["tickets"] }, expires_at: null });
    const limited = await admin(
      `/integrated-account/${id}/mcp/${mcpId}`,
      { config: { max_requests_per_minute: 5, workspace_id: 3 } },
      "PATCH",
    );
    expect(await limited.json()).toMatchObject({ config: { max_requests_per_minute: 5, workspace_id: 3 } });
    // null removes a key; the others stay.
    const cleared = await admin(
      `/integrated-account/${id}/mcp/${mcpId}`,
      { config: { max_requests_per_minute: null, tags: null } },
      "PATCH",
    );
    type Server = { config: Record<string, unknown> };
    expect(((await cleared.json()) as Server).config).toEqual({ methods: ["read"], workspace_id: 3 });
    const stored = (await (await admin(`/integrated-account/${id}/mcp/${mcpId}`)).json()) as Server;
    expect(stored.config).toEqual({ methods: ["read"], workspace_id: 3 });
    expect((await admin(`/integrated-account/${id}/mcp/${mcpId}`, undefined, "DELETE")).status).toBe(204);
    expect((await admin(`/integrated-account/${id}/mcp/${mcpId}`)).status).toBe(404);
  });

  it("builds the minted URL on PUBLIC_ORIGIN where it is set, whichever host the admin call came to", async () => {
    const { id } = await createAccount();
    const response = await dispatch(
      new Request(`http://worker.test/integrated-account/${id}/mcp`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "public", config: {} }),
      }),
      { ...env, PUBLIC_ORIGIN: "https://mcp.acme.example" },
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { url: string }).url).toMatch(/^https:\/\/mcp\.acme\.example\/mcp\/[\w-]{43}$/);
  });
});
