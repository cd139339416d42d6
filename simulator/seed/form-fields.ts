// Field metadata: ticket form fields (§8.1, built from the tenant's groups/agents/custom fields), requester and
// agent fields (§8.3) and the onboarding form (§8.5).

import { idValueChoices } from "../custom-field-defs";
import type { TenantState } from "../tenant-state";
import { type NestedChoiceTree, nestedChoiceList, type TicketCustomFieldDef } from "../ticket-custom-fields";
import { formatTimestamp } from "../time";
import type { OnboardingFormField, TicketFormField } from "../types";
import { DEPARTMENTS, WORKSPACE_IT } from "./org";

export const TICKET_STATUSES = [
  { id: 2, value: "Open", requester_display_value: "Being Processed" },
  { id: 3, value: "Pending", requester_display_value: "Awaiting your Reply" },
  { id: 4, value: "Resolved", requester_display_value: "This request has been resolved" },
  { id: 5, value: "Closed", requester_display_value: "This request has been closed" },
] as const;
/** The status choices of a tenant's ticket form: the built-in four, then the account's own. */
export function ticketStatusChoices(state: TenantState) {
  return [
    ...TICKET_STATUSES.map((s) => ({ ...s })),
    ...state.customTicketStatuses.map((s) => ({ requester_display_value: s.value, ...s })),
  ];
}

export function ticketStatusIds(state: TenantState): number[] {
  return ticketStatusChoices(state).map((s) => s.id);
}

export const TICKET_PRIORITIES = ["Low", "Medium", "High", "Urgent"] as const;
export const TICKET_LEVELS = ["Low", "Medium", "High"] as const;
export const TICKET_SOURCES: ReadonlyArray<[number, string]> = [
  [1, "Email"],
  [2, "Portal"],
  [3, "Phone"],
  [4, "Chat"],
  [5, "Feedback widget"],
  [6, "Yammer"],
  [7, "AWS Cloudwatch"],
  [8, "Pagerduty"],
  [9, "Walkup"],
  [10, "Slack"],
  [11, "Chatbot"],
  [12, "Workplace"],
  [13, "Employee Onboarding"],
  [14, "Alerts"],
  [15, "MS Teams"],
  [18, "Employee Offboarding"],
];
export const TICKET_TYPES = ["Incident", "Service Request", "Major Incident"] as const;

/** The default category → sub_category → item_category tree. */
export const TICKET_CATEGORIES: NestedChoiceTree = {
  Hardware: {
    Computer: ["Mac", "Windows PC"],
    Peripherals: ["Monitor", "Keyboard", "Printer"],
    Mobile: ["iPhone", "Android"],
  },
  Software: { "Microsoft 365": ["Outlook", "Teams", "Excel"], Zoom: ["Zoom Rooms", "Zoom Client"], ERP: ["NetSuite"] },
  Network: { VPN: ["GlobalProtect"], "Wi-Fi": ["Office Wi-Fi", "Guest Wi-Fi"], Internet: ["ISP outage"] },
  Access: { Accounts: ["Password reset", "MFA"], Permissions: ["Shared drive", "Application access"] },
  Other: { General: ["Question"] },
};

/** The category trio expressed as a nested definition so it shares the nested-dropdown validation. */
export const CATEGORY_FIELD: TicketCustomFieldDef = {
  name: "category",
  label: "Category",
  type: "nested_field",
  nestedLevels: [
    { name: "sub_category", label: "Sub-Category" },
    { name: "item_category", label: "Item" },
  ],
  nestedChoices: TICKET_CATEGORIES,
};

const FIELD_ID_BASE = 21_000_600_000;

