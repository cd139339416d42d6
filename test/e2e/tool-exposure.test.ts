/**
 * A tool list that fits, through the official MCP SDK client against the Worker in real workerd and the simulator:
 * a discovery URL lists three tools that find, describe and run any tool; search and fetch answer in OpenAI's
 * shapes for ChatGPT's deep research.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintServer, type Stack, startStack } from "./stack";

type TextResult = { content: { type: string; text: string }[]; isError?: boolean; _meta?: Record<string, unknown> };

let stack: Stack;
const clients: Client[] = [];

async function connect(config: Record<string, unknown>): Promise<Client> {
  const { url } = await mintServer(stack, { config });
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
  return client;
}

async function callJson<T>(client: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as TextResult;
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  // Every successful result is one text item holding one JSON document (call_tool answers as the tool it runs).
  expect(result.content).toHaveLength(1);
  return JSON.parse(result.content[0]?.text ?? "null") as T;
}

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.stop();
});

describe('tool_exposure "discovery" through the SDK client', () => {
  it("lists three tools, finds a tool, shows its schema with the account's fields, and runs it", async () => {
    const client = await connect({ tool_exposure: "discovery" });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["search_tools", "get_tool_schema", "call_tool"]);

    const found = await callJson<{ tools: { name: string }[] }>(client, "search_tools", {
      query: "put a ticket on hold until the customer answers",
      limit: 3,
    });
    expect(found.tools.map((t) => t.name)).toContain("update_a_freshservice_ticket_by_id");

    const schema = await callJson<{
      tools: { name: string; inputSchema: { properties: Record<string, { properties?: Record<string, unknown> }> } }[];
    }>(client, "get_tool_schema", { names: ["update_a_freshservice_ticket_by_id"] });
    const customFields = schema.tools[0]?.inputSchema.properties.custom_fields?.properties ?? {};
    expect(Object.keys(customFields).length).toBeGreaterThan(0);

    const updated = await callJson<{ ticket: { id: number; status: number } }>(client, "call_tool", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: 1, status: 3 },
    });
    expect(updated.ticket).toMatchObject({ id: 1, status: 3 });
    expect(stack.simulator.simulator.tenant().tickets.get(1)?.status).toBe(3);

    // As a strict-mode client sends them: JSON text, null for what it leaves out.
    const call = tools.find((t) => t.name === "call_tool");
    expect(call?.inputSchema.properties?.arguments).toMatchObject({ type: "string" });
    const again = await callJson<{ ticket: { id: number; status: number } }>(client, "call_tool", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: JSON.stringify({ id: 1, status: 2, priority: null, custom_fields: null }),
    });
    expect(again.ticket).toMatchObject({ id: 1, status: 2 });
  });
});

describe("search and fetch through the SDK client", () => {
  it("search answers {results:[{id,title,url}]} and fetch {id,title,text,url,metadata} for a result", async () => {
    const client = await connect({ methods: ["read"], tags: ["tickets", "solutions"] });
    const { tools } = await client.listTools();
    const search = tools.find((t) => t.name === "search");
    expect(search?.annotations).toMatchObject({ readOnlyHint: true });
    expect(tools.some((t) => t.name === "fetch")).toBe(true);

    const { results } = await callJson<{ results: { id: string; title: string; url: string }[] }>(client, "search", {
      query: "vpn",
    });
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(Object.keys(r).sort()).toEqual(["id", "title", "url"]);
    const first = results[0] as { id: string; title: string; url: string };
    const doc = await callJson<Record<string, unknown>>(client, "fetch", { id: first.id });
    expect(doc).toMatchObject({ id: first.id, title: first.title, url: first.url, metadata: expect.any(Object) });
    expect(String(doc.text).length).toBeGreaterThan(0);
  });
});
