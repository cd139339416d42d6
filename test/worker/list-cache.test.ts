/**
 * The isolate's caches on the MCP path never serve stale data: tools/list from the cache of serialized lists is
 * byte for byte the SDK's own answer, in both eras and every exposure, and the very next request sees a revoked
 * token, a changed config and a refreshed field set.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerMessage, withListedTools } from "../../worker/mcp/protocol-lane";
import { resolveServer } from "../../worker/mcp/resolve-server";
import { fieldCache, requestFieldCache } from "../../worker/store/field-cache";
import { kvKeys } from "../../worker/store/kv-keys";
import { mcpServerStore } from "../../worker/store/mcp-servers";
import { metadataBackoff } from "../../worker/store/metadata-backoff";
import { accountTools } from "../../worker/tools/account-tools";
import { urlToolSet } from "../../worker/tools/tool-set";
import {
  admin,
  clearFaults,
  createAccount,
  dispatch,
  injectFault,
  mcpPost,
  mint,
  rpc,
  SIMULATOR_ORIGIN,
  settled,
} from "./helpers";

const MODERN = "2026-07-28";
const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "test", version: "1" },
};

/** A tools/list request of either era, with a fixed id so two answers can be compared byte for byte. */
function listRequest(url: string, era: "legacy" | "modern", id: number | string = 7) {
  const message =
    era === "legacy"
      ? { jsonrpc: "2.0", id, method: "tools/list" }
      : { jsonrpc: "2.0", id, method: "tools/list", params: { _meta: ENVELOPE } };
  const headers: Record<string, string> =
    era === "legacy" ? {} : { "mcp-protocol-version": MODERN, "mcp-method": "tools/list" };
  return { message, request: () => mcpPost(url, JSON.stringify(message), headers) };
}

/** The same tools/list answered by the SDK serializing the whole list itself, bypassing the cache. */
async function uncachedAnswer(url: string, era: "legacy" | "modern", id: number | string) {
  const token = url.split("/mcp/")[1] ?? "";
  const resolved = await resolveServer(env, token);
  if (!resolved) throw new Error("the URL does not resolve");
  const tools = accountTools(
    { ...resolved, ...urlToolSet(resolved.server.config) },
    {
      cache: requestFieldCache(fieldCache(env.STORE)),
      backoff: metadataBackoff(env.STORE),
      target: resolved.target,
      waitUntil: () => {},
    },
  );
  const { message, request } = listRequest(url, era, id);
  const answer = await answerMessage(request(), message, {
    listTools: tools.list,
    answerToolCall: () => Promise.reject(new Error("not a tools/call")),
  });
  return answer.text();
}

async function listNames(url: string): Promise<string[]> {
  const body = (await (await rpc(url, "tools/list")).json()) as { result: { tools: { name: string }[] } };
  return body.result.tools.map((t) => t.name);
}

afterEach(async () => {
  await settled();
  await clearFaults();
});

describe("tools/list from the isolate's cache", () => {
  it.each([
    ["every tool", {}],
    ["read-only", { methods: ["read"] }],
    ["one tag", { tags: ["assets"] }],
    ["one workspace", { tags: ["tickets"], workspace_id: 2 }],
    ["discovery", { tool_exposure: "discovery" }],
  ])("is byte for byte the SDK's own answer, in both eras (%s)", async (_, config) => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config });
    for (const era of ["legacy", "modern"] as const)
      for (const rpcId of [7, "list-1"]) {
        const { request } = listRequest(url, era, rpcId);
        // The first answer fills the field cache and the list cache; the second is served from the list cache.
        const filled = await (await dispatch(request())).text();
        const served = await dispatch(request());
        expect(served.status).toBe(200);
        expect(served.headers.get("content-type")).toBe("application/json");
        const cached = await served.text();
        expect(served.headers.get("content-length")).toBe(String(new TextEncoder().encode(cached).byteLength));
        expect(cached).toBe(filled);
        expect(cached).toBe(await uncachedAnswer(url, era, rpcId));
        expect(JSON.parse(cached)).toMatchObject({ id: rpcId, result: { tools: expect.any(Array) } });
      }
  });

  it("keeps an SSE answer and a batch the same as before", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { tags: ["tickets"] } });
    const { request } = listRequest(url, "legacy", 3);
    const json = await (await dispatch(request())).text();
    const sse = await dispatch(
      mcpPost(url, JSON.stringify(listRequest(url, "legacy", 3).message), { accept: "text/event-stream" }),
    );
    expect(sse.headers.get("content-length")).toBeNull();
    expect(await sse.text()).toBe(`event: message\ndata: ${json}\n\n`);
    const batch = JSON.stringify([listRequest(url, "legacy", 3).message, { jsonrpc: "2.0", id: 4, method: "ping" }]);
    const answers = (await (await dispatch(mcpPost(url, batch))).json()) as unknown[];
    expect(answers[0]).toEqual(JSON.parse(json));
  });
});

