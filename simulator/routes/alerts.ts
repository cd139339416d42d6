// Alert Management (§7.30): alerts from monitoring integrations, listed or filtered with `query=` (paged by
// page/per_page, with a Link header), shown, acknowledged and resolved, and each alert's notes. Severity and state
// are numbers, as the documentation has them (severity 51 Ok … 201 Critical; state 1 Open, 2 Resolved, 3 Reopen).

import { type JsonRecord, publicRecord } from "../engine/collections";
import { resourceRoutes } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import { conflict } from "../errors";
import type { FilterSchema } from "../filter-query";
import type { Route, RouteContext } from "../router";
import { formatTimestamp } from "../time";
import { enumParam, getOr404, ok, pathId } from "./common";

/** 51 Ok, 101 Warning, 151 Error, 201 Critical. */
export const ALERT_SEVERITY = { ok: 51, warning: 101, error: 151, critical: 201 } as const;
/** 1 Open, 2 Resolved, 3 Reopen. */
export const ALERT_STATE = { open: 1, resolved: 2, reopen: 3 } as const;

/** The documented filterable fields, all case-sensitive. */
const ALERT_FILTER: FilterSchema<JsonRecord> = {
  workspace_id: { type: "number", get: (r) => r.workspace_id },
  resource: { type: "string", get: (r) => r.resource },
  severity: { type: "number", get: (r) => r.severity },
  tags: { type: "string", get: (r) => r.tags },
  state: { type: "number", get: (r) => r.state },
  integration_id: { type: "number", get: (r) => r.integration_id },
  acknowledged_by_id: { type: "number", get: (r) => r.acknowledged_by_id },
  incident_id: { type: "number", get: (r) => r.incident_id },
  archived: { type: "boolean", get: (r) => r.archived },
  occurrence_time: { type: "date", get: (r) => r.occurrence_time },
  updated_at: { type: "date", get: (r) => r.updated_at },
};

/** The documented sorting fields. */
const ALERT_ORDER = ["updated_at", "occurrence_time", "severity", "state", "id", "workspace_id"] as const;

/** Alerts arrive from integrations, not through the API: list and show only, the state actions below. */
export const alertSpec: ResourceSpec = {
  label: "alert",
  store: (s) => s.collections.alerts,
  path: "/ams/alerts",
  single: "alert",
  plural: "alerts",
  operations: ["list", "get"],
  fields: () => ({}),
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("alerts"),
      state: ALERT_STATE.open,
      tags: [],
      additional_info: {},
      acknowledged_by_id: null,
      acknowledged_at: null,
      incident_id: null,
      archived: false,
      suppressed: false,
      occurrence_time: ts,
      ...v,
      created_at: ts,
      updated_at: ts,
    };
  },
  list: {
    checkParams: (ctx) => {
      enumParam(ctx.query, "order_by", ALERT_ORDER);
      enumParam(ctx.query, "order_type", ["asc", "desc"] as const);
    },
    // The documented filter takes page and per_page like a plain list.
    query: { schema: () => ALERT_FILTER, perPage: true },
    // The documentation names no default order: newest update first.
    order: (ctx) => {
      const by = enumParam(ctx.query, "order_by", ALERT_ORDER) ?? "updated_at";
      const dir = enumParam(ctx.query, "order_type", ["asc", "desc"] as const) === "asc" ? 1 : -1;
      const value = (r: JsonRecord) => (typeof r[by] === "string" ? Date.parse(r[by] as string) : Number(r[by]));
      return (a, b) => dir * (value(a) - value(b) || a.id - b.id);
    },
  },
};

export const alertNoteSpec: ResourceSpec = {
  label: "note",
  store: (s) => s.collections.alertNotes,
  path: "/ams/alerts/:id/notes",
  itemParam: "note_id",
  single: "alert_note",
  plural: "alert_notes",
  operations: ["list", "get", "create", "update", "delete"],
  parent: (ctx) => {
    const id = pathId(ctx.params.id);
    return { id, record: getOr404(ctx.tenant.collections.alerts, id, "alert") };
  },
  // The documented update needs the description too.
  fields: () => ({ description: { kind: "string", required: true, maxLength: 10_000 } }),
  validate: (_ctx, values, mode) =>
    mode === "update" && values.description === undefined
      ? [{ field: "description", message: "It should be a/an String", code: "missing_field" }]
      : [],
  build: (ctx, v, alert) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("alertNotes"),
      alert_id: (alert as JsonRecord).id,
      description: v.description,
      user_id: ctx.tenant.currentAgentId,
      workspace_id: (alert as JsonRecord).workspace_id,
      created_at: ts,
      updated_at: ts,
    };
  },
  list: { order: () => (a, b) => a.id - b.id },
};

/**
 * `PUT /ams/alerts/:id/<action>`: acknowledging records who and when (the state stays: the documented states are
 * Open, Resolved and Reopen); resolving sets state 2. A resolved alert can't be acknowledged again.
 */
function stateAction(action: "acknowledge" | "resolve") {
  return (ctx: RouteContext) => {
    const alert = getOr404(ctx.tenant.collections.alerts, pathId(ctx.params.id), "alert");
    const ts = formatTimestamp(ctx.now);
    if (action === "acknowledge") {
      if (alert.state === ALERT_STATE.resolved) throw conflict("A resolved alert can't be acknowledged");
      alert.acknowledged_by_id = ctx.tenant.currentAgentId;
      alert.acknowledged_at = ts;
    } else alert.state = ALERT_STATE.resolved;
    alert.updated_at = ts;
    return ok({ alert: publicRecord(alert) });
  };
}

export const alertRoutes: Route[] = [
  { method: "PUT", pattern: "/ams/alerts/:id/acknowledge", handler: stateAction("acknowledge") },
  { method: "PUT", pattern: "/ams/alerts/:id/resolve", handler: stateAction("resolve") },
  ...resourceRoutes(alertNoteSpec),
  ...resourceRoutes(alertSpec),
];
