// Ticket endpoints (§7.1): list with its 30-day default and simple filters, the query filter, show, create,
// update, soft delete and restore.

import { fieldError, notFound } from "../errors";
import { addAttachments, checkTicketAttachmentSize } from "../files/attachment-store";
import type { FormFieldTypes } from "../files/multipart";
import { type FilterSchema, filterConditions } from "../filter-query";
import { FILTER_PAGE_SIZE, paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { TICKET_TYPES } from "../seed/form-fields";
import { findUser, findUserByEmail, type TenantState, userEmail } from "../tenant-state";
import { customFieldFilterType, PRIMARY_WORKSPACE_ID, ticketCustomFieldsFor } from "../ticket-custom-fields";
import { applyStatusChange, buildTicket } from "../ticket-model";
import { DAY_MS, formatTimestamp, parseDateInput } from "../time";
import type { Ticket } from "../types";
import { htmlToText, objectBody } from "../validate";
import { byCreatedDesc, created, enumParam, getOr404, intParam, noContent, ok, pathId, readIncludes } from "./common";
import { applyFilter, readFilterParam } from "./filtering";
import { recordActivity } from "./ticket-activities";
import { createRequesterFor, parseTicketBody } from "./ticket-body";
import { TICKET_LIST_INCLUDES, TICKET_SHOW_INCLUDES, ticketJson } from "./ticket-json";

/** GET /tickets returns only tickets created in this window unless `updated_since` is given. */
export const DEFAULT_TICKET_LIST_WINDOW_MS = 30 * DAY_MS;

const LIST_FILTERS = ["new_and_my_open", "watching", "spam", "deleted", "all_tickets"] as const;

function listTickets(ctx: RouteContext) {
  const { tenant: s, query } = ctx;
  const includes = readIncludes(query, TICKET_LIST_INCLUDES);
  const paging = readPaging(query);
  const filter = enumParam(query, "filter", LIST_FILTERS);
  const requesterId = intParam(query, "requester_id", { min: 1 });
  const workspaceId = intParam(query, "workspace_id");
  const orderType = enumParam(query, "order_type", ["asc", "desc"] as const) ?? "desc";
  const type = enumParam(query, "type", [...TICKET_TYPES, "Alert"]);
  const updatedSinceRaw = query.get("updated_since");
  let updatedSince: number | undefined;
  if (updatedSinceRaw !== null) {
    const at = parseDateInput(updatedSinceRaw);
    if (at === null) throw fieldError("updated_since", "It should be in the 'valid date time' format");
    updatedSince = at;
  }
  const emailParam = query.get("email");
  // An unknown e-mail simply matches nothing.
  const emailUser = emailParam ? findUserByEmail(s, emailParam) : undefined;

  let items = [...s.tickets.values()].filter((t) => {
    if (filter === "spam") {
      if (!t.spam || t.deleted) return false;
    } else if (filter === "deleted") {
      if (!t.deleted) return false;
    } else if (t.spam || t.deleted) return false;
    if (
      filter === "new_and_my_open" &&
      !(t.status === 2 && (t.responder_id === null || t.responder_id === s.currentAgentId))
    )
      return false;
    if (filter === "watching" && !t.watcher_ids.includes(s.currentAgentId)) return false;
    if (workspaceId !== 0 && t.workspace_id !== (workspaceId ?? PRIMARY_WORKSPACE_ID)) return false;
    if (requesterId !== undefined && t.requester_id !== requesterId) return false;
    if (emailParam !== null && t.requester_id !== emailUser?.id) return false;
    if (type !== undefined && t.type !== type) return false;
    if (updatedSince !== undefined) return Date.parse(t.updated_at) >= updatedSince;
    return Date.parse(t.created_at) >= ctx.now - DEFAULT_TICKET_LIST_WINDOW_MS;
  });
  items.sort(byCreatedDesc);
  if (orderType === "asc") items = items.reverse();
  const page = paginate(items, paging, ctx.url);
  return ok({ tickets: page.items.map((t) => ticketJson(s, t, "list", includes)) }, page.headers);
}

/**
 * The fields a ticket filter takes: the fixed ones, and the custom fields of the workspace filtered (§5.2):
 * the global ones plus that workspace's own, the primary workspace's without `workspace_id`, and only the
 * global ones with `workspace_id=0` (every workspace, "only global fields", §4). The form follows the
 * parameter: a `workspace_id:N` condition in the query doesn't change it (how Freshservice reads that is
 * undocumented).
 */
function ticketFilterSchema(s: TenantState, workspaceId: number | undefined): FilterSchema<Ticket> {
  const schema: Record<string, FilterSchema<Ticket>[string]> = {
    workspace_id: { type: "number", get: (t) => t.workspace_id },
    requester_id: { type: "number", get: (t) => t.requester_id },
    email: {
      type: "string",
      get: (t) => {
        const u = findUser(s, t.requester_id);
        return u ? userEmail(u) : null;
      },
    },
    agent_id: { type: "number", get: (t) => t.responder_id },
    group_id: { type: "number", get: (t) => t.group_id },
    priority: { type: "number", get: (t) => t.priority },
    status: { type: "number", get: (t) => t.status },
    impact: { type: "number", get: (t) => t.impact },
    urgency: { type: "number", get: (t) => t.urgency },
    tag: { type: "string", get: (t) => t.tags },
    due_by: { type: "date", get: (t) => t.due_by },
    fr_due_by: { type: "date", get: (t) => t.fr_due_by },
    created_at: { type: "date", get: (t) => t.created_at },
    updated_at: { type: "date", get: (t) => t.updated_at },
  };
  const fields = workspaceId === 0 ? s.ticketCustomFields : ticketCustomFieldsFor(s, workspaceId);
  for (const d of fields) {
    const type = customFieldFilterType(d);
    if (!type) continue;
    schema[d.name] = {
      type,
      get: (t) => t.custom_fields[d.name],
      choices: d.type === "custom_dropdown" ? d.choices : undefined,
    };
    for (const level of d.nestedLevels ?? [])
      schema[level.name] = { type: "string", get: (t) => t.custom_fields[level.name] };
  }
  return schema;
}

function filterTickets(ctx: RouteContext) {
  const { tenant: s, query } = ctx;
  if (query.get("query") === null) throw fieldError("query", "It should be a/an String", "missing_field");
  const workspaceId = intParam(query, "workspace_id");
  const schema = ticketFilterSchema(s, workspaceId);
  const node = readFilterParam(query, "query", schema);
  // Per the docs the filter returns 30 per page; its page cap is undocumented, so none is enforced here.
  const paging = readPaging(query, { fixedPerPage: FILTER_PAGE_SIZE });
  // Without a workspace (parameter or condition) only the primary workspace is searched.
  const queriesWorkspace = node !== undefined && filterConditions(node).some((c) => c.field === "workspace_id");
  const pool = [...s.tickets.values()].filter(
    (t) =>
      !t.spam &&
      !t.deleted &&
      (workspaceId === 0 ||
        (workspaceId === undefined && queriesWorkspace) ||
        t.workspace_id === (workspaceId ?? PRIMARY_WORKSPACE_ID)),
  );
  const items = applyFilter(pool, node, schema).sort(byCreatedDesc);
  const page = paginate(items, paging, ctx.url);
  // The docs show this answer's `total` and no Link header: a client pages by `page` until it has them all.
  return ok({ tickets: page.items.map((t) => ticketJson(s, t, "list")), total: items.length });
}

function showTicket(ctx: RouteContext) {
  const includes = readIncludes(ctx.query, TICKET_SHOW_INCLUDES);
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  return ok({ ticket: ticketJson(ctx.tenant, t, "show", includes) });
}

/** Validates a create body and stores the ticket (also used by `create_child_ticket`). */
export function insertTicket(ctx: RouteContext): { ticket: Ticket; echoAssets: boolean } {
  const s = ctx.tenant;
  const parsed = parseTicketBody(s, objectBody(ctx.body), "create");
  const c = parsed.changes;
  const requesterId = parsed.newRequester
    ? createRequesterFor(s, parsed.newRequester, ctx.now).id
    : (c.requester_id as number);
  const ticket = buildTicket(
    s,
    {
      ...c,
      subject: c.subject ?? null,
      description: c.description ?? "",
      requester_id: requesterId,
      status: 2,
      priority: c.priority ?? 1,
    },
    ctx.now,
  );
  if (c.status !== undefined) applyStatusChange(ticket, c.status, ctx.now);
  s.tickets.set(ticket.id, ticket);
  return { ticket, echoAssets: parsed.echoAssets };
}

function createTicket(ctx: RouteContext) {
  checkTicketAttachmentSize(ctx.tenant, undefined, ctx.files ?? []);
  const { ticket, echoAssets } = insertTicket(ctx);
  addAttachments(ctx.tenant, ticket, ctx.files ?? [], ctx.now);
  return created(ctx.url, `/tickets/${ticket.id}`, {
    ticket: ticketJson(ctx.tenant, ticket, "show", new Set(), { echoAssets }),
  });
}

function liveTicket(ctx: RouteContext): Ticket {
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  if (t.deleted) throw notFound(`Ticket ${t.id} is deleted`);
  return t;
}

function updateTicket(ctx: RouteContext) {
  const s = ctx.tenant;
  const t = liveTicket(ctx);
  const parsed = parseTicketBody(s, objectBody(ctx.body), "update", t, {
    bypassMandatory: ctx.query.get("bypass_mandatory") === "true",
  });
  const { status, custom_fields, asset_display_ids, description, responder_id, ...rest } = parsed.changes;
  if (parsed.newRequester) rest.requester_id = createRequesterFor(s, parsed.newRequester, ctx.now).id;
  Object.assign(t, rest);
  if (description !== undefined) {
    t.description = description;
    t.description_text = htmlToText(description);
  }
  if (responder_id !== undefined && responder_id !== t.responder_id) {
    t.responder_id = responder_id;
    const ts = formatTimestamp(ctx.now);
    t.stats.assigned_at = responder_id === null ? null : ts;
    t.stats.first_assigned_at = t.stats.first_assigned_at ?? (responder_id === null ? null : ts);
  }
  if (custom_fields) t.custom_fields = { ...t.custom_fields, ...custom_fields };
  // `assets` (like `tags`) replaces the whole set.
  if (asset_display_ids) t.asset_display_ids = asset_display_ids;
  if (status !== undefined) applyStatusChange(t, status, ctx.now);
  t.updated_at = formatTimestamp(ctx.now);
  t.stats.updated_at = t.updated_at;
  recordActivity(s, t.id, ctx.now, `updated ${Object.keys(objectBody(ctx.body)).join(", ")}`);
  return ok({ ticket: ticketJson(s, t, "show", new Set(), { echoAssets: parsed.echoAssets }) });
}

function deleteTicket(ctx: RouteContext) {
  const t = liveTicket(ctx);
  t.deleted = true;
  t.updated_at = formatTimestamp(ctx.now);
  return noContent;
}

function restoreTicket(ctx: RouteContext) {
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  t.deleted = false;
  t.updated_at = formatTimestamp(ctx.now);
  return noContent;
}

/** A create body's numbers and links as form fields; custom fields by their type on any of the tenant's forms. */
function ticketFormTypes(s: TenantState): FormFieldTypes {
  const types: Record<string, FormFieldTypes[string]> = {};
  for (const name of [
    "requester_id",
    "status",
    "priority",
    "urgency",
    "impact",
    "source",
    "responder_id",
    "group_id",
    "department_id",
    "email_config_id",
    "workspace_id",
    "requested_for_id",
  ])
    types[name] = "integer";
  for (const link of ["assets[]", "problem", "change_initiating_ticket", "change_initiated_by_ticket"])
    types[`${link}[display_id]`] = "integer";
  const defs = [s.ticketCustomFields, ...Object.values(s.workspaceTicketCustomFields)].flat();
  for (const d of defs) {
    const type = { custom_number: "integer", custom_decimal: "number", custom_checkbox: "boolean" }[d.type as string];
    if (type) types[`custom_fields[${d.name}]`] = type as FormFieldTypes[string];
  }
  return types;
}

export const ticketRoutes: Route[] = [
  { method: "GET", pattern: "/tickets", handler: listTickets, embeds: "list" },
  { method: "POST", pattern: "/tickets", handler: createTicket, multipart: ticketFormTypes },
  { method: "GET", pattern: "/tickets/filter", handler: filterTickets },
  { method: "GET", pattern: "/tickets/:id", handler: showTicket, embeds: "show" },
  { method: "PUT", pattern: "/tickets/:id", handler: updateTicket },
  { method: "DELETE", pattern: "/tickets/:id", handler: deleteTicket },
  { method: "PUT", pattern: "/tickets/:id/restore", handler: restoreTicket },
];
