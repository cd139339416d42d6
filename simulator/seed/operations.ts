// Operations data: monitoring alerts with their notes (Alert Management) and on-call schedules with shifts
// (§7.30), for the IT workspace. Alerts are seeded newest last; one is open and acknowledged, one resolved.

import { ALERT_SEVERITY, ALERT_STATE, alertNoteSpec, alertSpec } from "../routes/alerts";
import type { TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { JsonObject } from "../validate";
import { WORKSPACE_IT } from "./org";
import { seedRecord } from "./seed-context";

const MINUTE_MS = 60_000;

const ALERTS: { minutesAgo: number; values: JsonObject; acknowledged?: true; note?: string }[] = [
  {
    minutesAgo: 180,
    values: {
      subject: "Disk usage above 90% on fileserver-02",
      description: "<p>/data is at 93% and growing about 1% an hour.</p>",
      severity: ALERT_SEVERITY.error,
      state: ALERT_STATE.resolved,
      resource: "fileserver-02",
      metric_name: "disk.used_percent",
      metric_value: "93",
      node: "fileserver-02",
      tags: ["storage"],
      integration_id: 1,
      integration_name: "Datadog",
    },
    note: "Old backups moved to cold storage; /data back at 61%.",
  },
  {
    minutesAgo: 42,
    values: {
      subject: "VPN gateway latency above 400 ms",
      description: "<p>p95 latency on vpn-gw-1 has been above 400 ms for 10 minutes.</p>",
      severity: ALERT_SEVERITY.critical,
      state: ALERT_STATE.open,
      resource: "vpn-gw-1",
      metric_name: "network.latency_p95",
      metric_value: "412",
      node: "vpn-gw-1",
      tags: ["network", "vpn"],
      integration_id: 2,
      integration_name: "New Relic",
    },
    acknowledged: true,
    note: "Looking at it: the ISP reports packet loss in the region.",
  },
  {
    minutesAgo: 7,
    values: {
      subject: "Certificate for intranet.acme.example expires in 5 days",
      description: "<p>The TLS certificate on the intranet load balancer expires soon.</p>",
      severity: ALERT_SEVERITY.warning,
      state: ALERT_STATE.open,
      resource: "intranet-lb",
      metric_name: "tls.days_to_expiry",
      metric_value: "5",
      node: "intranet-lb",
      tags: ["tls"],
      integration_id: 1,
      integration_name: "Datadog",
    },
  },
];

export function seedOperations(state: TenantState, now: number): void {
  for (const { minutesAgo, values, acknowledged, note } of ALERTS) {
    const at = now - minutesAgo * MINUTE_MS;
    const occurred = { occurrence_time: formatTimestamp(at - MINUTE_MS) };
    const ack = acknowledged
      ? { acknowledged_by_id: state.currentAgentId, acknowledged_at: formatTimestamp(at + 5 * MINUTE_MS) }
      : {};
    const alert = seedRecord(state, alertSpec, at, { ...values, ...occurred, ...ack, workspace_id: WORKSPACE_IT });
    if (note)
      seedRecord(
        state,
        alertNoteSpec,
        at + 5 * MINUTE_MS,
        { description: `<p>${note}</p>` },
        { id: alert.id, record: alert },
      );
  }
  seedOncall(state);
}

/** Two schedules; the infrastructure one has a round-the-clock shift with a primary and a secondary agent. */
function seedOncall(state: TenantState): void {
  const agents = [...state.agents.values()].filter((a) => a.id !== state.currentAgentId);
  const groups = [...state.groups.values()];
  // The documented list record: id, name, description, the agent group (id and name), invalid_numbers_present.
  const schedule = (name: string, description: string, group: { id: number; name: unknown } | undefined) => {
    const id = state.nextId("oncallSchedules");
    const record = {
      id,
      name,
      description,
      agent_group_id: group?.id ?? null,
      agent_group_name: group ? String(group.name) : null,
      invalid_numbers_present: false,
      _workspace_id: WORKSPACE_IT,
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
  const infra = schedule("IT infrastructure on-call", "Servers, network and VPN.", groups[0]);
  shift(
    infra,
    "Round the clock",
    [0, 24],
    [
      ["PRIMARY", agents[0]?.id],
      ["SECONDARY", agents[1]?.id],
    ],
  );
  const desk = schedule("Service desk after hours", "Urgent requests outside office hours.", groups[1]);
  shift(desk, "Evenings", [18, 24], [["PRIMARY", agents[2]?.id]]);
  shift(desk, "Nights", [0, 8], [["PRIMARY", agents[3]?.id]]);
}
