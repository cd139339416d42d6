// Request-body checks that produce Freshservice-style field errors (collected, then thrown together).

import { type FieldError, validationError } from "./errors";
import { parseDateInput } from "./time";

export type JsonObject = Record<string, unknown>;

/** The parsed body as an object; a missing body counts as `{}`; anything else is a 400. */
export function objectBody(body: unknown): JsonObject {
  if (body === null || body === undefined) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw validationError([{ message: "The request body must be a JSON object", code: "invalid_json" }]);
  }
  return body as JsonObject;
}

export function has(body: JsonObject, field: string): boolean {
  return Object.hasOwn(body, field);
}

/** The 400 for a mandatory form field left blank. */
export function mandatoryFieldMissing(field: string): FieldError {
  return { field, message: "It should not be blank as this is a mandatory field", code: "missing_field" };
}

/** The 400 for an attribute the endpoint doesn't know. */
export function invalidField(field: string): FieldError {
  return { field, message: "Unexpected/invalid field in request", code: "invalid_field" };
}

/**
 * Walks a values object whose keys must be defined fields (asset type fields, custom-object data, journey data):
 * `readOnly` keys and unknown keys are reported, `visit` sees every other key with its definition, in body order.
 */
export function visitDefinedValues<D>(
  input: JsonObject,
  defs: ReadonlyMap<string, D>,
  errors: FieldError[],
  visit: (key: string, value: unknown, def: D) => void,
  options: { readOnly?: readonly string[] } = {},
): void {
  for (const [key, value] of Object.entries(input)) {
    const def = defs.get(key);
    if (options.readOnly?.includes(key))
      errors.push({ field: key, message: "It is a read-only field", code: "readonly_field" });
    else if (def === undefined) errors.push(invalidField(key));
    else visit(key, value, def);
  }
}

export function unknownFields(body: JsonObject, allowed: readonly string[], prefix = ""): FieldError[] {
  return Object.keys(body)
    .filter((k) => !allowed.includes(k))
    .map((k) => invalidField(prefix + k));
}

export function jsonTypeName(v: unknown): string {
  if (v === null) return "Null";
  if (Array.isArray(v)) return "Array";
  if (typeof v === "number") return Number.isInteger(v) ? "Integer" : "Number";
  if (typeof v === "string") return "String";
  if (typeof v === "boolean") return "Boolean";
  return "Object";
}

/** The 400 for a value of the wrong JSON type. */
export function datatypeMismatch(field: string, value: unknown, expected: string): FieldError {
  return {
    field,
    message: `Value set is of type ${jsonTypeName(value)}.It should be a/an ${expected}`,
    code: "datatype_mismatch",
  };
}

export function choicesMessage(choices: readonly (string | number)[]): string {
  return `It should be one of these values: '${choices.join(",")}'`;
}

interface CheckOptions {
  nullable?: boolean;
}

/** Integer field; with `choices`, also an enum. Returns the value when valid. */
export function checkInteger(
  body: JsonObject,
  field: string,
  errors: FieldError[],
  options: CheckOptions & { choices?: readonly number[]; positive?: boolean } = {},
): number | null | undefined {
  if (!has(body, field)) return undefined;
  const v = body[field];
  if (v === null && options.nullable) return null;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    errors.push(datatypeMismatch(field, v, options.positive ? "Positive Integer" : "Integer"));
    return undefined;
  }
  if (options.choices && !options.choices.includes(v)) {
    errors.push({ field, message: choicesMessage(options.choices), code: "invalid_value" });
    return undefined;
  }
  if (options.positive && v < 1) {
    errors.push({ field, message: "It should be a/an Positive Integer", code: "invalid_value" });
    return undefined;
  }
  return v;
}

export function checkString(
  body: JsonObject,
  field: string,
  errors: FieldError[],
  options: CheckOptions & { choices?: readonly string[]; maxLength?: number } = {},
): string | null | undefined {
  if (!has(body, field)) return undefined;
  const v = body[field];
  if (v === null && options.nullable) return null;
  if (typeof v !== "string") {
    errors.push(datatypeMismatch(field, v, "String"));
    return undefined;
  }
  if (options.choices && !options.choices.includes(v)) {
    errors.push({ field, message: choicesMessage(options.choices), code: "invalid_value" });
    return undefined;
  }
  if (options.maxLength !== undefined && v.length > options.maxLength) {
    errors.push({
      field,
      message: `Has ${v.length} characters, it can have maximum of ${options.maxLength} characters`,
      code: "invalid_value",
    });
    return undefined;
  }
  return v;
}

export function checkBoolean(body: JsonObject, field: string, errors: FieldError[]): boolean | undefined {
  if (!has(body, field)) return undefined;
  const v = body[field];
  if (typeof v !== "boolean") {
    errors.push(datatypeMismatch(field, v, "Boolean"));
    return undefined;
  }
  return v;
}

export function checkStringArray(body: JsonObject, field: string, errors: FieldError[]): string[] | undefined {
  if (!has(body, field)) return undefined;
  const v = body[field];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    errors.push(datatypeMismatch(field, v, "Array of String"));
    return undefined;
  }
  return v as string[];
}

export function checkEmailArray(body: JsonObject, field: string, errors: FieldError[]): string[] | undefined {
  const list = checkStringArray(body, field, errors);
  if (list?.some((e) => !isEmail(e))) {
    errors.push({
      field,
      message: "It should contain elements that are in the 'valid email address' format",
      code: "invalid_value",
    });
    return undefined;
  }
  return list;
}

export function checkDateTime(
  body: JsonObject,
  field: string,
  errors: FieldError[],
  options: CheckOptions = {},
): number | null | undefined {
  if (!has(body, field)) return undefined;
  const v = body[field];
  if (v === null && options.nullable) return null;
  if (typeof v !== "string" || parseDateInput(v) === null) {
    errors.push({ field, message: "It should be in the 'valid date time' format", code: "invalid_value" });
    return undefined;
  }
  return parseDateInput(v);
}

export function requireField(body: JsonObject, field: string, errors: FieldError[], type = "String"): boolean {
  const v = body[field];
  if (!has(body, field) || v === null || v === "") {
    errors.push({ field, message: `It should be a/an ${type}`, code: "missing_field" });
    return false;
  }
  return true;
}

export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** HTML to text for `description_text` / `body_text`. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h\d)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
