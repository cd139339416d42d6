/**
 * Freshservice field metadata → AccountField[]. Each kind has its own endpoint shape (§8 of the API notes):
 * ticket and ITIL form fields, requester/agent/department fields, asset-type fields, onboarding forms. Pure,
 * and lenient about shapes the docs leave unconfirmed; anything unusable is skipped, never guessed.
 */

import type { AccountField } from "../catalog/account-field";
import type { JsonSchema } from "../catalog/build-tools";
import type { CustomFieldKind } from "../catalog/schema-vocabulary";
import { NO_MODULE, readableList } from "./field-sources";
import {
  cleanText,
  isSafeChoice,
  isSafeFieldName,
  MAX_CHOICES,
  MAX_DESCRIPTION_CHARS,
  MAX_FIELDS_PER_KIND,
  MAX_LABEL_CHARS,
} from "./sanitize";

type Raw = Record<string, unknown>;

/** Default form fields whose record attribute has another name (§8.1): only these can be made required. */
const TICKET_DEFAULTS: Record<string, string> = {
  subject: "subject",
  description: "description",
  status: "status",
  priority: "priority",
  source: "source",
  ticket_type: "type",
  urgency: "urgency",
  impact: "impact",
  group: "group_id",
  agent: "responder_id",
  department: "department_id",
  category: "category",
  due_by: "due_by",
};
const ITIL_DEFAULTS: Record<string, string> = {
  subject: "subject",
  description: "description",
  status: "status",
  priority: "priority",
  impact: "impact",
  group: "group_id",
  agent: "agent_id",
  department: "department_id",
  category: "category",
  due_by: "due_by",
  risk: "risk",
  change_type: "change_type",
  release_type: "release_type",
  planned_start_date: "planned_start_date",
  planned_end_date: "planned_end_date",
};

/** Default dropdowns whose choices are `{id, value}` and whose record attribute takes the id (§6, §8.1). */
const ID_DROPDOWNS = new Set([
  "status",
  "priority",
  "source",
  "urgency",
  "impact",
  "risk",
  "change_type",
  "release_type",
]);
/** The default category field's levels below `category`: record attributes, whatever the form calls them. */
const CATEGORY_LEVELS = ["sub_category", "item_category"];
/** Past this many choices a default dropdown lists the first ones in its description and takes any id. */
export const MAX_DEFAULT_CHOICES = 100;

/**
 * An answer without the list its kind documents is unreadable (a MetadataError, see readableList), never a form
 * without fields; entries of a readable list that can't be used are skipped.
 */
export function normalizeFields(kind: CustomFieldKind, payload: unknown): AccountField[] {
  const list = (key: string) => readableList(payload, key);
  switch (kind) {
    case "ticket":
      return formFields(list("ticket_fields"), "required_for_agents", TICKET_DEFAULTS);
    case "problem":
    case "change":
    case "release":
      return formFields(list(`${kind}_fields`), "required", ITIL_DEFAULTS);
    case "requester":
      return userFields(list("requester_fields"), {
        isDefault: "default",
        required: "required_for_agents",
        label: "label",
      });
    case "agent":
      return userFields(list("agent_fields"), {
        isDefault: "default_field",
        required: "mandatory_for_admins",
        label: "label_for_admins",
      });
    case "department":
      return userFields(list("department_fields"), {
        isDefault: "is_default_field",
        required: "mandatory",
        label: "label",
      });
    case "onboarding":
    case "offboarding":
      return cap(
        list("fields")
          .filter(isObject)
          .flatMap((f) => customField(f, f.required === true)),
      );
    case "asset":
      return assetTypeFields(payload === NO_MODULE ? [] : Array.isArray(payload) ? payload : [payload]);
    case "service_item":
      // The item's own form (§7.3): deleted fields linger in the list; hidden ones still count when required.
      return cap(
        list("custom_fields")
          .filter(isObject)
          .filter((f) => f.deleted !== true)
          .flatMap((f) => customField({ ...f, placeholder: f.placeholder ?? placeholderOf(f) }, f.required === true)),
      );
  }
}

/**
 * Ticket/problem/change/release form fields: custom ones go inside custom_fields; default ones are top-level
 * attributes, required where the form says so and carrying the account's own choices (custom statuses, sources,
 * categories) where they are dropdowns.
 */
