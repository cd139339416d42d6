/**
 * The product brief's two workflows through the official MCP SDK client, against the Worker in real workerd
 * and the simulator on loopback; the simulator's state is checked afterwards.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintServer, type Stack, startStack } from "./stack";

type TextResult = { content: { type: string; text: string }[]; isError?: boolean; _meta?: Record<string, unknown> };

let stack: Stack;
let client: Client;
let accountId: string;
let mcpId: string;

async function callJson<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as TextResult;
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  return JSON.parse(result.content[0]?.text ?? "null") as T;
}

beforeAll(async () => {
  stack = await startStack();
  const minted = await mintServer(stack);
  const { url } = minted;
  ({ accountId, mcpId } = minted);
  client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
});

afterAll(async () => {
  await client?.close();
  await stack?.stop();
});

describe("through the official SDK client", () => {
  it("lists the generated tools, the six hero tools among them, with annotations", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const hero of [
      "list_all_freshservice_tickets",
      "get_single_freshservice_ticket_by_id",
      "update_a_freshservice_ticket_by_id",
      "list_all_freshservice_assets",
      "freshservice_solution_article_search",
      "create_a_freshservice_onboarding_request",
    ])
      expect(names).toContain(hero);
    expect(tools.length).toBeGreaterThan(80);
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(tool.description?.length).toBeGreaterThan(20);
      expect(tool.annotations).toMatchObject({ openWorldHint: true });
    }
  });

  it("triage: list open tickets, search the knowledge base for VPN setup, reply, set Pending", async () => {
    const open = await callJson<{ tickets: { id: number; subject: string; status: number }[]; total: number }>(
      "list_all_freshservice_tickets",
      { query: "status:2 AND priority:>2" },
    );
    expect(open.tickets.length).toBeGreaterThan(0);
    expect(open.tickets.every((t) => t.status === 2)).toBe(true);
    const vpnTicket = (
      await callJson<{ tickets: { id: number; subject: string }[] }>("list_all_freshservice_tickets", {
        query: "status:2",
      })
    ).tickets.find((t) => /vpn/i.test(t.subject));
    expect(vpnTicket).toBeDefined();
    const ticketId = vpnTicket?.id as number;

    const search = await callJson<{ articles: { id: number; title: string }[] }>(
      "freshservice_solution_article_search",
      {
        search_term: "VPN setup",
      },
    );
    const article = search.articles.find((a) => /set up the VPN/i.test(a.title));
    expect(article).toBeDefined();

    const reply = await callJson<{ conversation: { id: number; body: string } }>("freshservice_ticket_reply", {
      id: ticketId,
      body: `<p>Please follow our guide: ${article?.title}</p>`,
    });
    expect(reply.conversation.id).toBeGreaterThan(0);
    const updated = await callJson<{ ticket: { status: number } }>("update_a_freshservice_ticket_by_id", {
      id: ticketId,
      status: 3,
    });
    expect(updated.ticket.status).toBe(3);

    const tenant = stack.simulator.simulator.tenant();
    expect(tenant.tickets.get(ticketId)?.status).toBe(3);
    const conversations = [...tenant.conversations.values()].filter((c) => c.ticket_id === ticketId);
    expect(conversations.some((c) => c.body.includes(article?.title ?? "???"))).toBe(true);
  });

  it("onboarding: find an available MacBook Pro M3 and start onboarding with its asset tag", async () => {
    const found = await callJson<{ assets: { display_id: number; name: string; asset_tag: string }[] }>(
      "list_all_freshservice_assets",
      { search: "name:'MacBook Pro M3'", filter: "asset_state:'In Stock'" },
    );
    expect(found.assets.length).toBeGreaterThan(0);
    const laptop = found.assets[0];
    expect(laptop?.name).toMatch(/MacBook Pro M3/);

    const form = await callJson<{ fields: { name: string; required: boolean }[] }>(
      "freshservice_onboarding_request_form",
      {},
    );
    expect(form.fields.map((f) => f.name)).toContain("cf_laptop_asset_tag");

    const created = await callJson<{ onboarding_request: { id: number; fields: Record<string, unknown> } }>(
      "create_a_freshservice_onboarding_request",
      {
        fields: {
          cf_employee_name: "Dana Whitfield",
          cf_job_title: "Data Engineer",
          cf_start_date: "2026-12-07",
          cf_laptop_asset_tag: laptop?.asset_tag,
        },
      },
    );
    const stored = stack.simulator.simulator.tenant().onboardingRequests.get(created.onboarding_request.id);
    expect(stored?.fields.cf_laptop_asset_tag).toBe(laptop?.asset_tag);
    expect(stored?.fields.cf_employee_name).toBe("Dana Whitfield");
  });

  it("a Freshservice validation error comes back as an isError result naming the field, and nothing is created", async () => {
    const before = stack.simulator.simulator.tenant().onboardingRequests.size;
    const result = (await client.callTool({
      name: "create_a_freshservice_onboarding_request",
      arguments: { fields: { cf_job_title: "No name, no date" } },
    })) as TextResult;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/cf_employee_name/);
    expect(stack.simulator.simulator.tenant().onboardingRequests.size).toBe(before);
  });

  it("pages with limit and next_cursor", async () => {
    const first = (await client.callTool({
      name: "list_all_freshservice_requesters",
      arguments: { limit: 5 },
    })) as TextResult;
    // The cursor is in the page's one JSON document, after Freshservice's keys.
    expect(first.content).toHaveLength(1);
    const cursor = (JSON.parse(first.content[0]?.text ?? "{}") as { next_cursor?: string }).next_cursor as string;
    expect(cursor).toBeTruthy();
    const second = await callJson<{ requesters: { id: number }[] }>("list_all_freshservice_requesters", {
      limit: 5,
      next_cursor: cursor,
    });
    const firstIds = (JSON.parse(first.content[0]?.text ?? "{}") as { requesters: { id: number }[] }).requesters.map(
      (r) => r.id,
    );
    expect(second.requesters).toHaveLength(5);
    expect(second.requesters.some((r) => firstIds.includes(r.id))).toBe(false);
  });

  it("every call above is in the audit trail (D1 in real workerd, tables from the migrations)", async () => {
    const CALLS_ABOVE = 11;
    type Entry = { tool: string; outcome: string; http_status: number | null; touched_ids: Record<string, number> };
    let entries: Entry[] = [];
    // Rows are written after each answer (waitUntil): give the last one a moment.
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await stack.admin(`/integrated-account/${accountId}/mcp/${mcpId}/logs?limit=100`);
      expect(response.status).toBe(200);
      entries = ((await response.json()) as { result: Entry[] }).result;
      if (entries.length >= CALLS_ABOVE) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(entries).toHaveLength(CALLS_ABOVE);
    expect(entries.find((e) => e.tool === "update_a_freshservice_ticket_by_id")).toMatchObject({ outcome: "ok" });
    expect(
      entries.find((e) => e.tool === "create_a_freshservice_onboarding_request" && e.outcome !== "ok"),
    ).toMatchObject({ outcome: "invalid_arguments", http_status: null });
  });
});
