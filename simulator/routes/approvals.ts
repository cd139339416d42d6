// Approvals on tickets and changes (§7.4): request (per approver or as an approval group), list/show, remind,
// cancel (the only state change the API allows), the approval-chain rule, and the cross-module
// `GET /approvals?parent=` list (30 per page, ascending, with `total`).

import type { JsonRecord } from "../engine/collections";
import { validateFields } from "../engine/field-spec";
import { conflict, type FieldError, fieldError, notFound, throwIfErrors, validationError } from "../errors";
import { FILTER_PAGE_SIZE, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, type TenantState, userName } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { Ticket } from "../types";
import { invalidField, type JsonObject, objectBody } from "../validate";
import { enumParam, intParam, ok, pathId } from "./common";
import { type ParentKind, parentResolver, type ResolvedParent } from "./parents";

type ApprovalParent = Extract<ParentKind, "ticket" | "change">;

export const APPROVAL_STATUS_NAMES = ["requested", "approved", "rejected", "cancelled"] as const;

function statusObject(id: number) {
  return { id, name: APPROVAL_STATUS_NAMES[id] ?? "requested" };
}

function ofParent(
  state: TenantState,
  kind: ApprovalParent,
  parentId: number,
  collection: "approvals" | "approvalGroups",
) {
  return [...state.collections[collection].values()]
    .filter((a) => a._parent_type === kind && a._parent_id === parentId)
    .sort((a, b) => a.id - b.id);
}

export function approvalJson(a: JsonRecord, mode: "show" | "list" | "global"): Record<string, unknown> {
  const { email_content, _parent_type, _parent_id, ...rest } = a;
  const out: Record<string, unknown> = { ...rest };
  if (mode === "show") out.email_content = email_content;
  if (mode === "global") Object.assign(out, { parent: _parent_type, parent_id: _parent_id });
  return out;
}

/** The parent record's own approval status (4 "Not Requested" → 0 "Requested" once approvals exist). */
function markRequested(parent: ResolvedParent): void {
  const p = parent.record as Ticket | JsonRecord;
  (p as { approval_status: number }).approval_status = 0;
  (p as { approval_status_name: string }).approval_status_name = "Requested";
}

export function newApproval(
  ctx: RouteContext,
  kind: ApprovalParent,
  parentId: number,
  input: { approverId: number; type: number; level: number; group?: JsonRecord; email?: string | null; at?: number },
): JsonRecord {
  const s = ctx.tenant;
  const approver = findUser(s, input.approverId);
  const initiator = findUser(s, s.currentAgentId);
  const ts = formatTimestamp(input.at ?? ctx.now);
  const approval: JsonRecord = {
    id: s.nextId("approvals"),
    approver_id: input.approverId,
    approver_name: approver ? userName(approver) : null,
    approval_type: input.type,
    user_id: s.currentAgentId,
    user_name: initiator ? userName(initiator) : null,
    level: input.level,
    approval_status: statusObject(0),
    approval_group: input.group ? { id: input.group.id, name: input.group.name, rule: input.group.rule } : null,
    delegatee: null,
    latest_remark: null,
    email_content: input.email ?? null,
    created_at: ts,
    updated_at: ts,
    _parent_type: kind,
    _parent_id: parentId,
  };
  s.collections.approvals.set(approval.id, approval);
  return approval;
}

function groupJson(state: TenantState, g: JsonRecord, withApprovals: boolean): Record<string, unknown> {
  const approvals = [...state.collections.approvals.values()].filter(
    (a) => (a.approval_group as JsonObject | null)?.id === g.id,
  );
  const out: Record<string, unknown> = {
    id: g.id,
    name: g.name,
    rule: g.rule,
    status: groupStatus(approvals, g),
    level: g.level,
    created_at: g.created_at,
    updated_at: g.updated_at,
  };
  if (withApprovals) out.approvals = approvals.map((a) => approvalJson(a, "list"));
  return out;
}