function formFields(raw: unknown[], requiredKey: string, defaults: Record<string, string>): AccountField[] {
  const fields: AccountField[] = [];
  for (const f of raw.filter(isObject)) {
    const required = f[requiredKey] === true;
    if (f.default_field === true) {
      const attribute = typeof f.name === "string" && Object.hasOwn(defaults, f.name) ? defaults[f.name] : undefined;
      if (attribute) fields.push(...defaultField(f, attribute, required));
      continue;
    }
    fields.push(...customField(f, required));
  }
  return cap(fields);
}

/** A default form field as top-level attributes: nothing when it is neither required nor a known dropdown. */
function defaultField(f: Raw, attribute: string, required: boolean): AccountField[] {
  const label = cleanText(f.label, MAX_LABEL_CHARS) ?? attribute;
  const topLevel = (name: string, schema: JsonSchema, isRequired: boolean): AccountField => ({
    name,
    topLevel: true,
    schema,
    required: isRequired,
  });
  if (ID_DROPDOWNS.has(attribute)) {
    const schema = idChoiceSchema(f.choices, label);
    return schema || required ? [topLevel(attribute, schema ?? {}, required)] : [];
  }
  if (attribute === "category") {
    const levels = nestedLevels(f.choices);
    const names = [attribute, ...CATEGORY_LEVELS];
    const fields = names.flatMap((name, i) => {
      const values = levels[i] ?? [];
      if (!values.length) return [];
      const about =
        i === 0 ? `${label}, one of this account's` : `Level ${i + 1} under ${names[i - 1]}, one of this account's`;
      return [topLevel(name, { type: "string", enum: values, description: `${about} choices.` }, i === 0 && required)];
    });
    return fields.length || !required ? fields : [topLevel(attribute, {}, true)];
  }
  return required ? [topLevel(attribute, {}, true)] : [];
}

/** `{id, value}` choices → an enum of the ids, each named with its label in the description; undefined when none is usable. */
function idChoiceSchema(choices: unknown, label: string): JsonSchema | undefined {
  if (!Array.isArray(choices)) return undefined;
  const named = new Map<number, string | undefined>();
  for (const c of choices.filter(isObject))
    if (Number.isSafeInteger(c.id) && (c.id as number) > 0 && !named.has(c.id as number))
      named.set(c.id as number, cleanText(c.value ?? c.label, MAX_LABEL_CHARS));
  if (!named.size) return undefined;
  const shown = [...named].slice(0, MAX_DEFAULT_CHOICES).map(([id, name]) => (name ? `${id} ${name}` : String(id)));
  const complete = named.size <= MAX_DEFAULT_CHOICES;
  const description = complete
    ? `${label}, as this account defines it (send the id): ${shown.join(", ")}.`
    : `${label}, as this account defines it (send the id); the first ${MAX_DEFAULT_CHOICES} of ${named.size}: ${shown.join(", ")}.`;
  return complete
    ? { type: "integer", enum: [...named.keys()], description }
    : { type: "integer", minimum: 1, description };
}

function userFields(raw: unknown[], keys: { isDefault: string; required: string; label: string }): AccountField[] {
  return cap(
    raw
      .filter(isObject)
      .filter((f) => f[keys.isDefault] !== true)
      .flatMap((f) => customField({ ...f, label: f[keys.label] ?? f.label }, f[keys.required] === true)),
  );
}

/** Asset-type fields arrive per type, grouped under headers; only type fields (with an asset_type_id) are account-specific. */
function assetTypeFields(responses: unknown[]): AccountField[] {
  const byName = new Map<string, AccountField>();
  for (const response of responses) {
    const groups = readableList(response, "asset_type_fields").filter(isObject);
    for (const group of groups) {
      const header = cleanText(group.field_header, MAX_LABEL_CHARS);
      for (const f of Array.isArray(group.fields) ? group.fields.filter(isObject) : []) {
        if (f.asset_type_id === null || f.asset_type_id === undefined) continue;
        // Required only for assets of that type, so never required in the shared schema; the description says so.
        for (const field of customField(
          f,
          false,
          f.required === true ? `required for ${header ?? "its"} assets` : header,
        ))
          if (!byName.has(field.name)) byName.set(field.name, field);
      }
    }
  }
  return cap([...byName.values()]);
}

