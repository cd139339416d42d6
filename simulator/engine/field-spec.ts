// Declarative body validation for the resource engine: each attribute's JSON type, enum, reference and
// create/update rules. Produces Freshservice's field errors (§1.4), all of them at once.

import type { FieldError } from "../errors";
import type { TenantState } from "../tenant-state";
import { findUser } from "../tenant-state";
import { formatDate, formatTimestamp, parseDateInput } from "../time";
import { choicesMessage, datatypeMismatch, invalidField, isEmail, type JsonObject } from "../validate";
import type { RecordCollectionName } from "./collections";

export type FieldKind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  /** `yyyy-mm-dd`, stored as given. */
  | "date"
  /** Any accepted date/datetime input (§4), stored as `…Z`. */
  | "datetime"
  | "email"
  | "string[]"
  | "integer[]"
  | "email[]"
  | "object"
  | "object[]"
  /** Anything JSON (validated by the resource's own hook). */
  | "any";

/** What an id refers to; built-in collections by name, generic ones by their collection name. */
export type RefKind =
  | "agent"
  | "requester"
  | "user"
  | "group"
  | "department"
  | "location"
  | "workspace"
  | "vendor"
  | "product"
  | "assetType"
  | "asset"
  | "relationshipType"
  | RecordCollectionName;

export interface FieldSpec {
  kind: FieldKind;
  /** Mandatory on create (missing, null or "" → missing_field). */
  required?: boolean;
  nullable?: boolean;
  choices?: readonly (string | number)[];
  /** Ids (or each id of an integer[]) must exist. */
  ref?: RefKind;
  /** Settable on create only; on update → invalid_field (e.g. workspace_id, which needs move_workspace). */
  createOnly?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
}

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

export function refExists(state: TenantState, ref: RefKind, id: number): boolean {
  switch (ref) {
    case "agent":
      return state.agents.has(id);
    case "requester":
      return state.requesters.has(id);
    case "user":
      return findUser(state, id) !== undefined;
    case "group":
      return state.groups.has(id);
    case "department":
      return state.departments.has(id);
    case "location":
      return state.locations.has(id);
    case "workspace":
      return state.workspaces.has(id);
    case "vendor":
      return state.vendors.has(id);
    case "product":
      return state.products.has(id);
    case "assetType":
      return state.assetTypes.has(id);
    case "asset":
      return state.assets.has(id);
    case "relationshipType":
      return state.relationshipTypes.has(id);
    default:
      return state.collections[ref].has(id);
  }
}

const REF_LABEL: Partial<Record<RefKind, string>> = { user: "contact", requester: "contact", assetType: "asset type" };

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks one present value; returns the normalized value, or undefined after pushing an error. */
export function checkValue(
  state: TenantState,
  field: string,
  value: unknown,
  spec: FieldSpec,
  errors: FieldError[],
): unknown {
  if (value === null) {
    if (spec.nullable) return null;
    // null clears nothing that isn't nullable: blank for mandatory fields, a type mismatch otherwise.
    errors.push(
      spec.required
        ? { field, message: "It should not be blank", code: "missing_field" }
        : datatypeMismatch(field, null, expectedName(spec)),
    );
    return undefined;
  }
  const invalid = (message: string) => {
    errors.push({ field, message, code: "invalid_value" });
    return undefined;
  };
  switch (spec.kind) {
    case "string":
    case "email": {
      if (typeof value !== "string") return void errors.push(datatypeMismatch(field, value, "String"));
      if (spec.kind === "email" && !isEmail(value)) return invalid("It should be in the 'valid email address' format");
      if (spec.maxLength !== undefined && value.length > spec.maxLength)
        return invalid(`Has ${value.length} characters, it can have maximum of ${spec.maxLength} characters`);
      break;
    }
    case "integer":
      if (!isInt(value)) return void errors.push(datatypeMismatch(field, value, "Integer"));
      break;
    case "number":
      if (typeof value !== "number") return void errors.push(datatypeMismatch(field, value, "Number"));
      break;
    case "boolean":
      if (typeof value !== "boolean") return void errors.push(datatypeMismatch(field, value, "Boolean"));
      break;
    case "date":
      if (typeof value !== "string" || parseDateInput(value) === null)
        return invalid("It should be in the 'yyyy-mm-dd' format");
      return formatDate(parseDateInput(value) as number);
    case "datetime":
      if (typeof value !== "string" || parseDateInput(value) === null)
        return invalid("It should be in the 'valid date time' format");
      return formatTimestamp(parseDateInput(value) as number);
    case "string[]":
    case "email[]":
      if (!Array.isArray(value) || value.some((x) => typeof x !== "string"))
        return void errors.push(datatypeMismatch(field, value, "Array of String"));
      if (spec.kind === "email[]" && value.some((x) => !isEmail(x as string)))
        return invalid("It should contain elements that are in the 'valid email address' format");
      break;
    case "integer[]":
      if (!Array.isArray(value) || value.some((x) => !isInt(x)))
        return void errors.push(datatypeMismatch(field, value, "Array of Positive Integer"));
      break;
    case "object":
      if (!isPlainObject(value)) return void errors.push(datatypeMismatch(field, value, "key/value pair"));
      break;
    case "object[]":
      if (!Array.isArray(value) || value.some((x) => !isPlainObject(x)))
        return void errors.push(datatypeMismatch(field, value, "Array of key/value pair"));
      break;
    case "any":
      break;
  }
  if (spec.choices) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => !spec.choices?.includes(v as string | number))) return invalid(choicesMessage(spec.choices));
  }
  if (typeof value === "number") {
    if (spec.min !== undefined && value < spec.min) return invalid(`It should be greater than or equal to ${spec.min}`);
    if (spec.max !== undefined && value > spec.max) return invalid(`It should be less than or equal to ${spec.max}`);
  }
  if (spec.ref) {
    const ids = Array.isArray(value) ? (value as number[]) : [value as number];
    const ref = spec.ref;
    if (ids.some((id) => !refExists(state, ref, id)))
      return invalid(`There is no ${REF_LABEL[ref] ?? ref} matching the given ${field}`);
  }
  return value;
}

export type WriteMode = "create" | "update";

/**
 * Validates `body` against `specs`: unknown attributes (invalid_field), create-only attributes on update,
 * types/enums/references, and on create the required ones. Returns the normalized values that were sent.
 */
export function validateFields(
  state: TenantState,
  body: JsonObject,
  specs: FieldSpecs,
  mode: WriteMode,
  errors: FieldError[],
): JsonObject {
  const values: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) {
      errors.push(invalidField(key));
      continue;
    }
    if (mode === "update" && spec.createOnly) {
      errors.push({ field: key, message: `${key} can't be updated`, code: "invalid_field" });
      continue;
    }
    const checked = checkValue(state, key, value, spec, errors);
    if (checked !== undefined) values[key] = checked;
  }
  if (mode === "create") {
    for (const [key, spec] of Object.entries(specs)) {
      if (!spec.required) continue;
      const v = body[key];
      if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) {
        if (errors.some((e) => e.field === key)) continue;
        errors.push({ field: key, message: `It should be a/an ${expectedName(spec)}`, code: "missing_field" });
      }
    }
  }
  return values;
}

function expectedName(spec: FieldSpec): string {
  switch (spec.kind) {
    case "integer":
      return "Positive Integer";
    case "number":
      return "Number";
    case "boolean":
      return "Boolean";
    case "string[]":
    case "email[]":
      return "Array of String";
    case "integer[]":
      return "Array of Positive Integer";
    case "object":
      return "key/value pair";
    case "object[]":
      return "Array";
    default:
      return "String";
  }
}
