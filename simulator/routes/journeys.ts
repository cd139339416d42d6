// Employee journeys (§7.26): configs and their data fields, journey requests (create validated against the
// config's fields, list with `filter`/`order_type`, show, update by PUT or PATCH, cancel, delete), the JSON-body
// filter `POST /journeys/requests/view` and a request's activities.

import type { JsonRecord } from "../engine/collections";
import { validateFields } from "../engine/field-spec";
import { conflict, type FieldError, fieldError, notFound, throwIfErrors, validationError } from "../errors";
import { FILTER_PAGE_SIZE, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, findUserByEmail, type TenantState, userName } from "../tenant-state";
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
import { enumParam, getOr404, noContent, ok, pathId } from "./common";

export interface JourneyDataField {
  placeholder: string | null;
  label: string;
  name: string;
  type: string;
  position: number;
  required: boolean;
  choices: string[];
  /** Lookups: 1 locations … 5 all users (a string in the docs' sample). */
  data_source: string | null;
  fields: JourneyDataField[];
  deleted: boolean;
}

/** Record statuses and the numeric codes the view filter uses (1 In Progress, 2 Completed, 3 Failed, 5 Cancelled, 8 Expired). */
const STATUS_CODES: Record<string, number> = {
  INITIATED: 1,
  IN_PROGRESS: 1,
  COMPLETED: 2,
  FAILED: 3,
  CANCELLED: 5,
  EXPIRED: 8,
};

function fieldsOf(config: JsonRecord): JourneyDataField[] {
  return (config._fields as JourneyDataField[]) ?? [];
}

function resolveUser(state: TenantState, value: unknown): number | undefined {
  if (typeof value === "number") return findUser(state, value)?.id;
  if (typeof value === "string")
    return (/^\d+$/.test(value) ? findUser(state, Number(value)) : findUserByEmail(state, value))?.id;
  return undefined;
}

function checkJourneyFields(
  state: TenantState,
  config: JsonRecord,
  values: JsonObject,
  mode: "create" | "update",
): FieldError[] {
  const errors: FieldError[] = [];
  const defs = new Map(
    fieldsOf(config)
      .filter((f) => !f.deleted)
      .map((f) => [f.name, f]),
  );
  visitDefinedValues(values, defs, errors, (k, v, f) => {
    if (v === null) return;
    const mismatch = (expected: string) => errors.push(datatypeMismatch(k, v, expected));
    switch (f.type) {
      case "custom_text":
      case "custom_paragraph":
      case "custom_email":
        if (typeof v !== "string") mismatch("String");
        break;
      case "custom_number":
        if (typeof v !== "number" || !Number.isInteger(v)) mismatch("Integer");
        break;
      case "custom_checkbox":
        if (typeof v !== "boolean") mismatch("Boolean");
        break;
      case "custom_date":
      case "custom_date_time":
        if (typeof v !== "string" || parseDateInput(v) === null)
          errors.push({ field: k, message: "It should be in the 'valid date time' format", code: "invalid_value" });
        break;
      case "custom_dropdown":
      case "custom_radio":
        if (typeof v !== "string" || !f.choices.includes(v))
          errors.push({ field: k, message: choicesMessage(f.choices), code: "invalid_value" });
        break;
      case "custom_lookup_bigint":
        if (resolveUser(state, v) === undefined)
          errors.push({ field: k, message: "There is no user matching the given value", code: "invalid_value" });
        break;
    }
  });
  if (mode === "create")
    for (const f of defs.values())
      if (f.required && (values[f.name] === undefined || values[f.name] === null || values[f.name] === ""))
        errors.push(mandatoryFieldMissing(f.name));
  return errors;
}

function configOr404(state: TenantState, id: number): JsonRecord {
  return getOr404(state.collections.journeyConfigs, id, "journey config");
}

