// Attribute handling shared by problems, changes and releases: requester by id or e-mail, the category trio,
// `assets` links ([{display_id}], replace-all), rich-text groups (analysis/planning fields) and the record
// filter schema for `query=` (§5.2).

import { type CustomFieldDef, customFieldFilterType, validateCustomFieldValues } from "../custom-field-defs";
import type { JsonRecord } from "../engine/collections";
import type { FieldError } from "../errors";
import type { FilterFieldType, FilterSchema } from "../filter-query";
import type { RouteContext } from "../router";
import { CATEGORY_FIELD } from "../seed/form-fields";
import { findUserByEmail, type TenantState } from "../tenant-state";
import { htmlToText, invalidField, type JsonObject } from "../validate";
import { embeddedAsset } from "./ticket-json";

/** Resolves `email` to `requester_id` (existing users only); on create one of them is required. */
export function requesterErrors(ctx: RouteContext, v: JsonObject, mode: "create" | "update"): FieldError[] {
  if (typeof v.email === "string") {
    const user = findUserByEmail(ctx.tenant, v.email);
    if (!user)
      return [{ field: "email", message: "There is no contact matching the given email", code: "invalid_value" }];
    if (v.requester_id === undefined) v.requester_id = user.id;
  }
  delete v.email;
  if (mode === "create" && typeof v.requester_id !== "number")
    return [
      { field: "requester_id", message: "Please fill at least 1 of requester_id, email fields", code: "missing_field" },
    ];
  return [];
}

/** category → sub_category → item_category must follow the default category tree. */
export function categoryErrors(v: JsonObject, existing?: JsonRecord): FieldError[] {
  if (v.category === undefined && v.sub_category === undefined && v.item_category === undefined) return [];
  const merged = {
    category: v.category !== undefined ? v.category : (existing?.category ?? null),
    sub_category: v.sub_category !== undefined ? v.sub_category : (existing?.sub_category ?? null),
    item_category: v.item_category !== undefined ? v.item_category : (existing?.item_category ?? null),
  };
  return validateCustomFieldValues([CATEGORY_FIELD], merged);
}

/** `assets: [{display_id}]` → `_asset_display_ids` (replace-all on update). */
export function assetLinkErrors(state: TenantState, v: JsonObject): FieldError[] {
  if (v.assets === undefined) return [];
  const list = v.assets as JsonObject[];
  const ids: number[] = [];
  for (const a of list) {
    const id = a.display_id;
    if (typeof id !== "number" || !state.assets.has(id))
      return [{ field: "assets", message: "There is no asset matching the given display_id", code: "invalid_value" }];
    ids.push(id);
  }
  delete v.assets;
  v._asset_display_ids = ids;
  return [];
}

export function linkedAssets(state: TenantState, record: JsonRecord): unknown[] {
  return ((record._asset_display_ids as number[] | undefined) ?? [])
    .map((d) => state.assets.get(d))
    .filter((a) => a !== undefined)
    .map(embeddedAsset);
}

/** `{key: {description: "<html>"}}` groups; stored with `description_text`. */
export function richTextGroupErrors(v: JsonObject, field: string, keys: readonly string[]): FieldError[] {
  const value = v[field];
  if (value === undefined || value === null) return [];
  const errors: FieldError[] = [];
  const out: JsonObject = {};
  for (const [k, entry] of Object.entries(value as JsonObject)) {
    if (!keys.includes(k)) {
      errors.push(invalidField(k));
      continue;
    }
    const description = (entry as JsonObject | null)?.description;
    if (typeof entry !== "object" || entry === null || typeof description !== "string") {
      errors.push({ field: k, message: "It should be a/an key/value pair with a description", code: "invalid_value" });
      continue;
    }
    out[k] = { description, description_text: htmlToText(description) };
  }
  v[field] = out;
  return errors;
}

export function mergeRichText(record: JsonRecord, field: string, value: unknown): void {
  if (value === undefined) return;
  record[field] = { ...((record[field] as JsonObject | null) ?? {}), ...((value as JsonObject | null) ?? {}) };
}

/** A `query=` schema over plain record attributes plus the filterable custom fields. */
export function recordFilterSchema(
  attributes: Readonly<Record<string, FilterFieldType>>,
  custom: readonly CustomFieldDef[],
): FilterSchema<JsonRecord> {
  const schema: Record<string, FilterSchema<JsonRecord>[string]> = {};
  for (const [name, type] of Object.entries(attributes)) schema[name] = { type, get: (r) => r[name] };
  for (const d of custom) {
    const type = customFieldFilterType(d, { text: true });
    if (!type) continue;
    schema[d.name] = {
      type,
      get: (r) => (r.custom_fields as JsonObject | undefined)?.[d.name],
      choices: d.type === "custom_dropdown" ? d.choices : undefined,
    };
  }
  return schema;
}
