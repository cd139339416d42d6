/** The portability rules every listed tool's schema must keep, as a checker for tests. */
import type { JsonSchema } from "../../worker/catalog/build-tools";

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where a schema breaks a portability rule: a `type` array, a `type` beside an `anyOf` (OpenAI's strict mode and
 * Google's converter refuse the pair), a property (or array item) with neither a `type` nor an `anyOf` of typed
 * members, or a description over `maxDescription` characters. Empty when portable.
 */
export function portabilityProblems(schema: JsonSchema, maxDescription: number, path = ""): string[] {
  const problems: string[] = [];
  if (Array.isArray(schema.type)) problems.push(`${path || "(root)"}: type array`);
  if ("type" in schema && "anyOf" in schema) problems.push(`${path || "(root)"}: type beside anyOf`);
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