/** Global fields plus those of one workspace (§8.1: without `workspace_id`, the primary workspace's). */
export function ticketFormFields(state: TenantState, workspaceId = WORKSPACE_IT): TicketFormField[] {
  const ts = formatTimestamp(Date.UTC(2023, 0, 15, 10, 0, 0));
  let position = 0;
  const field = (
    name: string,
    label: string,
    field_type: string,
    extra: Partial<TicketFormField> = {},
  ): TicketFormField => {
    position += 1;
    return {
      id: FIELD_ID_BASE + position,
      workspace_id: null,
      name,
      label,
      description: null,
      field_type,
      position,
      default_field: field_type.startsWith("default_"),
      required_for_agents: false,
      required_for_closure: false,
      required_for_customers: false,
      customers_can_edit: true,
      displayed_to_customers: true,
      label_for_customers: label,
      belongs_to_section: false,
      sections: [],
      choices: [],
      nested_fields: [],
      created_at: ts,
      updated_at: ts,
      ...extra,
    };
  };
  const idValue = (list: readonly string[]) => list.map((value, i) => ({ id: i + 1, value }));
  const fields: TicketFormField[] = [
    field("workspace_id", "Workspace", "default_workspace", {
      required_for_agents: true,
      choices: [...state.workspaces.values()].filter((w) => w.id !== 1).map((w) => ({ id: w.id, value: w.name })),
    }),
    field("requester", "Requester", "default_requester", {
      required_for_agents: true,
      required_for_customers: true,
      portal_cc: false,
      portalcc_to: "company",
    }),
    field("subject", "Subject", "default_subject", { required_for_agents: true, required_for_customers: true }),
    field("source", "Source", "default_source", {
      displayed_to_customers: false,
      choices: [
        ...TICKET_SOURCES.map(([id, value]) => ({ id, value })),
        ...[...state.collections.ticketSources.values()].map((x) => ({
          id: x.choice_id as number,
          value: x.value as string,
        })),
      ],
    }),
    field("ticket_type", "Type", "default_ticket_type", { choices: idValue(TICKET_TYPES) }),
    field("status", "Status", "default_status", {
      required_for_agents: true,
      choices: ticketStatusChoices(state),
    }),
    field("urgency", "Urgency", "default_urgency", { choices: idValue(TICKET_LEVELS) }),
    field("impact", "Impact", "default_impact", { choices: idValue(TICKET_LEVELS) }),
    field("priority", "Priority", "default_priority", {
      required_for_agents: true,
      choices: idValue(TICKET_PRIORITIES),
    }),
    field("group", "Group", "default_group", {
      choices: [...state.groups.values()].map((g) => ({ id: g.id, value: g.name })),
    }),
    field("agent", "Agent", "default_agent", {
      choices: [...state.agents.values()].map((a) => ({ id: a.id, value: `${a.first_name} ${a.last_name}` })),
    }),
    field("department", "Department", "default_department", {
      choices: [...state.departments.values()].map((d) => ({ id: d.id, value: d.name })),
    }),
    field("category", "Category", "default_category", {
      choices: nestedChoiceList(TICKET_CATEGORIES, 1000),
      nested_fields: [
        {
          name: "sub_category",
          label: "Sub-Category",
          label_in_portal: "Sub-Category",
          level: 2,
          id: FIELD_ID_BASE + 901,
        },
        { name: "item_category", label: "Item", label_in_portal: "Item", level: 3, id: FIELD_ID_BASE + 902 },
      ],
    }),
    field("description", "Description", "default_description", {
      required_for_agents: true,
      required_for_customers: true,
    }),
  ];
  const custom = [
    ...state.ticketCustomFields.map((d) => ({ d, workspace: null })),
    ...(state.workspaceTicketCustomFields[workspaceId] ?? []).map((d) => ({ d, workspace: workspaceId })),
  ];
  custom.forEach(({ d, workspace }, i) => {
    fields.push(
      field(d.name, d.label, d.type, {
        workspace_id: workspace,
        required_for_agents: d.required_for_agents ?? false,
        required_for_closure: d.required_for_closure ?? false,
        choices:
          d.type === "custom_dropdown"
            ? (d.choices ?? []).map((value, j) => ({ id: 2000 + i * 100 + j, value }))
            : d.type === "nested_field"
              ? nestedChoiceList(d.nestedChoices ?? {}, 3000 + i * 1000)
              : [],
        nested_fields: (d.nestedLevels ?? []).map((l, j) => ({
          name: l.name,
          label: l.label,
          label_in_portal: l.label,
          level: j + 2,
          id: FIELD_ID_BASE + 950 + i * 10 + j,
        })),
        ...(d.type === "custom_date" ? { date_only: true } : {}),
      }),
    );
  });
  return fields;
}

/**
 * What real forms carry besides usable fields (TenantOptions.oddFormMetadata): appended to the ticket form's
 * answer only; writes never need them.
 */
