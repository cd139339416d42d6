// Ticket actions beyond CRUD (§7.1): child tickets, move_workspace, promote/demote (Major Incident), the CSAT
// response, custom ticket sources and attachment deletes. Tasks, time entries and approvals live in their own
// modules; activities in ticket-activities.ts.

import { validateFields } from "../engine/field-spec";
import { type FieldError, fieldError, notFound, throwIfErrors } from "../errors";
import type { Route, RouteContext } from "../router";
import { TICKET_SOURCES } from "../seed/form-fields";
import { formatTimestamp } from "../time";
import type { Ticket } from "../types";
import { invalidField, objectBody } from "../validate";
import { created, getOr404, noContent, ok, pathId } from "./common";
import { recordActivity } from "./ticket-activities";
import { ticketJson } from "./ticket-json";
import { insertTicket } from "./tickets";

/** The ticket named by the path parameter `param`, or 404 when it is unknown or in the trash. */
export function liveTicket(ctx: RouteContext, param = "id"): Ticket {
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params[param]), "ticket");
  if (t.deleted) throw notFound(`Ticket ${t.id} is deleted`);
  return t;
}

function createChild(ctx: RouteContext) {
  const parent = liveTicket(ctx);
  if (parent.spam) throw fieldError("parent_id", "A child ticket can't be created under a spam ticket");
  if (parent.parent_id !== null) throw fieldError("parent_id", "A child ticket can't have children of its own");
  const { ticket, echoAssets } = insertTicket(ctx);
  ticket.parent_id = parent.id;
  recordActivity(ctx.tenant, parent.id, ctx.now, `created child ticket #${ticket.id}`);
  return created(ctx.url, `/tickets/${ticket.id}`, {
    ticket: ticketJson(ctx.tenant, ticket, "show", new Set(), { echoAssets }),
  });
}

function moveWorkspace(ctx: RouteContext) {
  const t = liveTicket(ctx);
  const s = ctx.tenant;
  const errors: FieldError[] = [];
  const v = validateFields(
    s,
    objectBody(ctx.body),
    {
      workspace_id: { kind: "integer", required: true, ref: "workspace" },
      group_id: { kind: "integer", ref: "group", nullable: true },
      responder_id: { kind: "integer", ref: "agent", nullable: true },
      // The MSP form of the body moves the ticket to a client together with its requester.
      requester_id: { kind: "integer", ref: "user" },
    },
    "create",
    errors,
  );
  const ws = v.workspace_id as number | undefined;
  if (ws === 1)
    errors.push({
      field: "workspace_id",
      message: "Tickets can't be moved to the global workspace",
      code: "invalid_value",
    });
  if (typeof v.group_id === "number" && s.groups.get(v.group_id)?.workspace_id !== ws)
    errors.push({
      field: "group_id",
      message: "The group doesn't belong to the target workspace",
      code: "invalid_value",
    });
  throwIfErrors(errors);
  t.workspace_id = ws as number;
  // Group and agent belong to the old workspace unless re-given.
  t.group_id = (v.group_id as number | null | undefined) ?? null;
  t.responder_id = (v.responder_id as number | null | undefined) ?? null;
  if (typeof v.requester_id === "number") t.requester_id = v.requester_id;
  t.updated_at = formatTimestamp(ctx.now);
  recordActivity(s, t.id, ctx.now, `moved the ticket to workspace ${ws}`);
  return ok({ ticket: ticketJson(s, t, "show") });
}

function changeType(from: string, to: string) {
  return (ctx: RouteContext) => {
    const t = liveTicket(ctx);
    const body = objectBody(ctx.body);
    const errors: FieldError[] = Object.keys(body)
      .filter((k) => k !== "type")
      .map((k) => invalidField(k));
    if (body.type === undefined) errors.push({ field: "type", message: `It should be '${to}'`, code: "missing_field" });
    else if (body.type !== to) errors.push({ field: "type", message: `It should be '${to}'`, code: "invalid_value" });
    throwIfErrors(errors);
    if (t.type !== from) throw fieldError("type", `Only a ticket of type '${from}' can become '${to}'`);
    t.type = to;
    t.updated_at = formatTimestamp(ctx.now);
    recordActivity(ctx.tenant, t.id, ctx.now, `changed Type to ${to}`);
    return ok({ ticket: ticketJson(ctx.tenant, t, "show") });
  };
}

function csatResponse(ctx: RouteContext) {
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  const r = [...ctx.tenant.collections.csatResponses.values()].find((x) => x._parent_id === t.id);
  if (!r) throw notFound(`Ticket ${t.id} has no CSAT response`);
  const { _parent_id, ...body } = r;
  return ok({ csat_response: body });
}

function addSource(ctx: RouteContext) {
  const s = ctx.tenant;
  const errors: FieldError[] = [];
  const v = validateFields(
    s,
    objectBody(ctx.body),
    { name: { kind: "string", required: true, maxLength: 100 } },
    "create",
    errors,
  );
  const name = v.name as string | undefined;
  const taken = [
    ...TICKET_SOURCES.map(([, n]) => n),
    ...[...s.collections.ticketSources.values()].map((x) => x.value as string),
  ];
  if (name !== undefined && taken.some((n) => n.toLowerCase() === name.toLowerCase()))
    errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
  throwIfErrors(errors);
  const choiceId = s.nextId("ticketSources");
  const ts = formatTimestamp(ctx.now);
  const source = {
    id: 21_000_800_000 + choiceId,
    choice_id: choiceId,
    value: name as string,
    position: TICKET_SOURCES.length + s.collections.ticketSources.size + 1,
    visible: true,
    default: false,
    created_at: ts,
    updated_at: ts,
  };
  s.collections.ticketSources.set(source.id, source);
  return { status: 201, body: { source } };
}

function deleteAttachment(ctx: RouteContext, owner: { attachments: Array<{ id: number }> }) {
  const id = pathId(ctx.params.attachment_id);
  const i = owner.attachments.findIndex((a) => a.id === id);
  if (i < 0) throw notFound(`No attachment found with id ${id}`);
  owner.attachments.splice(i, 1);
  return noContent;
}

export const ticketExtraRoutes: Route[] = [
  { method: "POST", pattern: "/tickets/:id/create_child_ticket", handler: createChild },
  { method: "PUT", pattern: "/tickets/:id/move_workspace", handler: moveWorkspace },
  { method: "PUT", pattern: "/tickets/:id/promote", handler: changeType("Incident", "Major Incident") },
  { method: "PUT", pattern: "/tickets/:id/demote", handler: changeType("Major Incident", "Incident") },
  { method: "GET", pattern: "/tickets/:id/csat_response", handler: csatResponse },
  { method: "POST", pattern: "/ticket_fields/sources", handler: addSource },
  {
    method: "DELETE",
    pattern: "/tickets/:id/attachments/:attachment_id",
    handler: (ctx) => deleteAttachment(ctx, liveTicket(ctx)),
  },
  {
    method: "DELETE",
    pattern: "/conversations/:id/attachments/:attachment_id",
    handler: (ctx) => {
      const c = ctx.tenant.conversations.get(pathId(ctx.params.id));
      if (!c) throw notFound("No conversation found");
      return deleteAttachment(ctx, c);
    },
  },
];
