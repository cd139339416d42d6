// Replies and notes on tickets (§7.2): reply, add note, list, edit (notes only) and delete.

import { type FieldError, notFound, throwIfErrors, validationError } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, userEmail } from "../tenant-state";
import { buildConversation } from "../ticket-model";
import { formatTimestamp } from "../time";
import type { Ticket } from "../types";
import {
  checkBoolean,
  checkEmailArray,
  checkInteger,
  checkString,
  htmlToText,
  type JsonObject,
  objectBody,
  requireField,
  unknownFields,
} from "../validate";
import { getOr404, ok, pathId } from "./common";
import { conversationJson } from "./ticket-json";

function liveTicket(ctx: RouteContext): Ticket {
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  if (t.deleted) throw notFound(`Ticket ${t.id} is deleted`);
  return t;
}

function checkUser(ctx: RouteContext, body: JsonObject, errors: FieldError[]): number | undefined {
  const userId = checkInteger(body, "user_id", errors, { positive: true });
  if (typeof userId === "number" && !findUser(ctx.tenant, userId)) {
    errors.push({ field: "user_id", message: "There is no contact matching the given user_id", code: "invalid_value" });
  }
  return typeof userId === "number" ? userId : undefined;
}

function reply(ctx: RouteContext) {
  const t = liveTicket(ctx);
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, ["body", "from_email", "user_id", "cc_emails", "bcc_emails"]);
  requireField(body, "body", errors);
  const text = checkString(body, "body", errors);
  const from = checkString(body, "from_email", errors);
  const cc = checkEmailArray(body, "cc_emails", errors);
  const bcc = checkEmailArray(body, "bcc_emails", errors);
  const userId = checkUser(ctx, body, errors);
  throwIfErrors(errors);
  const requester = findUser(ctx.tenant, t.requester_id);
  const c = buildConversation(
    ctx.tenant,
    {
      ticket: t,
      kind: "reply",
      body: text as string,
      user_id: userId ?? ctx.tenant.currentAgentId,
      from_email: from ?? null,
      to_emails: requester && userEmail(requester) ? [userEmail(requester) as string] : [],
      cc_emails: cc,
      bcc_emails: bcc,
    },
    ctx.now,
  );
  ctx.tenant.conversations.set(c.id, c);
  return { status: 201, body: { conversation: conversationJson(c) } };
}

function addNote(ctx: RouteContext) {
  const t = liveTicket(ctx);
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, ["body", "private", "incoming", "notify_emails", "user_id"]);
  requireField(body, "body", errors);
  const text = checkString(body, "body", errors);
  const isPrivate = checkBoolean(body, "private", errors);
  const incoming = checkBoolean(body, "incoming", errors);
  const notify = checkEmailArray(body, "notify_emails", errors);
  const userId = checkUser(ctx, body, errors);
  throwIfErrors(errors);
  const c = buildConversation(
    ctx.tenant,
    {
      ticket: t,
      kind: "note",
      body: text as string,
      user_id: userId ?? ctx.tenant.currentAgentId,
      // Notes are private unless the caller says otherwise.
      private: isPrivate ?? true,
      notify_emails: notify,
    },
    ctx.now,
  );
  c.incoming = incoming ?? false;
  ctx.tenant.conversations.set(c.id, c);
  return { status: 201, body: { conversation: conversationJson(c) } };
}

function listConversations(ctx: RouteContext) {
  const t = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  const paging = readPaging(ctx.query);
  const items = [...ctx.tenant.conversations.values()]
    .filter((c) => c.ticket_id === t.id)
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
  const page = paginate(items, paging, ctx.url);
  return ok({ conversations: page.items.map(conversationJson) }, page.headers);
}

function updateConversation(ctx: RouteContext) {
  const c = getOr404(ctx.tenant.conversations, pathId(ctx.params.id), "conversation");
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, ["body"]);
  requireField(body, "body", errors);
  const text = checkString(body, "body", errors);
  throwIfErrors(errors);
  if (c.source !== 2)
    throw validationError([{ field: "id", message: "Only notes can be edited", code: "invalid_value" }]);
  c.body = text as string;
  c.body_text = htmlToText(c.body);
  c.updated_at = formatTimestamp(ctx.now);
  return ok({ conversation: conversationJson(c) });
}

function deleteConversation(ctx: RouteContext) {
  const id = pathId(ctx.params.id);
  getOr404(ctx.tenant.conversations, id, "conversation");
  ctx.tenant.conversations.delete(id);
  return { status: 204 };
}

export const conversationRoutes: Route[] = [
  { method: "POST", pattern: "/tickets/:id/reply", handler: reply },
  { method: "POST", pattern: "/tickets/:id/notes", handler: addNote },
  { method: "GET", pattern: "/tickets/:id/conversations", handler: listConversations },
  { method: "PUT", pattern: "/conversations/:id", handler: updateConversation },
  { method: "DELETE", pattern: "/conversations/:id", handler: deleteConversation },
];
