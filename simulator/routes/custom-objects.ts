// Custom objects and their records (§7.28): object list (`meta.count/page/per_page`) and schema, records as
// `{"data":{…}}` addressed by `bo_display_id`, create/update answering `{"custom_object":{"data":…}}`, delete
// answering 202, and the record list with its own query grammar, `page_size`/`next_page_link` paging,
// `sort_field`/`sort_order` and `meta.total_records`. Lookups are written as ids and read as `{id, value}`.

import {
  matchesRecordCondition,
  parseRecordQuery,
  type RecordCondition,
  RecordQueryError,
} from "../custom-object-query";
import type { JsonRecord } from "../engine/collections";
import { type FieldError, fieldError, notFound, throwIfErrors, validationError } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, type TenantState, userEmail, userName } from "../tenant-state";
import { formatTimestamp, parseDateInput } from "../time";
import {
  choicesMessage,
  datatypeMismatch,
  invalidField,
  type JsonObject,
  mandatoryFieldMissing,
  objectBody,
  visitDefinedValues,
} from "../validate";
import { getOr404, intParam, ok, pathId } from "./common";

export interface CustomObjectField {
  name: string;
  label: string;
  type: "text" | "paragraph" | "number" | "decimal" | "date" | "checkbox" | "dropdown" | "lookup";
  required: boolean;
  choices?: Array<{ id: number; value: string }>;
  /** Lookups: where the id points (all_users, agent_groups, service_items, departments, locations). */
  meta?: { source_name: string };
  /** Dependent-dropdown levels below this one. */
  fields?: CustomObjectField[];
}

const META_FIELDS = ["bo_display_id", "bo_created_by", "bo_updated_by", "bo_created_at", "bo_updated_at"];
const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

function objectOr404(ctx: RouteContext): JsonRecord {
  return getOr404(ctx.tenant.collections.customObjects, pathId(ctx.params.id), "custom object");
}

/** Every field incl. dependent-dropdown levels, flattened. */
export function flatFields(object: JsonRecord): CustomObjectField[] {
  const out: CustomObjectField[] = [];
  const walk = (list: CustomObjectField[]) => {
    for (const f of list) {
      out.push(f);
      walk(f.fields ?? []);
    }
  };
  walk((object._fields as CustomObjectField[]) ?? []);
  return out;
}

function lookupTarget(state: TenantState, source: string, id: number): { id: number; value: string } | undefined {
  switch (source) {
    case "all_users": {
      const u = findUser(state, id);
      return u ? { id, value: `${userName(u)} <${userEmail(u) ?? ""}>` } : undefined;
    }
    case "agent_groups": {
      const g = state.groups.get(id);
      return g ? { id, value: g.name } : undefined;
    }
    case "service_items": {
      const i = state.collections.serviceItems.get(id);
      return i ? { id, value: i.name as string } : undefined;
    }
    case "departments": {
      const d = state.departments.get(id);
      return d ? { id, value: d.name } : undefined;
    }
    case "locations": {
      const l = state.locations.get(id);
      return l ? { id, value: l.name } : undefined;
    }
    default:
      return undefined;
  }
}

function checkData(
  state: TenantState,
  object: JsonRecord,
  data: JsonObject,
  mode: "create" | "update",
  existing?: JsonObject,
): JsonObject {
  const errors: FieldError[] = [];
  const fields = new Map(flatFields(object).map((f) => [f.name, f]));
  const out: JsonObject = {};
  visitDefinedValues(
    data,
    fields,
    errors,
    (k, v, f) => {
      if (v === null) {
        out[k] = null;
        return;
      }
      const mismatch = (expected: string) => errors.push(datatypeMismatch(k, v, expected));
      switch (f.type) {
        case "text":
        case "paragraph":
          if (typeof v !== "string") mismatch("String");
          else out[k] = v;
          break;
        case "number":
          if (typeof v !== "number" || !Number.isInteger(v)) mismatch("Integer");
          else out[k] = v;
          break;
        case "decimal":
          if (typeof v !== "number") mismatch("Number");
          else out[k] = v;
          break;
        case "checkbox":
          if (typeof v !== "boolean") mismatch("Boolean");
          else out[k] = v;
          break;
        case "date":
          if (typeof v !== "string" || parseDateInput(v) === null)
            errors.push({ field: k, message: "It should be in the 'valid date time' format", code: "invalid_value" });
          else out[k] = formatTimestamp(parseDateInput(v) as number);
          break;
        case "dropdown": {
          const labels = (f.choices ?? []).map((c) => c.value);
          if (typeof v !== "string" || !labels.includes(v))
            errors.push({ field: k, message: choicesMessage(labels), code: "invalid_value" });
          else out[k] = v;
          break;
        }
        case "lookup": {
          // Lookups take the source record's id as a string (numbers are tolerated).
          const id = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : typeof v === "number" ? v : Number.NaN;
          if (Number.isNaN(id) || !lookupTarget(state, f.meta?.source_name ?? "", id))
            errors.push({
              field: k,
              message: `There is no ${f.meta?.source_name ?? "record"} matching the given ${k}`,
              code: "invalid_value",
            });
          else out[k] = String(id);
          break;
        }
      }
    },
    { readOnly: META_FIELDS },
  );
  for (const f of fields.values()) {
    const value = out[f.name] !== undefined ? out[f.name] : existing?.[f.name];
    if ((mode === "create" || f.name in data) && f.required && (value === undefined || value === null || value === ""))
      if (!errors.some((e) => e.field === f.name)) errors.push(mandatoryFieldMissing(f.name));
  }
  throwIfErrors(errors);
  return out;
}

