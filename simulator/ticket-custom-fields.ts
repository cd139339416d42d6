// Ticket custom fields: the defaults a seeded tenant gets (TenantOptions.ticketCustomFields replaces them). The
// definition type and its validation are shared with every other form (custom-field-defs.ts).

import type { CustomFieldDef } from "./custom-field-defs";
import type { TenantState } from "./tenant-state";

export {
  blankCustomFields,
  customFieldFilterType,
  missingRequired,
  type NestedChoiceTree,
  nestedChoiceList,
  validateCustomFieldValues,
} from "./custom-field-defs";

export type TicketCustomFieldType = CustomFieldDef["type"];
/** Ticket fields use `required_for_agents` / `required_for_closure` (there is no plain `required` on tickets). */
export type TicketCustomFieldDef = CustomFieldDef;

/** What a seeded tenant gets unless `TenantOptions.ticketCustomFields` says otherwise. */
export const DEFAULT_TICKET_CUSTOM_FIELDS: readonly TicketCustomFieldDef[] = [
  {
    name: "cf_impacted_service",
    label: "Impacted service",
    type: "custom_dropdown",
    choices: ["Email", "VPN", "Wi-Fi", "Laptop", "Printing", "ERP", "HR Portal", "Video Conferencing"],
  },
  {
    name: "cf_device_type",
    label: "Device type",
    type: "nested_field",
    nestedLevels: [{ name: "cf_device_model", label: "Device model" }],
    nestedChoices: {
      Laptop: ["MacBook Pro M3", "MacBook Air M2", "Dell Latitude 7440", "ThinkPad X1 Carbon"],
      Desktop: ["Dell OptiPlex 7010"],
      Phone: ["iPhone 15", "Pixel 8"],
      Monitor: ["Dell U2723QE"],
    },
  },
  { name: "cf_affected_users", label: "Number of affected users", type: "custom_number" },
  { name: "cf_vip", label: "VIP requester", type: "custom_checkbox" },
];

/** The workspace a ticket without `workspace_id` lives in. */
export const PRIMARY_WORKSPACE_ID = 2;

/** A ticket's form in a workspace: the global custom fields, then that workspace's own (§8.1). */
export function ticketCustomFieldsFor(
  state: Pick<TenantState, "ticketCustomFields" | "workspaceTicketCustomFields">,
  workspaceId: number = PRIMARY_WORKSPACE_ID,
): readonly TicketCustomFieldDef[] {
  const own = state.workspaceTicketCustomFields[workspaceId] ?? [];
  return own.length === 0 ? state.ticketCustomFields : [...state.ticketCustomFields, ...own];
}
