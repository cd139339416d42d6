/**
 * Counts through the official MCP SDK client against the Worker in real workerd and the simulator on loopback, as
 * `npm start` runs them: on a discovery URL (what `npm start` mints) the count is found by search_tools and run by
 * call_tool; on a direct URL it is called by name. Its numbers are the simulator's own records.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintServer, type Stack, startStack } from "./stack";

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };
type Count = {
  total: number;
  buckets: { value: number | null; label?: string; count: number }[];
  other?: number;
  calls: number;
};

let stack: Stack;
const clients: Client[] = [];

async function connect(config: Record<string, unknown>): Promise<Client> {
  const { url } = await mintServer(stack, { config });
  const client = new Client({ name: "e2e-counts", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as TextResult;
  return { result, text: result.content[0]?.text ?? "" };
}

/** The seeded tickets the ticket filter searches by default: the primary workspace's, neither spam nor deleted. */
function liveTickets() {
  return [...stack.simulator.simulator.tenant().tickets.values()].filter(
    (t) => t.workspace_id === 2 && !t.spam && !t.deleted,
  );
}

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.stop();
});

describe("counts through the SDK client", () => {
  it("on a discovery URL: search_tools finds the count first, call_tool counts urgent tickets by group", async () => {
    const client = await connect({ tool_exposure: "discovery" });
    const found = await call(client, "search_tools", { query: "how many P1 incidents did each group get last week" });
    expect((JSON.parse(found.text) as { tools: { name: string }[] }).tools[0]?.name).toBe("freshservice_count_records");

    const { result, text } = await call(client, "call_tool", {
      name: "freshservice_count_records",
      arguments: JSON.stringify({ record: "tickets", query: "priority:4", group_by: "group_id" }),
    });
    expect(result.isError, text).toBeFalsy();
    const counted = JSON.parse(text) as Count;
    const urgent = liveTickets().filter((t) => t.priority === 4);
    const groups = [...stack.simulator.simulator.tenant().groups.values()].filter((g) => g.workspace_id === 2);
    expect(counted.total).toBe(urgent.length);
    expect(counted.buckets).toEqual([
      ...groups.map((g) => ({ value: g.id, label: g.name, count: urgent.filter((t) => t.group_id === g.id).length })),
      { value: null, label: "none", count: urgent.filter((t) => t.group_id === null).length },
    ]);
    expect(counted).toMatchObject({ other: 0, calls: groups.length + 3 });
  });

  it("on a read-only URL by name: a filter with no match is 0, and bad input says what to fix", async () => {
    const client = await connect({ methods: ["read"], tags: ["tickets", "changes", "assets"] });
    const none = await call(client, "freshservice_count_records", {
      record: "tickets",
      query: "requester_id:999999999",
    });
    expect(none.result.isError, none.text).toBeFalsy();
    expect(JSON.parse(none.text)).toMatchObject({ record: "tickets", total: 0, buckets: [], calls: 1 });

    const bad = await call(client, "freshservice_count_records", { record: "assets", group_by: "priority" });
    expect(bad.result.isError).toBe(true);
    expect(bad.text).toMatch(/Freshservice was not called/);
    expect(bad.text).toMatch(/assets can't be broken down by "priority"; by asset_type_id/);

    const refused = await call(client, "freshservice_count_records", { record: "tickets", query: "colour:'red'" });
    expect(refused.result.isError).toBe(true);
    expect(refused.text).toMatch(/colour/);
  });
});
