// Replies and notes on tickets (§7.2): reply, add note, list, edit (notes only) and delete.

import { type FieldError, throwIfErrors, validationError } from "../errors";
import { addAttachments, checkTicketAttachmentSize } from "../files/attachment-store";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, userEmail } from "../tenant-state";
import { buildConversation } from "../ticket-model";
import { formatTimestamp } from "../time";
import type { Conversation, Ticket } from "../types";
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
import { liveTicket } from "./ticket-extras";
import { conversationJson } from "./ticket-json";

function checkUser(ctx: RouteContext, body: JsonObject, errors: FieldError[]): number | undefined {
  const userId = checkInteger(body, "user_id", errors, { positive: true });
  if (typeof userId === "number" && !findUser(ctx.tenant, userId)) {
    errors.push({ field: "user_id", message: "There is no contact matching the given user_id", code: "invalid_value" });
  }
  return typeof userId === "number" ? userId : undefined;
}

/**
 * The checks replies and notes share, around the kind's own attributes (`readOwn`), so the errors come in one
 * order: unknown attributes, body, the kind's attributes, user_id.
 */
function readConversationBody<T>(
  ctx: RouteContext,
  ownFields: readonly string[],
  readOwn: (body: JsonObject, errors: FieldError[]) => T,
): { ticket: Ticket; text: string; userId: number; own: T } {
  const ticket = liveTicket(ctx);
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, ["body", ...ownFields, "user_id"]);
  requireField(body, "body", errors);
  const text = checkString(body, "body", errors);
  const own = readOwn(body, errors);
  const userId = checkUser(ctx, body, errors);
  throwIfErrors(errors);
  checkTicketAttachmentSize(ctx.tenant, ticket.id, ctx.files ?? []);
  return { ticket, text: text as string, userId: userId ?? ctx.tenant.currentAgentId, own };
}

function stored(ctx: RouteContext, c: Conversation) {
  addAttachments(ctx.tenant, c, ctx.files ?? [], ctx.now);
  ctx.tenant.conversations.set(c.id, c);
  return { status: 201, body: { conversation: conversationJson(c) } };
}

function reply(ctx: RouteContext) {
  const { ticket, text, userId, own } = readConversationBody(
    ctx,
    ["from_email", "cc_emails", "bcc_emails"],
    (body, errors) => ({
      from: checkString(body, "from_email", errors),
      cc: checkEmailArray(body, "cc_emails", errors),
      bcc: checkEmailArray(body, "bcc_emails", errors),
    }),
  );
  const requester = findUser(ctx.tenant, ticket.requester_id);
  const c = buildConversation(
    ctx.tenant,
    {
      ticket,
      kind: "reply",
      body: text,
      user_id: userId,
      from_email: own.from ?? null,
      to_emails: requester && userEmail(requester) ? [userEmail(requester) as string] : [],
      cc_emails: own.cc,
      bcc_emails: own.bcc,
    },
    ctx.now,
  );
  return stored(ctx, c);
}

function addNote(ctx: RouteContext) {
  const { ticket, text, userId, own } = readConversationBody(
    ctx,
    ["private", "incoming", "notify_emails"],
    (body, errors) => ({
      isPrivate: checkBoolean(body, "private", errors),
      incoming: checkBoolean(body, "incoming", errors),
      notify: checkEmailArray(body, "notify_emails", errors),
    }),
  );
  const c = buildConversation(
    ctx.tenant,
    {
      ticket,
      kind: "note",
      body: text,
      user_id: userId,
      // Notes are private unless the caller says otherwise.
      private: own.isPrivate ?? true,
      notify_emails: own.notify,
    },
    ctx.now,
  );
  c.incoming = own.incoming ?? false;
  return stored(ctx, c);
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
  { method: "POST", pattern: "/tickets/:id/reply", handler: reply, multipart: () => ({ user_id: "integer" }) },
  {
    method: "POST",
    pattern: "/tickets/:id/notes",
    handler: addNote,
    multipart: () => ({ user_id: "integer", private: "boolean", incoming: "boolean" }),
  },
  { method: "GET", pattern: "/tickets/:id/conversations", handler: listConversations },
  { method: "PUT", pattern: "/conversations/:id", handler: updateConversation },
  { method: "DELETE", pattern: "/conversations/:id", handler: deleteConversation },
];
