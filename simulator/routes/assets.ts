// Assets (§7.9): list with `filter=`/`search=`/`trashed=`, show by display_id, create, update, trash, restore,
// permanent delete and per-asset relationships. Type fields are keyed `<name>_<asset_type_id>`.

import { type FieldError, notFound, throwIfErrors } from "../errors";
import type { FilterSchema } from "../filter-query";
import { FILTER_MAX_PAGE, FILTER_PAGE_SIZE, paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { typeFieldsFor } from "../seed/assets";
import { findUser, type TenantState } from "../tenant-state";
import { formatTimestamp, parseDateInput } from "../time";
import type { Asset, CustomFieldValue } from "../types";
import {
  checkDateTime,
  checkInteger,
  checkString,
  choicesMessage,
  datatypeMismatch,
  has,
  type JsonObject,
  mandatoryFieldMissing,
  objectBody,
  requireField,
  unknownFields,
  visitDefinedValues,
} from "../validate";
import { assetExtraRoutes, trackAssignment } from "./asset-extras";
import { created, enumParam, getOr404, intParam, noContent, ok, pathId, readIncludes } from "./common";
import { applyFilter, readFilterParam } from "./filtering";

/** The value of a type field by its base name, whatever asset type defines it (`serial_number` → `serial_number_25`). */
function typeField(a: Asset, base: string): CustomFieldValue | undefined {
  const re = new RegExp(`^${base}_\\d+$`);
  for (const [k, v] of Object.entries(a.type_fields)) if (re.test(k)) return v;
  return undefined;
}

const ASSET_STATE_LABELS = ["In Use", "Missing", "In Transit", "In Stock", "Retired"];

/** `filter=` fields (§5.2). asset_state compares the state label case-insensitively (`'IN STOCK'`). */
const FILTER_SCHEMA: FilterSchema<Asset> = {
  workspace_id: { type: "number", get: (a) => a.workspace_id },
  asset_type_id: { type: "number", get: (a) => a.asset_type_id },
  department_id: { type: "number", get: (a) => a.department_id },
  location_id: { type: "number", get: (a) => a.location_id },
  asset_state: { type: "string", get: (a) => typeField(a, "asset_state"), choices: ASSET_STATE_LABELS },
  user_id: { type: "number", get: (a) => a.user_id },
  agent_id: { type: "number", get: (a) => a.agent_id },
  name: { type: "string", get: (a) => a.name },
  asset_tag: { type: "string", get: (a) => a.asset_tag },
  created_at: { type: "date", get: (a) => a.created_at },
  updated_at: { type: "date", get: (a) => a.updated_at },
  serial_number: { type: "string", get: (a) => typeField(a, "serial_number") },
  mac_addresses: { type: "string", get: (a) => typeField(a, "mac_address") },
  ip_addresses: { type: "string", get: (a) => typeField(a, "ip_address") },
  uuid: { type: "string", get: (a) => typeField(a, "uuid") },
  item_id: { type: "string", get: () => null },
  imei_number: { type: "string", get: (a) => typeField(a, "imei_number") },
  device42_id: { type: "number", get: () => null },
};

/** `search=` fields: partial, case-insensitive matches. */
const SEARCH_SCHEMA: FilterSchema<Asset> = Object.fromEntries(
  ["name", "asset_tag", "serial_number", "mac_addresses", "ip_addresses", "uuid", "item_id", "imei_number"].map((f) => [
    f,
    { type: "string" as const, get: (FILTER_SCHEMA[f] as FilterSchema<Asset>[string]).get, match: "contains" as const },
  ]),
);

export function assetJson(a: Asset, withTypeFields: boolean): Record<string, unknown> {
  const { type_fields, trashed: _t, ...rest } = a;
  return withTypeFields ? { ...rest, type_fields } : rest;
}

/**
 * Asset filters and searches return "the total count of the results ... along with the result (In the headers)"
 * (§5.2, Filter Assets note 8, Search Assets note 6), under a name the documentation doesn't give: this one is the
 * simulator's stand-in (UNCONFIRMED). The Worker reads no such header; it counts assets from their pages.
 */
export const ASSET_TOTAL_HEADER = "x-total-count";

function listAssets(ctx: RouteContext) {
  const { tenant: s, query } = ctx;
  const includes = readIncludes(query, ["type_fields"]);
  // `query=` is the pre-2022 name of `filter=`; still accepted.
  const filterParam = query.has("filter") ? "filter" : query.has("query") ? "query" : null;
  const filter = filterParam ? readFilterParam(query, filterParam, FILTER_SCHEMA) : undefined;
  const search = readFilterParam(query, "search", SEARCH_SCHEMA);
  const filtered = filter !== undefined || search !== undefined;
  const paging = readPaging(query, filtered ? { fixedPerPage: FILTER_PAGE_SIZE, maxPage: FILTER_MAX_PAGE } : {});
  const trashed = query.get("trashed") === "true";
  const ws = intParam(query, "workspace_id");
  const orderBy = enumParam(query, "order_by", ["id", "created_at", "updated_at"] as const) ?? "created_at";
  const orderType = enumParam(query, "order_type", ["asc", "desc"] as const) ?? "desc";
  let items = [...s.assets.values()].filter((a) => a.trashed === trashed && (!ws || a.workspace_id === ws));
  items = applyFilter(applyFilter(items, filter, FILTER_SCHEMA), search, SEARCH_SCHEMA);
  const key = (a: Asset) => (orderBy === "id" ? String(a.id).padStart(20, "0") : a[orderBy]);
  // Filtered results are always newest first.
  const desc = filtered || orderType === "desc";
  items.sort((a, b) => (desc ? -1 : 1) * (key(a).localeCompare(key(b)) || a.display_id - b.display_id));
  const page = paginate(items, paging, ctx.url);
  const headers = filtered ? { ...page.headers, [ASSET_TOTAL_HEADER]: String(items.length) } : page.headers;
  return ok({ assets: page.items.map((a) => assetJson(a, includes.has("type_fields"))) }, headers);
}

function liveAsset(ctx: RouteContext): Asset {
  const a = getOr404(ctx.tenant.assets, pathId(ctx.params.id), "asset");
  if (a.trashed) throw notFound(`Asset ${a.display_id} is in the trash`);
  return a;
}

const ASSET_FIELDS = [
  "name",
  "asset_type_id",
  "description",
  "asset_tag",
  "impact",
  "usage_type",
  "user_id",
  "location_id",
  "department_id",
  "agent_id",
  "group_id",
  "assigned_on",
  "type_fields",
  "workspace_id",
];

function validateTypeFields(
  s: TenantState,
  typeId: number,
  input: unknown,
  errors: FieldError[],
): Record<string, CustomFieldValue> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    errors.push({ field: "type_fields", message: "It should be a/an key/value pair", code: "datatype_mismatch" });
    return {};
  }
  const defs = new Map(typeFieldsFor(s, typeId).map((f) => [f.name, f]));
  const out: Record<string, CustomFieldValue> = {};
  visitDefinedValues(input as JsonObject, defs, errors, (k, v, def) => {
    if (v === null) {
      out[k] = null;
      return;
    }
    const bad = (expected: string) => errors.push(datatypeMismatch(k, v, expected));
    if (def.field_type === "dropdown") {
      const labels = def.choices.map(([l]) => l);
      if (typeof v !== "string" || !labels.includes(v)) {
        errors.push({ field: k, message: choicesMessage(labels), code: "invalid_value" });
        return;
      }
    } else if (def.field_type === "number" || def.field_type === "lookup") {
      if (typeof v !== "number") {
        bad("Number");
        return;
      }
      if (k.startsWith("product_") && !s.products.has(v)) {
        errors.push({ field: k, message: "There is no product matching the given id", code: "invalid_value" });
        return;
      }
      if (k.startsWith("vendor_") && !s.vendors.has(v)) {
        errors.push({ field: k, message: "There is no vendor matching the given id", code: "invalid_value" });
        return;
      }
    } else if (def.field_type === "checkbox") {
      if (typeof v !== "boolean") {
        bad("Boolean");
        return;
      }
    } else if (def.field_type === "date") {
      if (typeof v !== "string" || parseDateInput(v) === null) {
        errors.push({ field: k, message: "It should be in the 'yyyy-mm-dd' format", code: "invalid_value" });
        return;
      }
    } else if (typeof v !== "string") {
      bad("String");
      return;
    }
    out[k] = v as CustomFieldValue;
  });
  return out;
}

