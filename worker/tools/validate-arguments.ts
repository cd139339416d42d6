/** Tool arguments against the tool's input schema, with every problem listed by field path (Freshservice is not called). */
import { type OutputUnit, Validator } from "@cfworker/json-schema";
import type { JsonSchema } from "../catalog/build-tools";

/** Summary errors that only repeat a more specific one below them. */
const SUMMARY_KEYWORDS = new Set(["properties", "items", "prefixItems", "allOf", "$ref", "false", "dependentSchemas"]);
const MAX_PROBLEMS = 25;

// Validators compile their schema once; keyed by the schema object so a per-account schema gets its own.
const validators = new WeakMap<JsonSchema, Validator>();

export function validateArguments(schema: JsonSchema, args: unknown): string[] {
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
    .map(describe);
}

function describe(e: OutputUnit): string {
  const at = dottedPath(e.instanceLocation);
  const property = /Property "([^"]+)"/.exec(e.error)?.[1] ?? /property "([^"]+)"/.exec(e.error)?.[1];
  // The full path, so a model never reads a nested key (custom_fields.cf_site) as a top-level argument.
  const named = property ? [...at, property].join(".") : undefined;
  if (e.keyword === "additionalProperties" && named)
    return at.length ? `${named}: not a known field` : `${named}: not an argument of this tool`;
  if (e.keyword === "required" && named) return `${named}: required`;
  return `${at.join(".") || "(arguments)"}: ${e.error}`;
}

/** `#/custom_fields/cf~1x` → ["custom_fields", "cf/x"] (JSON Pointer segments, unescaped). */
function dottedPath(instanceLocation: string): string[] {
  const pointer = instanceLocation.replace(/^#\/?/, "");
  return pointer ? pointer.split("/").map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~")) : [];
}