export const ODD_TICKET_FORM_FIELDS: ReadonlyArray<Record<string, unknown>> = [
  {
    id: FIELD_ID_BASE + 990,
    name: null,
    label: "Section heading",
    field_type: "custom_static_rich_text",
    default_field: false,
  },
  {
    id: FIELD_ID_BASE + 991,
    name: "cf_legacy_region",
    label: "Legacy region",
    field_type: "custom_dropdown",
    choices: null,
    default_field: false,
    required_for_agents: false,
  },
  {
    id: FIELD_ID_BASE + 992,
    name: "cf_orphan_nested",
    label: "Orphan nested",
    field_type: "nested_field",
    choices: [],
    nested_fields: null,
    default_field: false,
  },
  {
    id: FIELD_ID_BASE + 993,
    name: "cf_markup",
    label: "<script>alert(1)</script><b>Cost</b>\u0007 centre",
    field_type: "custom_text",
    default_field: false,
  },
  {
    id: FIELD_ID_BASE + 994,
    label: "No name at all",
    field_type: "custom_dropdown",
    default_field: false,
    required_for_agents: true,
  },
];

const LANGUAGES = {
  en: "English",
  de: "German",
  fr: "French",
  es: "Spanish",
  "ja-JP": "Japanese",
  "pt-BR": "Portuguese (BR)",
};

export function requesterFields(state: TenantState): unknown[] {
  const ts = "2023-01-15T10:00:00Z";
  const defaults: Array<[name: string, label: string, type: string, extra?: Record<string, unknown>]> = [
    ["first_name", "First Name", "default_first_name", { required_for_agents: true }],
    ["last_name", "Last Name", "default_last_name"],
    ["job_title", "Job Title", "default_job_title"],
    ["primary_email", "Email", "default_email", { required_for_agents: true }],
    ["work_phone_number", "Work Phone", "default_phone"],
    ["mobile_phone_number", "Mobile Phone", "default_mobile"],
    ["department_ids", "Department", "default_department"],
    ["reporting_manager_id", "Reporting Manager", "default_reporting_manager"],
    ["address", "Address", "default_address"],
    ["time_zone", "Time Zone", "default_time_zone"],
    ["language", "Language", "default_language", { choices: LANGUAGES }],
    ["location_id", "Location", "default_location_id"],
    ["background_information", "Background Information", "default_description"],
  ];
  const fields: Array<Record<string, unknown>> = defaults.map(([name, label, type, extra = {}], i) => ({
    id: FIELD_ID_BASE + 100 + i,
    name,
    label,
    position: i + 1,
    type,
    default: true,
    user_field_group_id: null,
    editable_in_signup: name === "first_name" || name === "primary_email",
    required_for_agents: false,
    customers_can_edit: true,
    label_for_customers: label,
    required_for_customers: false,
    displayed_for_customers: true,
    created_at: ts,
    updated_at: ts,
    ...extra,
  }));
  // The tenant's own fields; `required` maps to required_for_agents (the flag agents must fill).
  state.customFields.requester.forEach((d, i) => {
    fields.push({
      id: FIELD_ID_BASE + 150 + i,
      name: d.name,
      label: d.label,
      position: fields.length + 1,
      type: d.type,
      default: false,
      user_field_group_id: null,
      editable_in_signup: false,
      required_for_agents: d.required ?? false,
      customers_can_edit: false,
      label_for_customers: d.label,
      required_for_customers: false,
      displayed_for_customers: true,
      ...(d.choices ? { choices: idValueChoices(d, 6000 + i * 100) } : {}),
      created_at: ts,
      updated_at: ts,
    });
  });
  return fields;
}

