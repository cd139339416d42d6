/**
 * JSON Schema that every client takes. Gemini models and several strict clients reject `type` arrays
 * (`["string","number"]`), so a union becomes `anyOf` of single-typed members, each carrying the keywords that
 * apply to its type; and OpenAI's strict mode and Google's converter refuse a `type` beside an `anyOf` (a date or
 * a date-time: `{"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]}`), so the type moves
 * into each member. What a schema accepts is unchanged. Pure; the input is never modified.
 */
import type { JsonSchema } from "./build-tools";

/** Keywords that constrain only one JSON type, moved into that type's `anyOf` member. */
const KEYWORDS_BY_TYPE: Record<string, readonly string[]> = {
  string: ["minLength", "maxLength", "pattern", "format"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  integer: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  array: ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"],
  object: ["properties", "additionalProperties", "required", "minProperties", "maxProperties", "patternProperties"],
};
/** Keywords whose value is a schema, or a map or list of schemas, to rewrite in turn. */
const SUBSCHEMA = ["items", "additionalProperties", "not", "contains"];
const SUBSCHEMA_MAPS = ["properties", "patternProperties", "$defs"];
const SUBSCHEMA_LISTS = ["anyOf", "oneOf", "allOf", "prefixItems"];

export function portableSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  for (const key of SUBSCHEMA) if (isSchema(out[key])) out[key] = portableSchema(out[key] as JsonSchema);
  for (const key of SUBSCHEMA_MAPS)
    if (isSchema(out[key]))
      out[key] = Object.fromEntries(
        Object.entries(out[key] as Record<string, unknown>).map(([k, v]) => [k, isSchema(v) ? portableSchema(v) : v]),
      );
  for (const key of SUBSCHEMA_LISTS)
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((v) => (isSchema(v) ? portableSchema(v) : v));
  if (typeof out.type === "string" && Array.isArray(out.anyOf)) return typeIntoMembers(out);
  if (!Array.isArray(out.type)) return out;
  const types = [...new Set(out.type as string[])];
  if (types.length === 1) return { ...out, type: types[0] };
  const { type: _union, ...rest } = out;
  const moved = new Set(types.flatMap((t) => KEYWORDS_BY_TYPE[t] ?? []));
  const shared = Object.fromEntries(Object.entries(rest).filter(([k]) => !moved.has(k)));
  const members = types.map((t) => ({
    type: t,
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => (KEYWORDS_BY_TYPE[t] ?? []).includes(k))),
  }));
  return { ...shared, anyOf: members };
}

/**
 * `{type: T, …T's keywords, anyOf: [A, B]}` as `{anyOf: [{type: T, …, …A}, {type: T, …, …B}]}`: the same values,
 * since a value must match the type and one member. Left as it is where a member names another type or one of the
 * keywords moved (merging those would need their intersection).
 */
function typeIntoMembers(schema: JsonSchema): JsonSchema {
  const type = schema.type as string;
  const typed = new Set(["type", ...(KEYWORDS_BY_TYPE[type] ?? [])]);
  const moved = Object.fromEntries(Object.entries(schema).filter(([k]) => typed.has(k)));
  const members = schema.anyOf as unknown[];
  const fits = (m: unknown) =>
    isSchema(m) &&
    (m.type === undefined || m.type === type) &&
    Object.keys(moved).every((k) => k === "type" || !(k in m));
  if (!members.every(fits)) return schema;
  const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => !typed.has(k) && k !== "anyOf"));
  return { ...rest, anyOf: members.map((m) => ({ ...moved, ...(m as JsonSchema) })) };
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
