/**
 * Each account's own fields, end to end: fetched from its Freshservice, cached per account, merged into the
 * create/update tools, enforced before anything is sent, refreshed on request, and never shared between tenants.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TICKET_CUSTOM_FIELDS } from "../../simulator/simulator";
import { mintServer, type Stack, startStack } from "./stack";

const GLOBEX_KEY = "globex-api-key";
type ToolResult = { content: { text: string }[]; isError?: boolean };
type ObjectSchema = { properties: Record<string, ObjectSchema & { enum?: string[] }>; required?: string[] };

let stack: Stack;
let acme: { client: Client; accountId: string };
let globex: { client: Client; accountId: string };

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
      { apiKey: "sim-api-key" },
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
    ],
  });
  acme = await connect("sim-api-key");
  globex = await connect(GLOBEX_KEY);
});

afterAll(async () => {
  await acme?.client.close();
  await globex?.client.close();
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
    expect(wrongChoice.content[0]?.text).toMatch(/custom_fields\/cf_business_unit/);
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

  it("when the metadata can't be fetched, tools/list still answers with the bundled schema and says so; the next list retries", async () => {
    await stack.admin(`/integrated-account/${acme.accountId}/refresh-fields`, { body: {} });
    stack.simulator.simulator.injectFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "30" },
      match: { pathPrefix: "/ticket_form_fields" },
    });
    const degraded = await createTicketSchema(acme.client);
    expect(degraded.description).toMatch(/could not be loaded just now \(Freshservice answered 429\)/);
    expect(degraded.schema.properties.custom_fields?.properties ?? {}).not.toHaveProperty("cf_impacted_service");
    const recovered = await createTicketSchema(acme.client);
    expect(recovered.schema.properties.custom_fields?.properties).toHaveProperty("cf_impacted_service");
  });
});
