// Seed problems, changes, releases (with notes, tasks and time entries, and the change's CAB approval group) and
// the CABs, linked to the seeded VPN incident story, assets and people.

import { newApproval } from "../routes/approvals";
import { cabSpec } from "../routes/cabs";
import { changeSpec, problemSpec, releaseSpec } from "../routes/itil";
import { noteSpec, taskSpec, timeEntrySpec } from "../routes/work-items";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp, HOUR_MS } from "../time";
import { seedContext, seedPlainRecord, seedRecord } from "./seed-context";

function rich(html: string) {
  return { description: html, description_text: html.replace(/<[^>]*>/g, "") };
}

/** Only the custom values the tenant's form defines (a tenant may replace the default ITIL fields). */
function own(state: TenantState, kind: "problem" | "change" | "release", values: Record<string, unknown>) {
  const names = new Set(state.customFields[kind].map((d) => d.name));
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
}

export function seedItil(state: TenantState, now: number): void {
  const agent = (first: string) =>
    [...state.agents.values()].find((a) => a.first_name === first)?.id ?? state.currentAgentId;
  const requester = (first: string) =>
    [...state.requesters.values()].find((r) => r.first_name === first)?.id ?? state.currentAgentId;
  const group = (name: string) => [...state.groups.values()].find((g) => g.name === name)?.id ?? null;
  const asset = (name: string) => [...state.assets.values()].find((a) => a.name === name)?.display_id;
  const ts = (daysAgo: number) => formatTimestamp(now - daysAgo * DAY_MS);
  const vpnGateway = asset("vpn-gw-01 (GlobalProtect gateway)");
  const coreSwitch = asset("core-sw-01");
  const infra = group("Network & Infrastructure");

  // ---- problems ----
  const prb1 = seedRecord(state, problemSpec, now - 20 * DAY_MS, {
    subject: "Intermittent VPN disconnects for remote users",
    description: "<div>Several remote users lose their GlobalProtect session every 20–40 minutes.</div>",
    requester_id: requester("John"),
    priority: 3,
    status: 1,
    impact: 3,
    due_by: ts(-7),
    agent_id: agent("Marcus"),
    group_id: infra,
    category: "Network",
    sub_category: "VPN",
    item_category: "GlobalProtect",
    custom_fields: own(state, "problem", { cf_root_cause_category: "Capacity", cf_vendor_case_number: "PAN-00981234" }),
    analysis_fields: {
      problem_cause: rich("<div>Gateway session table reaches its licensed limit at peak hours.</div>"),
      problem_symptom: rich("<div>Clients show 'Gateway unreachable' and reconnect.</div>"),
    },
    _asset_display_ids: vpnGateway ? [vpnGateway] : [],
  });
  seedRecord(state, problemSpec, now - 45 * DAY_MS, {
    subject: "Outlook credential prompts after Microsoft 365 update",
    description: "<div>Outlook asks for the password repeatedly after the latest update.</div>",
    requester_id: requester("Sarah"),
    priority: 2,
    status: 2,
    impact: 2,
    due_by: ts(-3),
    agent_id: agent("Priya"),
    group_id: group("Service Desk"),
    known_error: true,
    custom_fields: own(state, "problem", { cf_root_cause_category: "Software defect" }),
  });
  seedRecord(state, problemSpec, now - 120 * DAY_MS, {
    subject: "Printer driver crashes on Windows 11",
    description: "<div>The HQ printer driver crashes the print spooler on Windows 11 23H2.</div>",
    requester_id: requester("Zoe"),
    priority: 1,
    status: 3,
    impact: 1,
    due_by: ts(100),
    agent_id: agent("Tom"),
    group_id: group("End User Computing"),
    custom_fields: own(state, "problem", { cf_root_cause_category: "Third party" }),
  });
  const duplicate = seedRecord(state, problemSpec, now - 19 * DAY_MS, {
    subject: "VPN drops (duplicate of PRB-1)",
    description: "<div>Logged twice by mistake.</div>",
    requester_id: requester("Joanna"),
    priority: 2,
    status: 1,
    impact: 2,
    due_by: ts(-7),
  });
  duplicate.deleted = true;

  const prbParent = { id: prb1.id, record: prb1 };
  seedRecord(
    state,
    noteSpec("problem"),
    now - 18 * DAY_MS,
    {
      body: "<div>Gateway logs show session table exhaustion at 09:00 PT every weekday.</div>",
    },
    prbParent,
  );
  seedRecord(
    state,
    taskSpec("problem"),
    now - 18 * DAY_MS,
    {
      title: "Capture a packet trace during peak hours",
      agent_id: agent("Marcus"),
      status: 2,
      due_date: ts(-2),
    },
    prbParent,
  );
  seedRecord(
    state,
    timeEntrySpec("problem"),
    now - 17 * DAY_MS,
    {
      agent_id: agent("Marcus"),
      time_spent: "01:30",
      executed_at: ts(17),
      note: "Reviewed gateway logs with the vendor",
    },
    prbParent,
  );

  // ---- changes ----
  const chn1 = seedRecord(state, changeSpec, now - 5 * DAY_MS, {
    subject: "Increase GlobalProtect gateway session limit",
    description: "<div>Apply the larger session licence and raise the limit on vpn-gw-01.</div>",
    requester_id: state.currentAgentId,
    agent_id: agent("Marcus"),
    group_id: infra,
    priority: 3,
    impact: 2,
    status: 3,
    risk: 2,
    change_type: 2,
    planned_start_date: formatTimestamp(now + 2 * DAY_MS),
    planned_end_date: formatTimestamp(now + 2 * DAY_MS + 2 * HOUR_MS),
    planning_fields: {
      reason_for_change: rich("<div>Fixes the VPN disconnects tracked in PRB-1.</div>"),
      rollout_plan: rich("<div>Upload licence, raise the limit, monitor for 1 hour.</div>"),
      backout_plan: rich("<div>Revert to the previous configuration snapshot.</div>"),
    },
    custom_fields: own(state, "change", { cf_rollback_tested: true }),
    _asset_display_ids: vpnGateway ? [vpnGateway] : [],
  });
  const chn2 = seedRecord(state, changeSpec, now - 40 * DAY_MS, {
    subject: "Roll out Microsoft 365 authentication fix",
    description: "<div>Deploy the modern-auth registry fix to all Windows laptops.</div>",
    requester_id: agent("Priya"),
    agent_id: agent("Elena"),
    group_id: group("End User Computing"),
    priority: 2,
    impact: 2,
    status: 2,
    risk: 1,
    change_type: 1,
    planned_start_date: formatTimestamp(now + 5 * DAY_MS),
    planned_end_date: formatTimestamp(now + 6 * DAY_MS),
  });
  seedRecord(state, changeSpec, now - 60 * DAY_MS, {
    subject: "Upgrade core switch firmware",
    description: "<div>Upgrade core-sw-01 to IOS-XE 17.9.</div>",
    requester_id: agent("Marcus"),
    agent_id: agent("Marcus"),
    group_id: infra,
    priority: 2,
    impact: 3,
    status: 6,
    risk: 3,
    change_type: 3,
    planned_start_date: ts(55),
    planned_end_date: formatTimestamp(now - 55 * DAY_MS + 4 * HOUR_MS),
    custom_fields: own(state, "change", {
      cf_rollback_tested: true,
      cf_change_result_explanation: "Upgraded without downtime.",
    }),
    _asset_display_ids: coreSwitch ? [coreSwitch] : [],
  });
  seedRecord(state, changeSpec, now - 1 * DAY_MS, {
    subject: "Emergency patch for firewall CVE",
    description: "<div>Apply the vendor hotfix for the published PAN-OS vulnerability.</div>",
    requester_id: agent("Daniel"),
    priority: 4,
    impact: 3,
    status: 1,
    risk: 4,
    change_type: 4,
    planned_start_date: formatTimestamp(now + 4 * HOUR_MS),
    planned_end_date: formatTimestamp(now + 6 * HOUR_MS),
  });
  const chnParent = { id: chn1.id, record: chn1 };
  seedRecord(
    state,
    noteSpec("change"),
    now - 4 * DAY_MS,
    { body: "<div>Vendor confirmed the licence is active.</div>" },
    chnParent,
  );
  const snapshot = seedRecord(
    state,
    taskSpec("change"),
    now - 4 * DAY_MS,
    {
      title: "Take a configuration snapshot",
      agent_id: agent("Marcus"),
      status: 1,
    },
    chnParent,
  );
  seedRecord(
    state,
    timeEntrySpec("change"),
    now - 4 * DAY_MS + 2 * HOUR_MS,
    {
      agent_id: agent("Marcus"),
      time_spent: "00:40",
      executed_at: formatTimestamp(now - 4 * DAY_MS + 2 * HOUR_MS),
      task_id: snapshot.id,
      note: "Exported the running configuration of vpn-gw-01",
    },
    chnParent,
  );
  // Approval requested from the CAB chair and the systems lead, as one group that everyone must approve.
  const ctx = seedContext(state, now - 3 * DAY_MS);
  const cabApproval = seedPlainRecord(state, "approvalGroups", {
    name: "CAB approval",
    rule: 1,
    level: 1,
    email_content: null,
    created_at: ts(3),
    updated_at: ts(3),
    _parent_type: "change",
    _parent_id: chn1.id,
  });
  for (const approver of [state.currentAgentId, agent("Elena")])
    newApproval(ctx, "change", chn1.id, {
      approverId: approver,
      type: 1,
      level: 1,
      group: cabApproval,
      at: now - 3 * DAY_MS,
    });
  chn1.approval_status = 0;
  chn1.approval_status_name = "Requested";

  // ---- releases ----
  const laptops = [101, 102].filter((d) => state.assets.has(d));
  const rel1 = seedRecord(state, releaseSpec, now - 30 * DAY_MS, {
    subject: "Q3 laptop refresh (MacBook Pro M3)",
    description: "<div>Replace the oldest laptops with MacBook Pro M3 units.</div>",
    agent_id: agent("Tom"),
    group_id: group("End User Computing"),
    priority: 2,
    status: 3,
    release_type: 3,
    planned_start_date: ts(10),
    planned_end_date: formatTimestamp(now + 20 * DAY_MS),
    custom_fields: own(state, "release", { cf_release_train: "Quarterly" }),
    planning_fields: { build_plan: rich("<div>Image with the standard macOS build.</div>") },
    _asset_display_ids: laptops,
  });
  const relParent = { id: rel1.id, record: rel1 };
  seedRecord(
    state,
    noteSpec("release"),
    now - 12 * DAY_MS,
    { body: "<div>The macOS image passed testing on five pilot units.</div>" },
    relParent,
  );
  const imaging = seedRecord(
    state,
    taskSpec("release"),
    now - 12 * DAY_MS,
    {
      title: "Image the MacBook Pro M3 units",
      agent_id: agent("Tom"),
      status: 2,
      due_date: formatTimestamp(now + 5 * DAY_MS),
    },
    relParent,
  );
  seedRecord(
    state,
    timeEntrySpec("release"),
    now - 11 * DAY_MS,
    {
      agent_id: agent("Tom"),
      time_spent: "02:15",
      executed_at: ts(11),
      task_id: imaging.id,
      note: "Built and tested the standard macOS image",
    },
    relParent,
  );
  const rel2 = seedRecord(state, releaseSpec, now - 38 * DAY_MS, {
    subject: "Microsoft 365 authentication fix",
    description: "<div>Package and deploy the authentication fix.</div>",
    agent_id: agent("Elena"),
    priority: 2,
    status: 5,
    release_type: 1,
    planned_start_date: ts(35),
    planned_end_date: ts(34),
    custom_fields: own(state, "release", { cf_release_train: "Hotfix" }),
  });
  rel2.associated_change_ids = [chn2.id];

  // ---- CABs ----
  seedRecord(state, cabSpec, now - 300 * DAY_MS, {
    name: "Standard CAB",
    description: "Weekly review of standard and major changes",
    members: [state.currentAgentId, agent("Elena"), agent("Marcus"), agent("Daniel")],
  });
  seedRecord(state, cabSpec, now - 300 * DAY_MS, {
    name: "Emergency CAB",
    description: "Fast approval for emergency changes",
    members: [state.currentAgentId, agent("Daniel")],
  });
}
