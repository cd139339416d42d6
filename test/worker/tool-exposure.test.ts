/**
 * A tool list that fits: `tool_exposure: "discovery"` (three meta-tools that reach every tool through the direct
 * path), ChatGPT's `search` and `fetch` in OpenAI's shapes, and the minting notes about clients that truncate.
 */
import { afterEach, describe, expect, it } from "vitest";
import { admin, clearFaults, createAccount, mint, rpc, rpcResult, simulatorRequests } from "./helpers";

type ToolResult = { content: { type: string; text: string }[]; isError: boolean; _meta?: Record<string, unknown> };
type Listed = { tools: { name: string; annotations: Record<string, unknown> }[] };

async function serverUrl(config: Record<string, unknown> = {}) {
  const { id } = await createAccount();
  return (await mint(id, { config })).url;
}

async function callTool(url: string, name: string, args: Record<string, unknown>) {
  const { result, error, headers } = await rpcResult<ToolResult>(url, "tools/call", { name, arguments: args });
  if (!result) throw new Error(`tools/call ${name}: ${JSON.stringify(error)}`);
  return { result, headers, json: () => JSON.parse(result.content[0]?.text ?? "") };
}

afterEach(async () => {
  await clearFaults();
});

describe('tool_exposure: "discovery"', () => {
  it("lists three meta-tools in under 3 KB", async () => {
    const url = await serverUrl({ tool_exposure: "discovery" });
    const response = await rpc(url, "tools/list");
    const text = await response.text();
    const { result } = JSON.parse(text) as { result: Listed };
    expect(result.tools.map((t) => t.name)).toEqual(["search_tools", "get_tool_schema", "call_tool"]);
    expect(new TextEncoder().encode(JSON.stringify(result)).byteLength).toBeLessThan(3 * 1024);
  });

  it("search_tools finds a tool for a plain-language task, within the URL's filters", async () => {
    const url = await serverUrl({ tool_exposure: "discovery", methods: ["read"] });
    const { json } = await callTool(url, "search_tools", { query: "find laptops in stock", limit: 3 });
    const found = json() as { tools: { name: string; summary: string; read_only: boolean }[] };
    expect(found.tools.map((t) => t.name)).toContain("list_all_freshservice_assets");
    expect(found.tools.every((t) => t.read_only && t.summary.length > 0)).toBe(true);
    // On a read-only URL, call_tool only reads, and says so.
    const listed = await rpcResult<Listed>(url, "tools/list");
    expect(listed.result?.tools.find((t) => t.name === "call_tool")?.annotations).toMatchObject({ readOnlyHint: true });
    // A write tool the filters exclude is never offered.
    const writes = await callTool(url, "search_tools", { query: "put a ticket on hold until the customer answers" });
    expect((writes.json() as { tools: { name: string }[] }).tools.map((t) => t.name)).not.toContain(
      "update_a_freshservice_ticket_by_id",
    );
  });

  it("search_tools finds search and fetch like any tool", async () => {
    const url = await serverUrl({ tool_exposure: "discovery", methods: ["read"] });
    const { json } = await callTool(url, "search_tools", { query: "search across tickets, articles and changes" });
    expect((json() as { tools: { name: string }[] }).tools.slice(0, 3).map((t) => t.name)).toContain("search");
    const fetched = await callTool(url, "call_tool", { name: "fetch", arguments: { id: "ticket:1" } });
    expect(fetched.json()).toMatchObject({ id: "ticket:1", url: "https://acme.freshservice.com/a/tickets/1" });
  });

  it("get_tool_schema returns the input schema with the account's own fields, and names unknown tools", async () => {
    const url = await serverUrl({ tool_exposure: "discovery" });
    const { json } = await callTool(url, "get_tool_schema", { names: ["create_a_freshservice_ticket", "nope"] });
    const body = json() as {
      tools: { name: string; inputSchema: { properties: Record<string, { properties?: object }> } }[];
      unknown: string[];
    };
    expect(body.unknown).toEqual(["nope"]);
    expect(body.tools[0]?.name).toBe("create_a_freshservice_ticket");
    // The simulator's default ticket form has custom fields; merged, they are named properties.
    expect(Object.keys(body.tools[0]?.inputSchema.properties.custom_fields?.properties ?? {}).length).toBeGreaterThan(
      0,
    );
  });

  it("call_tool runs a tool the direct way: validation, streamed result, rate-limit headers", async () => {
    const url = await serverUrl({ tool_exposure: "discovery" });
    const ok = await callTool(url, "call_tool", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(ok.result.isError).toBe(false);
    expect(ok.json()).toMatchObject({ ticket: { id: 1 } });
    expect(ok.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
    // As a direct call answers: one JSON text item, and no _meta while calls are plenty.
    expect(ok.result.content).toHaveLength(1);
    expect(ok.result).not.toHaveProperty("_meta");

    const before = (await simulatorRequests()).length;
    const invalid = await callTool(url, "call_tool", { name: "get_single_freshservice_ticket_by_id", arguments: {} });
    expect(invalid.result.isError).toBe(true);
    expect(invalid.result.content[0]?.text).toContain("id: required");
    const unknown = await callTool(url, "call_tool", { name: "call_tool", arguments: {} });
    expect(unknown.result.isError).toBe(true);
    expect(unknown.result.content[0]?.text).toContain("search_tools");
    expect((await simulatorRequests()).length).toBe(before);
  });

  it("call_tool lists its arguments as JSON text (strict-mode clients can't send an open object) and takes both", async () => {
    const url = await serverUrl({ tool_exposure: "discovery" });
    const listed = await rpcResult<{ tools: { name: string; inputSchema: { properties: Record<string, object> } }[] }>(
      url,
      "tools/list",
    );
    const schema = listed.result?.tools.find((t) => t.name === "call_tool")?.inputSchema;
    expect(schema?.properties.arguments).toMatchObject({ type: "string" });
    // What a strict-mode client sends: every argument, null where it means none, the inner ones as text.
    const found = await callTool(url, "search_tools", { query: "get a ticket", limit: null });
    expect(found.result.isError).toBe(false);
    const text = await callTool(url, "call_tool", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: JSON.stringify({ id: 1, include: null }),
    });
    expect(text.result.isError, text.result.content[0]?.text).toBe(false);
    expect(text.json()).toMatchObject({ ticket: { id: 1 } });
    expect((await simulatorRequests()).at(-1)).toMatchObject({ path: "/api/v2/tickets/1", search: "" });

    const before = (await simulatorRequests()).length;
    for (const bad of ["[1]", "{id: 1}", "42"]) {
      const refused = await callTool(url, "call_tool", {
        name: "get_single_freshservice_ticket_by_id",
        arguments: bad,
      });
      expect(refused.result.isError, bad).toBe(true);
      expect(refused.result.content[0]?.text).toContain("arguments: must be one JSON object written as text");
    }
    const none = await callTool(url, "call_tool", { name: "get_single_freshservice_ticket_by_id", arguments: null });
    expect(none.result.content[0]?.text).toContain("id: required");
    expect((await simulatorRequests()).length).toBe(before);
  });

  it("call_tool keeps the URL's filters and its budget", async () => {
    const url = await serverUrl({ tool_exposure: "discovery", methods: ["read"], max_requests_per_minute: 1 });
    const write = await callTool(url, "call_tool", {
      name: "delete_a_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(write.result.isError).toBe(true);
    await callTool(url, "call_tool", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 1 } });
    const over = await callTool(url, "call_tool", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 2 },
    });
    expect(over.result.isError).toBe(true);
    expect(over.result.content[0]?.text).toContain("budget");
  });
});

