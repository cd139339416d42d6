// Default custom fields of the non-ticket forms (problem, change, release, requester, agent, department); each
// can be replaced per tenant through TenantOptions. The change form carries the closure-required explanation
// field the API notes cite as a real-account gotcha.

import type { CustomFieldDef } from "./custom-field-defs";

export type FormKind = "problem" | "change" | "release" | "requester" | "agent" | "department";

export const DEFAULT_FORM_CUSTOM_FIELDS: Readonly<Record<FormKind, readonly CustomFieldDef[]>> = {
  problem: [
    {
      name: "cf_root_cause_category",
      label: "Root cause category",
      type: "custom_dropdown",
      choices: ["Hardware failure", "Software defect", "Configuration", "Capacity", "Third party", "Unknown"],
    },
    { name: "cf_vendor_case_number", label: "Vendor case number", type: "custom_text" },
  ],
  change: [
    { name: "cf_rollback_tested", label: "Rollback tested", type: "custom_checkbox" },
    {
      name: "cf_change_result_explanation",
      label: "Change result explanation",
      type: "custom_paragraph",
      required_for_closure: true,
    },
  ],
  release: [
    {
      name: "cf_release_train",
      label: "Release train",
      type: "custom_dropdown",
      choices: ["Monthly", "Quarterly", "Hotfix"],
    },
  ],
  // Requester field names are part of the contract with the Worker's tests (`employee_id` filters); keep them.
  requester: [{ name: "employee_id", label: "Employee ID", type: "custom_text" }],
  agent: [{ name: "cf_shift", label: "Shift", type: "custom_dropdown", choices: ["Day", "Night", "Follow the sun"] }],
  department: [{ name: "cf_cost_center", label: "Cost center", type: "custom_text" }],
};