export function createJourneyRequest(
  state: TenantState,
  config: JsonRecord,
  requestFor: number,
  customFields: JsonObject,
  at: number,
  status = "INITIATED",
): JsonRecord {
  const ts = formatTimestamp(at);
  const record: JsonRecord = {
    id: state.nextId("journeyRequests"),
    human_display_id: `JNY-${state.nextId("journeyDisplay")}`,
    journey_id: config.id,
    journey_name: config.name,
    status,
    initiator_id: state.currentAgentId,
    initiator_data: { request_for: requestFor, custom_fields: customFields },
    workspace_id: config.workspace_id,
    created_at: ts,
    updated_at: ts,
  };
  state.collections.journeyRequests.set(record.id, record);
  return record;
}

function createRequest(ctx: RouteContext) {
  const s = ctx.tenant;
  const errors: FieldError[] = [];
  const v = validateFields(
    s,
    objectBody(ctx.body),
    {
      journey_id: { kind: "integer", required: true, ref: "journeyConfigs" },
      initiator_data: { kind: "object", required: true },
    },
    "create",
    errors,
  );
  throwIfErrors(errors);
  const config = configOr404(s, v.journey_id as number);
  const data = v.initiator_data as JsonObject;
  const extra = Object.keys(data).filter((k) => k !== "request_for" && k !== "custom_fields");
  for (const k of extra) errors.push(invalidField(`initiator_data.${k}`));
  const requestFor = resolveUser(s, data.request_for);
  if (requestFor === undefined)
    errors.push({
      field: "initiator_data.request_for",
      message:
        data.request_for === undefined
          ? "It should be a/an user id or e-mail"
          : "There is no user matching the given request_for",
      code: data.request_for === undefined ? "missing_field" : "invalid_value",
    });
  const custom = (data.custom_fields ?? {}) as JsonObject;
  if (typeof custom !== "object" || Array.isArray(custom))
    errors.push({
      field: "initiator_data.custom_fields",
      message: "It should be a/an key/value pair",
      code: "datatype_mismatch",
    });
  else errors.push(...checkJourneyFields(s, config, custom, "create"));
  throwIfErrors(errors);
  const record = createJourneyRequest(s, config, requestFor as number, custom, ctx.now);
  return {
    status: 201,
    body: { journey_request: publicJourney(record) },
    headers: { Location: `${ctx.url.origin}/api/v2/journeys/requests/${record.id}` },
  };
}

function publicJourney(r: JsonRecord): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(r)) if (!k.startsWith("_")) out[k] = v;
  return out;
}

const LIST_FILTERS = ["completed", "all", "in_progress", "my_completed", "my_in_progress"] as const;

function listRequests(ctx: RouteContext) {
  const s = ctx.tenant;
  const filter = enumParam(ctx.query, "filter", LIST_FILTERS) ?? "all";
  const order = enumParam(ctx.query, "order_type", ["asc", "desc"] as const) ?? "desc";
  const items = [...s.collections.journeyRequests.values()]
    .filter((r) => {
      const code = STATUS_CODES[r.status as string];
      if (filter.startsWith("my_") && r.initiator_id !== s.currentAgentId) return false;
      if (filter.endsWith("completed")) return code === 2;
      if (filter.endsWith("in_progress")) return code === 1;
      return true;
    })
    .sort(
      (a, b) =>
        (order === "asc" ? 1 : -1) * ((a.created_at as string).localeCompare(b.created_at as string) || a.id - b.id),
    );
  // Paged as documented: a `meta` object (page, per_page, count, has_next) and no Link header. The sample's count
  // equals the requests it shows, so it counts this page's.
  const paging = readPaging(ctx.query);
  const start = (paging.page - 1) * paging.perPage;
  const shown = items.slice(start, start + paging.perPage);
  const meta = {
    page: paging.page,
    per_page: paging.perPage,
    count: shown.length,
    has_next: start + paging.perPage < items.length,
  };
  return ok({ journey_requests: shown.map(publicJourney), meta });
}