describe("search and fetch for ChatGPT", () => {
  it("are listed, read-only, on a URL that may read tickets and articles, and not on a write-only one", async () => {
    const readUrl = await serverUrl({ methods: ["read"], tags: ["tickets", "solutions"] });
    const { result } = await rpcResult<Listed>(readUrl, "tools/list");
    const search = result?.tools.find((t) => t.name === "search");
    expect(search?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(result?.tools.some((t) => t.name === "fetch")).toBe(true);
    const writeUrl = await serverUrl({ methods: ["write"], tags: ["tickets"] });
    const writes = await rpcResult<Listed>(writeUrl, "tools/list");
    expect(writes.result?.tools.some((t) => t.name === "search" || t.name === "fetch")).toBe(false);
  });

  it("search answers one text item holding {results:[{id,title,url}]} with typed ids and portal URLs", async () => {
    const url = await serverUrl({ methods: ["read"] });
    const { result, json } = await callTool(url, "search", { query: "vpn" });
    expect(result.isError).toBe(false);
    expect(result.content).toHaveLength(1);
    const { results } = json() as { results: { id: string; title: string; url: string }[] };
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(["id", "title", "url"]);
      expect(r.id).toMatch(/^(ticket|article|problem|change|asset):\d+$/);
      expect(r.url.startsWith("https://acme.freshservice.com/")).toBe(true);
    }
    expect(results.some((r) => r.id.startsWith("article:"))).toBe(true);
  });

  it("fetch answers {id,title,text,url,metadata} for a typed id, and refuses an unknown one", async () => {
    const url = await serverUrl({ methods: ["read"] });
    const { result, json } = await callTool(url, "fetch", { id: "ticket:1" });
    expect(result.isError).toBe(false);
    const doc = json() as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(["id", "metadata", "text", "title", "url"]);
    expect(doc).toMatchObject({ id: "ticket:1", url: "https://acme.freshservice.com/a/tickets/1" });
    expect(String(doc.text).length).toBeGreaterThan(0);
    const found = (await callTool(url, "search", { query: "vpn" })).json() as {
      results: { id: string; url: string }[];
    };
    const hit = found.results.find((r) => r.id.startsWith("article:"));
    const article = await callTool(url, "fetch", { id: hit?.id ?? "" });
    expect(article.json()).toMatchObject({ id: hit?.id, url: hit?.url });
    expect(hit?.url).toMatch(/^https:\/\/acme\.freshservice\.com\/support\/solutions\/articles\/\d+$/);
    const bad = await callTool(url, "fetch", { id: "project:1" });
    expect(bad.result.isError).toBe(true);
  });

  it("maps Freshservice's errors as a direct call does", async () => {
    const url = await serverUrl({ methods: ["read"] });
    const missing = await callTool(url, "fetch", { id: "ticket:999999" });
    expect(missing.result.isError).toBe(true);
    expect(missing.result._meta).toMatchObject({ http_status: 404 });
  });
});

