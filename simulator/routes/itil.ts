// Problems, changes and releases (§7.5–7.7) as resource-engine specs: CRUD with each form's required fields
// and per-tenant custom fields (closure-required ones enforced on close), trash + restore for problems and
// releases (DELETE 200), permanent change delete (204), move_workspace, the changes `query`/`view` list, the
// legacy releases `filter_name` list, `*_form_fields`, and the notes/tasks/time entries underneath.

import type { CustomFieldDef } from "../custom-field-defs";
import type { JsonRecord } from "../engine/collections";
import { resourceRoutes } from "../engine/crud-routes";
import type { FieldSpecs } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, fieldError } from "../errors";
import type { FilterFieldType } from "../filter-query";
import { pageOfRequest } from "../paginate";
import type { Route, RouteContext } from "../router";
import { CHANGE_STATUSES, type ItilKind, itilFormFields, RELEASE_STATUSES } from "../seed/itil-form-fields";
import { blankCustomFields } from "../ticket-custom-fields";
import { formatTimestamp, parseDateInput } from "../time";
import { htmlToText, type JsonObject } from "../validate";
import { enumParam, intParam, ok } from "./common";
import {
  assetLinkErrors,
  categoryErrors,
  linkedAssets,
  mergeRichText,
  recordFilterSchema,
  requesterErrors,
  richTextGroupErrors,
} from "./itil-attributes";
import { workItemRoutes } from "./work-items";

const LEVELS = [1, 2, 3];
const PRIORITIES = [1, 2, 3, 4];

function commonFields(mode: "create" | "update"): FieldSpecs {
  const req = mode === "create";
  return {
    workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
    agent_id: { kind: "integer", ref: "agent", nullable: true },
    group_id: { kind: "integer", ref: "group", nullable: true },
    department_id: { kind: "integer", ref: "department", nullable: true },
    subject: { kind: "string", required: req, maxLength: 255 },
    description: { kind: "string", required: req },
    priority: { kind: "integer", required: req, choices: PRIORITIES },
    category: { kind: "string", nullable: true },
    sub_category: { kind: "string", nullable: true },
    item_category: { kind: "string", nullable: true },
    assets: { kind: "object[]" },
  };
}

const requesterFields: FieldSpecs = {
  requester_id: { kind: "integer", ref: "user" },
  email: { kind: "email" },
};

/** Fields every ITIL record starts with; `description` is HTML with a text twin. */
function baseRecord(ctx: RouteContext, id: number, v: JsonObject, custom: readonly CustomFieldDef[]): JsonRecord {
  const ts = formatTimestamp(ctx.now);
  return {
    id,
    workspace_id: (v.workspace_id as number | undefined) ?? 2,
    agent_id: (v.agent_id as number | null | undefined) ?? null,
    group_id: (v.group_id as number | null | undefined) ?? null,
    department_id: (v.department_id as number | null | undefined) ?? null,
    subject: v.subject as string,
    description: v.description as string,
    description_text: htmlToText(v.description as string),
    priority: v.priority as number,
    category: (v.category as string | null | undefined) ?? null,
    sub_category: (v.sub_category as string | null | undefined) ?? null,
    item_category: (v.item_category as string | null | undefined) ?? null,
    custom_fields: { ...blankCustomFields(custom), ...((v.custom_fields as JsonObject | undefined) ?? {}) },
    attachments: [],
    created_at: ts,
    updated_at: ts,
    _asset_display_ids: (v._asset_display_ids as number[] | undefined) ?? [],
  };
}

function applyItil(groups: readonly string[]) {
  return (ctx: RouteContext, record: JsonRecord, v: JsonObject) => {
    const { custom_fields, description, ...rest } = v;
    for (const g of groups) {
      mergeRichText(record, g, rest[g]);
      delete rest[g];
    }
    Object.assign(record, rest);
    if (typeof description === "string") {
      record.description = description;
      record.description_text = htmlToText(description);
    }
    if (custom_fields)
      record.custom_fields = { ...(record.custom_fields as JsonObject), ...(custom_fields as JsonObject) };
    record.updated_at = formatTimestamp(ctx.now);
  };
}

function itilJson(ctx: RouteContext, record: JsonRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!k.startsWith("_")) out[k] = v;
  const assets = linkedAssets(ctx.tenant, record);
  if (assets.length > 0) out.assets = assets;
  return out;
}

