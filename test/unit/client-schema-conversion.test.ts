/**
 * Every tool as tools/list shows it, through the converters real clients run over it: the OpenAI Agents SDK's MCP
 * conversion in strict mode (`mcpToFunctionTool(tool, server, true)`, what `convertSchemasToStrict` does) and Google
 * genai's (`mcpToTool`, then the schema conversion generateContent runs on a function declaration). Over a URL of an
 * account whose forms can't be read (the bundled schemas) and over the same URL with a large form merged, with
 * every tool listed and with discovery's three. Strict mode refuses an open map (no form known: nothing to close it
 * to) and falls back to non-strict; those tools are named below with the reason. Google's converter takes them all.
 */
import { GoogleGenAI, mcpToTool } from "@google/genai";
import { type MCPServer, mcpToFunctionTool, setSensitiveDataLoggingEnabled } from "@openai/agents";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ListedTool } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { largeFormSimulator, SIMULATOR_ORIGIN, UNREACHABLE_ORIGIN, urlTools } from "../support/large-forms";
import { DISCOVERY_TOOLS, WORKER_READ_TOOLS } from "../support/own-tool-names";

/**
 * Tools with an argument that is a map whose keys no form the Worker reads names: strict mode can't take an open
 * object, and closing it would refuse keys Freshservice accepts. Each stays non-strict in OpenAI's converter.
 */
const NO_FORM: Record<string, string> = {
  create_a_freshservice_ticket_time_entry: "a time entry's custom_fields",
  update_a_freshservice_ticket_time_entry_by_id: "a time entry's custom_fields",
  create_a_freshservice_problem_time_entry: "a time entry's custom_fields",
  update_a_freshservice_problem_time_entry_by_id: "a time entry's custom_fields",
  create_a_freshservice_change_time_entry: "a time entry's custom_fields",
  update_a_freshservice_change_time_entry_by_id: "a time entry's custom_fields",
  create_a_freshservice_release_time_entry: "a time entry's custom_fields",
  update_a_freshservice_release_time_entry_by_id: "a time entry's custom_fields",
  update_a_freshservice_ticket_requested_item_by_id: "a requested item's custom_fields (its service item's form)",
  create_a_freshservice_service_item: "a new item's field_options",
  freshservice_service_item_place_request:
    "the item's form is its own, read on a call, not when listing; child_items' forms are never read",
  update_a_freshservice_change_by_id: "planning_fields, keyed by the account's planning field names",
  create_a_freshservice_asset_component: "component_data, whose keys depend on the component type",
  update_a_freshservice_asset_component_by_id: "component_data, whose keys depend on the component type",
  create_a_freshservice_contract: "a contract's custom_fields (its contract type's fields)",
  update_a_freshservice_contract_by_id: "a contract's custom_fields (its contract type's fields)",
  create_a_freshservice_purchase_order: "a purchase order's custom_fields",
  update_a_freshservice_purchase_order_by_id: "a purchase order's custom_fields",
  create_a_freshservice_journey_request: "initiator_data.custom_fields",
  update_a_freshservice_journey_request_by_id: "initiator_data.custom_fields",
  create_a_freshservice_workspace: "metadata.custom_fields of an MSP client",
  update_a_freshservice_workspace_by_id: "metadata.custom_fields of an MSP client",
  create_a_freshservice_project: "a project's custom_fields",
  update_a_freshservice_project_by_id: "a project's custom_fields",
  create_a_freshservice_project_task: "a project task's custom_fields",
  update_a_freshservice_project_task_by_id: "a project task's custom_fields",
  create_a_freshservice_custom_object_record: "a record's data, keyed by its custom object's fields",
  update_a_freshservice_custom_object_record_by_id: "a record's data, keyed by its custom object's fields",
};

const sim = largeFormSimulator();
const catalog = bundledCatalog();
/** Tools that merge an account's form: without one (the bundled listing) their form argument stays open. */
const withForm = new Set(catalog.filter((t) => t.operation.custom_fields).map((t) => t.name));

interface Listing {
  name: string;
  origin: string;
  tools: ListedTool[];
}
const listings: Listing[] = [
  { name: "bundled (forms unreadable)", origin: UNREACHABLE_ORIGIN, tools: [] },
  { name: "large forms merged", origin: SIMULATOR_ORIGIN, tools: [] },
];

/** What Gemini's generateContent sent: its converted function declarations. */
let geminiBodies: { tools?: { functionDeclarations?: { parameters?: unknown }[] }[] }[] = [];

beforeAll(async () => {
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { origin } = new URL(request.url);
    if (origin === SIMULATOR_ORIGIN) return sim.handle(request);
    if (origin === "https://generativelanguage.googleapis.com") {
      geminiBodies.push(await request.json());
      return Response.json({ candidates: [{ content: { role: "model", parts: [{ text: "ok" }] } }] });
    }
    throw new TypeError(`fetch failed: ${origin} is unreachable`);
  });
  for (const listing of listings)
    listing.tools = [
      ...(await urlTools(catalog, {}, listing.origin).list()),
      ...(await urlTools(catalog, { tool_exposure: "discovery" }, listing.origin).list()),
    ];
  // The SDK logs why a schema fell back to non-strict only when tool data may be logged.
  setSensitiveDataLoggingEnabled(true);
});
afterAll(() => vi.unstubAllGlobals());