describe("minting notes about clients that truncate", () => {
  it("names the clients a URL with more than 128 tools is too long for, and suggests tags or discovery", async () => {
    const { id } = await createAccount();
    const response = await admin(`/integrated-account/${id}/mcp`, { name: "everything", config: {} });
    const body = (await response.json()) as { notes?: string[]; id: string };
    const note = body.notes?.join(" ") ?? "";
    for (const client of ["Cursor", "VS Code", "OpenAI", "Claude Cowork"]) expect(note).toContain(client);
    expect(note).toContain("discovery");
    expect(note).toContain("config.tags");
    // Patching it to discovery leaves nothing to warn about.
    const patched = await admin(
      `/integrated-account/${id}/mcp/${body.id}`,
      { config: { tool_exposure: "discovery" } },
      "PATCH",
    );
    expect(((await patched.json()) as { notes?: string[] }).notes).toBeUndefined();
    const narrow = await admin(`/integrated-account/${id}/mcp`, { name: "kb", config: { tags: ["solutions"] } });
    expect(((await narrow.json()) as { notes?: string[] }).notes).toBeUndefined();
  });

  it("refuses an unknown exposure", async () => {
    const { id } = await createAccount();
    const response = await admin(`/integrated-account/${id}/mcp`, { name: "x", config: { tool_exposure: "some" } });
    expect(response.status).toBe(400);
  });
});
