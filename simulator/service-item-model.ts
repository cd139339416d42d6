// Service catalog items (§7.3): item field definitions in the documented shape, their conversion to the
// shared custom-field validator, and building a new item record.

import type { CustomFieldDef, CustomFieldType } from "./custom-field-defs";
import type { JsonRecord } from "./engine/collections";
import type { TenantState } from "./tenant-state";
import { formatTimestamp } from "./time";
import { deterministicUuid } from "./uuid";
import { htmlToText, type JsonObject } from "./validate";

/** Field types an item form can be created with (§7.3), plus custom_date seen in samples. */
export const ITEM_FIELD_TYPES = [
  "custom_text",
  "custom_dropdown",
  "custom_checkbox",
  "custom_paragraph",
  "custom_date_time",
  "custom_number",
  "custom_decimal",
  "custom_big_number",
  "custom_url",
  "custom_static_rich_text",
  "custom_multi_select_dropdown",
  "custom_date",
] as const;

export interface ItemFieldInput {
  label: string;
  field_type: string;
  required?: boolean;
  choices?: string[];
  placeholder?: string;
}

function snake(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** An item custom-field definition in the documented response shape. */
export function itemFieldDef(itemId: number, input: ItemFieldInput, position: number): JsonObject {
  const name = `cf_${snake(input.label)}`;
  return {
    id: deterministicUuid(`item-field:${itemId}:${name}`),
    name,
    label: input.label,
    field_type: input.field_type,
    required: input.required ?? false,
    position,
    choices: (input.choices ?? []).map((c, i) => [c, String(i + 1)]),
    nested_fields: [],
    visible_in_portal: true,
    field_options: {
      displayed_to_requester: true,
      requester_can_edit: true,
      placeholder: input.placeholder ?? "",
      date_only: input.field_type === "custom_date",
    },
    item_id: itemId,
    deleted: false,
  };
}

/** The item's fields as definitions for the shared validator (static rich text carries no value). */
export function itemCustomFieldDefs(item: JsonRecord): CustomFieldDef[] {
  return ((item.custom_fields as JsonObject[]) ?? [])
    .filter((f) => f.deleted !== true && f.field_type !== "custom_static_rich_text")
    .map((f) => ({
      name: f.name as string,
      label: f.label as string,
      type: (f.field_type === "custom_big_number" ? "custom_number" : f.field_type) as CustomFieldType,
      required: f.required === true,
      choices: ((f.choices as [string, string][]) ?? []).map(([label]) => label),
    }));
}

export interface NewItemInput {
  name: string;
  category_id: number;
  short_description: string;
  description: string;
  visibility: number;
  cost?: number | string;
  delivery_time?: number;
  workspace_id?: number;
  fields?: ItemFieldInput[];
  icon_name?: string;
  cost_visibility?: boolean;
  delivery_time_visibility?: boolean;
  group_visibility?: number;
  agent_group_visibility?: number;
  agent_group_visibilities?: JsonObject;
  agent_workspace_visibilities?: JsonObject;
}

export function buildServiceItem(state: TenantState, input: NewItemInput, at: number): JsonRecord {
  const id = state.nextId("serviceItems");
  const displayId = state.nextId("serviceItemDisplay");
  const ts = formatTimestamp(at);
  return {
    id,
    display_id: displayId,
    name: input.name,
    category_id: input.category_id,
    product_id: null,
    quantity: null,
    deleted: false,
    icon_name: input.icon_name ?? "service",
    icon_url: null,
    group_visibility: input.group_visibility ?? 1,
    agent_group_visibility: input.agent_group_visibility ?? 1,
    agent_group_visibilities: input.agent_group_visibilities ?? null,
    agent_workspace_visibilities: input.agent_workspace_visibilities ?? null,
    item_type: 1,
    ci_type_id: null,
    cost_visibility: input.cost_visibility ?? true,
    delivery_time_visibility: input.delivery_time_visibility ?? true,
    configs: { subject: `Request for ${input.name}`, attachment_mandatory: false },
    botified: false,
    visibility: input.visibility,
    allow_attachments: false,
    allow_quantity: true,
    is_bundle: false,
    create_child: false,
    description: input.description,
    short_description: input.short_description,
    desc_un_html: htmlToText(input.description),
    // Cost is a string in responses.
    cost: input.cost === undefined ? "0.0" : Number(input.cost).toFixed(1),
    delivery_time: input.delivery_time ?? null,
    custom_fields: (input.fields ?? []).map((f, i) => itemFieldDef(id, f, i + 1)),
    child_items: [],
    workspace_id: input.workspace_id ?? 2,
    created_at: ts,
    updated_at: ts,
  };
}
