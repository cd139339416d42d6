// `GET /tickets/:id/activities` (§7.1): the ticket's history, newest first, 20 per call, continued through
// `next_page_url` (`?start_token=`). Seeded history is derived from the records; API writes are logged.

import { fieldError } from "../errors";
import type { Route, RouteContext } from "../router";
import { findUser, type TenantActivityActor, type TenantState, userName } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { Ticket } from "../types";
import { ok } from "./common";
import { parentResolver } from "./parents";

const PAGE = 20;

export function recordActivity(
  state: TenantState,
  ticketId: number,
  at: number,
  content: string,
  actorId?: number,
): void {
  const log = state.ticketActivityLog.get(ticketId) ?? [];
  log.push(entry(actorId ?? state.currentAgentId, content, formatTimestamp(at)));
  state.ticketActivityLog.set(ticketId, log);
}

interface Entry {
  actor_id: number;
  content: string;
  sub_contents: string[];
  created_at: string;
}

/** One activity line without details (most derived entries have none). */
function entry(actor_id: number, content: string, created_at: string): Entry {
  return { actor_id, content, sub_contents: [], created_at };
}

function derived(state: TenantState, t: Ticket): Entry[] {
  const out: Entry[] = [entry(t.requester_id, "created a new ticket", t.created_at)];
  if (t.stats.first_assigned_at && t.responder_id !== null) {
    // Assignment is done by the system's round-robin/automation rules: actor 0.
    const agent = state.agents.get(t.responder_id);
    out.push({
      ...entry(0, "executed Assignment rule", t.stats.first_assigned_at),
      sub_contents: [`Set Agent as ${agent ? userName(agent) : t.responder_id}`],
    });
  }
  for (const c of state.conversations.values()) {
    if (c.ticket_id !== t.id) continue;
    const what =
      c.source === 2 ? `added a ${c.private ? "private" : "public"} note` : c.incoming ? "replied" : "sent a reply";
    out.push(entry(c.user_id, what, c.created_at));
  }
  for (const task of state.collections.ticketTasks.values())
    if (task._parent_id === t.id)
      out.push(entry(state.currentAgentId, `added a task: ${task.title}`, task.created_at as string));
  for (const e of state.collections.ticketTimeEntries.values())
    if (e._parent_id === t.id)
      out.push(entry(e.agent_id as number, `logged time (${e.time_spent})`, e.created_at as string));
  if (t.stats.resolved_at) out.push(entry(t.responder_id ?? 0, "set Status as Resolved", t.stats.resolved_at));
  if (t.stats.closed_at) out.push(entry(t.responder_id ?? 0, "set Status as Closed", t.stats.closed_at));
  return out;
}

function actor(state: TenantState, id: number): TenantActivityActor {
  if (id === 0) return { id: 0, name: "System" };
  const u = findUser(state, id);
  return { id, name: u ? userName(u) : "Unknown" };
}

function listActivities(ctx: RouteContext) {
  const parent = parentResolver("ticket")(ctx);
  const t = parent.record as Ticket;
  // Newest first; entries with the same timestamp keep their causal order reversed (later ones first).
  const all = [...derived(ctx.tenant, t), ...(ctx.tenant.ticketActivityLog.get(t.id) ?? [])]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.created_at.localeCompare(a.e.created_at) || b.i - a.i)
    .map(({ e }) => e);
  const token = ctx.query.get("start_token");
  let start = 0;
  if (token !== null) {
    // Tokens are opaque to clients; here a base64url offset.
    const decoded = /^[A-Za-z0-9_-]+$/.test(token)
      ? Number(atob(token.replace(/-/g, "+").replace(/_/g, "/")))
      : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw fieldError("start_token", "It should be a valid start_token");
    start = decoded;
  }
  const slice = all.slice(start, start + PAGE);
  let next: string | null = null;
  if (start + PAGE < all.length) {
    const url = new URL(ctx.url.toString());
    url.searchParams.set(
      "start_token",
      btoa(String(start + PAGE))
        .replace(/=+$/, "")
        .replace(/\+/g, "-")
        .replace(/\//g, "_"),
    );
    next = url.toString();
  }
  return ok({
    activities: slice.map((e) => ({
      actor: actor(ctx.tenant, e.actor_id),
      content: e.content,
      sub_contents: e.sub_contents,
      created_at: e.created_at,
    })),
    next_page_url: next,
  });
}

export const ticketActivityRoutes: Route[] = [
  { method: "GET", pattern: "/tickets/:id/activities", handler: listActivities },
];
