// Custom-field definitions any form can carry (tickets, ITIL forms, requesters, agents, departments): the blank
// `custom_fields` object, value validation, required checks and the filterable subset (§8.8, §5.2).

import type { FieldError } from "./errors";
import { parseDateInput } from "./time";
import type { CustomFieldValue, NestedChoice } from "./types";
import { choicesMessage, datatypeMismatch, invalidField, isEmail, mandatoryFieldMissing } from "./validate";

export type CustomFieldType =
  | "custom_text"
  | "custom_paragraph"
  | "custom_number"
  | "custom_decimal"
  | "custom_checkbox"
  | "custom_date"
  | "custom_date_time"
  | "custom_dropdown"
  | "custom_multi_select_dropdown"
  | "custom_url"
  | "custom_email"
  | "custom_phone_number"
  | "nested_field";

/** Nested dropdown choices: level-1 label → level-2 labels, or level-1 → level-2 → level-3 labels. */
export type NestedChoiceTree = Record<string, string[] | Record<string, string[]>>;

export interface CustomFieldDef {
  /** The key in `custom_fields` and in filter queries. */
  name: string;
  label: string;
  type: CustomFieldType;
  /** Ticket form: mandatory when an agent creates/updates. */
  required_for_agents?: boolean;
  /** Every other form (problem/change/release `required`, requester `required_for_agents`, agent
   *  `mandatory_for_admins`, department `mandatory`): mandatory on create. */
  required?: boolean;
  /** Mandatory before the record moves to its resolved/closed status. */
  required_for_closure?: boolean;
  /** custom_dropdown / custom_multi_select_dropdown labels. */
  choices?: string[];
  /** nested_field: names/labels of levels 2 (and 3), which appear as sibling keys in `custom_fields`. */
  nestedLevels?: Array<{ name: string; label: string }>;
  nestedChoices?: NestedChoiceTree;
}

/** Every key the definitions contribute to `custom_fields` (nested levels included), with its blank value. */
export function blankCustomFields(defs: readonly CustomFieldDef[]): Record<string, CustomFieldValue> {
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

function customKeys(defs: readonly CustomFieldDef[]): string[] {
  return defs.flatMap((d) => [d.name, ...(d.nestedLevels ?? []).map((l) => l.name)]);
}

/** Validates a `custom_fields` object from a create/update body; returns errors keyed by the field name. */
export function validateCustomFieldValues(
  defs: readonly CustomFieldDef[],
  input: Record<string, unknown>,
): FieldError[] {
  const errors: FieldError[] = [];
  const known = customKeys(defs);
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) errors.push(invalidField(key));
  }
  for (const d of defs) {
    if (!Object.hasOwn(input, d.name)) continue;
    const v = input[d.name];
    if (v === null) continue;
    if (d.type !== "nested_field") {
      checkPlainCustomValue(d.name, d.type, d.choices, v, errors);
      continue;
    }
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
  }
  return errors;
}

export type RequiredFlag = "required" | "required_for_agents" | "required_for_closure";

function isBlankValue(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

/** Required custom fields still blank in the merged values. */
export function missingRequired(
  defs: readonly CustomFieldDef[],
  values: Record<string, unknown>,
  which: RequiredFlag,
): FieldError[] {
  return defs.filter((d) => d[which] && isBlankValue(values[d.name])).map((d) => mandatoryFieldMissing(d.name));
}

/** Filter-query types of the custom fields §5.2 allows (number, checkbox, dropdown, date; text for users). */
export function customFieldFilterType(
  d: CustomFieldDef,
  options: { text?: boolean } = {},
): "number" | "boolean" | "string" | "date" | null {
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
    case "custom_text":
    case "custom_phone_number":
      return options.text ? "string" : null;
    default:
      return null;
  }
}

/** A field's `choices` in the `{id, value}` form most metadata endpoints use. */
export function idValueChoices(d: CustomFieldDef, idBase: number): unknown[] {
  if (d.type === "nested_field") return nestedChoiceList(d.nestedChoices ?? {}, idBase);
  return (d.choices ?? []).map((value, i) => ({ id: idBase + i + 1, value }));
}

/** Every custom-field type but the nested dropdown, whose value spans several keys. */
export type PlainCustomFieldType = Exclude<CustomFieldType, "nested_field">;

/** Checks one non-null value of a plain custom field: its JSON type, format and choices (§8.8). */
export function checkPlainCustomValue(
  field: string,
  type: PlainCustomFieldType,
  choices: readonly string[] | undefined,
  v: unknown,
  errors: FieldError[],
): void {
  const mismatch = (expected: string) => errors.push(datatypeMismatch(field, v, expected));
  const invalid = (message: string) => errors.push({ field, message, code: "invalid_value" });
  switch (type) {
    case "custom_text":
    case "custom_paragraph":
    case "custom_phone_number":
      if (typeof v !== "string") mismatch("String");
      break;
    case "custom_url":
      if (typeof v !== "string") mismatch("String");
      else if (!/^https?:\/\/\S+$/.test(v)) invalid("It should be in the 'valid URL' format");
      break;
    case "custom_email":
      if (typeof v !== "string") mismatch("String");
      else if (!isEmail(v)) invalid("It should be in the 'valid email address' format");
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
        invalid("It should be in the 'yyyy-mm-dd' format");
      break;
    case "custom_date_time":
      if (typeof v !== "string" || parseDateInput(v) === null) invalid("It should be in the 'valid date time' format");
      break;
    case "custom_dropdown":
      if (typeof v !== "string") mismatch("String");
      else if (!(choices ?? []).includes(v)) invalid(choicesMessage(choices ?? []));
      break;
    case "custom_multi_select_dropdown":
      if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) mismatch("Array of String");
      else if (v.some((x) => !(choices ?? []).includes(x as string))) invalid(choicesMessage(choices ?? []));
      break;
  }
}