function plannedDateErrors(v: JsonObject, existing?: JsonRecord): FieldError[] {
  const start = (v.planned_start_date ?? existing?.planned_start_date) as string | undefined;
  const end = (v.planned_end_date ?? existing?.planned_end_date) as string | undefined;
  if (start && end && Date.parse(end) < Date.parse(start))
    return [
      { field: "planned_end_date", message: "It should be later than planned_start_date", code: "invalid_value" },
    ];
  return [];
}

// ---- problems ----

const ANALYSIS_KEYS = ["problem_cause", "problem_symptom", "problem_impact"];

export const problemSpec: ResourceSpec = {
  label: "problem",
  store: (s) => s.collections.problems,
  path: "/problems",
  single: "problem",
  plural: "problems",
  fields: (_s, mode) => ({
    ...commonFields(mode),
    ...requesterFields,
    status: { kind: "integer", required: mode === "create", choices: [1, 2, 3] },
    impact: { kind: "integer", required: mode === "create", choices: LEVELS },
    due_by: { kind: "datetime", required: mode === "create" },
    known_error: { kind: "boolean" },
    analysis_fields: { kind: "object" },
  }),
  customFields: (s) => s.customFields.problem,
  closedStatuses: [3],
  validate: (ctx, v, mode, existing) => [
    ...requesterErrors(ctx, v, mode),
    ...categoryErrors(v, existing),
    ...assetLinkErrors(ctx.tenant, v),
    ...richTextGroupErrors(v, "analysis_fields", ANALYSIS_KEYS),
  ],
  build: (ctx, v) => ({
    ...baseRecord(ctx, ctx.tenant.nextId("problems"), v, ctx.tenant.customFields.problem),
    requester_id: v.requester_id as number,
    status: v.status as number,
    impact: v.impact as number,
    due_by: v.due_by as string,
    known_error: (v.known_error as boolean | undefined) ?? false,
    associated_change: null,
    analysis_fields: (v.analysis_fields as JsonObject | undefined) ?? {},
    deleted: false,
  }),
  apply: applyItil(["analysis_fields"]),
  toJson: (ctx, r) => itilJson(ctx, r),
  list: { workspaceScoped: true },
  delete: { mode: "trash", status: 200, body: "empty" },
  restore: true,
  moveWorkspace: {
    fields: {
      workspace_id: { kind: "integer", ref: "workspace", required: true },
      group_id: { kind: "integer", ref: "group", nullable: true },
      owner_id: { kind: "integer", ref: "agent", nullable: true },
    },
    rename: { owner_id: "agent_id" },
  },
};

// ---- changes ----

const PLANNING_KEYS = ["reason_for_change", "change_impact", "rollout_plan", "backout_plan"];
const CHANGE_ATTRIBUTES: Readonly<Record<string, FilterFieldType>> = {
  workspace_id: "number",
  requester_id: "number",
  agent_id: "number",
  group_id: "number",
  department_id: "number",
  priority: "number",
  status: "number",
  impact: "number",
  risk: "number",
  change_type: "number",
  approval_status: "number",
  planned_start_date: "date",
  planned_end_date: "date",
  created_at: "date",
  updated_at: "date",
};
const CHANGE_VIEWS = ["all", "my_open", "unassigned"] as const;
/** `order_by` takes a change field; these are the sortable scalar ones. */
const CHANGE_ORDER = [
  "created_at",
  "updated_at",
  "planned_start_date",
  "planned_end_date",
  "priority",
  "status",
  "impact",
  "risk",
  "change_type",
  "id",
  "subject",
] as const;

function changeListFilter(r: JsonRecord, ctx: RouteContext): boolean {
  const q = ctx.query;
  const view = enumParam(q, "view", CHANGE_VIEWS);
  if (view === "my_open" && !(r.agent_id === ctx.tenant.currentAgentId && r.status !== 6)) return false;
  if (view === "unassigned" && r.agent_id !== null) return false;
  const requester = intParam(q, "requester_id", { min: 1 });
  if (requester !== undefined && r.requester_id !== requester) return false;
  const since = q.get("updated_since");
  if (since !== null) {
    const at = parseDateInput(since);
    if (at === null) throw fieldError("updated_since", "It should be in the 'valid date time' format");
    if (Date.parse(r.updated_at as string) < at) return false;
  }
  return true;
}

