/**
 * Every tool as a client sees it, for a tenant whose forms are large (every custom-field kind, hundreds of fields,
 * long dropdowns): no `type` arrays, every property typed, descriptions within 1,024 characters, input schemas
 * under 16 KB; and calls are still checked against the whole form.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CatalogTool, ListedTool } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { portableSchema } from "../../worker/catalog/portable-schema";
import { MAX_INPUT_SCHEMA_BYTES } from "../../worker/custom-fields/fit-schema-size";
import { mergeAccountFields } from "../../worker/custom-fields/merge-fields";
import type { McpServerRecord } from "../../worker/store/mcp-servers";
import { asListed } from "../../worker/tools/account-tools";
import { validateArguments } from "../../worker/tools/validate-arguments";
import { largeFormSimulator, urlTools } from "../support/large-forms";
import { DISCOVERY_TOOLS, WORKER_READ_TOOLS } from "../support/own-tool-names";
import { portabilityProblems } from "../support/schema-portability";

/** Descriptions past this break OpenAI-shaped routes. */
const MAX_DESCRIPTION = 1024;
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

const sim = largeFormSimulator();
const catalog = bundledCatalog();
const toolsOf = (config: McpServerRecord["config"]) => urlTools(catalog, config);
const tools = toolsOf({});
/** Every name a client can be shown: the catalog, the Worker's own read tools, and discovery's meta-tools. */
const everyName = [...catalog.map((t) => t.name), ...WORKER_READ_TOOLS, ...DISCOVERY_TOOLS];

let listed: ListedTool[];
let placeRequest: CatalogTool;

beforeAll(async () => {
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => sim.handle(new Request(input, init)));
  listed = [...(await tools.list()), ...(await toolsOf({ tool_exposure: "discovery" }).list())];
  const bundled = tools.find("freshservice_service_item_place_request");
  if (!bundled) throw new Error("no place_request tool");
  const itemId = [...sim.tenant().collections.serviceItems.keys()][0];
  placeRequest = asListed(await tools.fit(bundled, { display_id: itemId }));
});
afterAll(() => vi.unstubAllGlobals());

