// Seed two custom objects (service item approvals and software licences) and their records.

import { type CustomObjectField, createRecord } from "../routes/custom-objects";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";
import { seedPlainRecord } from "./seed-context";

const choices = (values: string[]) => values.map((value, i) => ({ id: i + 1, value }));

const APPROVAL_FIELDS: CustomObjectField[] = [
  { name: "item_name", label: "Item", type: "lookup", required: true, meta: { source_name: "service_items" } },
  { name: "approver", label: "Approver", type: "lookup", required: true, meta: { source_name: "all_users" } },
  {
    name: "category_dd1",
    label: "Category",
    type: "dropdown",
    required: false,
    choices: choices(["Hardware", "Software", "Access"]),
  },
  { name: "vendor_information", label: "Vendor information", type: "text", required: false },
  { name: "max_cost", label: "Maximum cost", type: "decimal", required: false },
];

const LICENCE_FIELDS: CustomObjectField[] = [
  { name: "licence_name", label: "Licence", type: "text", required: true },
  { name: "platform", label: "Platform", type: "dropdown", required: false, choices: choices(["PC", "Mac", "Linux"]) },
  { name: "seats", label: "Seats", type: "number", required: false },
  { name: "renewal_date", label: "Renewal date", type: "date", required: false },
  { name: "owner", label: "Owner", type: "lookup", required: false, meta: { source_name: "all_users" } },
  { name: "auto_renew", label: "Auto renew", type: "checkbox", required: false },
];

export function seedCustomObjects(state: TenantState, now: number): void {
  const admin = state.agents.get(state.currentAgentId);
  const make = (name: string, title: string, description: string, fields: CustomObjectField[]) =>
    seedPlainRecord(state, "customObjects", {
      name,
      title,
      description,
      workspace_id: 2,
      updated_at: formatTimestamp(now - 100 * DAY_MS),
      last_updated_by: {
        email: admin?.email ?? null,
        id: state.currentAgentId,
        name: admin ? `${admin.first_name} ${admin.last_name}` : null,
      },
      _fields: fields,
      _next_bo: 0,
    });
  const approvals = make(
    "service_item_approvals",
    "Service Item Approvals",
    "Designated approvers and vendor details for catalog items",
    APPROVAL_FIELDS,
  );
  const licences = make(
    "software_licences",
    "Software Licences",
    "Licence register for software not tracked as contracts",
    LICENCE_FIELDS,
  );
  const item = (name: string) => [...state.collections.serviceItems.values()].find((i) => i.name === name)?.display_id;
  const agent = (first: string) => [...state.agents.values()].find((a) => a.first_name === first)?.id;
  const rows: Array<[Record<string, unknown>, number]> = [
    [
      {
        item_name: String(item("MacBook Pro M3 14-inch")),
        approver: String(agent("Alex")),
        category_dd1: "Hardware",
        vendor_information: "Apple - business@apple.example",
        max_cost: 2500,
      },
      90,
    ],
    [
      {
        item_name: String(item("Dell UltraSharp 27 monitor")),
        approver: String(agent("Elena")),
        category_dd1: "Hardware",
        vendor_information: "Dell - sales@dell.example",
        max_cost: 700,
      },
      80,
    ],
    [{ item_name: String(item("Shared drive access")), approver: String(agent("Daniel")), category_dd1: "Access" }, 70],
  ];
  for (const [data, daysAgo] of rows) createRecord(state, approvals, data, now - daysAgo * DAY_MS);
  const licenceRows: Array<[string, string, number, number, string, boolean]> = [
    ["Microsoft 365 E3", "PC", 120, 200, "Alex", true],
    ["Adobe Acrobat Pro", "Mac", 25, 40, "Elena", false],
    ["JetBrains All Products", "Linux", 30, 90, "Priya", true],
    ["Figma Organization", "Mac", 15, 10, "Priya", false],
    ["Slack Business+", "PC", 200, 300, "Alex", true],
  ];
  licenceRows.forEach(([licence_name, platform, seats, inDays, owner, auto_renew], i) => {
    createRecord(
      state,
      licences,
      {
        licence_name,
        platform,
        seats,
        renewal_date: formatTimestamp(now + inDays * DAY_MS),
        owner: String(agent(owner)),
        auto_renew,
      },
      now - (60 - i) * DAY_MS,
    );
  });
}
