// Alert Management (§7.30): alerts from monitoring integrations, listed or filtered with `query=` (paged by
// page/per_page, with a Link header), shown, acknowledged and resolved, and each alert's notes.

import { type JsonRecord, publicRecord } from "../engine/collections";
import { resourceRoutes } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import { conflict } from "../errors";
import type { FilterSchema } from "../filter-query";
import type { Route, RouteContext } from "../router";
import { formatTimestamp } from "../time";
import { enumParam, getOr404, ok, pathId } from "./common";

export const ALERT_SEVERITIES = ["critical", "major", "minor", "warning", "info"] as const;
export const ALERT_STATES = ["open", "acknowledged", "resolved", "suppressed"] as const;

const ALERT_FILTER: FilterSchema<JsonRecord> = {
  state: { type: "string", get: (r) => r.state, choices: ALERT_STATES },
  severity: { type: "string", get: (r) => r.severity, choices: ALERT_SEVERITIES },
  resource: { type: "string", get: (r) => r.resource },
  metric: { type: "string", get: (r) => r.metric },
  integration_id: { type: "number", get: (r) => r.integration_id },
  ticket_id: { type: "number", get: (r) => r.ticket_id },
  created_at: { type: "date", get: (r) => r.created_at },
  updated_at: { type: "date", get: (r) => r.updated_at },
};

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
    return { id: ctx.tenant.nextId("alerts"), state: "open", ticket_id: null, ...v, created_at: ts, updated_at: ts };
  },
  list: {
    checkParams: (ctx) => {
      enumParam(ctx.query, "order_by", ["created_at", "updated_at"] as const);
      enumParam(ctx.query, "order_type", ["asc", "desc"] as const);
    },
    // The documented filter takes page and per_page like a plain list.
    query: { schema: () => ALERT_FILTER, perPage: true },
    order: (ctx) => {
      const by = enumParam(ctx.query, "order_by", ["created_at", "updated_at"] as const) ?? "created_at";
      const dir = enumParam(ctx.query, "order_type", ["asc", "desc"] as const) === "asc" ? 1 : -1;
      return (a, b) => dir * (Date.parse(a[by] as string) - Date.parse(b[by] as string) || a.id - b.id);
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

/** `PUT /ams/alerts/:id/<action>`: the alert moves to `state`; a resolved alert can't be acknowledged again. */
function stateAction(state: "acknowledged" | "resolved") {
  return (ctx: RouteContext) => {
    const alert = getOr404(ctx.tenant.collections.alerts, pathId(ctx.params.id), "alert");
    if (state === "acknowledged" && alert.state === "resolved")
      throw conflict("A resolved alert can't be acknowledged");
    alert.state = state;
    alert.updated_at = formatTimestamp(ctx.now);
    if (state === "acknowledged") alert.acknowledged_by = ctx.tenant.currentAgentId;
    return ok({ alert: publicRecord(alert) });
  };
}

export const alertRoutes: Route[] = [
  { method: "PUT", pattern: "/ams/alerts/:id/acknowledge", handler: stateAction("acknowledged") },
  { method: "PUT", pattern: "/ams/alerts/:id/resolve", handler: stateAction("resolved") },
  ...resourceRoutes(alertNoteSpec),
  ...resourceRoutes(alertSpec),
];