/** `{"data":{"query":{"filter":[{"attributes":[{field, operator: is_in|is_between, value}]}]}}}`: AND of attributes. */
function viewRequests(ctx: RouteContext) {
  const body = objectBody(ctx.body);
  const filters = ((body.data as JsonObject | undefined)?.query as JsonObject | undefined)?.filter;
  if (!Array.isArray(filters)) throw fieldError("data.query.filter", "It should be a/an Array", "missing_field");
  const attributes = filters.flatMap((f) => ((f as JsonObject).attributes as JsonObject[] | undefined) ?? []);
  const errors: FieldError[] = [];
  for (const a of attributes) {
    if (!["status", "journey_id", "created_at", "updated_at", "initiator_id"].includes(a.field as string))
      errors.push({ field: String(a.field), message: "[:invalid_field]", code: "invalid_value" });
    if (a.operator !== "is_in" && a.operator !== "is_between")
      errors.push({
        field: String(a.field),
        message: "It should be one of these values: 'is_in,is_between'",
        code: "invalid_value",
      });
    if (!Array.isArray(a.value))
      errors.push({ field: String(a.field), message: "It should be a/an Array", code: "datatype_mismatch" });
  }
  if (errors.length > 0) throw validationError(errors);
  const matches = (r: JsonRecord, a: JsonObject) => {
    const actual = a.field === "status" ? STATUS_CODES[r.status as string] : r[a.field as string];
    const values = a.value as unknown[];
    if (a.operator === "is_in") return values.includes(actual);
    const [from, to] = values.map((x) => (typeof x === "string" ? parseDateInput(x) : Number(x)));
    const at = typeof actual === "string" ? Date.parse(actual) : Number(actual);
    return (from === null || from === undefined || at >= from) && (to === null || to === undefined || at <= to);
  };
  const items = [...ctx.tenant.collections.journeyRequests.values()].filter((r) =>
    attributes.every((a) => matches(r, a)),
  );
  // 30 per page, `page` in the URL and a meta object, as documented (the list's meta: page, per_page, count, has_next).
  const { page } = readPaging(ctx.query, { fixedPerPage: FILTER_PAGE_SIZE });
  const start = (page - 1) * FILTER_PAGE_SIZE;
  const shown = items.slice(start, start + FILTER_PAGE_SIZE);
  const meta = {
    page,
    per_page: FILTER_PAGE_SIZE,
    count: shown.length,
    has_next: start + FILTER_PAGE_SIZE < items.length,
  };
  return ok({ journey_requests: shown.map(publicJourney), meta });
}

function requestOr404(ctx: RouteContext): JsonRecord {
  const id = pathId(ctx.params.id);
  const r = ctx.tenant.collections.journeyRequests.get(id);
  if (!r) throw notFound(`No journey request found with id ${id}`);
  return r;
}

function updateRequest(ctx: RouteContext) {
  const r = requestOr404(ctx);
  const body = objectBody(ctx.body);
  const errors: FieldError[] = Object.keys(body)
    .filter((k) => k !== "initiator_data")
    .map((k) => invalidField(k));
  const data = (body.initiator_data ?? {}) as JsonObject;
  const custom = (data.custom_fields ?? {}) as JsonObject;
  errors.push(...checkJourneyFields(ctx.tenant, configOr404(ctx.tenant, r.journey_id as number), custom, "update"));
  throwIfErrors(errors);
  const current = r.initiator_data as JsonObject;
  current.custom_fields = { ...(current.custom_fields as JsonObject), ...custom };
  r.updated_at = formatTimestamp(ctx.now);
  return ok({ journey_request: publicJourney(r) });
}

function cancelRequest(ctx: RouteContext) {
  const r = requestOr404(ctx);
  if (STATUS_CODES[r.status as string] !== 1)
    throw conflict(`A ${String(r.status).toLowerCase()} journey can't be cancelled`);
  r.status = "CANCELLED";
  r.updated_at = formatTimestamp(ctx.now);
  return ok({ journey_request: publicJourney(r) });
}