describe("schema portability over every tool, with large forms", () => {
  it("lists every tool, and the forms really are large", () => {
    expect(listed.map((t) => t.name).sort()).toEqual([...everyName].sort());
    const ticket = tools.find("create_a_freshservice_ticket");
    expect(ticket && bytes(ticket.inputSchema)).toBeLessThan(MAX_INPUT_SCHEMA_BYTES);
    const withFields = new Set(catalog.filter((t) => t.operation.custom_fields).map((t) => t.name));
    const merged = listed.filter((t) => withFields.has(t.name));
    expect(merged.filter((t) => t.description.includes("This account's own fields go in")).length).toBe(
      merged.length - 1,
    );
  });

  it.each(everyName)("%s is portable", (name) => {
    const tool = listed.find((t) => t.name === name);
    if (!tool) throw new Error(`${name} not listed`);
    expect(portabilityProblems(tool.inputSchema, MAX_DESCRIPTION)).toEqual([]);
    expect(tool.description.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(bytes(tool.inputSchema)).toBeLessThan(MAX_INPUT_SCHEMA_BYTES);
  });

  it("a service item's form, merged on a call, is portable too", () => {
    expect(portabilityProblems(placeRequest.inputSchema, MAX_DESCRIPTION)).toEqual([]);
    expect(bytes(placeRequest.inputSchema)).toBeLessThan(MAX_INPUT_SCHEMA_BYTES);
  });

  it("summarises the long tail with a pointer to the form-fields tool, and still checks calls against the whole form", async () => {
    const full = await tools.fit(tools.find("create_a_freshservice_ticket") as CatalogTool, {});
    const shown = asListed(full);
    expect(full.listedInputSchema).toBeDefined();
    expect(bytes(full.inputSchema)).toBeGreaterThan(MAX_INPUT_SCHEMA_BYTES);
    const form = shown.inputSchema.properties.custom_fields as {
      description: string;
      properties: Record<string, { type?: string }>;
      additionalProperties: unknown;
    };
    expect(form.description).toContain("list_all_freshservice_ticket_form_fields");
    // Every field still named with its type, so the form stays closed (strict-mode clients refuse an open one).
    const fullForm = full.inputSchema.properties.custom_fields as { properties: Record<string, { type?: string }> };
    expect(Object.keys(form.properties).sort()).toEqual(Object.keys(fullForm.properties).sort());
    for (const [name, field] of Object.entries(form.properties))
      expect(field.type).toBe(fullForm.properties[name]?.type);
    expect(form.additionalProperties).toBe(false);
    const base = { subject: "VPN down", description: "x", email: "a@b.c", status: 2, priority: 1, source: 2 };
    const required = {
      cf_ticket_1: "ticket 1 choice number 1 with a long label",
      cf_ticket_2: 5,
      cf_ticket_3: true,
      cf_ticket_4: "ticket 4 choice number 1 with a long label",
    };
    // A field from the end of the form, where the listing only names it or leaves it out.
    const last = { ...required, cf_ticket_148: "ticket 148 choice number 120 with a long label" };
    expect(validateArguments(full.inputSchema, { ...base, custom_fields: last })).toEqual([]);
    expect(validateArguments(shown.inputSchema, { ...base, custom_fields: last })).toEqual([]);
    // The whole form still refuses a label that is not one of the choices, and an unknown key.
    expect(
      validateArguments(full.inputSchema, { ...base, custom_fields: { ...last, cf_ticket_148: "nope" } }),
    ).not.toEqual([]);
    expect(validateArguments(full.inputSchema, { ...base, custom_fields: { ...required, cf_nope: 1 } })).not.toEqual(
      [],
    );
  });
});

describe("a form whose names alone don't fit", () => {
  it("names what fits and leaves the object open to the rest, still under the size clients keep", () => {
    const ticket = catalog.find((t) => t.name === "create_a_freshservice_ticket") as CatalogTool;
    const fields = Array.from({ length: 300 }, (_, i) => ({
      name: `cf_${String(i).padStart(3, "0")}_${"a_very_long_custom_field_name_".repeat(2)}`.slice(0, 64),
      topLevel: false,
      required: false,
      schema: { type: "string", description: `Field ${i}` },
    }));
    const listed = asListed(mergeAccountFields(ticket, { ok: true, fetchedAt: 1, fields }));
    const form = listed.inputSchema.properties.custom_fields as {
      properties: object;
      additionalProperties: unknown;
    };
    expect(form.additionalProperties).toBe(true);
    expect(Object.keys(form.properties).length).toBeGreaterThan(0);
    expect(Object.keys(form.properties).length).toBeLessThan(fields.length);
    expect(bytes(listed.inputSchema)).toBeLessThan(MAX_INPUT_SCHEMA_BYTES);
  });
});

describe("portableSchema", () => {
  it.each([
    [{ type: ["string", "number"] }, { anyOf: [{ type: "string" }, { type: "number" }] }],
    [{ type: ["integer"] }, { type: "integer" }],
    [
      { type: ["string", "array"], items: { type: ["string", "number"] }, maxLength: 9, description: "d" },
      {
        description: "d",
        anyOf: [
          { type: "string", maxLength: 9 },
          { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }] } },
        ],
      },
    ],
    [
      { type: "object", additionalProperties: { type: ["string", "null"] } },
      { type: "object", additionalProperties: { anyOf: [{ type: "string" }, { type: "null" }] } },
    ],
    // A date or a date-time: OpenAI's strict mode and Google's converter refuse `type` beside `anyOf`.
    [
      { type: "string", anyOf: [{ format: "date-time" }, { format: "date" }], description: "d" },
      {
        description: "d",
        anyOf: [
          { type: "string", format: "date-time" },
          { type: "string", format: "date" },
        ],
      },
    ],
    [
      { type: "string", maxLength: 9, anyOf: [{ type: "string", pattern: "^a" }, { format: "date" }] },
      {
        anyOf: [
          { type: "string", maxLength: 9, pattern: "^a" },
          { type: "string", maxLength: 9, format: "date" },
        ],
      },
    ],
    // Left alone where moving the type would need an intersection: another type, or a keyword on both sides.
    [
      { type: "string", anyOf: [{ type: "integer" }, { format: "date" }] },
      { type: "string", anyOf: [{ type: "integer" }, { format: "date" }] },
    ],
    [
      { type: "string", maxLength: 9, anyOf: [{ maxLength: 3 }, { format: "date" }] },
      { type: "string", maxLength: 9, anyOf: [{ maxLength: 3 }, { format: "date" }] },
    ],
  ])("%j → %j", (input, expected) => {
    expect(portableSchema(input)).toEqual(expected);
  });

  const dateOrDateTime = { type: "string", anyOf: [{ format: "date-time" }, { format: "date" }] };
  it.each<[unknown, Record<string, unknown>]>([
    ["1", { type: ["string", "number"], items: { type: "string" } }],
    [12, { type: ["string", "number"] }],
    [["a", 2], { type: ["string", "array"], items: { type: ["string", "number"] } }],
    [
      null,
      { type: ["string", "number", "boolean", "null", "array"], items: { type: ["string", "number", "boolean"] } },
    ],
    [
      [{}],
      { type: ["string", "number", "boolean", "null", "array"], items: { type: ["string", "number", "boolean"] } },
    ],
    [true, { type: ["string", "number"] }],
    ["toolong", { type: ["string", "number"], maxLength: 3 }],
    ...["2024-02-29", "2024-01-31T00:00:00Z", "2024-01-31t10:00:00+02:00", "2023-02-29", "2024-01-31T25:00:00Z"].map(
      (value): [unknown, Record<string, unknown>] => [value, dateOrDateTime],
    ),
    ["2024-01-31T10:00", dateOrDateTime],
    [20240131, dateOrDateTime],
  ])("accepts %j exactly as %j did", (value, schema) => {
    const wrap = (s: Record<string, unknown>) => ({ type: "object", properties: { v: s } });
    expect(validateArguments(wrap(portableSchema(schema)), { v: value })).toEqual(
      validateArguments(wrap(schema), { v: value }).length ? expect.arrayContaining([expect.any(String)]) : [],
    );
  });
});
