/**
 * Each account's own fields, end to end: fetched from its Freshservice, cached per account (and per workspace
 * for the forms that have one), merged into the create/update tools, enforced before anything is sent (a
 * service item's own form on place_request too), refreshed on request, and never shared between tenants.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TICKET_CUSTOM_FIELDS } from "../../simulator/simulator";
import { mintServer, type Stack, startStack } from "./stack";

const GLOBEX_KEY = "globex-api-key";
/** A tenant with a custom status and the odd entries real forms carry. */
const INITECH_KEY = "initech-api-key";
type ToolResult = { content: { text: string }[]; isError?: boolean };
type ObjectSchema = { properties: Record<string, ObjectSchema & { enum?: string[] }>; required?: string[] };

let stack: Stack;
let acme: { client: Client; accountId: string };
let globex: { client: Client; accountId: string };
let initech: { client: Client; accountId: string };

async function connect(apiKey: string) {
  const { url, accountId } = await mintServer(stack, { config: { tags: ["tickets"] } }, apiKey);
  const client = new Client({ name: "e2e-fields", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return { client, accountId };
}

async function createTicketSchema(client: Client) {
  const { tools } = await client.listTools();
  const tool = tools.find((t) => t.name === "create_a_freshservice_ticket");
  if (!tool) throw new Error("no create_a_freshservice_ticket");
  return { schema: tool.inputSchema as unknown as ObjectSchema, description: tool.description ?? "" };
}

const metadataFetches = () =>
  stack.simulator.simulator.requests.filter((r) => r.path === "/api/v2/ticket_form_fields").length;

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      {
        apiKey: "sim-api-key",
        workspaceTicketCustomFields: {
          3: [
            {
              name: "cf_hr_case_type",
              label: "HR case type",
              type: "custom_dropdown",
              required_for_agents: true,
              choices: ["Payroll", "Benefits", "Leave"],
            },
          ],
        },
      },
      {
        apiKey: GLOBEX_KEY,
        name: "globex",
        ticketCustomFields: [
          ...DEFAULT_TICKET_CUSTOM_FIELDS,
          {
            name: "cf_business_unit",
            label: "Business unit",
            type: "custom_dropdown",
            required_for_agents: true,
            choices: ["Retail", "Wholesale"],
          },
        ],
      },
      {
        apiKey: INITECH_KEY,
        name: "initech",
        ticketStatuses: [{ id: 6, value: "Waiting on vendor", requester_display_value: "In progress" }],
        oddFormMetadata: true,
      },
    ],
  });
  acme = await connect("sim-api-key");
  globex = await connect(GLOBEX_KEY);
  initech = await connect(INITECH_KEY);
});

afterAll(async () => {
  await acme?.client.close();
  await globex?.client.close();
  await initech?.client.close();
  await stack?.stop();
});

