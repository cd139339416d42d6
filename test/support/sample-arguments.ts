/**
 * Deterministic sample values from a tool's JSON Schema (the keywords docs/schema-format.md allows): the same
 * schema always gives the same arguments, every optional property is filled in, and every value passes the
 * schema. `hint` supplies values the schema can't know (a real record's id, a filter expression); a hinted
 * value is used as it is.
 */

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  anyOf?: JsonSchema[];
  description?: string;
  /** Not sampled: a listed tool's schema may carry one (a URL's workspace). */
  default?: unknown;
};

export interface SampleOptions {
  /** A value for the property at `path` (property names from the top, `[]` for array items), or undefined. */
  hint?: (path: string[], schema: JsonSchema) => unknown;
  /** Top-level properties to leave out (unless required). */
  omit?: Iterable<string>;
}

const SAMPLE_DATE = "2026-12-07";
const SAMPLE_DATE_TIME = "2026-12-07T09:30:00Z";

/** One value for every property of an object schema: required and optional alike, minus `omit`. */
export function sampleArguments(schema: JsonSchema, options: SampleOptions = {}): Record<string, unknown> {
  const omit = new Set(options.omit ?? []);
  const required = new Set(schema.required ?? []);
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    if (required.has(name) || !omit.has(name)) args[name] = sampleValue(property, [name], options);
  return args;
}

export function sampleValue(schema: JsonSchema, path: string[], options: SampleOptions = {}): unknown {
  const hinted = options.hint?.(path, schema);
  if (hinted !== undefined) return hinted;
  if ("const" in schema) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return sampleValue({ ...schema.anyOf[0], description: schema.description }, path, options);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const type = types.find((t) => t !== "null") ?? (types.length ? "null" : schema.properties ? "object" : "string");
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return true;
    case "integer":
    case "number":
      return sampleNumber(schema);
    case "string":
      return sampleString(schema, path);
    case "array":
      return sampleArray(schema, path, options);
    case "object":
      return sampleObject(schema, path, options);
    default:
      throw new Error(`${path.join(".")}: cannot sample type ${type}`);
  }
}

function sampleNumber(schema: JsonSchema): number {
  let value = 1;
  if (schema.minimum !== undefined && value < schema.minimum) value = schema.minimum;
  if (schema.maximum !== undefined && value > schema.maximum) value = schema.maximum;
  return value;
}

function sampleString(schema: JsonSchema, path: string[]): string {
  const name = path.filter((p) => p !== "[]").at(-1) ?? "value";
  let value: string;
  if (schema.format === "date") value = SAMPLE_DATE;
  else if (schema.format === "date-time") value = SAMPLE_DATE_TIME;
  else if (schema.format === "email") value = `${name.replace(/[^a-z0-9]+/gi, ".")}@sample.example`;
  else if (schema.format === "uri") value = `https://sample.example/${name}`;
  else if (schema.pattern) value = matchPattern(schema.pattern, path);
  else value = `Sample ${name.replace(/_/g, " ")}`;
  const min = schema.minLength ?? 0;
  if (value.length < min) value = value.padEnd(min, "x");
  if (schema.maxLength !== undefined && value.length > schema.maxLength) value = value.slice(0, schema.maxLength);
  return value;
}

/** The patterns the bundled files use: comma-separated choices (all of them), and a few fixed shapes. */
function matchPattern(pattern: string, path: string[]): string {
  const list = /^\^\(([\w|-]+)\)\(,\(\1\)\)[*?]\$$/.exec(pattern);
  if (list) return (list[1] as string).split("|").join(",");
  const fixed: Record<string, string> = {
    "^[0-9]{1,4}:[0-5][0-9]$": "01:30",
    "^[a-z][a-z0-9_]*$": "sample_name",
    "^[A-Za-z][A-Za-z0-9_]*$": "sample_name",
    "^[A-Z]{3}$": "USD",
    "^[A-Za-z][A-Za-z0-9]{0,9}$": "SMPL",
    "^(\\d+w)?\\s*(\\d+d)?\\s*(\\d+h)?\\s*(\\d+m)?$": "1d 4h",
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$":
      "00000000-0000-4000-8000-000000000000",
  };
  const value = fixed[pattern];
  if (value === undefined || !new RegExp(pattern).test(value))
    throw new Error(`${path.join(".")}: no sample for pattern ${pattern}`);
  return value;
}

function sampleArray(schema: JsonSchema, path: string[], options: SampleOptions): unknown[] {
  const count = Math.min(Math.max(schema.minItems ?? 1, 1), schema.maxItems ?? Number.POSITIVE_INFINITY);
  const item = schema.items ?? { type: "string" };
  const values: unknown[] = [];
  for (let i = 0; i < count; i++) {
    let value = sampleValue(item, [...path, "[]"], options);
    // Distinct items where uniqueness is asked for (or more than one is needed).
    if (i > 0 && typeof value === "number") value = value + i;
    if (i > 0 && typeof value === "string") value = `${value}${i}`;
    values.push(value);
  }
  return values;
}

function sampleObject(schema: JsonSchema, path: string[], options: SampleOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Required properties first, then the optional ones, as many as maxProperties allows.
  const required = new Set(schema.required ?? []);
  const names = Object.keys(schema.properties ?? {}).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  for (const name of names.slice(0, schema.maxProperties ?? names.length))
    out[name] = sampleValue(schema.properties?.[name] as JsonSchema, [...path, name], options);
  const extra = schema.additionalProperties;
  for (let i = Object.keys(out).length; i < (schema.minProperties ?? 0); i++)
    out[`sample_key_${i + 1}`] = typeof extra === "object" ? sampleValue(extra, [...path, "*"], options) : "sample";
  return out;
}
