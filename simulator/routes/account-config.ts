// Account-level configuration (§7.25, §7.29): announcements (DELETE answers 200), canned responses and their
// folders (read-only), business hours (the same `business_hours` key for one and many), SLA policies
// (read-only) and the audit-log export (a POST that only starts a job).

import type { JsonRecord } from "../engine/collections";
import { applyKeepingText, resourceRoutes } from "../engine/crud-routes";
import { validateFields } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, throwIfErrors } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, userEmail } from "../tenant-state";
import { formatTimestamp } from "../time";
import { htmlToText, invalidField, type JsonObject, objectBody } from "../validate";
import { enumParam, getOr404, intParam, ok, pathId } from "./common";

// ---- announcements ----

export const ANNOUNCEMENT_VISIBILITIES = [
  "everyone",
  "agents_only",
  "agents_and_groups",
  "grouped_visibility",
  "requesters_only",
] as const;

function announcementState(now: number, a: JsonRecord): "active" | "archived" | "scheduled" {
  if (Date.parse(a.visible_from as string) > now) return "scheduled";
  if (a.visible_till && Date.parse(a.visible_till as string) < now) return "archived";
  return "active";
}

export const announcementSpec: ResourceSpec = {
  label: "announcement",
  store: (s) => s.collections.announcements,
  path: "/announcements",
  single: "announcement",
  plural: "announcements",
  // Required fields are not marked in the docs; title, body_html and visible_from are presumed required.
  fields: (_s, mode) => {
    const req = mode === "create";
    return {
      title: { kind: "string", required: req, maxLength: 255 },
      body_html: { kind: "string", required: req },
      visible_from: { kind: "datetime", required: req },
      visible_till: { kind: "datetime", nullable: true },
      visibility: { kind: "string", choices: ANNOUNCEMENT_VISIBILITIES },
      departments: { kind: "integer[]", ref: "department" },
      groups: { kind: "integer[]", ref: "group" },
      agent_groups: { kind: "integer[]", ref: "group" },
      grouped_visibility_options: { kind: "object", nullable: true },
      visible_in_portal: { kind: "boolean" },
      send_email: { kind: "boolean" },
      additional_emails: { kind: "email[]" },
      additional_config: { kind: "object" },
      workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
    };
  },
  validate: (_ctx, v, _mode, existing) => {
    const from = (v.visible_from ?? existing?.visible_from) as string | undefined;
    const till = (v.visible_till === undefined ? existing?.visible_till : v.visible_till) as string | null | undefined;
    return from && till && Date.parse(till) < Date.parse(from)
      ? [{ field: "visible_till", message: "It should be later than visible_from", code: "invalid_value" }]
      : [];
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("announcements"),
      workspace_id: (v.workspace_id as number | undefined) ?? 2,
      title: v.title,
      body_html: v.body_html,
      body: htmlToText(v.body_html as string),
      visible_from: v.visible_from,
      visible_till: v.visible_till ?? null,
      visibility: v.visibility ?? "everyone",
      departments: v.departments ?? [],
      groups: v.groups ?? [],
      agent_groups: v.agent_groups ?? [],
      grouped_visibility_options: v.grouped_visibility_options ?? null,
      visible_in_portal: v.visible_in_portal ?? true,
      send_email: v.send_email ?? false,
      additional_emails: v.additional_emails ?? [],
      additional_config: v.additional_config ?? { email_all_audience: false },
      is_read: false,
      created_by: ctx.tenant.currentAgentId,
      created_at: ts,
      updated_at: ts,
    };
  },
  apply: applyKeepingText("body_html", "body"),
  toJson: (ctx, r) => ({ ...r, state: announcementState(ctx.now, r) }),
  list: {
    checkParams: (ctx) => {
      enumParam(ctx.query, "state", ["archived", "active", "scheduled", "unread"] as const);
      intParam(ctx.query, "workspace_id");
    },
    filter: (r, ctx) => {
      const state = enumParam(ctx.query, "state", ["archived", "active", "scheduled", "unread"] as const);
      const ws = intParam(ctx.query, "workspace_id");
      if (ws && r.workspace_id !== ws) return false;
      if (state === "unread") return r.is_read !== true && announcementState(ctx.now, r) === "active";
      return state === undefined || announcementState(ctx.now, r) === state;
    },
  },
  delete: { mode: "permanent", status: 200, body: "empty" },
};

// ---- canned responses (read-only) ----

function listOf(ctx: RouteContext, items: JsonRecord[], key: string) {
  const page = paginate(items, readPaging(ctx.query), ctx.url);
  return ok({ [key]: page.items }, page.headers);
}

/** workspace_id: 1 = global only; none = global and primary. */
function inWorkspace(ctx: RouteContext, r: JsonRecord): boolean {
  const ws = intParam(ctx.query, "workspace_id");
  return ws === undefined ? r.workspace_id === 1 || r.workspace_id === 2 : ws === 0 || r.workspace_id === ws;
}

