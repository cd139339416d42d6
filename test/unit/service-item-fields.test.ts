/** A service item's own form (§7.3): normalized like the other kinds, required on place_request, and listed in a refusal. */
import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { describeAccountFields } from "../../worker/custom-fields/describe-fields";
import { mergeAccountFields } from "../../worker/custom-fields/merge-fields";
import { normalizeFields } from "../../worker/custom-fields/normalize-fields";
import { validateArguments } from "../../worker/tools/validate-arguments";

/** An item in the reference's shape: uuid ids, `[label, value]` choices, placeholders in field_options. */
const item = {
  id: 14,
  display_id: 1,
  name: "MacBook Pro M3 14-inch",
  custom_fields: [
    {
      id: "d69203a1-95a5-4fdc-ad43-c5832f36a1e6",
      name: "cf_reason",
      label: "Reason",
      field_type: "custom_dropdown",
      required: true,
      position: 1,
      choices: [
        ["New hire", "1"],
        ["Replacement", "2"],
      ],
      nested_fields: [],
      visible_in_portal: false,
      field_options: { displayed_to_requester: false, requester_can_edit: true, placeholder: "", date_only: false },
      item_id: 14,
      deleted: false,
    },
    {
      id: "4f13b425-85f8-4caa-a878-0863c8a01b70",
      name: "cf_desk",
      label: "Desk location",
      field_type: "custom_text",
      required: false,
      choices: [],
      field_options: { placeholder: "Floor and desk number" },
      deleted: false,
    },
    { id: "u3", name: "cf_needed_by", label: "Needed by", field_type: "custom_date", required: false, choices: [] },
    { id: "u4", name: "cf_count", label: "Count", field_type: "custom_big_number", required: false, choices: [] },
    { id: "u5", name: "cf_budget", label: "Budget", field_type: "custom_decimal", required: false, choices: [] },
    { id: "u6", name: "cf_admin", label: "Admin", field_type: "custom_checkbox", required: false, choices: [] },
    {
      id: "u7",
      name: "cf_apps",
      label: "Apps",
      field_type: "custom_multi_select_dropdown",
      required: false,
      choices: [
        ["Slack", "1"],
        ["Zoom", "2"],
      ],
    },
    { id: "u8", name: "cf_banner", label: "Read me", field_type: "custom_static_rich_text", required: false },
    { id: "u9", name: "cf_old", label: "Old", field_type: "custom_text", required: true, deleted: true },
  ],
};

const placeRequest = bundledCatalog().find((t) => t.name === "freshservice_service_item_place_request");
if (!placeRequest) throw new Error("no place_request tool");
const fields = normalizeFields("service_item", item);
const fitted = mergeAccountFields(placeRequest, { ok: true, fields, fetchedAt: 1 });

describe("service item fields", () => {
  it("maps each item field type like the other kinds, skipping display-only and deleted fields", () => {
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(Object.keys(byName)).toEqual([
      "cf_reason",
      "cf_desk",
      "cf_needed_by",
      "cf_count",
      "cf_budget",
      "cf_admin",
      "cf_apps",
    ]);
    expect(byName.cf_reason).toMatchObject({
      required: true,
      schema: { type: "string", enum: ["New hire", "Replacement"] },
    });
    expect(byName.cf_desk?.schema).toEqual({ type: "string", description: "Desk location — Floor and desk number" });
    expect(byName.cf_needed_by?.schema).toMatchObject({ type: "string", format: "date" });
    expect(byName.cf_count?.schema).toMatchObject({ type: "integer" });
    expect(byName.cf_budget?.schema).toMatchObject({ type: "number" });
    expect(byName.cf_admin?.schema).toMatchObject({ type: "boolean" });
    expect(byName.cf_apps?.schema).toMatchObject({ type: "array", items: { enum: ["Slack", "Zoom"] } });
  });

  it("makes the item's required fields required on place_request and closes custom_fields", () => {
    expect(fitted.inputSchema.required).toEqual(["display_id", "custom_fields"]);
    expect(fitted.inputSchema.properties.custom_fields).toMatchObject({
      additionalProperties: false,
      required: ["cf_reason"],
    });
    expect(validateArguments(fitted.inputSchema, { display_id: 1, custom_fields: { cf_reason: "New hire" } })).toEqual(
      [],
    );
    const problems = validateArguments(fitted.inputSchema, {
      display_id: 1,
      custom_fields: { cf_desk: "4.12", cf_typo: 1, cf_count: "two" },
    });
    expect(problems.join("\n")).toMatch(/custom_fields\.cf_reason: required/);
    expect(problems.join("\n")).toMatch(/(^|\n)custom_fields\.cf_typo: not a known field/);
    expect(problems.join("\n")).toMatch(/custom_fields\.cf_count: /);
    expect(validateArguments(fitted.inputSchema, { display_id: 1 })).toEqual(["custom_fields: required"]);
  });

  it("lists the item's fields with type, requiredness and choices for a refusal", () => {
    const text = describeAccountFields(fitted) ?? "";
    expect(text).toContain("This item's fields (pass them in custom_fields, keyed by name):");
    expect(text).toContain('- cf_reason: required; one of "New hire", "Replacement" (Reason)');
    expect(text).toContain("- cf_desk: optional; string (Desk location — Floor and desk number)");
    expect(text).toContain("- cf_needed_by: optional; a date (yyyy-mm-dd) (Needed by)");
    expect(text).toContain('- cf_apps: optional; a list of "Slack", "Zoom" (Apps)');
    expect(text).not.toContain("cf_old");
  });

  it("says an item without fields takes none, and describes nothing for the bundled schema", () => {
    const empty = mergeAccountFields(placeRequest, { ok: true, fields: [], fetchedAt: 1 });
    expect(describeAccountFields(empty)).toBe("This item's form has no fields: leave custom_fields out.");
    expect(empty.description).toContain("This item has no fields of its own");
    expect(describeAccountFields(placeRequest)).toBeUndefined();
  });

  it("tells the model in tools/list that the fields depend on the item and where to read them", () => {
    expect(placeRequest.description).toMatch(/depend on the item/);
    expect(placeRequest.description).toContain("get_single_freshservice_service_item_by_id");
  });
});