function dataBody(ctx: RouteContext): JsonObject {
  const body = objectBody(ctx.body);
  const errors: FieldError[] = Object.keys(body)
    .filter((k) => k !== "data")
    .map((k) => invalidField(k));
  if (body.data === undefined)
    errors.push({ field: "data", message: "It should be a/an key/value pair", code: "missing_field" });
  else if (typeof body.data !== "object" || body.data === null || Array.isArray(body.data))
    errors.push({ field: "data", message: "It should be a/an key/value pair", code: "datatype_mismatch" });
  throwIfErrors(errors);
  return body.data as JsonObject;
}

/** The data as stored (lookups as id strings) or as read (lookups as `{id, value}`). */
function recordData(state: TenantState, object: JsonRecord, r: JsonRecord, expand: boolean): JsonObject {
  const data = { ...(r.data as JsonObject) };
  if (expand)
    for (const f of flatFields(object))
      if (f.type === "lookup" && typeof data[f.name] === "string")
        data[f.name] = lookupTarget(state, f.meta?.source_name ?? "", Number(data[f.name])) ?? {
          id: Number(data[f.name]),
          value: null,
        };
  return data;
}

export function createRecord(state: TenantState, object: JsonRecord, data: JsonObject, at: number): JsonRecord {
  const bo = ((object._next_bo as number) ?? 0) + 1;
  object._next_bo = bo;
  const ts = formatTimestamp(at);
  const blank = Object.fromEntries(flatFields(object).map((f) => [f.name, null]));
  const record: JsonRecord = {
    id: state.nextId("customObjectRecords"),
    _object_id: object.id,
    data: {
      ...blank,
      ...data,
      bo_display_id: bo,
      bo_created_by: { id: state.currentAgentId },
      bo_updated_by: { id: state.currentAgentId },
      bo_created_at: ts,
      bo_updated_at: ts,
    },
  };
  state.collections.customObjectRecords.set(record.id, record);
  return record;
}

function recordOr404(ctx: RouteContext, object: JsonRecord): JsonRecord {
  const bo = pathId(ctx.params.bo_display_id);
  const r = [...ctx.tenant.collections.customObjectRecords.values()].find(
    (x) => x._object_id === object.id && (x.data as JsonObject).bo_display_id === bo,
  );
  if (!r) throw notFound(`No record found with bo_display_id ${bo}`);
  return r;
}

function readConditions(ctx: RouteContext, object: JsonRecord): RecordCondition[] {
  const raw = ctx.query.get("query");
  if (raw === null) return [];
  let conditions: RecordCondition[];
  try {
    conditions = parseRecordQuery(raw);
  } catch (e) {
    if (e instanceof RecordQueryError) throw fieldError("query", e.message);
    throw e;
  }
  const known = new Set([...flatFields(object).map((f) => f.name), ...META_FIELDS]);
  const bad = conditions.filter((c) => !known.has(c.field));
  if (bad.length > 0)
    throw validationError(bad.map((c) => ({ field: c.field, message: "[:invalid_field]", code: "invalid_value" })));
  return conditions;
}

