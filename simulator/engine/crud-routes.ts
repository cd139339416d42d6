// The resource engine's generic handlers: list/get/create/update/delete, restore and move_workspace for any
// ResourceSpec, with body wrappers, custom fields, workspace defaults, `query=` filters and `link` paging.

import { missingRequired, validateCustomFieldValues } from "../custom-field-defs";
import { type FieldError, notFound, throwIfErrors } from "../errors";
import { FILTER_PAGE_SIZE, paginate, readPaging } from "../paginate";
import type { Route, RouteContext, RouteResult } from "../router";
import { byCreatedDesc, created, intParam, noContent, ok, pathId, readIncludes } from "../routes/common";
import { applyFilter, readFilterParam } from "../routes/filtering";
import { formatTimestamp } from "../time";
import { htmlToText, invalidField, type JsonObject, objectBody } from "../validate";
import { type JsonRecord, publicRecord } from "./collections";
import { type FieldSpecs, validateFields, type WriteMode } from "./field-spec";
import type { Operation, ResourceSpec } from "./resource";

const PRIMARY_WORKSPACE = 2;

export function itemParamOf(spec: ResourceSpec): string {
  return spec.itemParam ?? (spec.path.includes(":id") ? "item_id" : "id");
}

export function itemPathOf(spec: ResourceSpec): string {
  return spec.itemPath ?? `${spec.path}/:${itemParamOf(spec)}`;
}

/** The concrete path of one record (for `Location`), parent id filled in. */
function concretePath(spec: ResourceSpec, ctx: RouteContext, key: number): string {
  return itemPathOf(spec)
    .replace(`:${itemParamOf(spec)}`, String(key))
    .replace(":id", ctx.params.id ?? "");
}

function keyOf(spec: ResourceSpec, record: JsonRecord): number {
  return spec.keyField === "display_id" ? (record.display_id as number) : record.id;
}

const NO_INCLUDES: ReadonlySet<string> = new Set();

export function jsonOf(
  spec: ResourceSpec,
  ctx: RouteContext,
  record: JsonRecord,
  mode: "show" | "list",
  includes: ReadonlySet<string> = NO_INCLUDES,
): unknown {
  return spec.toJson ? spec.toJson(ctx, record, mode, includes) : publicRecord(record);
}

function isTrashed(spec: ResourceSpec, record: JsonRecord): boolean {
  return spec.delete?.mode === "trash" && record.deleted === true;
}

/** The record named by the path (scoped to its parent), or 404. `live` also 404s records in the trash. */
export function recordOr404(spec: ResourceSpec, ctx: RouteContext, options: { live?: boolean } = {}): JsonRecord {
  const parent = spec.parent?.(ctx);
  const key = pathId(ctx.params[itemParamOf(spec)]);
  const record = spec.store(ctx.tenant).get(key);
  if (!record || (parent && record._parent_id !== parent.id)) throw notFound(`No ${spec.label} found with id ${key}`);
  if (options.live && isTrashed(spec, record)) throw notFound(`${spec.label} ${key} is deleted`);
  return record;
}

/** Splits a wrapped body (`{"time_entry":{…}}`) into the inner object and its allowed siblings. */
export function unwrapBody(
  body: JsonObject,
  wrapper: string | undefined,
  siblings: FieldSpecs | undefined,
  errors: FieldError[],
): { inner: JsonObject; outer: JsonObject } {
  if (!wrapper) return { inner: body, outer: {} };
  const outer: JsonObject = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === wrapper) continue;
    if (siblings && Object.hasOwn(siblings, k)) outer[k] = v;
    else errors.push(invalidField(k));
  }
  const inner = body[wrapper];
  if (inner === undefined) {
    errors.push({ field: wrapper, message: "It should be a/an key/value pair", code: "missing_field" });
    return { inner: {}, outer };
  }
  if (typeof inner !== "object" || inner === null || Array.isArray(inner)) {
    errors.push({ field: wrapper, message: "It should be a/an key/value pair", code: "datatype_mismatch" });
    return { inner: {}, outer };
  }
  return { inner: inner as JsonObject, outer };
}

function specFields(spec: ResourceSpec, ctx: RouteContext, mode: WriteMode): FieldSpecs {
  const fields = spec.fields(ctx.tenant, mode);
  return spec.customFields && !fields.custom_fields ? { ...fields, custom_fields: { kind: "object" } } : fields;
}