function folderJson(ctx: RouteContext, f: JsonRecord): JsonRecord {
  let n = 0;
  for (const r of ctx.tenant.collections.cannedResponses.values()) if (r.folder_id === f.id) n++;
  return { ...f, responses_count: n };
}

const cannedRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/canned_response_folders",
    handler: (ctx) =>
      listOf(
        ctx,
        [...ctx.tenant.collections.cannedResponseFolders.values()]
          .filter((f) => inWorkspace(ctx, f))
          .map((f) => folderJson(ctx, f)),
        "canned_response_folders",
      ),
  },
  {
    method: "GET",
    pattern: "/canned_response_folders/:id",
    // The doc sample's key has a typo ("canned response_folder"); the singular key every other resource uses.
    handler: (ctx) =>
      ok({
        canned_response_folder: folderJson(
          ctx,
          getOr404(ctx.tenant.collections.cannedResponseFolders, pathId(ctx.params.id), "canned response folder"),
        ),
      }),
  },
  {
    method: "GET",
    pattern: "/canned_response_folders/:id/canned_responses",
    handler: (ctx) => {
      const f = getOr404(ctx.tenant.collections.cannedResponseFolders, pathId(ctx.params.id), "canned response folder");
      return listOf(
        ctx,
        [...ctx.tenant.collections.cannedResponses.values()].filter((r) => r.folder_id === f.id),
        "canned_responses",
      );
    },
  },
  {
    method: "GET",
    pattern: "/canned_responses",
    handler: (ctx) =>
      listOf(
        ctx,
        [...ctx.tenant.collections.cannedResponses.values()].filter((r) => inWorkspace(ctx, r)),
        "canned_responses",
      ),
  },
  {
    method: "GET",
    pattern: "/canned_responses/:id",
    // Sample key "canned_responses" wraps a single object; the singular key is used here (unconfirmed either way).
    handler: (ctx) =>
      ok({
        canned_response: getOr404(ctx.tenant.collections.cannedResponses, pathId(ctx.params.id), "canned response"),
      }),
  },
];

// ---- business hours and SLA policies (read-only) ----

const configRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/business_hours",
    handler: (ctx) =>
      listOf(
        ctx,
        [...ctx.tenant.collections.businessHours.values()].filter((b) => inWorkspace(ctx, b)),
        "business_hours",
      ),
  },
  {
    method: "GET",
    pattern: "/business_hours/:id",
    // Same key for one and many (§7.29).
    handler: (ctx) =>
      ok({ business_hours: getOr404(ctx.tenant.collections.businessHours, pathId(ctx.params.id), "business hours") }),
  },
  {
    method: "GET",
    pattern: "/sla_policies",
    handler: (ctx) =>
      listOf(
        ctx,
        [...ctx.tenant.collections.slaPolicies.values()].filter((p) => inWorkspace(ctx, p)),
        "sla_policies",
      ),
  },
];

// ---- audit log export ----

const AUDIT_TYPES = [
  "account",
  "agent",
  "group",
  "change_field",
  "change_lifecycle",
  "sandbox_job",
  "sla_policy",
  "workflow",
  "plans & billing",
  "requester",
] as const;

function exportAuditLog(ctx: RouteContext) {
  const errors: FieldError[] = [];
  const v = validateFields(
    ctx.tenant,
    objectBody(ctx.body),
    {
      since: { kind: "datetime", required: true },
      before: { kind: "datetime", required: true },
      filters: { kind: "object" },
    },
    "create",
    errors,
  );
  if (typeof v.since === "string" && typeof v.before === "string" && Date.parse(v.before) <= Date.parse(v.since))
    errors.push({ field: "before", message: "It should be later than since", code: "invalid_value" });
  const filters = (v.filters as JsonObject | undefined) ?? {};
  const known = [
    "type",
    "actor",
    "agent_id",
    "group_id",
    "workflow_id",
    "sla_policy_id",
    "change_lifecycle_id",
    "requester_id",
    "workspace_display_id",
  ];
  for (const k of Object.keys(filters)) if (!known.includes(k)) errors.push(invalidField(`filters.${k}`));
  const types = filters.type;
  if (
    types !== undefined &&
    (!Array.isArray(types) || types.some((t) => !AUDIT_TYPES.includes(t as (typeof AUDIT_TYPES)[number])))
  )
    errors.push({
      field: "filters.type",
      message: `It should be one of these values: '${AUDIT_TYPES.join(",")}'`,
      code: "invalid_value",
    });
  throwIfErrors(errors);
  // The export runs asynchronously and its delivery is undocumented: 200 with a note of where it goes.
  const me = findUser(ctx.tenant, ctx.tenant.currentAgentId);
  return ok({
    message: "Audit log export has been initiated",
    email: me ? userEmail(me) : null,
    since: v.since,
    before: v.before,
  });
}

export const accountConfigRoutes: Route[] = [
  ...resourceRoutes(announcementSpec),
  ...cannedRoutes,
  ...configRoutes,
  { method: "POST", pattern: "/audit_log/export", handler: exportAuditLog },
];