/** A group is cancelled when cancelled, approved when its rule is met, rejected when any rejects, else requested. */
function groupStatus(approvals: JsonRecord[], g: JsonRecord) {
  if (g._cancelled === true) return statusObject(3);
  const ids = approvals.map((a) => (a.approval_status as { id: number }).id);
  if (ids.includes(2)) return statusObject(2);
  const approved = ids.filter((x) => x === 1).length;
  const met =
    g.rule === 1 ? approved === ids.length && ids.length > 0 : g.rule === 3 ? approved * 2 > ids.length : approved > 0;
  return statusObject(met ? 1 : 0);
}

function parentApprovalRoutes(kind: ApprovalParent): Route[] {
  const base = kind === "ticket" ? "/tickets/:id" : "/changes/:id";
  const parentOf = parentResolver(kind);
  const approvalOr404 = (ctx: RouteContext, parent: ResolvedParent) => {
    const id = pathId(ctx.params.approval_id);
    const a = ctx.tenant.collections.approvals.get(id);
    if (!a || a._parent_type !== kind || a._parent_id !== parent.id) throw notFound(`No approval found with id ${id}`);
    return a;
  };
  const groupOr404 = (ctx: RouteContext, parent: ResolvedParent) => {
    const id = pathId(ctx.params.group_id);
    const g = ctx.tenant.collections.approvalGroups.get(id);
    if (!g || g._parent_type !== kind || g._parent_id !== parent.id)
      throw notFound(`No approval group found with id ${id}`);
    return g;
  };

  const requestApproval = (ctx: RouteContext) => {
    const parent = parentOf(ctx);
    const errors: FieldError[] = [];
    const v = validateFields(
      ctx.tenant,
      objectBody(ctx.body),
      {
        approver_id: { kind: "integer", required: true, ref: "user" },
        approval_type: { kind: "integer", required: true, choices: [1, 2, 3, 4] },
        email_content: { kind: "string", nullable: true },
        approval_group_id: { kind: "integer", ref: "approvalGroups" },
      },
      "create",
      errors,
    );
    throwIfErrors(errors);
    const group =
      typeof v.approval_group_id === "number"
        ? groupOr404({ ...ctx, params: { ...ctx.params, group_id: String(v.approval_group_id) } }, parent)
        : undefined;
    const a = newApproval(ctx, kind, parent.id, {
      approverId: v.approver_id as number,
      type: v.approval_type as number,
      level: (group?.level as number | undefined) ?? 1,
      group,
      email: v.email_content as string | null | undefined,
    });
    markRequested(parent);
    return { status: 201, body: { approvals: [approvalJson(a, "list")] } };
  };

  const cancelApproval = (ctx: RouteContext) => {
    const parent = parentOf(ctx);
    const a = approvalOr404(ctx, parent);
    const body = objectBody(ctx.body);
    const extra = Object.keys(body).filter((k) => k !== "approval_status");
    const status = (body.approval_status as JsonObject | undefined)?.id;
    if (extra.length > 0) throw validationError(extra.map((k) => invalidField(k)));
    if (status !== 3) throw fieldError("approval_status", 'Only cancelling an approval ({"id":3}) is allowed');
    if ((a.approval_status as { id: number }).id !== 0) throw conflict("Only requested approvals can be cancelled");
    a.approval_status = statusObject(3);
    a.updated_at = formatTimestamp(ctx.now);
    return ok({ approval: approvalJson(a, "show") });
  };

  const createGroup = (ctx: RouteContext) => {
    const parent = parentOf(ctx);
    const errors: FieldError[] = [];
    const v = validateFields(
      ctx.tenant,
      objectBody(ctx.body),
      {
        name: { kind: "string", required: true, maxLength: 255 },
        approval_type: { kind: "integer", required: true, choices: [1, 2, 3, 4] },
        email_content: { kind: "string", nullable: true },
        notified_to: { kind: "integer[]", required: true, ref: "user" },
      },
      "create",
      errors,
    );
    throwIfErrors(errors);
    const ts = formatTimestamp(ctx.now);
    const level = ofParent(ctx.tenant, kind, parent.id, "approvalGroups").length + 1;
    const group: JsonRecord = {
      id: ctx.tenant.nextId("approvalGroups"),
      name: v.name,
      rule: v.approval_type,
      level,
      email_content: v.email_content ?? null,
      created_at: ts,
      updated_at: ts,
      _parent_type: kind,
      _parent_id: parent.id,
    };
    ctx.tenant.collections.approvalGroups.set(group.id, group);
    for (const userId of v.notified_to as number[])
      newApproval(ctx, kind, parent.id, {
        approverId: userId,
        type: v.approval_type as number,
        level,
        group,
        email: group.email_content as string | null,
      });
    markRequested(parent);
    return { status: 201, body: { approval_group: groupJson(ctx.tenant, group, true) } };
  };

  const updateGroup = (ctx: RouteContext) => {
    const parent = parentOf(ctx);
    const g = groupOr404(ctx, parent);
    const body = objectBody(ctx.body);
    // Cancel: the ticket doc sends {"status":3}, the change doc {"approval_status":{"id":3}}; both are accepted.
    const cancelStatus = body.status ?? (body.approval_status as JsonObject | undefined)?.id;
    if (cancelStatus !== undefined) {
      if (cancelStatus !== 3) throw fieldError("status", "Only cancelling an approval group (3) is allowed");
      g._cancelled = true;
      for (const a of ctx.tenant.collections.approvals.values())
        if ((a.approval_group as JsonObject | null)?.id === g.id && (a.approval_status as { id: number }).id === 0)
          a.approval_status = statusObject(3);
      g.updated_at = formatTimestamp(ctx.now);
      return ok({ approval_group: groupJson(ctx.tenant, g, true) });
    }
    const errors: FieldError[] = [];
    const v = validateFields(
      ctx.tenant,
      body,
      {
        name: { kind: "string", maxLength: 255 },
        rule: { kind: "integer", choices: [1, 2, 3, 4] },
        email_content: { kind: "string", nullable: true },
        approver_ids: { kind: "integer[]", ref: "user" },
      },
      "update",
      errors,
    );
    throwIfErrors(errors);
    if (typeof v.name === "string") g.name = v.name;
    if (typeof v.rule === "number") g.rule = v.rule;
    if (v.email_content !== undefined) g.email_content = v.email_content;
    if (Array.isArray(v.approver_ids)) {
      // approver_ids replaces the group's approvers: new ones are requested, dropped pending ones removed.
      const wanted = new Set(v.approver_ids as number[]);
      for (const a of [...ctx.tenant.collections.approvals.values()]) {
        if ((a.approval_group as JsonObject | null)?.id !== g.id) continue;
        if (!wanted.has(a.approver_id as number) && (a.approval_status as { id: number }).id === 0)
          ctx.tenant.collections.approvals.delete(a.id);
        wanted.delete(a.approver_id as number);
      }
      for (const userId of wanted)
        newApproval(ctx, kind, parent.id, {
          approverId: userId,
          type: g.rule as number,
          level: g.level as number,
          group: g,
        });
    }
    g.updated_at = formatTimestamp(ctx.now);
    return ok({ approval_group: groupJson(ctx.tenant, g, true) });
  };

  const chainRule = (ctx: RouteContext) => {
    const parent = parentOf(ctx);
    const errors: FieldError[] = [];
    const v = validateFields(
      ctx.tenant,
      objectBody(ctx.body),
      { rule: { kind: "integer", required: true, choices: [1, 2, 3, 4] } },
      "create",
      errors,
    );
    throwIfErrors(errors);
    ctx.tenant.approvalChainRules.set(`${kind}:${parent.id}`, v.rule as number);
    const groups = ofParent(ctx.tenant, kind, parent.id, "approvalGroups");
    const pending = groups.filter(
      (g) =>
        groupStatus(
          [...ctx.tenant.collections.approvals.values()].filter(
            (a) => (a.approval_group as JsonObject | null)?.id === g.id,
          ),
          g,
        ).id === 0,
    );
    return ok({
      approval_chain: {
        level: (pending[0]?.level as number | undefined) ?? groups.length,
        rule: v.rule,
        status: statusObject(pending.length > 0 ? 0 : groups.length > 0 ? 1 : 0),
        approval_groups: groups.map((g) => groupJson(ctx.tenant, g, false)),
      },
    });
  };

  return [
    { method: "POST", pattern: `${base}/approvals`, handler: requestApproval },
    {
      method: "GET",
      pattern: `${base}/approvals`,
      handler: (ctx) => {
        const parent = parentOf(ctx);
        return ok({
          approvals: ofParent(ctx.tenant, kind, parent.id, "approvals").map((a) => approvalJson(a, "list")),
        });
      },
    },
    {
      method: "GET",
      pattern: `${base}/approvals/:approval_id`,
      handler: (ctx) => ok({ approval: approvalJson(approvalOr404(ctx, parentOf(ctx)), "show") }),
    },
    { method: "PUT", pattern: `${base}/approvals/:approval_id`, handler: cancelApproval },
    {
      method: "PUT",
      pattern: `${base}/approvals/:approval_id/remind`,
      handler: (ctx) => {
        const a = approvalOr404(ctx, parentOf(ctx));
        if ((a.approval_status as { id: number }).id !== 0) throw conflict("Only requested approvals can be reminded");
        return { status: 200 };
      },
    },
    { method: "POST", pattern: `${base}/approval-groups`, handler: createGroup },
    {
      method: "GET",
      pattern: `${base}/approval-groups`,
      handler: (ctx) => {
        const parent = parentOf(ctx);
        return ok({
          approval_groups: ofParent(ctx.tenant, kind, parent.id, "approvalGroups").map((g) =>
            groupJson(ctx.tenant, g, false),
          ),
        });
      },
    },
    { method: "PUT", pattern: `${base}/approval-groups/:group_id`, handler: updateGroup },
    { method: "PUT", pattern: `${base}/approval-chain-rule`, handler: chainRule },
  ];
}