function customField(f: Raw, required: boolean, note?: string): AccountField[] {
  if (!isSafeFieldName(f.name)) return [];
  const type = String(f.field_type ?? f.type ?? "");
  if (type === "custom_static_rich_text") return [];
  const label = cleanText(f.label, MAX_LABEL_CHARS);
  const detail = cleanText(f.description ?? f.placeholder, MAX_DESCRIPTION_CHARS);
  const description = [label, detail, note, required ? "required" : undefined].filter(Boolean).join(" — ");
  const field = (name: string, schema: JsonSchema, isRequired: boolean): AccountField => ({
    name,
    topLevel: false,
    schema: description ? { ...schema, description } : schema,
    required: isRequired,
  });
  if (type === "nested_field") {
    const levels = nestedLevels(f.choices);
    const children = Array.isArray(f.nested_fields) ? f.nested_fields.filter(isObject) : [];
    return [
      field(f.name, enumSchema(levels[0] ?? []), required),
      ...children
        .filter((child) => isSafeFieldName(child.name))
        .map((child, i) => ({
          name: child.name as string,
          topLevel: false,
          schema: {
            ...enumSchema(levels[i + 1] ?? []),
            description: `${cleanText(child.label, MAX_LABEL_CHARS) ?? child.name} — level ${i + 2} under ${f.name}`,
          },
          required: false,
        })),
    ];
  }
  return [field(f.name, schemaFor(type, String(f.data_type ?? ""), f.choices), required)];
}

function schemaFor(type: string, dataType: string, choices: unknown): JsonSchema {
  const values = choiceValues(choices);
  if (type === "custom_multi_select_dropdown" || type.startsWith("msf"))
    return { type: "array", items: values.length ? { type: "string", enum: values } : { type: "string" } };
  if (/dropdown|radio/.test(type) || (values.length > 0 && dataType !== "integer")) return enumSchema(values);
  if (type.includes("checkbox") || dataType === "boolean") return { type: "boolean" };
  if (type === "custom_multi_lookup") return { type: "array", items: oneOfTypes("integer", "string") };
  // Lookups take the record's id; onboarding forms also accept an e-mail address.
  if (type.includes("lookup")) return oneOfTypes("integer", "string");
  if (type === "custom_decimal" || dataType === "decimal") return { type: "number" };
  if (/number|integer/.test(type) || dataType === "integer") return { type: "integer" };
  if (type === "custom_date_time") return { type: "string", format: "date-time" };
  if (type.includes("date")) return { type: "string", format: "date" };
  if (type === "custom_email") return { type: "string", format: "email" };
  // Department fields carry no type at all: accept any plain value rather than guess.
  if (!type) return oneOfTypes("string", "number", "boolean");
  return { type: "string" };
}

/** A union as `anyOf` of typed members: some clients (Gemini models) reject `type` arrays. */
function oneOfTypes(...types: string[]): JsonSchema {
  return { anyOf: types.map((type) => ({ type })) };
}

function enumSchema(values: string[]): JsonSchema {
  return values.length ? { type: "string", enum: values } : { type: "string" };
}

/** Choices come as strings, `{value}` objects, or `[label, value]` pairs; the label string is what records hold. */
function choiceValues(choices: unknown): string[] {
  if (!Array.isArray(choices)) return [];
  // Read a bounded prefix: a hostile list costs no more than a full one.
  const values = choices
    .slice(0, MAX_CHOICES * 2)
    .map((c) => (typeof c === "string" ? c : Array.isArray(c) ? c[0] : isObject(c) ? (c.value ?? c.label) : undefined))
    .filter(isSafeChoice);
  return [...new Set(values)].slice(0, MAX_CHOICES);
}

/** A nested dropdown's choices, level by level: the first level's labels, then every second-level label, … */
function nestedLevels(choices: unknown): string[][] {
  const levels = [choiceValues(choices)];
  for (let options = nestedOptions(choices); options.length; options = nestedOptions(options))
    levels.push(choiceValues(options));
  return levels;
}

function nestedOptions(choices: unknown): unknown[] {
  if (!Array.isArray(choices)) return [];
  return choices.filter(isObject).flatMap((c) => (Array.isArray(c.nested_options) ? c.nested_options : []));
}

/** Service-item fields keep their placeholder in `field_options`. */
function placeholderOf(f: Raw): unknown {
  return isObject(f.field_options) ? f.field_options.placeholder : undefined;
}

function cap(fields: AccountField[]): AccountField[] {
  return fields.slice(0, MAX_FIELDS_PER_KIND);
}

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
