/**
 * Nulls as strict-mode clients send them: left out where the argument's schema doesn't take null, kept where it
 * does (the API clears the field with null), and a required argument sent as null refused by name.
 */
import { describe, expect, it } from "vitest";
import type { CatalogTool } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { mergeAccountFields } from "../../worker/custom-fields/merge-fields";
import { takesNull, withoutUntakenNulls } from "../../worker/tools/null-arguments";
import { checkArguments } from "../../worker/tools/validate-arguments";
import { buildUpstreamRequest } from "../../worker/upstream/build-request";

const catalog = bundledCatalog();
const tool = (name: string) => {
  const found = catalog.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
};

describe("takesNull", () => {
  it.each([
    [{ type: "integer" }, false],
    [{ type: "null" }, true],
    [{ type: ["integer", "null"] }, true],
    [{ anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }] }, true],
    [
      {
        anyOf: [
          { type: "string", format: "date-time" },
          { type: "string", format: "date" },
        ],
      },
      false,
    ],
    [{ type: "string", enum: ["a", "b"] }, false],
    [{ enum: ["a", null] }, true],
    [{ const: 3 }, false],
    [{ description: "anything" }, true],
    [true, true],
    [false, false],
  ])("%j → %s", (schema, expected) => {
    expect(takesNull(schema)).toBe(expected);
  });
});

describe("withoutUntakenNulls", () => {
  const schema = {
    type: "object",
    properties: {
      id: { type: "integer" },
      subject: { type: "string" },
      escalate_to: { anyOf: [{ type: "integer" }, { type: "null" }] },
      custom_fields: {
        type: "object",
        properties: { cf_site: { type: "string", enum: ["Berlin"] } },
        additionalProperties: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      assets: { type: "array", items: { type: "object", properties: { display_id: { type: "integer" } } } },
      window: { anyOf: [{ type: "object", properties: { id: { type: "integer" } } }, { type: "null" }] },
    },
    required: ["id"],
    additionalProperties: false,
  };

  it.each([
    ["an optional argument sent as null", { id: 1, subject: null }, { id: 1 }, ["subject"]],
    ["a null the schema takes (it clears the field)", { id: 1, escalate_to: null }, { id: 1, escalate_to: null }, []],
    ["a required argument sent as null", { id: null, subject: "x" }, { subject: "x" }, ["id"]],
    [
      "a named field of a nested object, and a map entry that takes null",
      { id: 1, custom_fields: { cf_site: null, cf_other: null } },
      { id: 1, custom_fields: { cf_other: null } },
      ["custom_fields.cf_site"],
    ],
    [
      "objects inside arrays and inside an anyOf",
      { id: 1, assets: [{ display_id: null }, { display_id: 4 }], window: { id: null } },
      { id: 1, assets: [{}, { display_id: 4 }], window: {} },
      ["assets.0.display_id", "window.id"],
    ],
    ["a key the schema doesn't name (validation refuses it)", { id: 1, nonsense: null }, { id: 1, nonsense: null }, []],
    ["a null array item (validation refuses it)", { id: 1, assets: [null] }, { id: 1, assets: [null] }, []],
  ])("%s", (_, args, expected, dropped) => {
    const before = structuredClone(args);
    const result = withoutUntakenNulls(schema, args);
    expect(result.args).toEqual(expected);
    expect(result.dropped).toEqual(dropped);
    expect(args).toEqual(before);
  });

  it("answers the same object when nothing is dropped, and keeps a __proto__ key as data", () => {
    const args = { id: 1, subject: "x" };
    expect(withoutUntakenNulls(schema, args).args).toBe(args);
    const hostile = JSON.parse('{"id": 1, "subject": null, "__proto__": {"polluted": true}}');
    const { args: cleaned } = withoutUntakenNulls(schema, hostile);
    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(Object.keys(cleaned)).toEqual(["id", "__proto__"]);
  });
});

describe("checkArguments on the catalog's tools", () => {
  it("leaves out every optional null of a strict-mode call and builds the request without them", () => {
    const update = tool("update_a_freshservice_ticket_by_id");
    const strictCall = Object.fromEntries(Object.keys(update.inputSchema.properties).map((name) => [name, null]));
    const { args, problems } = checkArguments(update.inputSchema, { ...strictCall, id: 7, status: 4 });
    expect(problems).toEqual([]);
    expect(args).toEqual({ id: 7, status: 4 });
    expect(JSON.parse(buildUpstreamRequest(update, args).body ?? "")).toEqual({ status: 4 });
  });

  it("sends a null the documentation gives a meaning (an agent group's escalate_to)", () => {
    const update = tool("update_a_freshservice_agent_group_by_id");
    const { args, problems } = checkArguments(update.inputSchema, { id: 3, name: null, escalate_to: null });
    expect(problems).toEqual([]);
    expect(JSON.parse(buildUpstreamRequest(update, args).body ?? "")).toEqual({ escalate_to: null });
    // Still an id where it is not null.
    expect(checkArguments(update.inputSchema, { id: 3, escalate_to: 0 }).problems).not.toEqual([]);
  });

  it("refuses a required argument sent as null, saying null counts as leaving it out", () => {
    const get = tool("get_single_freshservice_ticket_by_id");
    expect(checkArguments(get.inputSchema, { id: null }).problems).toEqual([
      "id: required (null counts as leaving it out)",
    ]);
    expect(checkArguments(get.inputSchema, {}).problems).toEqual(["id: required"]);
  });

  it("leaves out a merged form's optional field sent as null, and refuses a required one by its full path", () => {
    const merged: CatalogTool = mergeAccountFields(tool("create_a_freshservice_ticket"), {
      ok: true,
      fetchedAt: 1,
      fields: [
        { name: "cf_site", topLevel: false, required: true, schema: { type: "string", enum: ["Berlin"] } },
        { name: "cf_note", topLevel: false, required: false, schema: { type: "string" } },
      ],
    });
    const base = { email: "a@b.c", subject: "s", description: "d", status: 2, priority: 1 };
    const ok = checkArguments(merged.inputSchema, { ...base, custom_fields: { cf_site: "Berlin", cf_note: null } });
    expect(ok).toEqual({ args: { ...base, custom_fields: { cf_site: "Berlin" } }, problems: [] });
    expect(checkArguments(merged.inputSchema, { ...base, custom_fields: { cf_site: null } }).problems).toEqual([
      "custom_fields.cf_site: required (null counts as leaving it out)",
    ]);
  });
});