export function agentFields(state: TenantState): unknown[] {
  const names: Array<[name: string, label: string, mandatory?: boolean]> = [
    ["name", "Name", true],
    ["email", "Email", true],
    ["job_title", "Job Title"],
    ["work_phone", "Work Phone"],
    ["mobile_phone", "Mobile Phone"],
    ["department_ids", "Departments"],
    ["location", "Location"],
    ["reporting_manager", "Reporting Manager"],
    ["address", "Address"],
    ["groups", "Groups"],
    ["role", "Roles", true],
    ["description", "Background Information"],
    ["time_zone", "Time Zone"],
    ["time_format", "Time Format"],
    ["language", "Language"],
    ["level", "Level"],
  ];
  const defaults: Array<Record<string, unknown>> = names.map(([name, label, mandatory = false]) => ({
    name,
    user_field_group_id: null,
    label_for_admins: label,
    mandatory_for_admins: mandatory,
    editable_by_admins: true,
    label_for_agents: label,
    editable_by_agents: name !== "role" && name !== "groups" && name !== "level",
    mandatory_for_agents: mandatory,
    visible_to_agents: true,
    type: name,
    default_field: true,
  }));
  const custom = state.customFields.agent.map((d, i) => ({
    name: d.name,
    user_field_group_id: null,
    label_for_admins: d.label,
    mandatory_for_admins: d.required ?? false,
    editable_by_admins: true,
    label_for_agents: d.label,
    editable_by_agents: true,
    mandatory_for_agents: d.required ?? false,
    visible_to_agents: true,
    type: d.type,
    default_field: false,
    ...(d.choices ? { choices: idValueChoices(d, 7000 + i * 100) } : {}),
  }));
  return [...defaults, ...custom];
}

/** Department fields (§8.6): `{name, label, mandatory, is_default_field}` in UI order; no type is documented. */
export function departmentFields(state: TenantState): unknown[] {
  const ts = "2023-01-15 10:00:00";
  const defaults: Array<[name: string, label: string, mandatory: boolean]> = [
    ["name", "Department Name", true],
    ["description", "Description", false],
    ["head_user_id", "Head", false],
    ["prime_user_id", "Prime User", false],
    ["domains", "Domains", false],
  ];
  return [
    ...defaults.map(([name, label, mandatory]) => ({
      name,
      label,
      mandatory,
      is_default_field: true,
      created_at: ts,
      updated_at: ts,
    })),
    ...state.customFields.department.map((d) => ({
      name: d.name,
      label: d.label,
      mandatory: d.required ?? false,
      is_default_field: false,
      created_at: ts,
      updated_at: ts,
    })),
  ];
}

/** One onboarding/offboarding form field; `position` is set by `numbered`. */
function formField(
  name: string,
  label: string,
  field_type: string,
  required: boolean,
  extra: Partial<OnboardingFormField> = {},
): OnboardingFormField {
  return { name, label, placeholder: null, position: 0, required, default: false, field_type, ...extra };
}

/** Positions follow the order of the form (from 1). */
function numbered(fields: OnboardingFormField[]): OnboardingFormField[] {
  return fields.map((x, i) => ({ ...x, position: i + 1 }));
}

/** The onboarding form. Field names are part of the contract with the Worker's tests; keep them stable. */
export function onboardingFormFields(): OnboardingFormField[] {
  return numbered([
    formField("cf_employee_name", "Employee name", "custom_text", true, { placeholder: "Full name of the new hire" }),
    formField("cf_job_title", "Job title", "custom_text", false),
    formField("cf_start_date", "Start date", "custom_date", true),
    formField("cf_department", "Department", "custom_dropdown", false, { choices: DEPARTMENTS.map(([name]) => name) }),
    formField("cf_reporting_manager", "Reporting manager", "custom_lookup_bigint", false, { data_source: 3 }),
    formField("cf_work_location", "Work location", "custom_lookup_bigint", false, { data_source: 1 }),
    formField("cf_laptop_asset_tag", "Laptop asset tag", "custom_text", false, { placeholder: "e.g. ASSET-101" }),
  ]);
}

/** The offboarding form: the employee and reporting-manager lookups (actor fields are named `actor_<n>`). */
export function offboardingFormFields(): OnboardingFormField[] {
  return numbered([
    formField("cf_employee", "Employee", "custom_lookup_bigint", true, { data_source: 2 }),
    formField("cf_last_working_day", "Last working day", "custom_date", true),
    formField("cf_offboarding_reason", "Reason", "custom_dropdown", false, {
      choices: ["Resignation", "Termination", "Retirement", "End of contract"],
    }),
    formField("actor_2", "Reporting manager", "custom_lookup_bigint", false, { data_source: 3 }),
    formField("cf_recover_laptop", "Recover laptop", "custom_checkbox", false),
  ]);
}
