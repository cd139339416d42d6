// Invariant: whatever an account's forms contain, every tool that merges them stays callable. Each merged input
// schema is satisfiable (its own sample arguments pass), and the bundled tool's sample arguments pass or are
// refused with problems that each name a field.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FieldSet } from "../../worker/catalog/account-field";
import type { CatalogTool } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import type { CustomFieldKind } from "../../worker/catalog/schema-format";
import { MetadataError, NO_MODULE } from "../../worker/custom-fields/field-sources";
import { mergeAccountFields } from "../../worker/custom-fields/merge-fields";
import { normalizeFields } from "../../worker/custom-fields/normalize-fields";
import { checkArguments, validateArguments } from "../../worker/tools/validate-arguments";
import { sampleArguments } from "../support/sample-arguments";

const tools = bundledCatalog().filter((t) => t.operation.custom_fields);

/** Field entries an account (or a broken proxy in front of it) could send. */
const HOSTILE_ENTRIES: unknown[] = [
  null,
  42,
  "cf_text",
  {},
  { name: null, field_type: "custom_dropdown", required: true, required_for_agents: true },
  { label: "no name", field_type: "custom_text", required: true, mandatory: true, mandatory_for_admins: true },
  {
    name: "cf_no_choices",
    field_type: "custom_dropdown",
    choices: null,
    required: true,
    required_for_agents: true,
    mandatory: true,
    mandatory_for_admins: true,
  },
  { name: "cf_empty_choices", field_type: "custom_dropdown", choices: [], required: true, required_for_agents: true },
  { name: "cf_unsafe_choices", field_type: "custom_radio", choices: ["\u0007", "x".repeat(500)], required: true },
  {
    name: "cf_nested",
    field_type: "nested_field",
    choices: [{ value: null, nested_options: null }, 7],
    nested_fields: null,
    required: true,
    required_for_agents: true,
  },
  { name: "cf_lookup", field_type: "custom_multi_lookup", required: true, mandatory: true },
  { name: "cf_typeless", required: true, mandatory: true },
  { name: "__proto__", field_type: "custom_text", required: true },
  { name: "constructor", field_type: "custom_text", required: true, required_for_agents: true },
  { name: "status", default_field: true, field_type: "default_status", choices: null, required_for_agents: true },
  { name: "priority", default_field: true, choices: [{ id: "2" }, { id: -1 }, { id: 1.5 }], required: true },
  { name: "source", default_field: true, choices: [{ id: Number.MAX_SAFE_INTEGER + 2, value: "huge" }] },
  { name: "category", default_field: true, choices: [{ value: "\u0000", nested_options: [7] }], required: true },
  { name: "toString", default_field: true, required: true, required_for_agents: true },
  { name: "status", default_field: true, choices: [{ id: 6, value: "Waiting on vendor" }], required: true },
];

/** The answer of each kind's metadata endpoint around a list of entries (§8 of the API notes). */
function answer(kind: CustomFieldKind, entries: unknown): unknown {
  switch (kind) {
    case "ticket":
      return { ticket_fields: entries };
    case "problem":
    case "change":
    case "release":
      return { [`${kind}_fields`]: entries };
    case "requester":
    case "agent":
    case "department":
      return { [`${kind}_fields`]: entries };
    case "onboarding":
    case "offboarding":
      return { fields: entries };
    case "asset":
      return [{ asset_type_fields: entries === null ? null : [{ field_header: "Laptop", fields: entries }, null] }];
    case "service_item":
      return { custom_fields: entries };
  }
}