describe("account custom fields", () => {
  it("a tenant's required custom dropdown is a required enum in create_a_freshservice_ticket", async () => {
    const { schema, description } = await createTicketSchema(globex.client);
    const custom = schema.properties.custom_fields;
    expect(custom?.properties.cf_business_unit?.enum).toEqual(["Retail", "Wholesale"]);
    expect(custom?.required).toEqual(["cf_business_unit"]);
    expect(schema.required).toContain("custom_fields");
    expect(description).toContain("required: cf_business_unit");
  });

  it("one account's fields never appear in another's tools", async () => {
    const { schema } = await createTicketSchema(acme.client);
    expect(schema.properties.custom_fields?.properties).not.toHaveProperty("cf_business_unit");
    expect(schema.properties.custom_fields?.properties).toHaveProperty("cf_impacted_service");
    expect(schema.required).not.toContain("custom_fields");
  });

  it("a create with the field succeeds; one without it fails validation and Freshservice is not called", async () => {
    const base = {
      subject: "Printer on 3rd floor jams",
      description: "<p>Paper jam every second page.</p>",
      email: "jane@globex.example",
      status: 2,
      priority: 2,
    };
    const sentBefore = stack.simulator.simulator.requests.filter((r) => r.method === "POST").length;
    const refused = (await globex.client.callTool({
      name: "create_a_freshservice_ticket",
      arguments: base,
    })) as ToolResult;
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/Freshservice was not called/);
    expect(refused.content[0]?.text).toMatch(/custom_fields: required/);
    const wrongChoice = (await globex.client.callTool({
      name: "create_a_freshservice_ticket",
      arguments: { ...base, custom_fields: { cf_business_unit: "Space" } },
    })) as ToolResult;
    expect(wrongChoice.isError).toBe(true);
    expect(wrongChoice.content[0]?.text).toMatch(/custom_fields\.cf_business_unit: /);
    expect(stack.simulator.simulator.requests.filter((r) => r.method === "POST").length).toBe(sentBefore);

    const created = (await globex.client.callTool({
      name: "create_a_freshservice_ticket",
      arguments: { ...base, custom_fields: { cf_business_unit: "Retail" } },
    })) as ToolResult;
    expect(created.isError, created.content[0]?.text).toBeFalsy();
    const ticket = JSON.parse(created.content[0]?.text ?? "{}").ticket as { id: number };
    expect(stack.simulator.simulator.tenant(GLOBEX_KEY).tickets.get(ticket.id)?.custom_fields.cf_business_unit).toBe(
      "Retail",
    );
  });

  it("a custom status is listed with its label and sent as its id; odd form entries are skipped, not fatal", async () => {
    const { tools } = await initech.client.listTools();
    const update = tools.find((t) => t.name === "update_a_freshservice_ticket_by_id");
    if (!update) throw new Error("no update_a_freshservice_ticket_by_id");
    const schema = update.inputSchema as unknown as ObjectSchema;
    const status = schema.properties.status as unknown as {
      enum: number[];
      description: string;
    };
    expect(status.enum).toEqual([2, 3, 4, 5, 6]);
    expect(status.description).toContain("6 Waiting on vendor");
    expect(update.description).not.toMatch(/could not be loaded/);
    const custom = schema.properties.custom_fields?.properties ?? {};
    expect(Object.keys(custom)).toEqual(expect.arrayContaining(["cf_legacy_region", "cf_markup"]));
    expect(JSON.stringify(custom.cf_markup)).not.toMatch(/[<>]|\\u0007/);

    const ticketId = [...stack.simulator.simulator.tenant(INITECH_KEY).tickets.keys()][0] as number;
    const updated = (await initech.client.callTool({
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: ticketId, status: 6 },
    })) as ToolResult;
    expect(updated.isError, updated.content[0]?.text).toBeFalsy();
    expect(stack.simulator.simulator.tenant(INITECH_KEY).tickets.get(ticketId)?.status).toBe(6);
    const refused = (await initech.client.callTool({
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: ticketId, status: 7 },
    })) as ToolResult;
    expect(refused.content[0]?.text).toMatch(/status: /);
  });

  it("metadata is fetched once per account while fresh, again after the refresh route", async () => {
    const before = metadataFetches();
    await createTicketSchema(globex.client);
    await globex.client.callTool({ name: "create_a_freshservice_ticket", arguments: {} });
    expect(metadataFetches()).toBe(before);
    const refreshed = await stack.admin(`/integrated-account/${globex.accountId}/refresh-fields`, { body: {} });
    expect(refreshed.status).toBe(200);
    await createTicketSchema(globex.client);
    expect(metadataFetches()).toBe(before + 1);
  });

  it("when the metadata can't be fetched, tools/list still answers with the bundled schema and says so; the failure is not asked again during its back-off, and refresh-fields retries at once", async () => {
    await stack.admin(`/integrated-account/${acme.accountId}/refresh-fields`, { body: {} });
    stack.simulator.simulator.injectFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "30" },
      match: { pathPrefix: "/ticket_form_fields" },
    });
    const formReads = () =>
      stack.simulator.simulator.requests.filter((r) => r.path === "/api/v2/ticket_form_fields").length;
    const degraded = await createTicketSchema(acme.client);
    expect(degraded.description).toMatch(/could not be loaded just now \(Freshservice answered 429\)/);
    expect(degraded.schema.properties.custom_fields?.properties ?? {}).not.toHaveProperty("cf_impacted_service");
    const reads = formReads();
    const backingOff = await createTicketSchema(acme.client);
    expect(backingOff.description).toMatch(/could not be loaded just now \(Freshservice answered 429\)/);
    expect(formReads()).toBe(reads);
    await stack.admin(`/integrated-account/${acme.accountId}/refresh-fields`, { body: {} });
    const recovered = await createTicketSchema(acme.client);
    expect(recovered.schema.properties.custom_fields?.properties).toHaveProperty("cf_impacted_service");
  });
});

