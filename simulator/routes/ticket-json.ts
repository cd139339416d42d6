// Ticket response shapes: list vs show fields and the `include=` embeds of §5.4.

import { findUser, type TenantState, userEmail, userName } from "../tenant-state";
import type { Asset, Conversation, Ticket } from "../types";

export const TICKET_SHOW_INCLUDES = [
  "conversations",
  "requester",
  "requested_for",
  "stats",
  "problem",
  "assets",
  "changes",
  "related_tickets",
  "onboarding_context",
  "offboarding_context",
  "tags",
  "department",
  "feedback",
] as const;

export const TICKET_LIST_INCLUDES = [
  "stats",
  "requester",
  "requested_for",
  "onboarding_context",
  "offboarding_context",
  "tags",
  "department",
] as const;

/** At most this many conversations are embedded on show (oldest first). */
const EMBEDDED_CONVERSATIONS = 10;

function userSummary(state: TenantState, id: number | null) {
  const u = id === null ? undefined : findUser(state, id);
  if (!u) return null;
  return {
    id: u.id,
    name: userName(u),
    email: userEmail(u),
    mobile: u.mobile_phone_number,
    phone: u.work_phone_number,
  };
}

/** The older embedded asset shape used inside tickets. */
export function embeddedAsset(a: Asset): Record<string, unknown> {
  return {
    id: a.id,
    display_id: a.display_id,
    name: a.name,
    description: a.description,
    ci_type_id: a.asset_type_id,
    impact: a.impact === "high" ? 3 : a.impact === "medium" ? 2 : 1,
    created: a.created_at,
    updated: a.updated_at,
    user_id: a.user_id,
    department_id: a.department_id,
    assigned_on: a.assigned_on,
    agent_id: a.agent_id,
    author_id: a.created_by_user,
    author_type: a.author_type,
    deleted: a.trashed,
    salvage: null,
  };
}

export function conversationJson(c: Conversation): Record<string, unknown> {
  const { notify_emails, ...rest } = c;
  return c.source === 2 ? { ...rest, notify_emails } : rest;
}

export function ticketJson(
  state: TenantState,
  t: Ticket,
  mode: "show" | "list",
  includes: ReadonlySet<string> = new Set(),
  options: { echoAssets?: boolean } = {},
): Record<string, unknown> {
  const {
    asset_display_ids,
    watcher_ids: _w,
    onboarding_request_id,
    offboarding_request_id,
    parent_id,
    stats,
    bcc_emails,
    sla_policy_id,
    approval_status,
    approval_status_name,
    ...base
  } = t;
  const out: Record<string, unknown> = { ...base };
  if (mode === "show") {
    Object.assign(out, {
      bcc_emails,
      sla_policy_id,
      applied_business_hours: 21_000_950_001,
      created_within_business_hours: true,
      approval_status,
      approval_status_name,
    });
  }
  const linkedAssets = () =>
    asset_display_ids
      .map((d) => state.assets.get(d))
      .filter((a): a is Asset => a !== undefined)
      .map(embeddedAsset);
  for (const inc of includes) {
    switch (inc) {
      case "conversations":
        out.conversations = [...state.conversations.values()]
          .filter((c) => c.ticket_id === t.id)
          .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
          .slice(0, EMBEDDED_CONVERSATIONS)
          .map(conversationJson);
        break;
      case "requester":
        out.requester = userSummary(state, t.requester_id);
        break;
      case "requested_for":
        out.requested_for = userSummary(state, t.requested_for_id);
        break;
      case "stats":
        out.stats = { ...stats };
        break;
      case "problem":
        out.problem = null;
        break;
      case "assets":
        out.assets = linkedAssets();
        break;
      case "changes":
        out.changes_initiating_ticket = [];
        out.changes_initiated_by_ticket = [];
        break;
      case "related_tickets": {
        const children = [...state.tickets.values()].filter((c) => c.parent_id === t.id).map((c) => c.id);
        out.related_tickets = { parent_id, child_ids: children };
        break;
      }
      case "onboarding_context": {
        const r = onboarding_request_id === null ? undefined : state.onboardingRequests.get(onboarding_request_id);
        out.onboarding_context = r
          ? { onboarding_request_id: r.id, fields: r.fields, lookup_values: r.lookup_values }
          : null;
        break;
      }
      case "offboarding_context": {
        const r = offboarding_request_id === null ? undefined : state.offboardingRequests.get(offboarding_request_id);
        out.offboarding_context = r
          ? { offboarding_request_id: r.id, fields: r.fields, lookup_values: r.lookup_values }
          : null;
        break;
      }
      case "department": {
        const d = t.department_id === null ? undefined : state.departments.get(t.department_id);
        out.department = d ? { id: d.id, name: d.name } : null;
        break;
      }
      case "feedback":
        out.feedback = null;
        break;
      // "tags" is always present on the record.
    }
  }
  if (options.echoAssets && !("assets" in out)) out.assets = linkedAssets();
  return out;
}
