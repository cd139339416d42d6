// Major-incident communications (§7.30; Freshservice API docs, "Collaborate": Email and Zoom): e-mails sent and
// Zoom meetings started on a ticket of type Major Incident. The list is paged by page/per_page and counts its
// pages in `meta` (total_items, total_pages, current_page), with no Link header, as the documentation shows.

import type { JsonRecord } from "../engine/collections";
import { type FieldSpecs, validateFields } from "../engine/field-spec";
import { type FieldError, fieldError, notFound, throwIfErrors } from "../errors";
import { readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { Ticket } from "../types";
import { choicesMessage, isEmail, type JsonObject, objectBody } from "../validate";
import { created, enumParam, ok, pathId } from "./common";
import { liveTicket } from "./ticket-extras";

export const COMMUNICATION_TYPES = ["email", "zoom"] as const;
const MAJOR_INCIDENT = "Major Incident";
/** Notifier types: 1 agent, 2 requester, 3 agent group, 4 requester group (by id), 5 an e-mail address. */
const NOTIFIER_TYPES = [1, 2, 3, 4, 5] as const;
const ADDRESS_NOTIFIER = 5;
const SORTABLE = ["created_at", "updated_at", "subject"] as const;

const EMAIL_FIELDS: FieldSpecs = {
  type: { kind: "string", required: true, choices: COMMUNICATION_TYPES },
  subject: { kind: "string", required: true, maxLength: 255 },
  message: { kind: "string", required: true },
  notifiers: { kind: "object[]", required: true },
};
/** A Zoom meeting is started with the type alone; the e-mail's attributes are not needed. */
const ZOOM_FIELDS: FieldSpecs = Object.fromEntries(
  Object.entries(EMAIL_FIELDS).map(([name, spec]) => [name, { ...spec, required: name === "type" }]),
);

function majorIncident(ctx: RouteContext): Ticket {
  const ticket = liveTicket(ctx, "ticket_id");
  if (ticket.type !== MAJOR_INCIDENT)
    throw fieldError("ticket_id", `Communications are only for tickets of type '${MAJOR_INCIDENT}'`);
  return ticket;
}

/** Each notifier names an agent, requester or group that exists (by id), or an e-mail address. */
function checkNotifiers(state: TenantState, notifiers: JsonObject[], errors: FieldError[]): void {
  const exists: Record<number, (id: number) => boolean> = {
    1: (id) => state.agents.has(id),
    2: (id) => state.requesters.has(id),
    3: (id) => state.groups.has(id),
    4: (id) => state.collections.requesterGroups.has(id),
  };
  notifiers.forEach((notifier, i) => {
    const field = `notifiers[${i}]`;
    const type = notifier.type as number;
    if (!NOTIFIER_TYPES.includes(type as (typeof NOTIFIER_TYPES)[number])) {
      errors.push({ field: `${field}.type`, message: choicesMessage(NOTIFIER_TYPES), code: "invalid_value" });
      return;
    }
    if (type === ADDRESS_NOTIFIER) {
      if (typeof notifier.address !== "string" || !isEmail(notifier.address))
        errors.push({
          field: `${field}.address`,
          message: "It should be in the 'valid email address' format",
          code: "invalid_value",
        });
    } else if (typeof notifier.id !== "number" || !exists[type]?.(notifier.id))
      errors.push({ field: `${field}.id`, message: "There is no record matching the given id", code: "invalid_value" });
  });
}

function createCommunication(ctx: RouteContext) {
  const ticket = majorIncident(ctx);
  const body = objectBody(ctx.body);
  const errors: FieldError[] = [];
  const fields = body.type === "zoom" ? ZOOM_FIELDS : EMAIL_FIELDS;
  const values = validateFields(ctx.tenant, body, fields, "create", errors);
  if (Array.isArray(values.notifiers) && values.type === "email")
    checkNotifiers(ctx.tenant, values.notifiers as JsonObject[], errors);
  throwIfErrors(errors);
  const ts = formatTimestamp(ctx.now);
  const id = ctx.tenant.nextId("ticketCommunications");
  const zoom = values.type === "zoom";
  const meetingId = 86_173_296_000 + id;
  const record: JsonRecord = {
    id,
    created_at: ts,
    updated_at: ts,
    object_id: ticket.id,
    object_type: "tickets",
    sender_id: ctx.tenant.currentAgentId,
    type: values.type,
    notifiers: zoom ? [] : values.notifiers,
    meta_info: zoom
      ? { join_url: `https://zoom.example/j/${meetingId}`, meeting_id: meetingId, meeting_password: `pw${id}` }
      : { message: values.message, attachments: [], subject: values.subject },
  };
  ctx.tenant.collections.ticketCommunications.set(id, record);
  return created(ctx.url, `/tickets/${ticket.id}/communications/${id}`, { communication: record });
}

/** A listed e-mail shows its subject only; the message and attachments come with the single view. */
function listJson(record: JsonRecord): JsonRecord {
  if (record.type !== "email") return record;
  const { subject } = record.meta_info as { subject?: unknown };
  return { ...record, meta_info: { subject } };
}

function listCommunications(ctx: RouteContext) {
  const ticket = majorIncident(ctx);
  const type = enumParam(ctx.query, "type", COMMUNICATION_TYPES);
  if (type === undefined) throw fieldError("type", choicesMessage(COMMUNICATION_TYPES), "missing_field");
  const by = enumParam(ctx.query, "order_by", SORTABLE) ?? "created_at";
  const direction = enumParam(ctx.query, "order_type", ["asc", "desc"] as const) === "asc" ? 1 : -1;
  const key = (r: JsonRecord) => String(by === "subject" ? (r.meta_info as { subject?: string }).subject : r[by]);
  const matching = [...ctx.tenant.collections.ticketCommunications.values()]
    .filter((r) => r.object_id === ticket.id && r.type === type)
    .sort((a, b) => direction * (key(a).localeCompare(key(b)) || a.id - b.id));
  const { page, perPage } = readPaging(ctx.query);
  const items = matching.slice((page - 1) * perPage, page * perPage);
  const meta = { total_items: matching.length, total_pages: Math.ceil(matching.length / perPage), current_page: page };
  return ok({ communications: items.map(listJson), meta });
}

function showCommunication(ctx: RouteContext) {
  const ticket = majorIncident(ctx);
  const id = pathId(ctx.params.id);
  const record = ctx.tenant.collections.ticketCommunications.get(id);
  if (!record || record.object_id !== ticket.id) throw notFound(`No communication found with id ${id}`);
  return ok({ communication: record });
}

export const communicationRoutes: Route[] = [
  { method: "GET", pattern: "/tickets/:ticket_id/communications", handler: listCommunications },
  { method: "POST", pattern: "/tickets/:ticket_id/communications", handler: createCommunication },
  { method: "GET", pattern: "/tickets/:ticket_id/communications/:id", handler: showCommunication },
];
