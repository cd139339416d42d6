// Seed what hangs off existing tickets: tasks, time entries and attachments on the VPN ticket (one on the ticket,
// one on its private note), CSAT responses on a few closed tickets and an approval group on the Finance
// shared-drive request. No new tickets (ticket ids stay stable).

import { attachmentRecord } from "../files/attachment-store";
import { newApproval } from "../routes/approvals";
import { taskSpec, timeEntrySpec } from "../routes/work-items";
import type { TenantState } from "../tenant-state";
import { formatTimestamp, HOUR_MS } from "../time";
import type { Ticket } from "../types";
import { seedContext, seedPlainRecord, seedRecord } from "./seed-context";
import { VPN_TICKET_SUBJECT } from "./tickets";

const CSAT_ANSWERS: Array<[rating: number, text: string, comment: string]> = [
  [103, "Extremely satisfied", "Fixed quickly, thank you!"],
  [102, "Satisfied", "Good support, took a day though."],
  [101, "Neutral", "It works now."],
];

export function seedTicketExtras(state: TenantState, now: number): void {
  const agentNamed = (first: string) =>
    [...state.agents.values()].find((a) => a.first_name === first)?.id ?? state.currentAgentId;
  const vpn = [...state.tickets.values()].find((t) => t.subject === VPN_TICKET_SUBJECT && !t.deleted);
  if (vpn) {
    const parent = { id: vpn.id, record: vpn };
    const at = Date.parse(vpn.created_at) + HOUR_MS;
    const owner = vpn.responder_id ?? agentNamed("Marcus");
    seedRecord(
      state,
      taskSpec("ticket"),
      at,
      {
        title: "Collect GlobalProtect client logs",
        description: "Ask the user to export the GlobalProtect logs after the next drop.",
        agent_id: owner,
        status: 2,
      },
      parent,
    );
    seedRecord(
      state,
      taskSpec("ticket"),
      at,
      {
        title: "Check gateway vpn-gw-01 session limits",
        agent_id: agentNamed("Marcus"),
        group_id: [...state.groups.values()].find((g) => g.name === "Network & Infrastructure")?.id ?? null,
        status: 1,
      },
      parent,
    );
    seedRecord(
      state,
      timeEntrySpec("ticket"),
      at + HOUR_MS,
      {
        agent_id: owner,
        time_spent: "00:45",
        executed_at: formatTimestamp(Math.min(now, at + HOUR_MS)),
        note: "Remote session with the user; reproduced the disconnect.",
      },
      parent,
    );
    vpn.attachments.push(seedAttachment(state, at, "globalprotect-error.png", "image/png", 184_233));
    const note = [...state.conversations.values()].find((c) => c.ticket_id === vpn.id && c.private);
    if (note)
      note.attachments.push(seedAttachment(state, Date.parse(note.created_at), "PanGPS.log", "text/plain", 52_871));
  }

  const closed = [...state.tickets.values()]
    .filter((t: Ticket) => t.status === 5 && !t.deleted && !t.spam && t.workspace_id === 2)
    .slice(0, CSAT_ANSWERS.length);
  closed.forEach((t, i) => {
    const [rating, text, comment] = CSAT_ANSWERS[i] as (typeof CSAT_ANSWERS)[number];
    const ts = t.stats.closed_at ?? t.updated_at;
    seedPlainRecord(state, "csatResponses", {
      overall_rating: rating,
      overall_rating_text: text,
      primary_question: "How would you rate your overall satisfaction with the resolution?",
      questionnaire_responses: [
        {
          question: { question_text: "How would you rate your overall satisfaction with the resolution?" },
          answers: [{ answer_text: text }],
        },
        {
          question: { question_text: "Anything else you would like to tell us?" },
          answers: [{ answer_text: comment }],
        },
      ],
      created_at: ts,
      updated_at: ts,
      _parent_id: t.id,
    });
  });

  const finance = [...state.tickets.values()].find(
    (t) => t.subject === "Need access to the Finance shared drive" && !t.deleted,
  );
  const controller = [...state.requesters.values()].find((r) => r.first_name === "Brian");
  if (finance && controller) {
    const at = Date.parse(finance.created_at) + HOUR_MS;
    const ctx = seedContext(state, at);
    const group = seedPlainRecord(state, "approvalGroups", {
      name: "Data owner approval",
      rule: 2,
      level: 1,
      email_content: null,
      created_at: formatTimestamp(at),
      updated_at: formatTimestamp(at),
      _parent_type: "ticket",
      _parent_id: finance.id,
    });
    newApproval(ctx, "ticket", finance.id, { approverId: controller.id, type: 2, level: 1, group, at });
    finance.approval_status = 0;
    finance.approval_status_name = "Requested";
  }
}

/** An uploaded file's record, as seeds make them (their bytes are made up when downloaded). */
export const seedAttachment = attachmentRecord;