describe("splicing the cached list into the SDK's answer", () => {
  it("puts the list where the SDK's empty one was", async () => {
    const sdk = new Response('{"result":{"tools":[]},"jsonrpc":"2.0","id":1}', { status: 200 });
    const spliced = await withListedTools(sdk, new TextEncoder().encode('[{"name":"a"}]'));
    expect(await spliced?.text()).toBe('{"result":{"tools":[{"name":"a"}]},"jsonrpc":"2.0","id":1}');
  });

  it("never answers an empty list when the SDK wrote its answer another way: it says so in the log and gives way", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const sdk = new Response('{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}', { status: 200 });
      expect(await withListedTools(sdk, new TextEncoder().encode('[{"name":"a"}]'))).toBeNull();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('"event":"tools_list_splice_missed"'));
    } finally {
      errors.mockRestore();
    }
  });
});

describe("the next request sees", () => {
  it("a revoked URL: refused at once", async () => {
    const { id } = await createAccount();
    const { id: mcpId, url } = await mint(id);
    expect((await rpc(url, "tools/list")).status).toBe(200);
    expect((await admin(`/integrated-account/${id}/mcp/${mcpId}`, undefined, "DELETE")).status).toBeLessThan(300);
    expect((await rpc(url, "tools/list")).status).toBe(404);
    expect((await rpc(url, "ping")).status).toBe(404);
  });

  it("a deleted account: its URLs refused at once, even where a server record outlived it", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    const { url: other } = await mint(id);
    expect((await rpc(url, "ping")).status).toBe(200);
    // The account's record alone gone (the server record and token pointer read in the same KV call remain).
    await env.STORE.delete(kvKeys.account(id));
    expect((await rpc(url, "ping")).status).toBe(404);

    const second = await createAccount();
    const { url: third } = await mint(second.id);
    expect((await rpc(third, "ping")).status).toBe(200);
    expect((await admin(`/integrated-account/${second.id}`, undefined, "DELETE")).status).toBeLessThan(300);
    expect((await rpc(third, "ping")).status).toBe(404);
    expect((await rpc(other, "ping")).status).toBe(404);
  });

  it("an expired URL: refused at once, though KV still holds the record", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { expires_at: new Date(Date.now() + 3600_000).toISOString() });
    expect((await rpc(url, "ping")).status).toBe(200);
    // What KV's lazy expiry may still return after the time has passed.
    const token = url.split("/mcp/")[1] ?? "";
    const store = mcpServerStore(env.STORE);
    const record = await store.resolve(token);
    if (!record) throw new Error("not stored");
    await store.update(record, { expires_at: new Date(Date.now() - 1000).toISOString() });
    expect((await rpc(url, "ping")).status).toBe(404);
  });

  it("a PATCH of methods, tags and exposure: the next tools/list follows it", async () => {
    const { id } = await createAccount();
    const { id: mcpId, url } = await mint(id);
    const patch = (config: Record<string, unknown>) =>
      admin(`/integrated-account/${id}/mcp/${mcpId}`, { config }, "PATCH");
    const everything = await listNames(url);
    expect(everything).toContain("create_a_freshservice_ticket");

    await patch({ methods: ["read"] });
    const readOnly = await listNames(url);
    expect(readOnly).not.toContain("create_a_freshservice_ticket");
    expect(readOnly).toContain("list_all_freshservice_tickets");

    await patch({ tags: ["assets"] });
    const assets = await listNames(url);
    expect(assets).toContain("list_all_freshservice_assets");
    expect(assets).not.toContain("list_all_freshservice_tickets");

    await patch({ tool_exposure: "discovery" });
    expect(await listNames(url)).toEqual(["search_tools", "get_tool_schema", "call_tool"]);

    await patch({ methods: null, tags: null, tool_exposure: null });
    expect(await listNames(url)).toEqual(everything);
  });

  it("a refreshed field set: refresh-fields after the form changed shows the new field in the next tools/list", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { tags: ["tickets"] } });
    const customFieldsOf = async () => {
      const body = (await (await rpc(url, "tools/list")).json()) as {
        result: { tools: { name: string; inputSchema: { properties: Record<string, { properties?: object }> } }[] };
      };
      const create = body.result.tools.find((t) => t.name === "create_a_freshservice_ticket");
      return Object.keys(create?.inputSchema.properties.custom_fields?.properties ?? {});
    };
    const before = await customFieldsOf();
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toContain("cf_cache_probe");

    // The account's form gains a field: the simulator answers the next form read with it.
    const form = (await (
      await fetch(`${SIMULATOR_ORIGIN}/api/v2/ticket_form_fields`, {
        headers: { authorization: `Basic ${btoa("sim-api-key:X")}` },
      })
    ).json()) as { ticket_fields: Record<string, unknown>[] };
    const custom = form.ticket_fields.find((f) => f.default_field === false);
    if (!custom) throw new Error("the simulator's form has no custom field");
    const changed = {
      ticket_fields: [...form.ticket_fields, { ...custom, id: 990_001, name: "cf_cache_probe", label: "Cache probe" }],
    };
    await injectFault({
      kind: "status",
      status: 200,
      body: JSON.stringify(changed),
      match: { method: "GET", pathPrefix: "/ticket_form_fields" },
    });
    // Still fresh in the field cache: the list is unchanged and the form is not read again.
    expect(await customFieldsOf()).toEqual(before);

    expect((await admin(`/integrated-account/${id}/refresh-fields`, {})).status).toBe(200);
    expect(await customFieldsOf()).toEqual([...before, "cf_cache_probe"]);
  });
});
