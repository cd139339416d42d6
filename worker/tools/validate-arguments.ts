/** Tool arguments against the tool's input schema, with every problem listed by field path (Freshservice is not called). */
import { type OutputUnit, Validator } from "@cfworker/json-schema";
import type { JsonSchema } from "../catalog/build-tools";
import { withoutUntakenNulls } from "./null-arguments";

/** Summary errors that only repeat a more specific one below them. */
const SUMMARY_KEYWORDS = new Set(["properties", "items", "prefixItems", "allOf", "$ref", "false", "dependentSchemas"]);
const MAX_PROBLEMS = 25;
/** A refused choice lists this many of the allowed values: a large form's dropdown has thousands (100 KB of text). */
export const MAX_LISTED_CHOICES = 20;
/** Each listed value is cut to this many characters. */
const MAX_CHOICE_CHARS = 80;
/** Any other validator message is cut to this many characters. */
const MAX_ERROR_CHARS = 500;

// Validators compile their schema once; keyed by the schema object so a per-account schema gets its own.
const validators = new WeakMap<JsonSchema, Validator>();

/**
 * The arguments to send and what is wrong with them: nulls the schema doesn't take are left out first (what a
 * strict-mode client sends for an argument it leaves out), so only a required one is refused, by name.
 */
export function checkArguments(
  schema: JsonSchema,
  args: Record<string, unknown>,
): { args: Record<string, unknown>; problems: string[] } {
  const { args: sent, dropped } = withoutUntakenNulls(schema, args);
  return { args: sent, problems: validateArguments(schema, sent, new Set(dropped)) };
}

/** `nulls`: where a null was left out, so a required argument sent as null is refused as such. */
export function validateArguments(schema: JsonSchema, args: unknown, nulls?: ReadonlySet<string>): string[] {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema, "2020-12", false);
    validators.set(schema, validator);
  }
  const { valid, errors } = validator.validate(args);
  if (valid) return [];
  return errors
    .filter((e) => !SUMMARY_KEYWORDS.has(e.keyword))
    .slice(0, MAX_PROBLEMS)
    .map((e) => describe(e, schema, nulls));
}

function describe(e: OutputUnit, schema: JsonSchema, nulls?: ReadonlySet<string>): string {
  const at = dottedPath(e.instanceLocation);
  const property = /Property "([^"]+)"/.exec(e.error)?.[1] ?? /property "([^"]+)"/.exec(e.error)?.[1];
  // The full path, so a model never reads a nested key (custom_fields.cf_site) as a top-level argument.
  const named = property ? [...at, property].join(".") : undefined;
  if (e.keyword === "additionalProperties" && named)
    return at.length ? `${named}: not a known field` : `${named}: not an argument of this tool`;
  if (e.keyword === "required" && named)
    return nulls?.has(named) ? `${named}: required (null counts as leaving it out)` : `${named}: required`;
  const where = at.join(".") || "(arguments)";
  const choices = e.keyword === "enum" ? valueAt(schema, e.keywordLocation) : undefined;
  if (Array.isArray(choices)) return `${where}: must be one of ${listChoices(choices)}`;
  return `${where}: ${e.error.length > MAX_ERROR_CHARS ? `${e.error.slice(0, MAX_ERROR_CHARS)}…` : e.error}`;
}

/** The first allowed values, each short, and how many more there are (the tool's schema lists them all). */
function listChoices(choices: unknown[]): string {
  const shown = choices.slice(0, MAX_LISTED_CHOICES).map((c) => {
    const text = JSON.stringify(c) ?? String(c);
    return text.length > MAX_CHOICE_CHARS ? `${text.slice(0, MAX_CHOICE_CHARS - 1)}…` : text;
  });
  const more = choices.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` (and ${more} more: the tool's input schema lists them all)` : ""}`;
}

/** The schema value a validator's keyword location (`#/properties/cf/enum`) points at, if it is in this schema. */
function valueAt(schema: JsonSchema, keywordLocation: string): unknown {
  let value: unknown = schema;
  for (const segment of dottedPath(keywordLocation)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** `#/custom_fields/cf~1x` → ["custom_fields", "cf/x"] (JSON Pointer segments, unescaped). */
function dottedPath(instanceLocation: string): string[] {
  const pointer = instanceLocation.replace(/^#\/?/, "");
  return pointer ? pointer.split("/").map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~")) : [];
}