/** `GET /approvals?parent=ticket|change` plus at least one of parent_id, status, approver_id, delegatee_id. */
function listAllApprovals(ctx: RouteContext) {
  const q = ctx.query;
  if (q.get("parent") === null)
    throw fieldError("parent", "It should be one of these values: 'ticket,change'", "missing_field");
  const parent = enumParam(q, "parent", ["ticket", "change"] as const);
  const parentId = intParam(q, "parent_id", { min: 1 });
  const status = enumParam(q, "status", APPROVAL_STATUS_NAMES);
  const approverId = intParam(q, "approver_id", { min: 1 });
  const delegateeId = intParam(q, "delegatee_id", { min: 1 });
  const level = intParam(q, "level", { min: 1 });
  if ([parentId, status, approverId, delegateeId].every((x) => x === undefined))
    throw fieldError(
      "parent_id",
      "Please fill at least 1 of parent_id, status, approver_id, delegatee_id",
      "missing_field",
    );
  const items = [...ctx.tenant.collections.approvals.values()]
    .filter(
      (a) =>
        a._parent_type === parent &&
        (parentId === undefined || a._parent_id === parentId) &&
        (status === undefined || (a.approval_status as { name: string }).name === status) &&
        (approverId === undefined || a.approver_id === approverId) &&
        (delegateeId === undefined || (a.delegatee as { id: number } | null)?.id === delegateeId) &&
        (level === undefined || a.level === level),
    )
    .sort((a, b) => (a.created_at as string).localeCompare(b.created_at as string) || a.id - b.id);
  // Capped paging: 30 per page and a `total`, no link header (§2).
  const { page } = readPaging(q, { fixedPerPage: FILTER_PAGE_SIZE });
  const slice = items.slice((page - 1) * FILTER_PAGE_SIZE, page * FILTER_PAGE_SIZE);
  return ok({ approvals: slice.map((a) => approvalJson(a, "global")), total: items.length });
}

export const approvalRoutes: Route[] = [
  { method: "GET", pattern: "/approvals", handler: listAllApprovals },
  ...parentApprovalRoutes("ticket"),
  ...parentApprovalRoutes("change"),
];