/** The SDK's MCP server, as far as converting a tool reads it (the name); nothing here is called. */
const server = { name: "freshservice", cacheToolsList: false } as unknown as MCPServer;

/** OpenAI's strict conversion of one listed tool: its function tool, and why it fell back to non-strict. */
function openAiStrict(tool: ListedTool) {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    const converted = mcpToFunctionTool(
      { name: tool.name, description: tool.description, inputSchema: tool.inputSchema } as Parameters<
        typeof mcpToFunctionTool
      >[0],
      server,
      true,
    );
    const why = warn.mock.calls.map((args) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
    return { converted, why: why.join("; ") };
  } finally {
    warn.mockRestore();
  }
}

/** Every tool of every listing, by name: the catalog, the Worker's own read tools, and discovery's three. */
const OWN_TOOLS = [...WORKER_READ_TOOLS, ...DISCOVERY_TOOLS];
const everyCase = listings.flatMap((listing) =>
  [...catalog.map((t) => t.name), ...OWN_TOOLS].map((name) => ({
    listing: listing.name,
    name,
  })),
);
const toolIn = (listing: string, name: string) => {
  const tool = listings.find((l) => l.name === listing)?.tools.find((t) => t.name === name);
  if (!tool) throw new Error(`${name} is not listed in ${listing}`);
  return tool;
};
const convertsStrictly = (name: string, listing: string) =>
  !(name in NO_FORM) && !(listing.startsWith("bundled") && withForm.has(name));

describe("OpenAI Agents SDK, strict mode", () => {
  it("lists every tool in both listings", () => {
    for (const listing of listings) expect(listing.tools.length).toBe(catalog.length + OWN_TOOLS.length);
  });

  it.each(everyCase.filter(({ name, listing }) => convertsStrictly(name, listing)))(
    "$listing: $name converts strictly",
    ({ listing, name }) => {
      const { converted, why } = openAiStrict(toolIn(listing, name));
      expect(converted.strict, why).toBe(true);
    },
  );

  it.each(everyCase.filter(({ name, listing }) => !convertsStrictly(name, listing)))(
    "$listing: $name stays non-strict (an open map, no form known)",
    ({ listing, name }) => {
      // If this starts converting, the tool's map gained a form: take it off NO_FORM.
      expect(openAiStrict(toolIn(listing, name)).converted.strict).toBe(false);
    },
  );

  it("keeps what the schemas mean: both date shapes, a closed form naming every field, call_tool's arguments", () => {
    const params = (listing: string, name: string) =>
      JSON.stringify((openAiStrict(toolIn(listing, name)).converted as { parameters: unknown }).parameters);
    const updatedSince = params("large forms merged", "list_all_freshservice_tickets");
    expect(updatedSince).toContain('"format":"date-time"');
    expect(updatedSince).toContain('"format":"date"');
    const ticket = toolIn("large forms merged", "create_a_freshservice_ticket").inputSchema.properties
      .custom_fields as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(ticket.properties)).toHaveLength(150);
    expect(ticket.additionalProperties).toBe(false);
    const callTool = toolIn("bundled (forms unreadable)", "call_tool").inputSchema.properties.arguments;
    expect(callTool).toMatchObject({ type: "string" });
  });
});

describe("Google genai", () => {
  it.each(listings.map((l) => l.name))("mcpToTool declares every tool of the %s listing", async (name) => {
    const { tools } = listings.find((l) => l.name === name) as Listing;
    const client = { listTools: async () => ({ tools }) };
    const declared = await mcpToTool(client as unknown as Parameters<typeof mcpToTool>[0]).tool();
    expect(declared.functionDeclarations?.map((d) => d.name)).toEqual(tools.map((t) => t.name));
  });

  it.each(everyCase)("$listing: $name converts", async ({ listing, name }) => {
    const tool = toolIn(listing, name);
    const client = { listTools: async () => ({ tools: [tool] }) };
    const [declaration] =
      (await mcpToTool(client as unknown as Parameters<typeof mcpToTool>[0]).tool()).functionDeclarations ?? [];
    geminiBodies = [];
    // mcpToTool passes the schema on as parametersJsonSchema, for the API to check; as `parameters` (the Schema
    // form Gemini integrations send) the SDK converts it itself, and refuses what the Schema form can't say.
    await new GoogleGenAI({ apiKey: "test" }).models.generateContent({
      model: "gemini-2.5-flash",
      contents: "hi",
      config: {
        tools: [
          {
            functionDeclarations: [
              {
                name: declaration?.name,
                description: declaration?.description,
                parameters: declaration?.parametersJsonSchema as never,
              },
            ],
          },
        ],
      },
    });
    expect(geminiBodies[0]?.tools?.[0]?.functionDeclarations?.[0]?.parameters).toMatchObject({ type: "OBJECT" });
  });
});