function writeAsset(ctx: RouteContext, existing?: Asset) {
  const s = ctx.tenant;
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, existing ? ASSET_FIELDS.filter((f) => f !== "workspace_id") : ASSET_FIELDS);
  if (!existing) {
    requireField(body, "name", errors);
    requireField(body, "asset_type_id", errors, "Positive Integer");
  }
  const name = checkString(body, "name", errors, { maxLength: 255 });
  const typeId = checkInteger(body, "asset_type_id", errors, { positive: true });
  if (typeof typeId === "number" && !s.assetTypes.has(typeId)) {
    errors.push({
      field: "asset_type_id",
      message: "There is no asset type matching the given asset_type_id",
      code: "invalid_value",
    });
  }
  const description = checkString(body, "description", errors, { nullable: true });
  const tag = checkString(body, "asset_tag", errors, { nullable: true });
  if (
    typeof tag === "string" &&
    [...s.assets.values()].some((a) => a !== existing && a.asset_tag?.toLowerCase() === tag.toLowerCase())
  ) {
    errors.push({ field: "asset_tag", message: "It should be a unique value", code: "duplicate_value" });
  }
  const impact = checkString(body, "impact", errors, { choices: ["low", "medium", "high"] });
  const usage = checkString(body, "usage_type", errors, { choices: ["permanent", "loaner"] });
  const refs: Array<[string, (id: number) => boolean]> = [
    ["user_id", (id) => findUser(s, id) !== undefined],
    ["location_id", (id) => s.locations.has(id)],
    ["department_id", (id) => s.departments.has(id)],
    ["agent_id", (id) => s.agents.has(id)],
    ["group_id", (id) => s.groups.has(id)],
  ];
  const refValues: Record<string, number | null> = {};
  for (const [f, exists] of refs) {
    const v = checkInteger(body, f, errors, { nullable: true, positive: true });
    if (typeof v === "number" && !exists(v))
      errors.push({ field: f, message: `There is no record matching the given ${f}`, code: "invalid_value" });
    if (v !== undefined) refValues[f] = v;
  }
  const assignedOn = checkDateTime(body, "assigned_on", errors, { nullable: true });
  const effectiveType = typeof typeId === "number" ? typeId : existing?.asset_type_id;
  const typeFields =
    has(body, "type_fields") && effectiveType !== undefined && s.assetTypes.has(effectiveType)
      ? validateTypeFields(s, effectiveType, body.type_fields, errors)
      : {};
  const ws = checkInteger(body, "workspace_id", errors, { positive: true });
  // Per-tenant type fields can be mandatory: blank after this write → missing_field (updates are only checked
  // when they touch type_fields or the type, so unrelated edits of older assets keep working).
  const checksTypeFields = !existing || has(body, "type_fields") || typeof typeId === "number";
  if (checksTypeFields && effectiveType !== undefined && s.assetTypes.has(effectiveType)) {
    const merged = { ...(existing?.type_fields ?? {}), ...typeFields };
    for (const f of typeFieldsFor(s, effectiveType))
      if (f.required && (merged[f.name] === null || merged[f.name] === undefined || merged[f.name] === ""))
        if (!errors.some((e) => e.field === f.name)) errors.push(mandatoryFieldMissing(f.name));
  }
  throwIfErrors(errors);

  const ts = formatTimestamp(ctx.now);
  if (existing) {
    if (typeof name === "string") existing.name = name;
    if (typeof typeId === "number") existing.asset_type_id = typeId;
    if (description !== undefined) existing.description = description;
    if (tag !== undefined) existing.asset_tag = tag;
    if (impact) existing.impact = impact as Asset["impact"];
    if (usage) existing.usage_type = usage as Asset["usage_type"];
    if (refValues.user_id !== undefined && refValues.user_id !== existing.user_id)
      trackAssignment(s, existing, refValues.user_id, ctx.now);
    Object.assign(existing, refValues);
    if (refValues.user_id !== undefined) existing.assigned_on = refValues.user_id === null ? null : ts;
    if (assignedOn !== undefined) existing.assigned_on = assignedOn === null ? null : formatTimestamp(assignedOn);
    existing.type_fields = { ...existing.type_fields, ...typeFields };
    existing.updated_at = ts;
    existing.last_updated_by_user = s.currentAgentId;
    return ok({ asset: assetJson(existing, true) });
  }
  const displayId = s.nextId("assetDisplay");
  const asset: Asset = {
    id: s.nextId("asset"),
    display_id: displayId,
    name: name as string,
    description: description ?? null,
    asset_type_id: typeId as number,
    // Freshservice generates ASSET-<display_id> when no tag is given.
    asset_tag: tag ?? `ASSET-${displayId}`,
    impact: (impact as Asset["impact"]) ?? "low",
    author_type: "User",
    usage_type: (usage as Asset["usage_type"]) ?? "permanent",
    user_id: refValues.user_id ?? null,
    location_id: refValues.location_id ?? null,
    department_id: refValues.department_id ?? null,
    agent_id: refValues.agent_id ?? null,
    group_id: refValues.group_id ?? null,
    assigned_on: assignedOn ? formatTimestamp(assignedOn) : refValues.user_id ? ts : null,
    workspace_id: typeof ws === "number" ? ws : 2,
    created_by_source: "API",
    last_updated_by_source: "API",
    created_by_user: s.currentAgentId,
    last_updated_by_user: s.currentAgentId,
    sources: ["API"],
    end_of_life: null,
    discovery_enabled: false,
    created_at: ts,
    updated_at: ts,
    type_fields: typeFields,
    trashed: false,
  };
  s.assets.set(displayId, asset);
  if (asset.user_id !== null) trackAssignment(s, asset, asset.user_id, ctx.now);
  return created(ctx.url, `/assets/${displayId}`, { asset: assetJson(asset, true) });
}

