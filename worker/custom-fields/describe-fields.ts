/**
 * The fields a service item's fitted place_request tool accepts, as plain lines for an error result. A service
 * item's form is not in tools/list (it depends on the item), so a refused call shows it: name, type, whether it
 * is required and the choices, enough for a model to fix the call in one retry.
 */
import type { CatalogTool, JsonSchema } from "../catalog/build-tools";

const MAX_LINES = 60;
const MAX_CHOICES_SHOWN = 25;

/** Undefined when the tool carries no item fields or they were not merged (the bundled, open schema). */
export function describeAccountFields(tool: CatalogTool): string | undefined {
  const target = tool.operation.custom_fields;
  if (!target) return undefined;
  const into = tool.inputSchema.properties[target.into] as
    | (JsonSchema & { properties?: Record<string, JsonSchema>; required?: string[] })
    | undefined;
  // Merged schemas are closed to unknown keys; the bundled one is not and knows no field.
  if (into?.additionalProperties !== false) return undefined;
  const required = new Set(into.required ?? []);
  // Required fields first: past MAX_LINES the rest are only counted, and a missing required one must show.
  const fields = Object.entries(into.properties ?? {}).sort(
    ([a], [b]) => Number(required.has(b)) - Number(required.has(a)),
  );
  if (!fields.length) return `This item's form has no fields: leave ${target.into} out.`;
  const lines = fields
    .slice(0, MAX_LINES)
    .map(
      ([name, schema]) =>
        `- ${name}: ${required.has(name) ? "required" : "optional"}; ${typeText(schema)}${about(schema)}`,
    );
  if (fields.length > MAX_LINES) lines.push(`- … and ${fields.length - MAX_LINES} more`);
  return `This item's fields (pass them in ${target.into}, keyed by name):\n${lines.join("\n")}`;
}

function typeText(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${choices(schema.enum)}`;
  const items = schema.items as JsonSchema | undefined;
  if (schema.type === "array")
    return Array.isArray(items?.enum) ? `a list of ${choices(items.enum)}` : "a list of strings";
  if (schema.format === "date") return "a date (yyyy-mm-dd)";
  if (schema.format === "date-time") return "a date-time (ISO 8601)";
  if (schema.format === "email") return "an e-mail address";
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((member) => typeText(member as JsonSchema)).join(" or ");
  return String(schema.type ?? "any value");
}

function choices(values: unknown[]): string {
  const shown = values.slice(0, MAX_CHOICES_SHOWN).map((v) => JSON.stringify(v));
  return values.length > MAX_CHOICES_SHOWN
    ? `${shown.join(", ")}, … (${values.length - MAX_CHOICES_SHOWN} more)`
    : shown.join(", ");
}

/** The sanitized label (and help text) normalize-fields put in the description, without its "required" tail. */
function about(schema: JsonSchema): string {
  const text = typeof schema.description === "string" ? schema.description.replace(/(^| — )required$/, "") : "";
  return text ? ` (${text})` : "";
}