function listRecords(ctx: RouteContext) {
  const s = ctx.tenant;
  const object = objectOr404(ctx);
  const conditions = readConditions(ctx, object);
  const dateFields = new Set([
    ...flatFields(object)
      .filter((f) => f.type === "date")
      .map((f) => f.name),
    "bo_created_at",
    "bo_updated_at",
  ]);
  const sizeText = ctx.query.get("page_size");
  const size = sizeText === null ? DEFAULT_PAGE_SIZE : /^\d+$/.test(sizeText) ? Number(sizeText) : Number.NaN;
  if (!(size >= 1 && size <= MAX_PAGE_SIZE))
    throw fieldError("page_size", `It should be a/an Positive Integer less than or equal to ${MAX_PAGE_SIZE}`);
  const sortField = ctx.query.get("sort_field") ?? "bo_display_id";
  if (![...flatFields(object).map((f) => f.name), ...META_FIELDS].includes(sortField))
    throw fieldError("sort_field", "[:invalid_field]");
  // Accepts either case (ASC/asc); the docs also misspell the parameter `sord_order`.
  const orderText = (ctx.query.get("sort_order") ?? ctx.query.get("sord_order") ?? "asc").toLowerCase();
  if (orderText !== "asc" && orderText !== "desc")
    throw fieldError("sort_order", "It should be one of these values: 'asc,desc'");
  const cursor = ctx.query.get("next_page_link");
  let start = 0;
  if (cursor !== null) {
    const decoded = /^[A-Za-z0-9_-]+$/.test(cursor)
      ? Number(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")))
      : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0)
      throw fieldError("next_page_link", "It should be a next_page_link from a previous response");
    start = decoded;
  }
  const records = [...s.collections.customObjectRecords.values()]
    .filter((r) => r._object_id === object.id)
    .filter((r) =>
      conditions.every((c) => matchesRecordCondition(c, (r.data as JsonObject)[c.field], dateFields.has(c.field))),
    );
  const dir = orderText === "asc" ? 1 : -1;
  records.sort((a, b) => {
    const x = (a.data as JsonObject)[sortField] as string | number | null;
    const y = (b.data as JsonObject)[sortField] as string | number | null;
    if (x === y)
      return ((a.data as JsonObject).bo_display_id as number) - ((b.data as JsonObject).bo_display_id as number);
    if (x === null) return 1;
    if (y === null) return -1;
    return dir * (x < y ? -1 : 1);
  });
  const slice = records.slice(start, start + size);
  const body: JsonObject = {
    records: slice.map((r) => ({ data: recordData(s, object, r, true) })),
    meta: { total_records: records.length },
  };
  if (start + size < records.length) {
    const next = new URL(ctx.url.toString());
    next.searchParams.set(
      "next_page_link",
      btoa(String(start + size))
        .replace(/=+$/, "")
        .replace(/\+/g, "-")
        .replace(/\//g, "_"),
    );
    body.next_page_link = next.toString();
  }
  return ok(body);
}

function objectSummary({ _fields, _next_bo, name: _n, ...rest }: JsonRecord): JsonObject {
  return rest;
}

export const customObjectRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/objects",
    handler: (ctx) => {
      const ws = intParam(ctx.query, "workspace_id");
      const paging = readPaging(ctx.query);
      const items = [...ctx.tenant.collections.customObjects.values()].filter((o) => !ws || o.workspace_id === ws);
      const page = paginate(items, paging, ctx.url);
      return ok(
        {
          custom_objects: page.items.map(objectSummary),
          meta: { count: items.length, page: paging.page, per_page: paging.perPage },
        },
        page.headers,
      );
    },
  },
  {
    method: "GET",
    pattern: "/objects/:id",
    handler: (ctx) => {
      const o = objectOr404(ctx);
      return ok({
        custom_object: {
          id: o.id,
          name: o.name,
          title: o.title,
          description: o.description,
          workspace_id: o.workspace_id,
          fields: o._fields,
        },
      });
    },
  },
  { method: "GET", pattern: "/objects/:id/records", handler: listRecords },
  {
    method: "POST",
    pattern: "/objects/:id/records",
    handler: (ctx) => {
      const object = objectOr404(ctx);
      const data = checkData(ctx.tenant, object, dataBody(ctx), "create");
      const r = createRecord(ctx.tenant, object, data, ctx.now);
      return { status: 201, body: { custom_object: { data: recordData(ctx.tenant, object, r, false) } } };
    },
  },
  {
    method: "PUT",
    pattern: "/objects/:id/records/:bo_display_id",
    handler: (ctx) => {
      const object = objectOr404(ctx);
      const r = recordOr404(ctx, object);
      const current = r.data as JsonObject;
      const data = checkData(ctx.tenant, object, dataBody(ctx), "update", current);
      Object.assign(current, data, {
        bo_updated_by: { id: ctx.tenant.currentAgentId },
        bo_updated_at: formatTimestamp(ctx.now),
      });
      return ok({ custom_object: { data: recordData(ctx.tenant, object, r, false) } });
    },
  },
  {
    method: "DELETE",
    pattern: "/objects/:id/records/:bo_display_id",
    handler: (ctx) => {
      const object = objectOr404(ctx);
      ctx.tenant.collections.customObjectRecords.delete(recordOr404(ctx, object).id);
      // The only documented 202 in the API.
      return { status: 202 };
    },
  },
];
