// What hangs off an asset (§7.9): move_workspace, components (typed `component_data`), linked requests,
// contracts, assignment history (also per user), plus the hook that records assignment changes.

import { contractStatus } from "../contract-status";
import type { JsonRecord } from "../engine/collections";
import { resourceRoutes } from "../engine/crud-routes";
import { validateFields } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, notFound, throwIfErrors } from "../errors";
import { pageOfRequest } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, type TenantState, userName } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { Asset } from "../types";
import { type JsonObject, objectBody } from "../validate";
import { getOr404, ok, pathId } from "./common";

/** Required `component_data` keys per component type (§6.6). */
export const COMPONENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  Processor: ["manufacturer", "model", "cpu_speed"],
  Memory: ["manufacturer", "capacity", "model", "speed", "socket"],
  "Network Adapter": ["manufacturer", "model", "mac_address", "ip_addr"],
  "Hard Disk": ["capacity", "model"],
  "Logical Drive": ["drive_name"],
  Datastore: ["name", "capacity"],
  Interface: ["name", "type"],
  "Input Units": ["name", "type"],
  "Output Units": ["name", "type"],
  "Marker Supply Units": ["name", "type"],
};

function liveAsset(ctx: RouteContext): Asset {
  const a = getOr404(ctx.tenant.assets, pathId(ctx.params.id), "asset");
  if (a.trashed) throw notFound(`Asset ${a.display_id} is in the trash`);
  return a;
}

function componentDataErrors(type: string, data: unknown): FieldError[] {
  const keys = COMPONENT_KEYS[type] ?? [];
  const rows = Array.isArray(data) ? (data as JsonObject[]) : [];
  const errors: FieldError[] = [];
  rows.forEach((row, i) => {
    for (const k of keys)
      if (row[k] === undefined || row[k] === null || row[k] === "")
        errors.push({ field: `component_data[${i}].${k}`, message: "It should not be blank", code: "missing_field" });
  });
  return errors;
}

export const componentSpec: ResourceSpec = {
  label: "component",
  store: (s) => s.collections.assetComponents,
  path: "/assets/:id/components",
  itemParam: "component_id",
  single: "component",
  plural: "components",
  operations: ["list", "create", "update"],
  parent: (ctx) => {
    const a = liveAsset(ctx);
    return { id: a.display_id, record: a };
  },
  fields: (_s, mode) => ({
    ...(mode === "create"
      ? { component_type: { kind: "string", required: true, choices: Object.keys(COMPONENT_KEYS) } }
      : {}),
    component_data: { kind: "object[]", required: true },
  }),
  validate: (_ctx, v, _mode, existing) =>
    componentDataErrors((v.component_type ?? existing?.component_type) as string, v.component_data),
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("assetComponents"),
      component_type: v.component_type,
      component_data: v.component_data,
      created_at: ts,
      updated_at: ts,
    };
  },
  list: { unpaged: true, order: () => (a, b) => a.id - b.id },
};

const TICKET_PREFIX = (type: string) => (type === "Service Request" ? "SR" : "INC");
const STATUS_NAMES: Record<string, readonly string[]> = {
  Ticket: ["", "", "Open", "Pending", "Resolved", "Closed"],
  Problem: ["", "Open", "Change Requested", "Closed"],
  Change: ["", "Open", "Planning", "Awaiting Approval", "Pending Release", "Pending Review", "Closed"],
  Release: ["", "Open", "On hold", "In Progress", "Incomplete", "Completed"],
};

function assetRequests(ctx: RouteContext) {
  const a = liveAsset(ctx);
  const s = ctx.tenant;
  const out: JsonObject[] = [];
  for (const t of s.tickets.values())
    if (!t.deleted && t.asset_display_ids.includes(a.display_id))
      out.push({
        id: t.id,
        request_type: "Ticket",
        request_id: `${TICKET_PREFIX(t.type)}-${t.id}`,
        request_details: t.subject,
        request_status: STATUS_NAMES.Ticket?.[t.status] ?? String(t.status),
        created_at: t.created_at,
        updated_at: t.updated_at,
      });
  const itil: Array<[string, string, Map<number, JsonRecord>]> = [
    ["Problem", "PRB", s.collections.problems],
    ["Change", "CHN", s.collections.changes],
    ["Release", "REL", s.collections.releases],
  ];
  for (const [type, prefix, store] of itil)
    for (const r of store.values())
      if (r.deleted !== true && ((r._asset_display_ids as number[]) ?? []).includes(a.display_id))
        out.push({
          id: r.id,
          request_type: type,
          request_id: `${prefix}-${r.id}`,
          request_details: r.subject,
          request_status: STATUS_NAMES[type]?.[r.status as number] ?? String(r.status),
          created_at: r.created_at,
          updated_at: r.updated_at,
        });
  const page = pageOfRequest(out, ctx);
  return ok({ requests: page.items }, page.headers);
}

