/**
 * JSON Schema that every client takes. Gemini models and several strict clients reject `type` arrays
 * (`["string","number"]`), so a union becomes `anyOf` of single-typed members, each carrying the keywords that
 * apply to its type; what it accepts is unchanged. Pure; the input is never modified.
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

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where a schema breaks a portability rule: a `type` array, a property (or array item) with neither a `type`
 * nor an `anyOf` of typed members, or a description over `maxDescription` characters. Empty when portable.
 */
export function portabilityProblems(schema: JsonSchema, maxDescription: number, path = ""): string[] {
  const problems: string[] = [];
  if (Array.isArray(schema.type)) problems.push(`${path || "(root)"}: type array`);
  if (typeof schema.description === "string" && schema.description.length > maxDescription)
    problems.push(`${path || "(root)"}: description of ${schema.description.length} characters`);
  const typed = (s: unknown) =>
    isSchema(s) &&
    (typeof s.type === "string" || (Array.isArray(s.anyOf) && s.anyOf.length > 0 && s.anyOf.every(typed)));
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
    if (!typed(property)) problems.push(`${path}${name}: no type`);
    if (isSchema(property)) problems.push(...portabilityProblems(property, maxDescription, `${path}${name}.`));
  }
  for (const key of ["items", "additionalProperties"]) {
    const sub = schema[key];
    if (!isSchema(sub)) continue;
    if (!typed(sub)) problems.push(`${path}${key}: no type`);
    problems.push(...portabilityProblems(sub, maxDescription, `${path}${key}.`));
  }
  for (const member of (schema.anyOf ?? []) as unknown[])
    if (isSchema(member)) problems.push(...portabilityProblems(member, maxDescription, `${path}anyOf.`));
  return problems;
}