const ACTIVITY_TYPES = ["TASK", "EMAIL", "SERVICE_REQUEST", "PLAIN"] as const;
/** Every journey's task items, by phase: [title, phase, days after the start it is due]. */
const JOURNEY_TASKS: readonly [string, string, number][] = [
  ["Collect the signed paperwork", "Before day one", 0],
  ["Prepare the laptop and accounts", "Before day one", 2],
  ["Hand over equipment and walk through security basics", "Day one", 5],
];

/**
 * A journey request's activities: its task items (title, status, assignee, due date, phase), then the plain
 * entries of what happened to it; `activity_type` keeps one kind.
 */
function activities(ctx: RouteContext) {
  const r = requestOr404(ctx);
  const type = enumParam(ctx.query, "activity_type", ACTIVITY_TYPES);
  const s = ctx.tenant;
  const initiator = findUser(s, r.initiator_id as number);
  const requestFor = findUser(s, (r.initiator_data as JsonObject).request_for as number);
  const started = Date.parse(r.created_at as string);
  const done = r.status === "COMPLETED";
  const tasks = JOURNEY_TASKS.map(([title, phase, dueDays], i) => ({
    id: r.id * 10 + i + 1,
    activity_type: "TASK",
    title,
    status: done || i === 0 ? "COMPLETED" : "OPEN",
    assignee: { id: r.initiator_id, name: initiator ? userName(initiator) : null },
    due_date: formatTimestamp(started + dueDays * 86_400_000),
    phase: { name: phase },
    created_at: r.created_at,
  }));
  const log = [
    {
      id: r.id * 10 + 8,
      activity_type: "PLAIN",
      title: `${r.journey_name} started for ${requestFor ? userName(requestFor) : "a user"}`,
      created_at: r.created_at,
    },
    ...(r.status === "INITIATED"
      ? []
      : [
          {
            id: r.id * 10 + 9,
            activity_type: "PLAIN",
            title: `Journey ${String(r.status).toLowerCase().replace("_", " ")}`,
            created_at: r.updated_at,
          },
        ]),
  ];
  return ok({ activities: [...tasks, ...log].filter((a) => !type || a.activity_type === type) });
}

export const journeyRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/journeys/configs",
    handler: (ctx) =>
      ok({ journey_configs: [...ctx.tenant.collections.journeyConfigs.values()].map(({ _fields, ...c }) => c) }),
  },
  {
    method: "GET",
    pattern: "/journeys/configs/:id/data-fields",
    handler: (ctx) => ok({ fields: fieldsOf(configOr404(ctx.tenant, pathId(ctx.params.id))) }),
  },
  { method: "POST", pattern: "/journeys/requests/view", handler: viewRequests },
  { method: "POST", pattern: "/journeys/requests", handler: createRequest },
  { method: "GET", pattern: "/journeys/requests", handler: listRequests },
  {
    method: "GET",
    pattern: "/journeys/requests/:id",
    handler: (ctx) => ok({ journey_request: publicJourney(requestOr404(ctx)) }),
  },
  // Updates are documented as PUT; the newer inventory shows PATCH (unconfirmed): both are accepted.
  { method: "PUT", pattern: "/journeys/requests/:id", handler: updateRequest },
  { method: "PATCH", pattern: "/journeys/requests/:id", handler: updateRequest },
  { method: "PUT", pattern: "/journeys/requests/:id/cancel", handler: cancelRequest },
  {
    method: "DELETE",
    pattern: "/journeys/requests/:id",
    handler: (ctx) => {
      ctx.tenant.collections.journeyRequests.delete(requestOr404(ctx).id);
      return noContent;
    },
  },
  { method: "GET", pattern: "/journeys/requests/:id/activities", handler: activities },
];
