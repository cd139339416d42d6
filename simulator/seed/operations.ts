// Operations data: monitoring alerts with their notes (Alert Management) and on-call schedules with shifts
// (§7.30), for the IT workspace. Alerts are seeded newest last; one is already acknowledged, one resolved.

import { alertNoteSpec, alertSpec } from "../routes/alerts";
import type { TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { JsonObject } from "../validate";
import { WORKSPACE_IT } from "./org";
import { seedRecord } from "./seed-context";

const MINUTE_MS = 60_000;

const ALERTS: { minutesAgo: number; values: JsonObject; note?: string }[] = [
  {
    minutesAgo: 180,
    values: {
      message: "Disk usage above 90% on fileserver-02",
      description: "/data is at 93% and growing about 1% an hour.",
      severity: "major",
      state: "resolved",
      resource: "fileserver-02",
      metric: "disk.used_percent",
      integration_id: 1,
      integration_name: "Datadog",
    },
    note: "Old backups moved to cold storage; /data back at 61%.",
  },
  {
    minutesAgo: 42,
    values: {
      message: "VPN gateway latency above 400 ms",
      description: "p95 latency on vpn-gw-1 has been above 400 ms for 10 minutes.",
      severity: "critical",
      state: "acknowledged",
      resource: "vpn-gw-1",
      metric: "network.latency_p95",
      integration_id: 2,
      integration_name: "New Relic",
    },
    note: "Looking at it: the ISP reports packet loss in the region.",
  },
  {
    minutesAgo: 7,
    values: {
      message: "Certificate for intranet.acme.example expires in 5 days",
      description: "The TLS certificate on the intranet load balancer expires soon.",
      severity: "warning",
      state: "open",
      resource: "intranet-lb",
      metric: "tls.days_to_expiry",
      integration_id: 1,
      integration_name: "Datadog",
    },
  },
];

export function seedOperations(state: TenantState, now: number): void {
  for (const { minutesAgo, values, note } of ALERTS) {
    const at = now - minutesAgo * MINUTE_MS;
    const alert = seedRecord(state, alertSpec, at, { ...values, workspace_id: WORKSPACE_IT });
    if (note)
      seedRecord(
        state,
        alertNoteSpec,
        at + 5 * MINUTE_MS,
        { description: `<p>${note}</p>` },
        { id: alert.id, record: alert },
      );
  }
  seedOncall(state, now);
}

/** Two schedules; the infrastructure one has a round-the-clock shift with a primary and a secondary agent. */
function seedOncall(state: TenantState, now: number): void {
  const agents = [...state.agents.values()].filter((a) => a.id !== state.currentAgentId);
  const groups = [...state.groups.values()];
  const ts = formatTimestamp(now - 30 * 24 * 60 * MINUTE_MS);
  const schedule = (name: string, description: string, groupId: number | undefined) => {
    const id = state.nextId("oncallSchedules");
    const record = {
      id,
      name,
      description,
      time_zone: "UTC",
      group_id: groupId ?? null,
      workspace_id: WORKSPACE_IT,
      created_at: ts,
      updated_at: ts,
    };
    state.collections.oncallSchedules.set(id, record);
    return id;
  };
  const shift = (scheduleId: number, name: string, hours: [number, number], rosters: [string, number?][]) => {
    const id = state.nextId("oncallShifts");
    state.collections.oncallShifts.set(id, {
      id,
      name,
      _schedule_id: scheduleId,
      _start_hour: hours[0],
      _end_hour: hours[1],
      _rosters: rosters.flatMap(([roster_type, user_id]) => (user_id ? [{ roster_type, user_id }] : [])),
    });
  };
  const infra = schedule("IT infrastructure on-call", "Servers, network and VPN.", groups[0]?.id);
  shift(
    infra,
    "Round the clock",
    [0, 24],
    [
      ["PRIMARY", agents[0]?.id],
      ["SECONDARY", agents[1]?.id],
    ],
  );
  const desk = schedule("Service desk after hours", "Urgent requests outside office hours.", groups[1]?.id);
  shift(desk, "Evenings", [18, 24], [["PRIMARY", agents[2]?.id]]);
  shift(desk, "Nights", [0, 8], [["PRIMARY", agents[3]?.id]]);
}
