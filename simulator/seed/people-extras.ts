// Seed requester groups (one manual, one rule-based), announcements (active, scheduled, archived), asset
// assignment history and asset components.

import { announcementSpec } from "../routes/account-config";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";
import { seedPlainRecord, seedRecord } from "./seed-context";

export function seedRequesterGroups(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 200 * DAY_MS);
  const byFirst = (first: string) => [...state.requesters.values()].find((r) => r.first_name === first)?.id;
  const managers = ["Emily", "Sarah", "Brian", "Ryan"].map(byFirst).filter((id): id is number => id !== undefined);
  const london = [...state.locations.values()].find((l) => l.name === "London Office");
  seedPlainRecord(state, "requesterGroups", {
    name: "People managers",
    description: "Requesters who manage a team",
    type: "manual",
    created_at: ts,
    updated_at: ts,
    _members: managers,
  });
  seedPlainRecord(state, "requesterGroups", {
    name: "London office staff",
    description: "Everyone based in the London office (rule: location is London Office)",
    type: "rule_based",
    created_at: ts,
    updated_at: ts,
    _rule: { location_id: london?.id ?? null },
  });
}

export function seedAnnouncements(state: TenantState, now: number): void {
  const add = (daysAgo: number, values: Record<string, unknown>) =>
    seedRecord(state, announcementSpec, now - daysAgo * DAY_MS, values);
  add(1, {
    title: "VPN maintenance this Saturday",
    body_html: "<div>The VPN gateway will be unavailable on Saturday 08:00–10:00 PT while we raise its capacity.</div>",
    visible_from: formatTimestamp(now - 1 * DAY_MS),
    visible_till: formatTimestamp(now + 5 * DAY_MS),
    visibility: "everyone",
  });
  add(2, {
    title: "Laptop refresh programme opens next week",
    body_html: "<div>Eligible employees can request a MacBook Pro M3 from the service catalog.</div>",
    visible_from: formatTimestamp(now + 3 * DAY_MS),
    visibility: "everyone",
  });
  add(90, {
    title: "Service desk hours over the holidays",
    body_html: "<div>The service desk runs reduced hours between the holidays.</div>",
    visible_from: formatTimestamp(now - 90 * DAY_MS),
    visible_till: formatTimestamp(now - 60 * DAY_MS),
    visibility: "agents_only",
  });
}

/** One open assignment per assigned asset, plus one closed earlier assignment on ASSET-103. */
export function seedAssignmentHistory(state: TenantState, now: number): void {
  const admin = state.agents.get(state.currentAgentId);
  const adminName = admin ? `${admin.first_name} ${admin.last_name}` : null;
  const entry = (displayId: number, userId: number, assigned: string, unassigned: string | null) => {
    const user = state.requesters.get(userId) ?? state.agents.get(userId);
    seedPlainRecord(state, "assetAssignments", {
      user_id: userId,
      user_name: user ? `${user.first_name} ${user.last_name}` : null,
      assigned_on: assigned,
      assigned_by: state.currentAgentId,
      assigned_by_name: adminName,
      unassigned_by: unassigned ? state.currentAgentId : null,
      unassigned_by_name: unassigned ? adminName : null,
      unassigned_on: unassigned,
      created_at: assigned,
      updated_at: unassigned ?? assigned,
      _asset_display_id: displayId,
    });
  };
  const previous = [...state.requesters.values()].find((r) => r.first_name === "Kevin");
  const a103 = state.assets.get(103);
  if (a103?.assigned_on && previous && previous.id !== a103.user_id)
    entry(
      103,
      previous.id,
      formatTimestamp(now - 500 * DAY_MS),
      formatTimestamp(Date.parse(a103.assigned_on) - DAY_MS),
    );
  for (const a of state.assets.values())
    if (a.user_id !== null && a.assigned_on) entry(a.display_id, a.user_id, a.assigned_on, null);
}

export function seedComponents(state: TenantState): void {
  const add = (displayId: number, type: string, data: Record<string, string>) => {
    const a = state.assets.get(displayId);
    if (!a) return;
    seedPlainRecord(state, "assetComponents", {
      component_type: type,
      component_data: [data],
      created_at: a.created_at,
      updated_at: a.created_at,
      _parent_id: displayId,
    });
  };
  for (const d of [101, 102, 103, 104]) {
    add(d, "Processor", { manufacturer: "Apple", model: "M3 Pro", cpu_speed: "4.05 GHz" });
    add(d, "Memory", {
      manufacturer: "Apple",
      capacity: "18 GB",
      model: "LPDDR5",
      speed: "6400 MHz",
      socket: "Unified",
    });
    add(d, "Hard Disk", { capacity: "512 GB", model: "Apple SSD AP0512Z" });
  }
  const server = [...state.assets.values()].find((a) => a.name === "srv-app-01");
  if (server) {
    add(server.display_id, "Processor", { manufacturer: "Intel", model: "Xeon Gold 6338", cpu_speed: "2.0 GHz" });
    add(server.display_id, "Network Adapter", {
      manufacturer: "Broadcom",
      model: "BCM57414",
      mac_address: "00:1a:2b:3c:4d:5e",
      ip_addr: "10.0.0.34",
    });
  }
}