function assetContracts(ctx: RouteContext) {
  const a = liveAsset(ctx);
  const s = ctx.tenant;
  const page = pageOfRequest(
    [...s.collections.contracts.values()].filter((c) => ((c._asset_ids as number[]) ?? []).includes(a.display_id)),
    ctx,
  );
  return ok(
    {
      contracts: page.items.map((c) => ({
        id: c.id,
        contract_id: c.contract_number,
        contract_type: s.collections.contractTypes.get(c.contract_type_id as number)?.name ?? null,
        contract_name: c.name,
        contract_status: contractStatus(ctx.now, c),
      })),
    },
    page.headers,
  );
}

function historyJson(h: JsonRecord): JsonObject {
  const { _asset_display_id, ...rest } = h;
  return rest;
}

/** Records an assignment change (called by asset create/update): closes the open entry, opens a new one. */
export function trackAssignment(state: TenantState, asset: Asset, userId: number | null, at: number): void {
  const ts = formatTimestamp(at);
  const actor = findUser(state, state.currentAgentId);
  for (const h of state.collections.assetAssignments.values()) {
    if (h._asset_display_id === asset.display_id && h.unassigned_on === null) {
      if (h.user_id === userId) return;
      Object.assign(h, {
        unassigned_on: ts,
        unassigned_by: state.currentAgentId,
        unassigned_by_name: actor ? userName(actor) : null,
        updated_at: ts,
      });
    }
  }
  if (userId === null) return;
  const user = findUser(state, userId);
  const id = state.nextId("assetAssignments");
  state.collections.assetAssignments.set(id, {
    id,
    user_id: userId,
    user_name: user ? userName(user) : null,
    assigned_on: ts,
    assigned_by: state.currentAgentId,
    assigned_by_name: actor ? userName(actor) : null,
    unassigned_by: null,
    unassigned_by_name: null,
    unassigned_on: null,
    created_at: ts,
    updated_at: ts,
    _asset_display_id: asset.display_id,
  });
}

function assetHistory(ctx: RouteContext) {
  const a = liveAsset(ctx);
  const items = [...ctx.tenant.collections.assetAssignments.values()]
    .filter((h) => h._asset_display_id === a.display_id)
    .sort((x, y) => (y.assigned_on as string).localeCompare(x.assigned_on as string));
  return ok({ assignment_history: items.map((h) => historyJson(h)) });
}

function userHistory(ctx: RouteContext) {
  const s = ctx.tenant;
  const id = pathId(ctx.params.id);
  if (!findUser(s, id)) throw notFound(`No user found with id ${id}`);
  const items = [...s.collections.assetAssignments.values()]
    .filter((h) => h.user_id === id)
    .sort((x, y) => (y.assigned_on as string).localeCompare(x.assigned_on as string));
  return ok({
    assignment_history: items.map((h) => {
      const asset = s.assets.get(h._asset_display_id as number);
      const manager = asset?.agent_id ? s.agents.get(asset.agent_id) : undefined;
      return {
        asset_id: h._asset_display_id,
        asset_name: asset?.name ?? null,
        managed_by_id: asset?.agent_id ?? null,
        managed_by_name: manager ? userName(manager) : null,
        assigned_on: h.assigned_on,
        assigned_by: h.assigned_by,
        assigned_by_name: h.assigned_by_name,
        unassigned_on: h.unassigned_on,
        unassigned_by: h.unassigned_by,
        unassigned_by_name: h.unassigned_by_name,
        created_at: h.created_at,
        updated_at: h.updated_at,
      };
    }),
  });
}

function moveAsset(ctx: RouteContext, toJson: (a: Asset) => unknown) {
  const a = liveAsset(ctx);
  const errors: FieldError[] = [];
  const v = validateFields(
    ctx.tenant,
    objectBody(ctx.body),
    {
      workspace_id: { kind: "integer", required: true, ref: "workspace" },
      agent_id: { kind: "integer", ref: "agent", nullable: true },
      group_id: { kind: "integer", ref: "group", nullable: true },
    },
    "create",
    errors,
  );
  if (v.workspace_id === 1)
    errors.push({
      field: "workspace_id",
      message: "Assets can't be moved to the global workspace",
      code: "invalid_value",
    });
  throwIfErrors(errors);
  a.workspace_id = v.workspace_id as number;
  if (v.agent_id !== undefined) a.agent_id = v.agent_id as number | null;
  if (v.group_id !== undefined) a.group_id = v.group_id as number | null;
  a.updated_at = formatTimestamp(ctx.now);
  return ok({ asset: toJson(a) });
}

export function assetExtraRoutes(toJson: (a: Asset) => unknown): Route[] {
  return [
    { method: "PUT", pattern: "/assets/:id/move_workspace", handler: (ctx) => moveAsset(ctx, toJson) },
    ...resourceRoutes(componentSpec),
    { method: "GET", pattern: "/assets/:id/requests", handler: assetRequests },
    { method: "GET", pattern: "/assets/:id/contracts", handler: assetContracts },
    { method: "GET", pattern: "/assets/:id/assignment-history", handler: assetHistory },
    { method: "GET", pattern: "/users/:id/assignment-history", handler: userHistory },
  ];
}
