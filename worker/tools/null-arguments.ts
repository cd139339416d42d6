/**
 * Nulls in tool arguments, as strict-mode clients send them: OpenAI's strict mode makes every optional argument
 * required and nullable, so a model sends `null` for each one it means to leave out. A null the argument's schema
 * doesn't take is left out; one it takes (a field the API clears with null, written `"type": [..., "null"]` in the
 * schema files) is kept and sent. Applies at every depth the schema names (custom_fields, nested objects, objects in
 * arrays). Pure; the arguments are never modified.
 */
import type { JsonSchema } from "../catalog/build-tools";

export interface WithoutNulls {
  /** The arguments without the nulls their schema doesn't take. */
  args: Record<string, unknown>;
  /** Where a null was left out, as dotted paths (`custom_fields.cf_site`, `assets.0.display_id`). */
  dropped: string[];
}

export function withoutUntakenNulls(schema: JsonSchema, args: Record<string, unknown>): WithoutNulls {
  const dropped: string[] = [];
  return { args: cleanObject(schema, args, [], dropped), dropped };
}

/** Does the schema take `null`? As the validator decides it, for the keywords the argument schemas use. */
export function takesNull(schema: unknown): boolean {
  if (schema === true) return true;
  if (!isObject(schema)) return false;
  if ("const" in schema && schema.const !== null) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) return false;
  if (schema.type !== undefined && ![schema.type].flat().includes("null")) return false;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some(takesNull);
  return true;
}

function cleanObject(
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string[],
  dropped: string[],
): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const extra = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const sub = Object.hasOwn(properties, key) ? properties[key] : extra;
    // A key the schema doesn't name is validation's to refuse, null or not.
    if (!isObject(sub)) {
      entries.push([key, item]);
      continue;
    }
    if (item === null && !takesNull(sub)) {
      dropped.push([...path, key].join("."));
      changed = true;
      continue;
    }
    const cleaned = cleanValue(sub, item, [...path, key], dropped);
    changed ||= cleaned !== item;
    entries.push([key, cleaned]);
  }
  // fromEntries defines every key as data, `__proto__` included.
  return changed ? Object.fromEntries(entries) : value;
}

function cleanValue(schema: JsonSchema, value: unknown, path: string[], dropped: string[]): unknown {
  if (Array.isArray(value)) {
    const items = member(schema, "array")?.items;
    if (!isObject(items)) return value;
    const cleaned = value.map((item, i) => cleanValue(items, item, [...path, String(i)], dropped));
    return cleaned.some((item, i) => item !== value[i]) ? cleaned : value;
  }
  if (!isObject(value)) return value;
  const object = member(schema, "object");
  return object ? cleanObject(object, value, path, dropped) : value;
}

/** The schema's part for values of one JSON type: itself, or its `anyOf` member of that type. */
function member(schema: JsonSchema, type: "object" | "array"): JsonSchema | undefined {
  if (schema.type === type) return schema;
  if (type === "object" && schema.type === undefined && isObject(schema.properties)) return schema;
  return Array.isArray(schema.anyOf)
    ? (schema.anyOf as unknown[]).find((m): m is JsonSchema => isObject(m) && m.type === type)
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
