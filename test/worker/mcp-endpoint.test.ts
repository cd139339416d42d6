import { describe, expect, it } from "vitest";
import {
  admin,
  createAccount,
  dispatch,
  mcpPost,
  mint,
  mintApiToken,
  rpc,
  rpcResult,
  simulatorRequests,
} from "./helpers";

async function readOnlyUrl() {
  const { id } = await createAccount();
  return (await mint(id, { config: { methods: ["read"] } })).url;
}

describe("token checks", () => {
  it("unknown, revoked and expired tokens all get the same 404", async () => {
    const { id } = await createAccount();
    const revoked = await mint(id);
    await admin(`/integrated-account/${id}/mcp/${revoked.id}`, undefined, "DELETE");
    const expiring = await mint(id, { expires_at: new Date(Date.now() + 1500).toISOString() });
    await new Promise((r) => setTimeout(r, 1600));
    const unknown = `${new URL(revoked.url).origin}/mcp/${"A".repeat(43)}`;
    const answers = await Promise.all(
      [revoked.url, expiring.url, unknown, `${new URL(revoked.url).origin}/mcp/..%2F..`].map(async (url) => {
        const response = await rpc(url, "ping");
        return [response.status, await response.text()];
      }),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.[0]).toBe(404);
  });

  it("require_api_token_auth demands a scoped API token", async () => {
    const { id } = await createAccount();
    const { url, id: mcpId } = await mint(id, { config: { require_api_token_auth: true } });
    const missing = await rpc(url, "ping");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await rpc(url, "ping", undefined, { authorization: "Bearer wrong" })).status).toBe(401);
    const { token } = await mintApiToken(id, mcpId);
    const ok = await rpc(url, "ping", undefined, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
  });
});

describe("transport rules", () => {
  it("answers GET and DELETE with 405", async () => {
    const url = await readOnlyUrl();
    for (const method of ["GET", "DELETE"]) {
      const response = await dispatch(new Request(url, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });

  it("refuses a foreign Origin with 403 and accepts an allowed one", async () => {
    const url = await readOnlyUrl();
    expect((await rpc(url, "ping", undefined, { origin: "https://evil.example.com" })).status).toBe(403);
    // Under DNS rebinding the attacker's Origin matches the Host: the request's own origin is not trusted.
    const rebound = url.replace("http://worker.test", "http://evil.example.com");
    expect((await rpc(rebound, "ping", undefined, { origin: "http://evil.example.com" })).status).toBe(403);
    expect((await rpc(rebound, "ping")).status).toBe(403);
    expect((await rpc(url, "ping", undefined, { origin: "https://chatgpt.com" })).status).toBe(200);
    // Where ALLOWED_HOSTS vouches for the Host (locally), the Worker's own origin may call; no other port or scheme.
    expect((await rpc(url, "ping", undefined, { origin: "http://worker.test" })).status).toBe(200);
    for (const origin of ["http://worker.test:5173", "https://worker.test", "http://worker.test.evil.example.com"])
      expect((await rpc(url, "ping", undefined, { origin })).status).toBe(403);
  });

  it.each([
    ["malformed JSON", "{not json", {}, 400, -32700],
    ["wrong content type", "{}", { "content-type": "text/plain" }, 415, -32600],
    ["an Accept with neither JSON nor SSE", "{}", { accept: "text/html" }, 406, -32600],
    ["a body that is not a JSON-RPC message", "{}", {}, 400, -32600],
    [
      "oversized body",
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(1_100_000) } }),
      {},
      413,
      -32600,
    ],
  ])("%s → %i", async (_, body, headers, status, code) => {
    const url = await readOnlyUrl();
    const response = await dispatch(mcpPost(url, body, headers));
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code } });
  });
});

describe("protocol", () => {
  it("negotiates the protocol version on initialize and answers ping", async () => {
    const url = await readOnlyUrl();
    const init = await rpcResult<{ protocolVersion: string; capabilities: unknown; serverInfo: unknown }>(
      url,
      "initialize",
      {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "test", version: "1" },
      },
    );
    expect(init.result).toMatchObject({ protocolVersion: "2025-06-18", capabilities: { tools: {} } });
    expect(init.headers.get("mcp-session-id")).toBeNull();
    expect((await rpcResult(url, "ping")).result).toEqual({});
  });

  it("a read-only URL neither lists nor runs a write tool, and Freshservice is not called", async () => {
    const url = await readOnlyUrl();
    const list = await rpcResult<{ tools: { name: string; annotations: { readOnlyHint: boolean } }[] }>(
      url,
      "tools/list",
    );
    const tools = list.result?.tools ?? [];
    expect(tools.length).toBeGreaterThan(10);
    expect(tools.every((t) => t.annotations.readOnlyHint)).toBe(true);
    expect(tools.map((t) => t.name)).not.toContain("update_a_freshservice_ticket_by_id");
    const before = (await simulatorRequests()).length;
    const call = await rpcResult(url, "tools/call", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: 1, status: 3 },
    });
    expect(call.error).toMatchObject({ code: -32602 });
    expect((await simulatorRequests()).length).toBe(before);
  });

  it("hostile ids never reach Freshservice", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    const before = (await simulatorRequests()).length;
    for (const hostile of ["../agents", "1?x=", "-1", -1, 0, 1e300, 2 ** 63, "1/../../agents", 1.5])
      for (const name of ["get_single_freshservice_ticket_by_id", "update_a_freshservice_ticket_by_id"]) {
        const call = await rpcResult<{ isError: boolean; content: { text: string }[] }>(url, "tools/call", {
          name,
          arguments: { id: hostile },
        });
        expect(call.result?.isError).toBe(true);
        expect(call.result?.content[0]?.text).toMatch(/Freshservice was not called/);
      }
    expect((await simulatorRequests()).length).toBe(before);
  });

  it("tools/call params that are not an object get a JSON-RPC error", async () => {
    const url = await readOnlyUrl();
    expect(
      (await rpcResult(url, "tools/call", { name: "list_all_freshservice_tickets", arguments: [1] })).error,
    ).toMatchObject({
      code: -32602,
    });
    // params that are not structured at all make the request itself invalid (JSON-RPC 2.0).
    expect((await rpcResult(url, "tools/call", "nope")).error).toMatchObject({ code: -32600 });
  });
});
