/**
 * Keeps a merged input schema small enough to be listed: some clients drop a tool whose input schema passes
 * 16,384 bytes, and a form with many fields and long dropdowns gets there. The long tail of the form is
 * summarised (dropdown choices replaced by a count and a few examples, then fields only named) with a pointer to
 * the tool that reads the whole form. Only what tools/list shows is summarised: calls are still checked against
 * the complete schema. Pure.
 */
import type { CatalogTool, JsonSchema } from "../catalog/build-tools";
import type { CustomFieldKind } from "../catalog/schema-vocabulary";

/** Clients that police size drop a tool whose input schema passes 16,384 bytes. */
export const MAX_INPUT_SCHEMA_BYTES = 16 * 1024;
/** Kept free for the summary text the form's object gains when it is cut down. */
const SUMMARY_ROOM_BYTES = 1536;
const EXAMPLE_CHOICES = 3;
/** How much of the form's description the names of unshown fields may take (descriptions stay under 1,024). */
const MAX_NAME_LIST_CHARS = 400;

/** Where the whole form can be read, per kind: the form-fields tool (or the service item itself). */
export const FORM_FIELDS_TOOL: Record<CustomFieldKind, string> = {
  ticket: "list_all_freshservice_ticket_form_fields",
  problem: "list_all_freshservice_problem_form_fields",
  change: "list_all_freshservice_change_form_fields",
  release: "list_all_freshservice_release_form_fields",
  requester: "list_all_freshservice_requester_fields",
  agent: "list_all_freshservice_agent_fields",
  department: "list_all_freshservice_department_fields",
  asset: "list_all_freshservice_asset_type_fields",
  onboarding: "freshservice_onboarding_request_form",
  offboarding: "freshservice_offboarding_request_form",
  service_item: "get_single_freshservice_service_item_by_id",
};

type ObjectSchema = JsonSchema & { properties?: Record<string, JsonSchema>; required?: string[] };

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/**
 * The schema to list for a merged tool: its own input schema when that fits, else one whose form object (`into`)
 * is summarised to fit. Required fields come first, so they are the last to lose detail. Every field keeps at least
 * its name and type while those fit, so the form stays closed to unknown keys (OpenAI's strict mode refuses an open
 * object, and a misspelt key is refused before Freshservice is called); only a form whose names alone don't fit
 * leaves the rest unnamed, and open.
 */
export function listedSchema(tool: CatalogTool, into: string, kind: CustomFieldKind): CatalogTool["inputSchema"] {
  const schema = tool.inputSchema;
  if (bytes(schema) <= MAX_INPUT_SCHEMA_BYTES) return schema;
  const form = (schema.properties[into] ?? {}) as ObjectSchema;
  const required = new Set(form.required ?? []);
  const fields = Object.entries(form.properties ?? {}).sort(
    ([a], [b]) => Number(required.has(b)) - Number(required.has(a)),
  );
  const pointer = FORM_FIELDS_TOOL[kind];
  const empty = { ...schema, properties: { ...schema.properties, [into]: { ...form, properties: {} } } };
  let room = MAX_INPUT_SCHEMA_BYTES - bytes(empty) - SUMMARY_ROOM_BYTES;
  // Names and types first, for every field, when they fit; the room left then buys detail, field by field.
  const bare = new Map(fields.map(([name, field]) => [name, typeOnly(field)]));
  const bareCost = (name: string) => bytes({ [name]: bare.get(name) });
  const closed = fields.reduce((sum, [name]) => sum + bareCost(name), 0) <= room;
  if (closed) for (const [name] of fields) room -= bareCost(name);
  const shown: [string, JsonSchema][] = [];
  const unnamed: string[] = [];
  let summarised = 0;
  let typed = 0;
  for (const [name, field] of fields) {
    const paid = closed ? bareCost(name) : 0;
    const full = bytes({ [name]: field }) - paid;
    if (full <= room && !isLongDropdown(field)) {
      shown.push([name, field]);
      room -= full;
      continue;
    }
    const short = summarise(field, pointer);
    const size = bytes({ [name]: short }) - paid;
    if (size <= room) {
      shown.push([name, short]);
      room -= size;
      summarised++;
    } else if (closed) {
      shown.push([name, bare.get(name) as JsonSchema]);
      typed++;
    } else unnamed.push(name);
  }
  const notes = [
    summarised ? `${summarised} fields are shown in short (types only)` : "",
    typed ? `${typed} fields are shown by name and type alone` : "",
    unnamed.length ? `${unnamed.length} more fields are accepted but not shown: ${nameList(unnamed)}` : "",
  ].filter(Boolean);
  const description = [
    typeof form.description === "string" ? form.description : "",
    `This form is too large to list whole: ${notes.join("; ")}. Read ${pointer} for every field's type and choices; calls are checked against the whole form.`,
  ]
    .filter(Boolean)
    .join(" ");
  const listedForm: ObjectSchema = {
    ...form,
    description,
    properties: Object.fromEntries(shown),
    // Unshown fields are still valid keys: the listed schema must not refuse what the Worker accepts.
    ...(unnamed.length ? { additionalProperties: true } : {}),
  };
  return { ...schema, properties: { ...schema.properties, [into]: listedForm } };
}

/** A dropdown whose choices alone would take a large share of the room: summarised even when it would fit. */
function isLongDropdown(field: JsonSchema): boolean {
  const choices = enumOf(field);
  return choices !== undefined && bytes(choices) > 2048;
}

function enumOf(field: JsonSchema): unknown[] | undefined {
  if (Array.isArray(field.enum)) return field.enum;
  const items = field.items as JsonSchema | undefined;
  return Array.isArray(items?.enum) ? items.enum : undefined;
}

/** The field's type without its choices or description: what a field costs least to list. */
function typeOnly(field: JsonSchema): JsonSchema {
  const { enum: _choices, description: _description, ...rest } = field;
  const items = rest.items as JsonSchema | undefined;
  return items && Array.isArray(items.enum) ? { ...rest, items: { type: items.type ?? "string" } } : rest;
}

/** The field's type without its choices, and a description that counts them, shows a few and says where the rest are. */
function summarise(field: JsonSchema, pointer: string): JsonSchema {
  const choices = enumOf(field);
  const label = typeof field.description === "string" ? field.description.split(" — ")[0] : undefined;
  const summary = choices
    ? `one of ${choices.length} choices, e.g. ${choices
        .slice(0, EXAMPLE_CHOICES)
        .map((c) => JSON.stringify(c))
        .join(", ")}; all of them in ${pointer}`
    : undefined;
  return {
    ...typeOnly(field),
    ...(label || summary ? { description: [label, summary].filter(Boolean).join(" — ") } : {}),
  };
}

/** As many names as fit in a description, then a count. */
export function nameList(names: string[]): string {
  const shown: string[] = [];
  let used = 0;
  for (const name of names) {
    if (used + name.length + 2 > MAX_NAME_LIST_CHARS) break;
    shown.push(name);
    used += name.length + 2;
  }
  return shown.length < names.length
    ? `${shown.join(", ")}, … (${names.length - shown.length} more)`
    : shown.join(", ");
}