describe("a service item's own form on place_request", () => {
  const PLACE_REQUEST = "freshservice_service_item_place_request";
  /** The seeded "MacBook Pro M3 14-inch": cf_reason (required dropdown), cf_needed_by (date). */
  const ITEM = 1;
  const requests = () => stack.simulator.simulator.requests.filter((r) => r.tenant === "sim-api-key");
  const itemReads = () =>
    requests().filter((r) => r.method === "GET" && r.path === `/api/v2/service_catalog/items/${ITEM}`).length;
  const placedRequests = () =>
    requests().filter((r) => r.method === "POST" && r.path === `/api/v2/service_catalog/items/${ITEM}/place_request`)
      .length;

  it("a call missing a required item field is refused with the item's fields; a correct one goes through; the item is read once", async () => {
    const reads = itemReads();
    const placed = placedRequests();
    const refused = (await acme.client.callTool({
      name: PLACE_REQUEST,
      arguments: { display_id: ITEM, custom_fields: { cf_needed_by: "2026-03-01" } },
    })) as ToolResult;
    expect(refused.isError).toBe(true);
    const text = refused.content[0]?.text ?? "";
    expect(text).toMatch(/^Invalid arguments; Freshservice was not called\./);
    expect(text).toMatch(/cf_reason: required/);
    expect(text).toContain('- cf_reason: required; one of "New hire", "Replacement", "Upgrade" (Reason)');
    expect(text).toContain("- cf_needed_by: optional; a date (yyyy-mm-dd) (Needed by)");
    expect(placedRequests()).toBe(placed);

    const wrongChoice = (await acme.client.callTool({
      name: PLACE_REQUEST,
      arguments: { display_id: ITEM, custom_fields: { cf_reason: "Because" } },
    })) as ToolResult;
    expect(wrongChoice.isError).toBe(true);
    expect(wrongChoice.content[0]?.text).toMatch(/custom_fields\.cf_reason: /);
    expect(placedRequests()).toBe(placed);

    const accepted = (await acme.client.callTool({
      name: PLACE_REQUEST,
      arguments: { display_id: ITEM, custom_fields: { cf_reason: "New hire", cf_needed_by: "2026-03-01" } },
    })) as ToolResult;
    expect(accepted.isError, accepted.content[0]?.text).toBeFalsy();
    expect(JSON.parse(accepted.content[0]?.text ?? "{}").service_request).toMatchObject({ type: "Service Request" });
    expect(placedRequests()).toBe(placed + 1);
    expect(itemReads()).toBe(reads + 1);
  });
  it("an item that doesn't exist is not taken for an empty form: the failed read is only remembered briefly and Freshservice answers", async () => {
    const MISSING = 9999;
    const reads = () =>
      requests().filter((r) => r.method === "GET" && r.path === `/api/v2/service_catalog/items/${MISSING}`).length;
    const before = reads();
    for (let attempt = 1; attempt <= 2; attempt++) {
      const result = (await acme.client.callTool({
        name: PLACE_REQUEST,
        arguments: { display_id: MISSING, custom_fields: { cf_reason: "New hire" } },
      })) as ToolResult;
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).not.toMatch(/Invalid arguments/);
      expect(result.content[0]?.text).toMatch(/404/);
      // Not cached as an empty form (the call goes on to Freshservice), and not read again during the back-off.
      expect(reads()).toBe(before + 1);
    }
  });

  it("reading an item's form counts against the URL's own budget, so item ids can't be walked for free", async () => {
    const { url } = await mintServer(stack, { config: { tags: ["tickets"], max_requests_per_minute: 2 } });
    const client = new Client({ name: "e2e-item-budget", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const itemRead = (id: number) =>
        requests().filter((r) => r.method === "GET" && r.path === `/api/v2/service_catalog/items/${id}`).length;
      // Item 2's form (cf_desk_location, required) is read (1 of 2), then the request is placed (2 of 2).
      const placed = (await client.callTool({
        name: PLACE_REQUEST,
        arguments: { display_id: 2, custom_fields: { cf_desk_location: "4th floor, desk 12" } },
      })) as ToolResult;
      expect(placed.isError, placed.content[0]?.text).toBeFalsy();
      // A third item's form would be the third call this minute: refused before it is read.
      const before = itemRead(3);
      const refused = (await client.callTool({
        name: PLACE_REQUEST,
        arguments: { display_id: 3, custom_fields: { cf_anything: "x" } },
      })) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(refused.content[0]?.text).toMatch(/budget of 2 Freshservice calls per minute is used up/);
      expect(itemRead(3)).toBe(before);
    } finally {
      await client.close();
    }
  });
});