export const changeSpec: ResourceSpec = {
  label: "change",
  store: (s) => s.collections.changes,
  path: "/changes",
  single: "change",
  plural: "changes",
  fields: (_s, mode) => {
    const req = mode === "create";
    return {
      ...commonFields(mode),
      ...requesterFields,
      status: { kind: "integer", required: req, choices: CHANGE_STATUSES.map((_, i) => i + 1) },
      impact: { kind: "integer", required: req, choices: LEVELS },
      risk: { kind: "integer", required: req, choices: [1, 2, 3, 4] },
      change_type: { kind: "integer", required: req, choices: [1, 2, 3, 4] },
      planned_start_date: { kind: "datetime", required: req },
      planned_end_date: { kind: "datetime", required: req },
      planning_fields: { kind: "object" },
      maintenance_window: { kind: "object", nullable: true },
      change_window_id: { kind: "integer", nullable: true },
      impacted_services: { kind: "object[]" },
    };
  },
  customFields: (s) => s.customFields.change,
  closedStatuses: [6],
  validate: (ctx, v, mode, existing) => [
    ...requesterErrors(ctx, v, mode),
    ...categoryErrors(v, existing),
    ...assetLinkErrors(ctx.tenant, v),
    ...richTextGroupErrors(v, "planning_fields", PLANNING_KEYS),
    ...plannedDateErrors(v, existing),
  ],
  build: (ctx, v) => ({
    ...baseRecord(ctx, ctx.tenant.nextId("changes"), v, ctx.tenant.customFields.change),
    requester_id: v.requester_id as number,
    status: v.status as number,
    impact: v.impact as number,
    risk: v.risk as number,
    change_type: v.change_type as number,
    // Observed on records: 4 = "Not Requested" until approvals are requested.
    approval_status: 4,
    approval_status_name: "Not Requested",
    planned_start_date: v.planned_start_date as string,
    planned_end_date: v.planned_end_date as string,
    planning_fields: (v.planning_fields as JsonObject | undefined) ?? {},
    maintenance_window: (v.maintenance_window as JsonObject | null | undefined) ?? null,
    blackout_window: null,
    change_window_id: (v.change_window_id as number | null | undefined) ?? null,
    impacted_services: (v.impacted_services as JsonObject[] | undefined) ?? [],
    _stats: { closed_at: null, assigned_at: v.agent_id ? formatTimestamp(ctx.now) : null, approval_at: null },
  }),
  apply: (ctx, record, v) => {
    const stats = record._stats as JsonObject;
    const ts = formatTimestamp(ctx.now);
    if (v.status === 6 && record.status !== 6) stats.closed_at = ts;
    if (typeof v.agent_id === "number" && v.agent_id !== record.agent_id) stats.assigned_at = ts;
    applyItil(["planning_fields"])(ctx, record, v);
  },
  showIncludes: ["stats"],
  toJson: (ctx, r, _mode, includes) => {
    const out = itilJson(ctx, r);
    if (includes.has("stats")) out.stats = { ...(r._stats as JsonObject) };
    return out;
  },
  list: {
    workspaceScoped: true,
    checkParams: (ctx) => {
      if (ctx.query.has("query") && ctx.query.has("view"))
        throw fieldError("view", "query and view are mutually exclusive", "invalid_field");
      enumParam(ctx.query, "view", CHANGE_VIEWS);
      enumParam(ctx.query, "order_by", CHANGE_ORDER);
      intParam(ctx.query, "requester_id", { min: 1 });
      const since = ctx.query.get("updated_since");
      if (since !== null && parseDateInput(since) === null)
        throw fieldError("updated_since", "It should be in the 'valid date time' format");
    },
    filter: changeListFilter,
    query: {
      schema: (s) => recordFilterSchema(CHANGE_ATTRIBUTES, s.customFields.change),
      // "returns total count" (shape unconfirmed): like the ticket filter, as `total`; per_page 1-100 is documented.
      total: true,
      perPage: true,
    },
    order: (ctx) => {
      const by = enumParam(ctx.query, "order_by", CHANGE_ORDER) ?? "created_at";
      const dir = (enumParam(ctx.query, "order_type", ["asc", "desc"] as const) ?? "desc") === "asc" ? 1 : -1;
      return (a, b) => {
        const x = a[by] as string | number;
        const y = b[by] as string | number;
        return dir * (x < y ? -1 : x > y ? 1 : a.id - b.id);
      };
    },
  },
  // No change restore endpoint is documented, so a change DELETE is permanent.
  delete: { mode: "permanent", status: 204 },
  moveWorkspace: problemSpec.moveWorkspace,
};

// ---- releases ----

const RELEASE_PLANNING_KEYS = ["build_plan", "test_plan"];
const LEGACY_RELEASE_FILTERS = ["all", "my_open", "unassigned", "completed", "incompleted", "deleted"] as const;