/** Validates a create/update body for `spec`; throws the collected 400 or returns the values. */
export function readWriteBody(
  ctx: RouteContext,
  spec: ResourceSpec,
  mode: WriteMode,
  existing?: JsonRecord,
): JsonObject {
  const errors: FieldError[] = [];
  const { inner, outer } = unwrapBody(objectBody(ctx.body), spec.wrapper, spec.wrapperSiblings, errors);
  // Without its wrapper the body has no attributes to check: report the wrapper problem alone.
  if (spec.wrapper && errors.some((e) => e.field === spec.wrapper)) throwIfErrors(errors);
  const values = validateFields(ctx.tenant, inner, specFields(spec, ctx, mode), mode, errors);
  if (spec.wrapperSiblings)
    Object.assign(values, validateFields(ctx.tenant, outer, spec.wrapperSiblings, mode, errors));
  if (spec.customFields) {
    const defs = spec.customFields(ctx.tenant);
    const sent = (values.custom_fields as JsonObject | undefined) ?? {};
    errors.push(...validateCustomFieldValues(defs, sent));
    const merged = { ...((existing?.custom_fields as JsonObject | undefined) ?? {}), ...sent };
    if (mode === "create") errors.push(...missingRequired(defs, merged, "required"));
    const status = values.status ?? existing?.status;
    if (typeof status === "number" && spec.closedStatuses?.includes(status))
      for (const e of missingRequired(defs, merged, "required_for_closure"))
        if (!errors.some((x) => x.field === e.field)) errors.push(e);
  }
  if (spec.validate) errors.push(...spec.validate(ctx, values, mode, existing));
  throwIfErrors(errors);
  return values;
}

/** Default update: assign, merge custom_fields, touch updated_at. */
export function applyValues(ctx: RouteContext, record: JsonRecord, values: JsonObject): void {
  const { custom_fields, ...rest } = values;
  Object.assign(record, rest);
  if (custom_fields)
    record.custom_fields = { ...(record.custom_fields as JsonObject), ...(custom_fields as JsonObject) };
  if ("updated_at" in record) record.updated_at = formatTimestamp(ctx.now);
}

/** An `apply` for records that keep a plain-text copy of an HTML attribute (`body` → `body_text`). */
export function applyKeepingText(htmlKey: string, textKey: string): NonNullable<ResourceSpec["apply"]> {
  return (ctx, record, values) => {
    applyValues(ctx, record, values);
    const html = values[htmlKey];
    if (html !== undefined) record[textKey] = typeof html === "string" ? htmlToText(html) : null;
  };
}

export function listRecords(
  spec: ResourceSpec,
  ctx: RouteContext,
): { items: JsonRecord[]; total?: number; headers: Record<string, string> } {
  const parent = spec.parent?.(ctx);
  const opts = spec.list ?? {};
  opts.checkParams?.(ctx);
  const trashedToo = opts.includeTrashed?.(ctx) ?? false;
  let items = [...spec.store(ctx.tenant).values()].filter(
    (r) => (!parent || r._parent_id === parent.id) && (trashedToo ? isTrashed(spec, r) : !isTrashed(spec, r)),
  );
  if (opts.workspaceScoped) {
    const ws = intParam(ctx.query, "workspace_id") ?? PRIMARY_WORKSPACE;
    if (ws !== 0) items = items.filter((r) => r.workspace_id === ws);
  }
  if (opts.filter) items = items.filter((r) => opts.filter?.(r, ctx));
  const node = opts.query ? readFilterParam(ctx.query, "query", opts.query.schema(ctx.tenant)) : undefined;
  if (node && opts.query) items = applyFilter(items, node, opts.query.schema(ctx.tenant));
  const hasCreated = items.every((r) => typeof r.created_at === "string");
  const fallback = hasCreated
    ? (byCreatedDesc as (a: JsonRecord, b: JsonRecord) => number)
    : (a: JsonRecord, b: JsonRecord) => a.id - b.id;
  items.sort((node ? undefined : opts.order?.(ctx)) ?? fallback);
  if (opts.unpaged) return { items, headers: {} };
  const paging = readPaging(ctx.query, node && !opts.query?.perPage ? { fixedPerPage: FILTER_PAGE_SIZE } : {});
  const page = paginate(items, paging, ctx.url);
  return { items: page.items, total: node && opts.query?.total ? items.length : undefined, headers: page.headers };
}

function listHandler(spec: ResourceSpec) {
  return (ctx: RouteContext): RouteResult => {
    const overridden = spec.list?.override?.(ctx);
    if (overridden) return overridden;
    const includes = spec.listIncludes ? readIncludes(ctx.query, spec.listIncludes) : NO_INCLUDES;
    const { items, total, headers } = listRecords(spec, ctx);
    const body: JsonObject = { [spec.plural]: items.map((r) => jsonOf(spec, ctx, r, "list", includes)) };
    if (total !== undefined) body.total = total;
    return ok(body, headers);
  };
}