function forms(kind: CustomFieldKind): [string, unknown][] {
  const withAssetType = (entries: unknown[]) =>
    kind === "asset" ? entries.map((e) => (typeof e === "object" && e ? { ...e, asset_type_id: 25 } : e)) : entries;
  return [
    ["an empty answer", {}],
    ["the list under another key", { data: withAssetType(HOSTILE_ENTRIES) }],
    ["null where the list belongs", answer(kind, null)],
    ["a string", "<html>Service unavailable</html>"],
    ["an empty form", answer(kind, [])],
    ["a module the plan doesn't have", NO_MODULE],
    ["fields without names or choices", answer(kind, withAssetType(HOSTILE_ENTRIES))],
    [
      "more fields than the cap, all required",
      answer(
        kind,
        withAssetType(
          Array.from({ length: 400 }, (_, i) => ({
            name: `cf_f${i}`,
            field_type: "custom_text",
            required: true,
            required_for_agents: true,
            mandatory: true,
            mandatory_for_admins: true,
          })),
        ),
      ),
    ],
  ];
}

function fieldSetOf(kind: CustomFieldKind, payload: unknown): FieldSet {
  try {
    return { ok: true, fields: normalizeFields(kind, payload), fetchedAt: 0 };
  } catch (error) {
    if (error instanceof MetadataError) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * A strict-mode client's call: every optional argument and every optional field of the form sent as null, but for
 * as many fields as the form needs (an onboarding form wants at least one answer).
 */
function strictCall(schema: CatalogTool["inputSchema"], into: string): Record<string, unknown> {
  const sampled = sampleArguments(schema);
  const nulled = (properties: object, keep: Set<string>, values: Record<string, unknown>) =>
    Object.fromEntries(Object.keys(properties).map((k) => [k, keep.has(k) ? values[k] : null]));
  const form = schema.properties[into] as { properties?: object; required?: string[]; minProperties?: number };
  const args = nulled(schema.properties, new Set(schema.required), sampled);
  if (!form?.properties || !(into in sampled)) return args;
  const answers = sampled[into] as Record<string, unknown>;
  const keep = new Set([...(form.required ?? []), ...Object.keys(answers).slice(0, form.minProperties ?? 0)]);
  return { ...args, [into]: nulled(form.properties, keep, answers) };
}

function expectCallable(tool: CatalogTool, fieldSet: FieldSet) {
  const merged = mergeAccountFields(tool, fieldSet);
  // Satisfiable: arguments sampled from the merged schema pass it.
  expect(validateArguments(merged.inputSchema, sampleArguments(merged.inputSchema)), tool.name).toEqual([]);
  // So does a strict-mode client's call, whose nulls stand for the arguments and fields it leaves out.
  const into = tool.operation.custom_fields?.into ?? "";
  expect(checkArguments(merged.inputSchema, strictCall(merged.inputSchema, into)).problems, tool.name).toEqual([]);
  // What fitted the bundled tool passes, or each problem names the field to fix.
  const problems = validateArguments(merged.inputSchema, sampleArguments(tool.inputSchema));
  for (const problem of problems) {
    const field = /^([A-Za-z_][\w]*)(\.[\w.]+)?: /.exec(problem)?.[1];
    expect(field && field in merged.inputSchema.properties, `${tool.name}: ${problem}`).toBe(true);
  }
}

describe("an account's forms, whatever they contain", () => {
  it.each(tools.map((t) => [t.name, t] as const))("%s stays callable", (_name, tool) => {
    const kind = tool.operation.custom_fields?.kind as CustomFieldKind;
    for (const [, payload] of forms(kind)) expectCallable(tool, fieldSetOf(kind, payload));
  });

  it("takes an answer it can't read for metadata that could not be fetched, never for an empty form", () => {
    for (const tool of tools) {
      const kind = tool.operation.custom_fields?.kind as CustomFieldKind;
      for (const [what, payload] of forms(kind).slice(0, 4)) {
        const merged = mergeAccountFields(tool, fieldSetOf(kind, payload));
        expect(merged.inputSchema, `${tool.name}: ${what}`).toBe(tool.inputSchema);
        expect(merged.description, `${tool.name}: ${what}`).toMatch(/fields could not be loaded just now/);
      }
    }
  });

  it("keeps the bundled schema for a form with fewer fields than the argument needs (an empty onboarding form)", () => {
    const onboarding = tools.find((t) => t.name === "create_a_freshservice_onboarding_request") as CatalogTool;
    const merged = mergeAccountFields(onboarding, fieldSetOf("onboarding", { fields: [] }));
    expect(merged.inputSchema).toBe(onboarding.inputSchema);
    expect(merged.description).toMatch(/onboarding fields list fewer than the 1 fields needs/);
  });

  it("holds for generated forms too", () => {
    const entry = fc.record(
      {
        name: fc.oneof(fc.constantFrom("cf_a", "cf_b", "status", "category", "priority", "__proto__"), fc.string()),
        label: fc.oneof(fc.string(), fc.constant(null)),
        field_type: fc.constantFrom(
          "custom_dropdown",
          "nested_field",
          "custom_multi_select_dropdown",
          "custom_number",
          "custom_date",
          "default_status",
          "",
        ),
        default_field: fc.boolean(),
        required: fc.boolean(),
        required_for_agents: fc.boolean(),
        mandatory: fc.boolean(),
        asset_type_id: fc.constantFrom(null, 25),
        choices: fc.oneof(
          fc.constant(null),
          fc.array(fc.oneof(fc.string(), fc.record({ id: fc.integer(), value: fc.string() }), fc.anything())),
        ),
        nested_fields: fc.oneof(fc.constant(null), fc.array(fc.record({ name: fc.string() }))),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...tools), fc.array(entry, { maxLength: 12 }), (tool, entries) => {
        const kind = tool.operation.custom_fields?.kind as CustomFieldKind;
        expectCallable(tool, fieldSetOf(kind, answer(kind, entries)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("built-in dropdowns carry the account's own choices", () => {
  const update = tools.find((t) => t.name === "update_a_freshservice_ticket_by_id") as CatalogTool;
  const form = {
    ticket_fields: [
      {
        name: "status",
        label: "Status",
        default_field: true,
        required_for_agents: true,
        choices: [
          { id: 2, value: "Open" },
          { id: 3, value: "Pending" },
          { id: 4, value: "Resolved" },
          { id: 5, value: "Closed" },
          { id: 6, value: "Waiting on vendor", requester_display_value: "In progress" },
        ],
      },
      {
        name: "source",
        label: "Source",
        default_field: true,
        choices: [
          { id: 1, value: "Email" },
          { id: 1001, value: "Kiosk" },
        ],
      },
      {
        name: "category",
        label: "Category",
        default_field: true,
        choices: [
          { id: 1, value: "Hardware", nested_options: [{ value: "Laptop", nested_options: [{ value: "MacBook" }] }] },
        ],
        nested_fields: [{ name: "sub_category" }, { name: "item_category" }],
      },
    ],
  };

  it("shows every status with its label and takes the ids Freshservice expects", () => {
    const merged = mergeAccountFields(update, fieldSetOf("ticket", form));
    const status = merged.inputSchema.properties.status as { enum: number[]; description: string };
    expect(status.enum).toEqual([2, 3, 4, 5, 6]);
    expect(status.description).toContain("6 Waiting on vendor");
    expect(merged.inputSchema.properties.source).toMatchObject({ enum: [1, 1001] });
    expect(merged.inputSchema.properties.category).toMatchObject({ enum: ["Hardware"] });
    expect(merged.inputSchema.properties.sub_category).toMatchObject({ enum: ["Laptop"] });
    expect(merged.inputSchema.properties.item_category).toMatchObject({ enum: ["MacBook"] });
    // Update requires nothing new; the account's choices are checked.
    expect(merged.inputSchema.required).toEqual(update.inputSchema.required);
    expect(validateArguments(merged.inputSchema, { id: 1, status: 6 })).toEqual([]);
    expect(validateArguments(merged.inputSchema, { id: 1, status: 7 })[0]).toMatch(/^status: /);
  });
});
