/**
 * Through `mcp-remote`, the stdio-to-HTTP bridge that desktop clients use to reach a remote MCP URL: the
 * official SDK client speaks stdio to it, it speaks Streamable HTTP to the Worker in workerd.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintServer, type Stack, startStack } from "./stack";

type TextResult = { content: { type: string; text: string }[]; isError?: boolean; _meta?: Record<string, unknown> };

let stack: Stack;
let configDir: string;
const clients: Client[] = [];

/** A client whose stdio goes to a fresh `mcp-remote` process bridging to `url`. */
async function throughMcpRemote(url: string, extraArgs: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: "node_modules/.bin/mcp-remote",
    args: [url, "--transport", "http-only", ...extraArgs],
    // Its own state (OAuth client records) goes to a throwaway directory, not the user's home.
    env: { ...(process.env as Record<string, string>), MCP_REMOTE_CONFIG_DIR: configDir },
    stderr: "pipe",
  });
  const client = new Client({ name: "e2e-mcp-remote", version: "1.0.0" });
  await client.connect(transport);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), "mcp-remote-"));
  stack = await startStack();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

describe("through mcp-remote", () => {
  it("a read-only URL lists only read tools, answers a call, and refuses bad input clearly", async () => {
    const { url } = await mintServer(stack, { config: { methods: ["read"], tags: ["tickets"] } });
    const client = await throughMcpRemote(url);

    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);

    const ticket = (await client.callTool({
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 58 },
    })) as TextResult;
    expect(ticket.isError, ticket.content[0]?.text).toBeFalsy();
    expect(JSON.parse(ticket.content[0]?.text ?? "{}")).toMatchObject({ ticket: { id: 58 } });
    // One JSON text item; no _meta while calls are plenty (the figures travel in the HTTP headers).
    expect(ticket.content).toHaveLength(1);
    expect(ticket).not.toHaveProperty("_meta");

    const hostile = (await client.callTool({
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: "../agents" },
    })) as TextResult;
    expect(hostile.isError).toBe(true);
    expect(hostile.content[0]?.text).toMatch(/^Invalid arguments; Freshservice was not called\.\n- id:/);

    // A write tool is not on a read-only URL: a protocol error, not a call.
    await expect(
      client.callTool({ name: "update_a_freshservice_ticket_by_id", arguments: { id: 58, status: 5 } }),
    ).rejects.toThrow(/update_a_freshservice_ticket_by_id/);
    expect(stack.simulator.simulator.tenant("sim-api-key").tickets.get(58)?.status).not.toBe(5);
  });

  it("a URL that demands an API token works when mcp-remote sends it as a header", async () => {
    const { url, accountId, mcpId } = await mintServer(stack, {
      config: { tags: ["solutions"], require_api_token_auth: true },
    });
    const minted = await stack.admin(`/integrated-account/${accountId}/mcp/${mcpId}/api-tokens`, {
      body: { name: "desktop" },
    });
    const { token } = (await minted.json()) as { token: string };
    const client = await throughMcpRemote(url, ["--header", `Authorization: Bearer ${token}`]);
    const search = (await client.callTool({
      name: "freshservice_solution_article_search",
      arguments: { search_term: "VPN" },
    })) as TextResult;
    expect(search.isError, search.content[0]?.text).toBeFalsy();
    expect(JSON.parse(search.content[0]?.text ?? "{}")).toMatchObject({ articles: expect.any(Array) });
  });
});