export function createRecord(spec: ResourceSpec, ctx: RouteContext): JsonRecord {
  const parent = spec.parent?.(ctx);
  const values = readWriteBody(ctx, spec, "create");
  const record = spec.build(ctx, values, parent?.record);
  if (parent) record._parent_id = parent.id;
  spec.store(ctx.tenant).set(keyOf(spec, record), record);
  return record;
}

function createHandler(spec: ResourceSpec) {
  return (ctx: RouteContext): RouteResult => {
    const record = createRecord(spec, ctx);
    return created(ctx.url, concretePath(spec, ctx, keyOf(spec, record)), {
      [spec.single]: jsonOf(spec, ctx, record, "show"),
    });
  };
}

export function updateRecord(spec: ResourceSpec, ctx: RouteContext): JsonRecord {
  const record = recordOr404(spec, ctx, { live: true });
  const values = readWriteBody(ctx, spec, "update", record);
  (spec.apply ?? applyValues)(ctx, record, values);
  return record;
}

function deleteHandler(spec: ResourceSpec) {
  return (ctx: RouteContext): RouteResult => {
    const semantics = spec.delete ?? { mode: "permanent", status: 204 };
    const record = recordOr404(spec, ctx, { live: true });
    if (semantics.mode === "permanent") spec.store(ctx.tenant).delete(keyOf(spec, record));
    else if (semantics.mode === "trash") record.deleted = true;
    else record.active = false;
    if ("updated_at" in record && semantics.mode !== "permanent") record.updated_at = formatTimestamp(ctx.now);
    if (semantics.status === 200 && semantics.body === "record")
      return ok({ [spec.single]: jsonOf(spec, ctx, record, "show") });
    return { status: semantics.status };
  };
}

function moveWorkspaceHandler(spec: ResourceSpec) {
  return (ctx: RouteContext): RouteResult => {
    const move = spec.moveWorkspace as NonNullable<ResourceSpec["moveWorkspace"]>;
    const record = recordOr404(spec, ctx, { live: true });
    const errors: FieldError[] = [];
    const values = validateFields(ctx.tenant, objectBody(ctx.body), move.fields, "create", errors);
    if (values.workspace_id === 1)
      errors.push({
        field: "workspace_id",
        message: "Records can't be moved to the global workspace",
        code: "invalid_value",
      });
    throwIfErrors(errors);
    for (const [k, v] of Object.entries(values)) record[move.rename?.[k] ?? k] = v;
    if ("updated_at" in record) record.updated_at = formatTimestamp(ctx.now);
    return ok({ [spec.single]: jsonOf(spec, ctx, record, "show") });
  };
}

const ALL_OPERATIONS: readonly Operation[] = ["list", "get", "create", "update", "delete"];

/** Every route of one resource, item-level suffix routes first so they win over `:id`. */
export function resourceRoutes(spec: ResourceSpec): Route[] {
  const ops = new Set(spec.operations ?? ALL_OPERATIONS);
  const item = itemPathOf(spec);
  const routes: Route[] = [];
  if (spec.restore)
    routes.push({
      method: "PUT",
      pattern: `${item}/restore`,
      handler: (ctx) => {
        // Idempotent, like the ticket restore: restoring a live record is a no-op.
        const record = recordOr404(spec, ctx);
        record.deleted = false;
        if ("updated_at" in record) record.updated_at = formatTimestamp(ctx.now);
        return noContent;
      },
    });
  if (spec.moveWorkspace)
    routes.push({ method: "PUT", pattern: `${item}/move_workspace`, handler: moveWorkspaceHandler(spec) });
  if (ops.has("list"))
    routes.push({
      method: "GET",
      pattern: spec.path,
      handler: listHandler(spec),
      embeds: spec.listIncludes ? "list" : undefined,
    });
  if (ops.has("create")) routes.push({ method: "POST", pattern: spec.path, handler: createHandler(spec) });
  if (ops.has("get"))
    routes.push({
      method: "GET",
      pattern: item,
      embeds: spec.showIncludes ? "show" : undefined,
      handler: (ctx) => {
        const includes = spec.showIncludes ? readIncludes(ctx.query, spec.showIncludes) : NO_INCLUDES;
        return ok({ [spec.single]: jsonOf(spec, ctx, recordOr404(spec, ctx), "show", includes) });
      },
    });
  if (ops.has("update"))
    routes.push({
      method: spec.updateMethod ?? "PUT",
      pattern: item,
      handler: (ctx) => ok({ [spec.single]: jsonOf(spec, ctx, updateRecord(spec, ctx), "show") }),
    });
  if (ops.has("delete")) routes.push({ method: "DELETE", pattern: item, handler: deleteHandler(spec) });
  return routes;
}