/** `GET /releases?filter_name=…`: the legacy v1-style bare array. */
function legacyReleaseList(ctx: RouteContext) {
  const name = enumParam(ctx.query, "filter_name", LEGACY_RELEASE_FILTERS);
  if (name === undefined) return undefined;
  const me = ctx.tenant.currentAgentId;
  const items = [...ctx.tenant.collections.releases.values()].filter((r) => {
    if (name === "deleted") return r.deleted === true;
    if (r.deleted === true) return false;
    if (name === "my_open") return r.agent_id === me && r.status !== 5;
    if (name === "unassigned") return r.agent_id === null;
    if (name === "completed") return r.status === 5;
    if (name === "incompleted") return r.status === 4;
    return true;
  });
  const page = pageOfRequest(items, ctx);
  return ok(
    page.items.map((r) => ({
      id: r.id,
      display_id: r.id,
      subject: r.subject,
      description: r.description,
      status: r.status,
      status_name: RELEASE_STATUSES[(r.status as number) - 1],
      priority: r.priority,
      release_type: r.release_type,
      planned_start_date: r.planned_start_date,
      planned_end_date: r.planned_end_date,
      owner_id: r.agent_id,
      group_id: r.group_id,
      custom_field_values: r.custom_fields,
      created_at: r.created_at,
      updated_at: r.updated_at,
    })),
    page.headers,
  );
}

export const releaseSpec: ResourceSpec = {
  label: "release",
  store: (s) => s.collections.releases,
  path: "/releases",
  single: "release",
  plural: "releases",
  fields: (_s, mode) => {
    const req = mode === "create";
    return {
      ...commonFields(mode),
      status: { kind: "integer", required: req, choices: [1, 2, 3, 4, 5] },
      release_type: { kind: "integer", required: req, choices: [1, 2, 3, 4] },
      planned_start_date: { kind: "datetime", required: req },
      planned_end_date: { kind: "datetime", required: req },
      work_start_date: { kind: "datetime", nullable: true },
      work_end_date: { kind: "datetime", nullable: true },
      planning_fields: { kind: "object" },
    };
  },
  customFields: (s) => s.customFields.release,
  closedStatuses: [5],
  validate: (ctx, v, _mode, existing) => [
    ...categoryErrors(v, existing),
    ...assetLinkErrors(ctx.tenant, v),
    ...richTextGroupErrors(v, "planning_fields", RELEASE_PLANNING_KEYS),
    ...plannedDateErrors(v, existing),
  ],
  build: (ctx, v) => ({
    ...baseRecord(ctx, ctx.tenant.nextId("releases"), v, ctx.tenant.customFields.release),
    status: v.status as number,
    release_type: v.release_type as number,
    planned_start_date: v.planned_start_date as string,
    planned_end_date: v.planned_end_date as string,
    work_start_date: (v.work_start_date as string | null | undefined) ?? null,
    work_end_date: (v.work_end_date as string | null | undefined) ?? null,
    planning_fields: (v.planning_fields as JsonObject | undefined) ?? {},
    associated_change_ids: [],
    deleted: false,
  }),
  apply: applyItil(["planning_fields"]),
  toJson: (ctx, r) => {
    const out = itilJson(ctx, r);
    out.associated_assets = linkedAssets(ctx.tenant, r);
    out.associated_changes = ((r.associated_change_ids as number[]) ?? [])
      .map((id) => ctx.tenant.collections.changes.get(id))
      .filter((c) => c !== undefined)
      .map((c) => ({ id: c.id, subject: c.subject, status: c.status }));
    return out;
  },
  list: { workspaceScoped: true, override: legacyReleaseList },
  delete: { mode: "trash", status: 200, body: "empty" },
  restore: true,
  moveWorkspace: problemSpec.moveWorkspace,
};

const formFieldRoute = (kind: ItilKind): Route => ({
  method: "GET",
  pattern: `/${kind}_form_fields`,
  handler: (ctx) => ok({ [`${kind}_fields`]: itilFormFields(ctx.tenant, kind, ctx.tenant.customFields[kind]) }),
});

export const itilRoutes: Route[] = [
  formFieldRoute("problem"),
  formFieldRoute("change"),
  formFieldRoute("release"),
  ...workItemRoutes("problem"),
  ...workItemRoutes("change"),
  ...workItemRoutes("release"),
  ...resourceRoutes(problemSpec),
  ...resourceRoutes(changeSpec),
  ...resourceRoutes(releaseSpec),
];
