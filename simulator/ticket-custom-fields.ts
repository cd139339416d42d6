// Ticket custom-field definitions (configurable per tenant) and what follows from them: the form-field entries,
// the blank `custom_fields` object, value validation and the filterable fields.

import type { FieldError } from "./errors";
import { parseDateInput } from "./time";
import type { CustomFieldValue, NestedChoice } from "./types";
import { choicesMessage, jsonTypeName } from "./validate";

export type TicketCustomFieldType =
  | "custom_text"
  | "custom_paragraph"
  | "custom_number"
  | "custom_decimal"
  | "custom_checkbox"
  | "custom_date"
  | "custom_dropdown"
  | "nested_field";

/** Nested dropdown choices: level-1 label → level-2 labels, or level-1 → level-2 → level-3 labels. */
export type NestedChoiceTree = Record<string, string[] | Record<string, string[]>>;

export interface TicketCustomFieldDef {
  /** The key in `custom_fields` and in filter queries. */
  name: string;
  label: string;
  type: TicketCustomFieldType;
  required_for_agents?: boolean;
  required_for_closure?: boolean;
  /** custom_dropdown labels. */
  choices?: string[];
  /** nested_field: names/labels of levels 2 (and 3), which appear as sibling keys in `custom_fields`. */
  nestedLevels?: Array<{ name: string; label: string }>;
  nestedChoices?: NestedChoiceTree;
}

/** What a seeded tenant gets unless `TenantOptions.ticketCustomFields` says otherwise. */
export const DEFAULT_TICKET_CUSTOM_FIELDS: readonly TicketCustomFieldDef[] = [
  {
    name: "cf_impacted_service",
    label: "Impacted service",
    type: "custom_dropdown",
    choices: ["Email", "VPN", "Wi-Fi", "Laptop", "Printing", "ERP", "HR Portal", "Video Conferencing"],
  },
  {
    name: "cf_device_type",
    label: "Device type",
    type: "nested_field",
    nestedLevels: [{ name: "cf_device_model", label: "Device model" }],
    nestedChoices: {
      Laptop: ["MacBook Pro M3", "MacBook Air M2", "Dell Latitude 7440", "ThinkPad X1 Carbon"],
      Desktop: ["Dell OptiPlex 7010"],
      Phone: ["iPhone 15", "Pixel 8"],
      Monitor: ["Dell U2723QE"],
    },
  },
  { name: "cf_affected_users", label: "Number of affected users", type: "custom_number" },
  { name: "cf_vip", label: "VIP requester", type: "custom_checkbox" },
];

/** Every key the definitions contribute to `custom_fields` (nested levels included), with its blank value. */
export function blankCustomFields(defs: readonly TicketCustomFieldDef[]): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const d of defs) {
    out[d.name] = d.type === "custom_checkbox" ? false : null;
    for (const level of d.nestedLevels ?? []) out[level.name] = null;
  }
  return out;
}

/** Nested choices in the form-field shape (`{id, value, nested_options}`), with stable ids. */
export function nestedChoiceList(tree: NestedChoiceTree, idBase: number): NestedChoice[] {
  let id = idBase;
  return Object.entries(tree).map(([value, children]) => {
    const nested: NestedChoice[] = Array.isArray(children)
      ? children.map((c) => ({ id: ++id, value: c }))
      : Object.entries(children).map(([v, leaves]) => ({
          id: ++id,
          value: v,
          nested_options: leaves.map((l) => ({ id: ++id, value: l })),
        }));
    return { id: ++id, value, nested_options: nested };
  });
}

function childLabels(tree: NestedChoiceTree, path: string[]): string[] | undefined {
  const [l1, l2] = path;
  if (path.length === 0) return Object.keys(tree);
  const children = l1 === undefined ? undefined : tree[l1];
  if (!children) return undefined;
  if (path.length === 1) return Array.isArray(children) ? children : Object.keys(children);
  if (Array.isArray(children) || l2 === undefined) return undefined;
  return children[l2];
}

function customKeys(defs: readonly TicketCustomFieldDef[]): string[] {
  return defs.flatMap((d) => [d.name, ...(d.nestedLevels ?? []).map((l) => l.name)]);
}

/** Validates a `custom_fields` object from a create/update body; returns errors keyed by the field name. */
export function validateCustomFieldValues(
  defs: readonly TicketCustomFieldDef[],
  input: Record<string, unknown>,
): FieldError[] {
  const errors: FieldError[] = [];
  const known = customKeys(defs);
  for (const key of Object.keys(input)) {
    if (!known.includes(key))
      errors.push({ field: key, message: "Unexpected/invalid field in request", code: "invalid_field" });
  }
  for (const d of defs) {
    if (!Object.hasOwn(input, d.name)) continue;
    const v = input[d.name];
    if (v === null) continue;
    const mismatch = (expected: string) =>
      errors.push({
        field: d.name,
        message: `Value set is of type ${jsonTypeName(v)}.It should be a/an ${expected}`,
        code: "datatype_mismatch",
      });
    switch (d.type) {
      case "custom_text":
      case "custom_paragraph":
        if (typeof v !== "string") mismatch("String");
        break;
      case "custom_number":
        if (typeof v !== "number" || !Number.isInteger(v)) mismatch("Integer");
        break;
      case "custom_decimal":
        if (typeof v !== "number") mismatch("Number");
        break;
      case "custom_checkbox":
        if (typeof v !== "boolean") mismatch("Boolean");
        break;
      case "custom_date":
        if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v) || parseDateInput(v) === null)
          errors.push({ field: d.name, message: "It should be in the 'yyyy-mm-dd' format", code: "invalid_value" });
        break;
      case "custom_dropdown":
        if (typeof v !== "string") mismatch("String");
        else if (!(d.choices ?? []).includes(v))
          errors.push({ field: d.name, message: choicesMessage(d.choices ?? []), code: "invalid_value" });
        break;
      case "nested_field": {
        const tree = d.nestedChoices ?? {};
        const path: string[] = [];
        const levels = [d.name, ...(d.nestedLevels ?? []).map((l) => l.name)];
        for (const name of levels) {
          const value = input[name];
          if (value === undefined || value === null) break;
          const allowed = childLabels(tree, path) ?? [];
          if (typeof value !== "string" || !allowed.includes(value)) {
            errors.push({ field: name, message: choicesMessage(allowed), code: "invalid_value" });
            break;
          }
          path.push(value);
        }
        break;
      }
    }
  }
  return errors;
}

/** Required custom fields still blank in the merged values. */
export function missingRequired(
  defs: readonly TicketCustomFieldDef[],
  values: Record<string, CustomFieldValue>,
  which: "required_for_agents" | "required_for_closure",
): FieldError[] {
  return defs
    .filter((d) => d[which] && (values[d.name] === null || values[d.name] === undefined || values[d.name] === ""))
    .map((d) => ({
      field: d.name,
      message: "It should not be blank as this is a mandatory field",
      code: "missing_field" as const,
    }));
}

/** Filter-query types of the custom fields §5.2 allows (number, checkbox, dropdown, date). */
export function customFieldFilterType(d: TicketCustomFieldDef): "number" | "boolean" | "string" | "date" | null {
  switch (d.type) {
    case "custom_number":
    case "custom_decimal":
      return "number";
    case "custom_checkbox":
      return "boolean";
    case "custom_dropdown":
    case "nested_field":
      return "string";
    case "custom_date":
      return "date";
    default:
      return null;
  }
}
