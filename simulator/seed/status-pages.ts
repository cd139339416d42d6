// Major-incident data: one ticket of the IT workspace made a Major Incident, with the e-mails and the Zoom meeting
// sent about it, and the IT status page it is published on (service components, incident and maintenance
// statuses, the incident with two updates, an upcoming maintenance), plus an HR page with nothing on it.

import type { JsonRecord } from "../engine/collections";
import { COMPONENT_SERVICE, INCIDENT_OPEN, type StatusChoice } from "../routes/status-pages";
import type { TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import { WORKSPACE_IT } from "./org";
import { seedPlainRecord } from "./seed-context";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The open MFA outage of the ticket seed: the major incident everything here is about. */
export const MAJOR_INCIDENT_TICKET = 60;
const WORKSPACE_HR = 3;
/** Service component type 2: a group of services. */
const COMPONENT_GROUP = 2;
/** Impacted-service statuses used below. */
const OPERATIONAL = 1;
const UNDER_MAINTENANCE = 5;
const PARTIAL_OUTAGE = 20;

// Ids as in the documentation's samples, which post updates with status_id 101 and 102.
const INCIDENT_STATUSES: StatusChoice[] = [
  { id: 101, position: 1, name: "Investigating", color: "#E03E2D" },
  { id: 102, position: 2, name: "Identified", color: "#F59E0B" },
  { id: 103, position: 3, name: "Monitoring", color: "#3B82F6" },
  { id: 104, position: 4, name: "Resolved", color: "#16A34A" },
];
const MAINTENANCE_STATUSES: StatusChoice[] = [
  { id: 201, position: 1, name: "Planned", color: "#6B7280" },
  { id: 202, position: 2, name: "In progress", color: "#3B82F6" },
  { id: 203, position: 3, name: "Completed", color: "#16A34A" },
];

export function seedStatusPages(state: TenantState, now: number): void {
  const ticket = state.tickets.get(MAJOR_INCIDENT_TICKET);
  if (!ticket) return;
  ticket.type = "Major Incident";
  seedCommunications(state, now);

  const page = (name: string, domain: string, workspaceId: number, isPrivate: boolean) =>
    seedPlainRecord(state, "statusPages", {
      name,
      domain: `${domain}.status.freshservice.com`,
      custom_domain: null,
      private: isPrivate,
      workspace_id: workspaceId,
      _incident_statuses: INCIDENT_STATUSES,
      _maintenance_statuses: MAINTENANCE_STATUSES,
    });
  const it = page("Acme IT services", "acme-it", WORKSPACE_IT, true);
  page("Acme HR services", "acme-hr", WORKSPACE_HR, true);

  const since = formatTimestamp(now - 180 * DAY_MS);
  const component = (name: string, position: number, group: JsonRecord | null, serviceId?: number) =>
    seedPlainRecord(state, "statusPageComponents", {
      name,
      position,
      status: OPERATIONAL,
      type: group === null && serviceId === undefined ? COMPONENT_GROUP : COMPONENT_SERVICE,
      settings:
        serviceId === undefined
          ? { expand_on_load: false, uptime_history: true }
          : { start_date: since, service_id: serviceId, uptime_history: true },
      _parent_id: it.id,
      _component_id: group?.id ?? null,
    });
  const access = component("Remote access", 1, null);
  const vpn = component("VPN", 1, access, 651);
  const sso = component("Single sign-on and MFA", 2, access, 652);
  component("E-mail", 2, null, 653);
  sso.status = PARTIAL_OUTAGE;

  const startedAt = now - 95 * MINUTE_MS;
  const incident = seedPlainRecord(state, "statusPageIncidents", {
    title: "MFA push notifications delayed",
    description: "Sign-in prompts reach phones late or not at all. Codes from the authenticator app still work.",
    status: INCIDENT_OPEN,
    started_at: formatTimestamp(startedAt),
    ended_at: null,
    impacted_services: [{ id: sso.id, status: PARTIAL_OUTAGE }],
    ticket_id: ticket.id,
    user_id: state.currentAgentId,
    created_at: formatTimestamp(startedAt + 5 * MINUTE_MS),
    updated_at: formatTimestamp(startedAt + 40 * MINUTE_MS),
    _parent_id: it.id,
  });
  const update = (minutes: number, message: string, statusId: number) => {
    const at = formatTimestamp(startedAt + minutes * MINUTE_MS);
    seedPlainRecord(state, "statusPageIncidentUpdates", {
      message,
      posted_on: at,
      status_id: statusId,
      user_id: state.currentAgentId,
      created_at: at,
      updated_at: at,
      _parent_id: incident.id,
    });
  };
  update(5, "We are looking into delayed MFA push notifications.", 101);
  update(40, "The push provider reports an outage in our region; use the code from the app meanwhile.", 102);

  const maintenanceStart = now + 3 * DAY_MS;
  seedPlainRecord(state, "statusPageMaintenances", {
    title: "VPN gateway firmware upgrade",
    description: "The VPN is unavailable while the gateways restart.",
    status: 0,
    started_at: formatTimestamp(maintenanceStart),
    ended_at: formatTimestamp(maintenanceStart + 2 * 60 * MINUTE_MS),
    impacted_services: [{ id: vpn.id, status: UNDER_MAINTENANCE }],
    notifications: [{ id: 1348, options: { value: 1440 }, trigger: 2 }],
    maintenance_window_id: null,
    user_id: state.currentAgentId,
    created_at: formatTimestamp(now - DAY_MS),
    updated_at: formatTimestamp(now - DAY_MS),
    _parent_id: it.id,
  });
}

/** Three e-mails to the service desk group and a requester, and one Zoom meeting that has ended. */
function seedCommunications(state: TenantState, now: number): void {
  const group = state.groups.values().next().value;
  const common = (minutesAgo: number) => {
    const at = formatTimestamp(now - minutesAgo * MINUTE_MS);
    return {
      created_at: at,
      updated_at: at,
      object_id: MAJOR_INCIDENT_TICKET,
      object_type: "tickets",
      sender_id: state.currentAgentId,
    };
  };
  const email = (minutesAgo: number, subject: string, message: string) =>
    seedPlainRecord(state, "ticketCommunications", {
      ...common(minutesAgo),
      type: "email",
      notifiers: [...(group ? [{ id: group.id, type: 3 }] : []), { type: 5, address: "it-leads@acme.example" }],
      meta_info: { message, attachments: [], subject },
    });
  email(90, "Major incident: MFA push notifications delayed", "We are investigating delayed MFA prompts.");
  email(55, "Update: MFA push notifications delayed", "The push provider has an outage; use app codes.");
  email(20, "Update: MFA workaround for travelling staff", "Staff abroad can call the service desk for a code.");
  const meetingStart = now - 80 * MINUTE_MS;
  seedPlainRecord(state, "ticketCommunications", {
    ...common(80),
    type: "zoom",
    notifiers: [],
    meta_info: {
      status: "ended",
      start_time: formatTimestamp(meetingStart),
      end_time: formatTimestamp(meetingStart + 30 * MINUTE_MS),
      join_url: "https://zoom.example/j/83155633427",
      meeting_id: 83_155_633_427,
      meeting_password: "767301",
    },
  });
}
