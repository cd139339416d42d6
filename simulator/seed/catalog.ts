// Seed the service catalog: categories, items with their own form fields (one draft), and the requested items
// behind the seeded service-request tickets.

import { addRequestedItem } from "../routes/service-catalog";
import { buildServiceItem, type ItemFieldInput } from "../service-item-model";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";
import type { JsonObject } from "../validate";
import { seedPlainRecord } from "./seed-context";

const CATEGORIES: Array<[name: string, description: string, workspace: number]> = [
  ["Hardware", "Laptops, monitors, phones and accessories", 2],
  ["Software", "Applications and licences", 2],
  ["Access & Accounts", "Permissions, VPN and shared resources", 2],
  ["HR Services", "Letters, records and employee services", 3],
];

type ItemSeed = [
  name: string,
  category: string,
  short: string,
  cost: number,
  hours: number,
  fields: ItemFieldInput[],
  visibility?: 1 | 2,
  icon?: string,
];

export const CATALOG_ITEMS: ItemSeed[] = [
  [
    "MacBook Pro M3 14-inch",
    "Hardware",
    "Standard developer and power-user laptop",
    1999,
    72,
    [
      {
        label: "Reason",
        field_type: "custom_dropdown",
        required: true,
        choices: ["New hire", "Replacement", "Upgrade"],
      },
      { label: "Needed by", field_type: "custom_date" },
    ],
    2,
    "laptop",
  ],
  [
    "Dell UltraSharp 27 monitor",
    "Hardware",
    "27-inch 4K USB-C monitor",
    579,
    48,
    [{ label: "Desk location", field_type: "custom_text", required: true, placeholder: "Floor and desk number" }],
    2,
    "monitor",
  ],
  [
    "iPhone 15",
    "Hardware",
    "Company phone with MDM enrolment",
    799,
    48,
    [{ label: "Carrier", field_type: "custom_dropdown", choices: ["AT&T", "Verizon", "T-Mobile"] }],
    2,
    "phone",
  ],
  [
    "Shared drive access",
    "Access & Accounts",
    "Access to a departmental shared drive",
    0,
    8,
    [
      {
        label: "Drive name",
        field_type: "custom_dropdown",
        required: true,
        choices: ["Finance", "HR", "Engineering", "Sales"],
      },
      { label: "Access level", field_type: "custom_dropdown", required: true, choices: ["Read only", "Read/write"] },
      { label: "Justification", field_type: "custom_paragraph" },
    ],
  ],
  [
    "VPN access",
    "Access & Accounts",
    "GlobalProtect VPN for remote work",
    0,
    4,
    [{ label: "Justification", field_type: "custom_text", required: true }],
  ],
  [
    "Software installation",
    "Software",
    "Install approved software on your device",
    0,
    24,
    [
      { label: "Software name", field_type: "custom_text", required: true },
      { label: "Admin rights needed", field_type: "custom_checkbox" },
    ],
  ],
  ["Adobe Acrobat Pro licence", "Software", "Annual Acrobat Pro licence", 239.88, 24, []],
  ["Conference room AV setup", "Hardware", "Displays and cameras for a meeting room (coming soon)", 4500, 240, [], 1],
  ["Employment verification letter", "HR Services", "A signed letter confirming your employment", 0, 48, []],
];

export function seedCatalog(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 600 * DAY_MS);
  const categoryIds = new Map<string, number>();
  CATEGORIES.forEach(([name, description, workspace], i) => {
    const category = seedPlainRecord(state, "serviceCategories", {
      name,
      description,
      position: i + 1,
      workspace_id: workspace,
      created_at: ts,
      updated_at: ts,
    });
    categoryIds.set(name, category.id);
  });
  CATALOG_ITEMS.forEach(([name, category, short, cost, hours, fields, visibility = 2, icon], i) => {
    const workspace = CATEGORIES.find(([n]) => n === category)?.[2] ?? 2;
    const item = buildServiceItem(
      state,
      {
        name,
        category_id: categoryIds.get(category) as number,
        short_description: short,
        description: `<div>${short}.</div>`,
        visibility,
        cost,
        delivery_time: hours,
        workspace_id: workspace,
        fields,
        icon_name: icon,
      },
      now - (500 - i * 10) * DAY_MS,
    );
    state.collections.serviceItems.set(item.display_id as number, item);
  });
}

/** Requested items for the service requests the ticket seed raised (matched by subject). */
export function seedRequestedItems(state: TenantState): void {
  const item = (name: string) => [...state.collections.serviceItems.values()].find((i) => i.name === name);
  const links: Array<[subject: string, itemName: string, values: JsonObject]> = [
    [
      "Need access to the Finance shared drive",
      "Shared drive access",
      { cf_drive_name: "Finance", cf_access_level: "Read/write", cf_justification: "Joined the FP&A team" },
    ],
    ["Request for a second monitor", "Dell UltraSharp 27 monitor", { cf_desk_location: "4th floor, desk 4-112" }],
    [
      "Request admin rights to install Docker",
      "Software installation",
      { cf_software_name: "Docker Desktop", cf_admin_rights_needed: true },
    ],
  ];
  for (const t of state.tickets.values()) {
    if (t.type !== "Service Request" || t.deleted) continue;
    const link = links.find(([subject]) => subject === t.subject);
    const it = link ? item(link[1]) : undefined;
    if (!link || !it) continue;
    addRequestedItem({ tenant: state, now: Date.parse(t.created_at) }, t, it, 1, link[2], true);
  }
}