function assetRelationships(ctx: RouteContext) {
  const a = liveAsset(ctx);
  const items = [...ctx.tenant.relationships.values()].filter(
    (r) =>
      (r.primary_type === "asset" && r.primary_id === a.display_id) ||
      (r.secondary_type === "asset" && r.secondary_id === a.display_id),
  );
  return ok({ relationships: items });
}

export const assetRoutes: Route[] = [
  ...assetExtraRoutes((a) => assetJson(a, true)),
  { method: "GET", pattern: "/assets", handler: listAssets, embeds: "list" },
  { method: "POST", pattern: "/assets", handler: (ctx) => writeAsset(ctx) },
  {
    method: "GET",
    pattern: "/assets/:id",
    embeds: "show",
    handler: (ctx) => {
      const includes = readIncludes(ctx.query, ["type_fields"]);
      return ok({ asset: assetJson(liveAsset(ctx), includes.has("type_fields")) });
    },
  },
  { method: "PUT", pattern: "/assets/:id", handler: (ctx) => writeAsset(ctx, liveAsset(ctx)) },
  {
    method: "DELETE",
    pattern: "/assets/:id",
    handler: (ctx) => {
      const a = liveAsset(ctx);
      a.trashed = true;
      a.updated_at = formatTimestamp(ctx.now);
      return noContent;
    },
  },
  {
    method: "PUT",
    pattern: "/assets/:id/restore",
    handler: (ctx) => {
      const a = getOr404(ctx.tenant.assets, pathId(ctx.params.id), "asset");
      a.trashed = false;
      a.updated_at = formatTimestamp(ctx.now);
      return noContent;
    },
  },
  {
    method: "PUT",
    pattern: "/assets/:id/delete_forever",
    handler: (ctx) => {
      const s = ctx.tenant;
      const a = getOr404(s.assets, pathId(ctx.params.id), "asset");
      s.assets.delete(a.display_id);
      for (const r of [...s.relationships.values()]) {
        if (
          (r.primary_type === "asset" && r.primary_id === a.display_id) ||
          (r.secondary_type === "asset" && r.secondary_id === a.display_id)
        ) {
          s.relationships.delete(r.id);
        }
      }
      return noContent;
    },
  },
  { method: "GET", pattern: "/assets/:id/relationships", handler: assetRelationships },
];