describe("a URL's workspace", () => {
  let workspace: { client: Client; mcpId: string };
  const formFieldReads = (workspaceId?: string) =>
    stack.simulator.simulator.requests.filter(
      (r) =>
        r.tenant === "sim-api-key" && r.path === "/api/v2/ticket_form_fields" && r.query.workspace_id === workspaceId,
    ).length;
  const lastTicketList = () =>
    stack.simulator.simulator.requests.filter((r) => r.method === "GET" && r.path === "/api/v2/tickets").at(-1);

  beforeAll(async () => {
    const minted = await stack.admin(`/integrated-account/${acme.accountId}/mcp`, {
      body: { name: "HR desk", config: { tags: ["tickets"], workspace_id: 3 } },
    });
    expect(minted.status).toBe(201);
    const { url, id } = (await minted.json()) as { url: string; id: string };
    const client = new Client({ name: "e2e-workspace", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    workspace = { client, mcpId: id };
  });

  afterAll(async () => {
    await workspace?.client.close();
  });

  it("the workspace's own ticket field appears only on the workspace URL, read with workspace_id", async () => {
    const { schema, description } = await createTicketSchema(workspace.client);
    expect(schema.properties.custom_fields?.properties.cf_hr_case_type?.enum).toEqual(["Payroll", "Benefits", "Leave"]);
    expect(schema.properties.custom_fields?.required).toEqual(["cf_hr_case_type"]);
    expect(description).toContain("required: cf_hr_case_type");
    expect(schema.properties.workspace_id).toMatchObject({ default: 3 });
    expect(formFieldReads("3")).toBeGreaterThan(0);

    const global = await createTicketSchema(acme.client);
    expect(global.schema.properties.custom_fields?.properties).not.toHaveProperty("cf_hr_case_type");
    expect(global.schema.properties.custom_fields?.properties).toHaveProperty("cf_impacted_service");
    expect(global.schema.properties.workspace_id).not.toHaveProperty("default");
  });

  it("a list on the workspace URL sends workspace_id=3 upstream; an explicit argument wins", async () => {
    const list = async (client: Client, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name: "list_all_freshservice_tickets", arguments: args })) as ToolResult;
      expect(result.isError, result.content[0]?.text).toBeFalsy();
      return lastTicketList()?.query.workspace_id;
    };
    expect(await list(workspace.client, {})).toBe("3");
    expect(await list(workspace.client, { workspace_id: 2 })).toBe("2");
    expect(await list(workspace.client, { workspace_id: 0 })).toBe("0");
    expect(await list(acme.client, {})).toBeUndefined();
  });

  it("a create that names another workspace is checked against that workspace's form", async () => {
    const base = {
      subject: "Payslip is missing",
      description: "<p>No payslip for March.</p>",
      email: "ada@acme.example",
      status: 2,
      priority: 2,
    };
    const posts = () => stack.simulator.simulator.requests.filter((r) => r.method === "POST").length;
    // The URL without a workspace, naming workspace 3: its required HR field is asked for.
    const before = posts();
    const refused = (await acme.client.callTool({
      name: "create_a_freshservice_ticket",
      arguments: { ...base, workspace_id: 3 },
    })) as ToolResult;
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/Freshservice was not called[\s\S]*custom_fields: required/);
    expect(posts()).toBe(before);
    // The HR desk URL, naming the primary workspace: workspace 3's field is not asked for.
    const inPrimary = (await workspace.client.callTool({
      name: "create_a_freshservice_ticket",
      arguments: { ...base, workspace_id: 2 },
    })) as ToolResult;
    expect(inPrimary.content[0]?.text).not.toMatch(/cf_hr_case_type/);
    expect(stack.simulator.simulator.requests.at(-1)).toMatchObject({ method: "POST", path: "/api/v2/tickets" });
  });

  it("refresh-fields drops every workspace's cached fields of the account", async () => {
    await createTicketSchema(workspace.client);
    await createTicketSchema(acme.client);
    const [inWorkspace, byDefault] = [formFieldReads("3"), formFieldReads(undefined)];
    const refreshed = await stack.admin(`/integrated-account/${acme.accountId}/refresh-fields`, { body: {} });
    expect(((await refreshed.json()) as { dropped_entries: number }).dropped_entries).toBeGreaterThanOrEqual(2);
    await createTicketSchema(workspace.client);
    await createTicketSchema(acme.client);
    expect([formFieldReads("3"), formFieldReads(undefined)]).toEqual([inWorkspace + 1, byDefault + 1]);
  });
});
