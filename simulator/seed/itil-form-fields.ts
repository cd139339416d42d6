// Problem, change and release form fields (§8.2): the documented default fields plus the tenant's custom ones,
// in the ITIL shape (`required` / `required_for_closure`, no agent/customer flags).

import { type CustomFieldDef, idValueChoices, nestedChoiceList } from "../custom-field-defs";
import type { TenantState } from "../tenant-state";
import { TICKET_CATEGORIES, TICKET_LEVELS, TICKET_PRIORITIES } from "./form-fields";

export type ItilKind = "problem" | "change" | "release";

export const PROBLEM_STATUSES = ["Open", "Change Requested", "Closed"] as const;
export const CHANGE_STATUSES = [
  "Open",
  "Planning",
  "Awaiting Approval",
  "Pending Release",
  "Pending Review",
  "Closed",
] as const;
export const RELEASE_STATUSES = ["Open", "On hold", "In Progress", "Incomplete", "Completed"] as const;
export const CHANGE_RISKS = ["Low", "Medium", "High", "Very High"] as const;
export const CHANGE_TYPES = ["Minor", "Standard", "Major", "Emergency"] as const;
export const RELEASE_TYPES = CHANGE_TYPES;

const FIELD_ID_BASE: Readonly<Record<ItilKind, number>> = {
  problem: 21_000_610_000,
  change: 21_000_620_000,
  release: 21_000_630_000,
};

type Spec = [name: string, label: string, type: string, required: boolean, choices?: unknown[]];

const idValue = (list: readonly string[]) => list.map((value, i) => ({ id: i + 1, value }));

function defaults(state: TenantState, kind: ItilKind): Spec[] {
  const people: Spec[] = [
    ["group", "Group", "default_group", false, [...state.groups.values()].map((g) => ({ id: g.id, value: g.name }))],
    [
      "agent",
      "Agent",
      "default_agent",
      false,
      [...state.agents.values()].map((a) => ({ id: a.id, value: `${a.first_name} ${a.last_name}` })),
    ],
    [
      "department",
      "Department",
      "default_department",
      false,
      [...state.departments.values()].map((d) => ({ id: d.id, value: d.name })),
    ],
    ["category", "Category", "default_category", false, nestedChoiceList(TICKET_CATEGORIES, 1000)],
  ];
  const workspace: Spec = [
    "workspace_id",
    "Workspace",
    "default_workspace",
    true,
    [...state.workspaces.values()].filter((w) => w.id !== 1).map((w) => ({ id: w.id, value: w.name })),
  ];
  switch (kind) {
    case "problem":
      return [
        workspace,
        ["requester", "Requester", "default_requester", true],
        ["subject", "Title", "default_subject", true],
        ["description", "Description", "default_description", true],
        ["status", "Status", "default_status", true, idValue(PROBLEM_STATUSES)],
        ["priority", "Priority", "default_priority", true, idValue(TICKET_PRIORITIES)],
        ["impact", "Impact", "default_impact", true, idValue(TICKET_LEVELS)],
        ["due_by", "Due by", "default_due_by", true],
        ...people,
      ];
    case "change":
      return [
        workspace,
        ["requester", "Requester", "default_requester", true],
        ["subject", "Subject", "default_subject", true],
        ["change_type", "Change Type", "default_change_type", true, idValue(CHANGE_TYPES)],
        ["status", "Status", "default_status", true, idValue(CHANGE_STATUSES)],
        ["priority", "Priority", "default_priority", true, idValue(TICKET_PRIORITIES)],
        ["impact", "Impact", "default_impact", true, idValue(TICKET_LEVELS)],
        ["risk", "Risk", "default_risk", true, idValue(CHANGE_RISKS)],
        ["description", "Description", "default_description", true],
        ["planned_start_date", "Planned Start Date", "default_planned_start_date", true],
        ["planned_end_date", "Planned End Date", "default_planned_end_date", true],
        ...people,
        ["change_window", "Change Window", "default_change_window", false],
        ["change_reason", "Reason for Change", "default_change_reason", false],
        ["change_impact", "Impact", "default_change_impact", false],
        ["change_plan", "Rollout Plan", "default_change_plan", false],
        ["backout_plan", "Backout Plan", "default_backout_plan", false],
      ];
    case "release":
      return [
        workspace,
        ["subject", "Subject", "default_subject", true],
        ["description", "Description", "default_description", true],
        ["planned_start_date", "Planned Start Date", "default_planned_start_date", true],
        ["planned_end_date", "Planned End Date", "default_planned_end_date", true],
        ["status", "Status", "default_status", true, idValue(RELEASE_STATUSES)],
        ["priority", "Priority", "default_priority", true, idValue(TICKET_PRIORITIES)],
        ["release_type", "Release Type", "default_release_type", true, idValue(RELEASE_TYPES)],
        ...people,
      ];
  }
}

const PLANNING = new Set(["change_reason", "change_impact", "change_plan", "backout_plan"]);

export function itilFormFields(state: TenantState, kind: ItilKind, custom: readonly CustomFieldDef[]): unknown[] {
  const ts = "2023-01-15T10:00:00Z";
  const base = FIELD_ID_BASE[kind];
  const out: unknown[] = defaults(state, kind).map(([name, label, field_type, required, choices = []], i) => ({
    id: base + i + 1,
    workspace_id: null,
    name,
    label,
    description: null,
    field_type,
    required,
    required_for_closure: false,
    // Planning fields have no position in the documented sample.
    position: PLANNING.has(name) ? null : i + 1,
    default_field: true,
    choices,
    nested_fields:
      name === "category"
        ? [
            { name: "sub_category", label: "Sub-Category", level: 2, id: base + 901 },
            { name: "item_category", label: "Item", level: 3, id: base + 902 },
          ]
        : [],
    created_at: ts,
    updated_at: ts,
  }));
  custom.forEach((d, i) => {
    out.push({
      id: base + 100 + i,
      workspace_id: null,
      name: d.name,
      label: d.label,
      description: null,
      field_type: d.type,
      required: d.required ?? false,
      required_for_closure: d.required_for_closure ?? false,
      position: out.length + 1,
      default_field: false,
      choices: idValueChoices(d, 5000 + i * 100),
      nested_fields: (d.nestedLevels ?? []).map((l, j) => ({
        name: l.name,
        label: l.label,
        level: j + 2,
        id: base + 950 + i * 10 + j,
      })),
      created_at: ts,
      updated_at: ts,
    });
  });
  return out;
}
