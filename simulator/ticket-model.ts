// Building ticket and conversation records with Freshservice's defaults (SLA due dates, stats, blank fields).

import type { TenantState } from "./tenant-state";
import { blankCustomFields, ticketCustomFieldsFor } from "./ticket-custom-fields";
import { formatTimestamp, HOUR_MS } from "./time";
import type { Conversation, CustomFieldValue, Ticket } from "./types";
import { htmlToText } from "./validate";

/** Resolution and first-response targets in hours by priority (Low, Medium, High, Urgent). */
const RESOLVE_HOURS = [72, 24, 8, 4];
const RESPOND_HOURS = [8, 4, 2, 1];

export interface NewTicketInput {
  subject: string | null;
  description: string;
  requester_id: number;
  status?: number;
  priority?: number;
  urgency?: number;
  impact?: number;
  source?: number;
  type?: string;
  responder_id?: number | null;
  group_id?: number | null;
  department_id?: number | null;
  category?: string | null;
  sub_category?: string | null;
  item_category?: string | null;
  due_by?: string;
  fr_due_by?: string;
  cc_emails?: string[];
  tags?: string[];
  custom_fields?: Record<string, CustomFieldValue>;
  workspace_id?: number;
  requested_for_id?: number | null;
  asset_display_ids?: number[];
  email_config_id?: number | null;
}

export function buildTicket(state: TenantState, input: NewTicketInput, createdAt: number): Ticket {
  const id = state.nextId("ticket");
  const priority = input.priority ?? 1;
  const status = input.status ?? 2;
  const created = formatTimestamp(createdAt);
  const requester = state.requesters.get(input.requester_id) ?? state.agents.get(input.requester_id);
  return {
    id,
    workspace_id: input.workspace_id ?? 2,
    subject: input.subject,
    description: input.description,
    description_text: htmlToText(input.description),
    status,
    priority,
    urgency: input.urgency ?? 1,
    impact: input.impact ?? 1,
    source: input.source ?? 2,
    type: input.type ?? "Incident",
    requester_id: input.requester_id,
    requested_for_id: input.requested_for_id ?? input.requester_id,
    responder_id: input.responder_id ?? null,
    group_id: input.group_id ?? null,
    department_id: input.department_id ?? requester?.department_ids[0] ?? null,
    category: input.category ?? null,
    sub_category: input.sub_category ?? null,
    item_category: input.item_category ?? null,
    due_by: input.due_by ?? formatTimestamp(createdAt + (RESOLVE_HOURS[priority - 1] ?? 72) * HOUR_MS),
    fr_due_by: input.fr_due_by ?? formatTimestamp(createdAt + (RESPOND_HOURS[priority - 1] ?? 8) * HOUR_MS),
    is_escalated: false,
    fr_escalated: false,
    spam: false,
    deleted: false,
    email_config_id: input.email_config_id ?? null,
    cc_emails: input.cc_emails ?? [],
    fwd_emails: [],
    reply_cc_emails: input.cc_emails ?? [],
    to_emails: null,
    bcc_emails: [],
    tags: input.tags ?? [],
    attachments: [],
    custom_fields: {
      ...blankCustomFields(ticketCustomFieldsFor(state, input.workspace_id)),
      ...(input.custom_fields ?? {}),
    },
    created_at: created,
    updated_at: created,
    resolution_notes: null,
    resolution_notes_html: null,
    sla_policy_id: 21_000_900_001,
    approval_status: 4,
    approval_status_name: "Not Requested",
    asset_display_ids: input.asset_display_ids ?? [],
    watcher_ids: [],
    onboarding_request_id: null,
    offboarding_request_id: null,
    parent_id: null,
    stats: {
      created_at: created,
      updated_at: created,
      ticket_id: id,
      opened_at: null,
      group_escalated: false,
      inbound_count: 1,
      status_updated_at: created,
      outbound_count: 0,
      pending_since: status === 3 ? created : null,
      resolved_at: status === 4 || status === 5 ? created : null,
      closed_at: status === 5 ? created : null,
      first_assigned_at: input.responder_id ? created : null,
      assigned_at: input.responder_id ? created : null,
      agent_responded_at: null,
      requester_responded_at: null,
      first_responded_at: null,
      first_resp_time_in_secs: null,
      resolution_time_in_secs: null,
    },
  };
}

/** Keeps stats in step with a status change made at `at`. */
export function applyStatusChange(ticket: Ticket, status: number, at: number): void {
  if (ticket.status === status) return;
  const ts = formatTimestamp(at);
  const s = ticket.stats;
  ticket.status = status;
  s.status_updated_at = ts;
  s.pending_since = status === 3 ? ts : null;
  if (status === 4 || status === 5) {
    s.resolved_at = s.resolved_at ?? ts;
    s.resolution_time_in_secs = Math.round((at - Date.parse(ticket.created_at)) / 1000);
  }
  if (status === 5) s.closed_at = ts;
  if (status === 2) {
    s.opened_at = ts;
    s.resolved_at = null;
    s.closed_at = null;
  }
}

export interface NewConversationInput {
  ticket: Ticket;
  kind: "reply" | "note" | "incoming";
  body: string;
  user_id: number;
  private?: boolean;
  from_email?: string | null;
  to_emails?: string[];
  cc_emails?: string[];
  bcc_emails?: string[];
  notify_emails?: string[];
}

export function buildConversation(state: TenantState, input: NewConversationInput, at: number): Conversation {
  const id = state.nextId("conversation");
  const ts = formatTimestamp(at);
  const support = `support@${state.domain}`;
  const conversation: Conversation = {
    id,
    ticket_id: input.ticket.id,
    user_id: input.user_id,
    body: input.body,
    body_text: htmlToText(input.body),
    incoming: input.kind === "incoming",
    private: input.kind === "note" ? (input.private ?? true) : false,
    // Conversation sources: 0 email, 2 note.
    source: input.kind === "note" ? 2 : 0,
    support_email: input.kind === "note" ? null : support,
    from_email: input.kind === "note" ? null : (input.from_email ?? support),
    to_emails: input.to_emails ?? [],
    cc_emails: input.cc_emails ?? [],
    bcc_emails: input.bcc_emails ?? [],
    notify_emails: input.notify_emails ?? [],
    attachments: [],
    created_at: ts,
    updated_at: ts,
  };
  // Replies and notes touch the ticket and its response stats.
  const t = input.ticket;
  t.updated_at = ts;
  t.stats.updated_at = ts;
  if (input.kind === "reply") {
    t.stats.outbound_count += 1;
    t.stats.agent_responded_at = ts;
    if (!t.stats.first_responded_at) {
      t.stats.first_responded_at = ts;
      t.stats.first_resp_time_in_secs = Math.round((at - Date.parse(t.created_at)) / 1000);
    }
  } else if (input.kind === "incoming") {
    t.stats.inbound_count += 1;
    t.stats.requester_responded_at = ts;
  }
  return conversation;
}
