// Seed account metadata every tenant has, even unseeded ones: roles, business hours, SLA policies, contract
// types and the default canned-response folders.

import type { JsonRecord } from "../engine/collections";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";
import { seedPlainRecord } from "./seed-context";

/** What a role lets its agents do through the API (the simulator's coarse stand-in for Freshservice privileges). */
export type RolePrivilege = "read" | "write" | "admin";

const EVERYTHING: RolePrivilege[] = ["read", "write", "admin"];
const AGENT_WORK: RolePrivilege[] = ["read", "write"];

const ROLES: Array<
  [name: string, description: string, type: 1 | 2, scope: string, privileges: RolePrivilege[], isDefault?: false]
> = [
  ["Account Admin", "Has complete control over the account, including billing", 1, "Global Access", EVERYTHING],
  ["Admin", "Can configure all features of the service desk", 1, "Global Access", EVERYTHING],
  ["SD Supervisor", "Can perform all agent actions and manage groups", 2, "Global Access", AGENT_WORK],
  ["SD Agent", "Can work on tickets, problems, changes and releases", 2, "Restricted Access", AGENT_WORK],
  ["Problem Manager", "Manages the problem lifecycle", 2, "Global Access", AGENT_WORK],
  ["Change Manager", "Manages changes and CAB approvals", 2, "Global Access", AGENT_WORK],
  // A custom role (not a default one), last so that the default roles keep their ids: the view-only agent the
  // reference's auth section names ("a view-only role gets 403 on writes").
  [
    "Read-only Agent",
    "Can view tickets, problems, changes and releases but not change them",
    2,
    "Global Access",
    ["read"],
    false,
  ],
];

export function seedRoles(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 900 * DAY_MS);
  for (const [name, description, role_type, scope, privileges, isDefault = true] of ROLES) {
    seedPlainRecord(state, "roles", {
      name,
      description,
      default: isDefault,
      role_type,
      scopes: { ticket: scope, problem: scope, change: scope, release: scope },
      created_at: ts,
      updated_at: ts,
      _privileges: privileges,
    });
  }
}

export function roleIdByName(state: TenantState, name: string): number {
  for (const r of state.collections.roles.values()) if (r.name === name) return r.id;
  throw new Error(`seed role ${name} is missing`);
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];

function hours(begin: string, end: string) {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, { beginning_of_workday: begin, end_of_workday: end }]));
}

export function seedBusinessHoursAndSla(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 800 * DAY_MS);
  const add = (record: Omit<JsonRecord, "id">) => seedPlainRecord(state, "businessHours", record).id;
  const defaultHours = add({
    name: "Default business hours",
    description: "Pacific office hours, Monday to Friday",
    is_default: true,
    time_zone: "Pacific Time (US & Canada)",
    // A missing day means closed.
    service_desk_hours: hours("08:00", "17:00"),
    list_of_holidays: [
      { holiday_date: "--01-01", holiday_name: "New Year's Day" },
      { holiday_date: "--07-04", holiday_name: "Independence Day" },
      { holiday_date: "--12-25", holiday_name: "Christmas Day" },
    ],
    workspace_id: 1,
    created_at: ts,
    updated_at: ts,
  });
  add({
    name: "London office hours",
    description: "UK support hours",
    is_default: false,
    time_zone: "London",
    service_desk_hours: hours("09:00", "17:30"),
    list_of_holidays: [{ holiday_date: "--12-26", holiday_name: "Boxing Day" }],
    workspace_id: 2,
    created_at: ts,
    updated_at: ts,
  });
  const target = (priority: number, respond: number, resolve: number) => ({
    priority,
    respond_within: respond,
    resolve_within: resolve,
    business_hours: true,
    escalation_enabled: true,
  });
  const policy = (
    name: string,
    description: string,
    isDefault: boolean,
    workspace: number,
    applicable: JsonRecord | object,
  ) => {
    seedPlainRecord(state, "slaPolicies", {
      name,
      description,
      position: state.collections.slaPolicies.size + 1,
      is_default: isDefault,
      active: true,
      deleted: false,
      workspace_id: workspace,
      sla_targets: [target(4, 3600, 14400), target(3, 7200, 28800), target(2, 14400, 86400), target(1, 28800, 259200)],
      applicable_to: applicable,
      escalation: {
        response: { level: 1, escalation_when: "after", escalation_time: 1800, agent_ids: [-1], group_ids: [] },
        resolution: [{ level: 1, escalation_when: "before", escalation_time: 3600, agent_ids: [-1], group_ids: [] }],
      },
      business_hours_id: defaultHours,
      created_at: ts,
      updated_at: ts,
    });
  };
  policy("Default SLA Policy", "Applies to every ticket without a more specific policy", true, 1, {});
  policy("VIP requesters", "Faster targets for executives", false, 2, {
    ticket_type: ["Incident", "Service Request"],
    service_items: [],
    service_categories: [],
    department_id: [],
    group_id: [],
    source: [],
    category: null,
    sub_category: null,
    item_category: null,
  });
}

export function seedContractTypes(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 900 * DAY_MS);
  const types: Array<[name: string, description: string, approval: boolean, custom: JsonRecord["_custom_fields"]]> = [
    [
      "Lease",
      "Leased equipment",
      true,
      [{ label: "Leasing company", name: "cf_leasing_company", required: false, field_type: "text" }],
    ],
    [
      "Maintenance",
      "Support and maintenance agreements",
      false,
      [
        {
          label: "Support level",
          name: "cf_support_level",
          required: false,
          field_type: "dropdown",
          choices: ["Basic", "Next business day", "24x7"],
        },
      ],
    ],
    ["Software License", "Licences for software", false, []],
  ];
  for (const [name, description, needs_approval, custom] of types) {
    // Default contract types have the ids 1, 2 and 3 (§6.7).
    seedPlainRecord(state, "contractTypes", {
      name,
      description,
      needs_approval,
      is_default: true,
      created_at: ts,
      updated_at: ts,
      _custom_fields: custom,
    });
  }
}

export function seedCannedResponses(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 500 * DAY_MS);
  const folder = (name: string, type: string, workspace: number) => {
    const id = seedPlainRecord(state, "cannedResponseFolders", {
      name,
      type,
      workspace_id: workspace,
      created_at: ts,
      updated_at: ts,
    }).id;
    return id;
  };
  const response = (folderId: number, title: string, html: string, workspace: number) => {
    seedPlainRecord(state, "cannedResponses", {
      title,
      folder_id: folderId,
      content: html.replace(/<[^>]*>/g, ""),
      content_html: html,
      workspace_id: workspace,
      attachments: [],
      created_at: ts,
      updated_at: ts,
    });
  };
  const general = folder("General", "Custom", 1);
  const personal = folder("Personal", "Personal", 2);
  const network = folder("Network & VPN", "Custom", 2);
  response(
    general,
    "Acknowledge request",
    "<div>Thanks for reaching out. We have received your request and will get back to you shortly.</div>",
    1,
  );
  response(
    general,
    "Closing: no response",
    "<div>We haven't heard back from you, so we are closing this ticket. Reply to reopen it.</div>",
    1,
  );
  response(
    network,
    "VPN reset steps",
    "<div>Please sign out of GlobalProtect, restart your laptop and sign in again. If it still drops, send us the logs.</div>",
    2,
  );
  response(personal, "Out of office", "<div>I'm out of the office today; a colleague will pick this up.</div>", 2);
}
