// Seed software (applications with users and installations), software vendors, contracts of each default
// type (one still a draft, one awaiting approval, one expired) and purchase orders.

import { contractSpec } from "../routes/contracts";
import { purchaseOrderSpec, vendorSpec } from "../routes/procurement";
import { applicationSpec } from "../routes/software";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";
import { seedPlainRecord, seedRecord } from "./seed-context";

const SOFTWARE_VENDORS: Array<[name: string, line1: string, city: string, state: string, zip: string]> = [
  ["Microsoft", "One Microsoft Way", "Redmond", "Washington", "98052"],
  ["Zoom Video Communications", "55 Almaden Blvd", "San Jose", "California", "95113"],
  ["Adobe", "345 Park Avenue", "San Jose", "California", "95110"],
];

const APPS: Array<[name: string, type: string, status: string, publisher: string | null, category: string]> = [
  ["Microsoft 365", "saas", "managed", "Microsoft", "Productivity"],
  ["Slack", "saas", "managed", null, "Collaboration"],
  ["Zoom", "saas", "managed", "Zoom Video Communications", "Collaboration"],
  ["GlobalProtect", "desktop", "managed", "Palo Alto Networks", "Security"],
  ["Adobe Acrobat Pro", "desktop", "managed", "Adobe", "Productivity"],
  ["uTorrent", "desktop", "blacklisted", null, "File sharing"],
];

export function seedSoftwareAndContracts(state: TenantState, now: number): void {
  const ts = (daysAgo: number) => formatTimestamp(now - daysAgo * DAY_MS);
  for (const [name, line1, city, st, zipcode] of SOFTWARE_VENDORS) {
    seedRecord(state, vendorSpec, now - 700 * DAY_MS, {
      name,
      address: { line1, city, state: st, country: "United States", zipcode },
    });
  }
  const vendor = (name: string) => [...state.vendors.values()].find((v) => v.name === name)?.id ?? null;
  const apps = new Map<string, number>();
  APPS.forEach(([name, application_type, status, publisher, category], i) => {
    const app = seedRecord(state, applicationSpec, now - (650 - i * 20) * DAY_MS, {
      name,
      application_type,
      status,
      publisher_id: publisher ? vendor(publisher) : null,
      managed_by_id: state.currentAgentId,
      category,
      source: i < 3 ? "Okta" : "Discovery Agent",
      description: `${name} used across the company`,
    });
    apps.set(name, app.id);
  });

  // Users: every active requester uses Microsoft 365 and Slack; a handful use Zoom.
  const requesters = [...state.requesters.values()].filter((r) => r.active);
  const addUser = (app: string, userId: number, daysAgo: number) => {
    seedPlainRecord(state, "applicationUsers", {
      user_id: userId,
      license_id: null,
      allocated_date: ts(daysAgo),
      first_used: ts(daysAgo - 1),
      last_used: ts(1 + (userId % 5)),
      source: "Okta",
      created_at: ts(daysAgo),
      updated_at: ts(daysAgo),
      _parent_id: apps.get(app),
    });
  };
  requesters.forEach((r, i) => {
    addUser("Microsoft 365", r.id, 400 - i);
    addUser("Slack", r.id, 380 - i);
    if (i % 6 === 0) addUser("Zoom", r.id, 300 - i);
  });
  // GlobalProtect is installed on every laptop in use.
  for (const a of state.assets.values()) {
    if (a.asset_type_id !== 27 || a.user_id === null || a.trashed) continue;
    seedPlainRecord(state, "installations", {
      installation_machine_id: a.display_id,
      installation_path:
        a.type_fields.os_26 === "macOS"
          ? "/Applications/GlobalProtect.app"
          : "C:\\Program Files\\Palo Alto Networks\\GlobalProtect",
      version: "6.2.1",
      installation_date: a.assigned_on ?? a.created_at,
      user_id: a.user_id,
      department_id: a.department_id,
      created_at: a.created_at,
      updated_at: a.updated_at,
      _parent_id: apps.get("GlobalProtect"),
    });
  }

  const assetsBy = (pred: (name: string) => boolean) =>
    [...state.assets.values()].filter((a) => !a.trashed && pred(a.name)).map((a) => a.display_id);
  const contract = (daysAgo: number, values: Record<string, unknown>, stateName = "approved") => {
    const c = seedRecord(state, contractSpec, now - daysAgo * DAY_MS, { approver_id: state.currentAgentId, ...values });
    c._state = stateName;
    return c;
  };
  contract(200, {
    name: "Apple laptop lease 2024",
    contract_number: "CNTR-1",
    contract_type_id: 1,
    vendor_id: vendor("Apple"),
    start_date: ts(200),
    end_date: formatTimestamp(now + 530 * DAY_MS),
    cost: 48000,
    custom_fields: { cf_leasing_company: "Apple Financial Services" },
    associated_asset_ids: assetsBy((n) => n.startsWith("MacBook Pro")),
  });
  contract(400, {
    name: "Dell ProSupport Plus",
    contract_number: "CNTR-2",
    contract_type_id: 2,
    vendor_id: vendor("Dell Technologies"),
    start_date: ts(400),
    end_date: formatTimestamp(now + 330 * DAY_MS),
    cost: 12500,
    notify_expiry: true,
    notify_before: 30,
    custom_fields: { cf_support_level: "Next business day" },
    associated_asset_ids: assetsBy((n) => n.startsWith("Dell Latitude 7440") || n.startsWith("Dell OptiPlex")),
  });
  contract(300, {
    name: "Microsoft 365 E3",
    contract_number: "CNTR-3",
    contract_type_id: 3,
    vendor_id: vendor("Microsoft"),
    software_id: apps.get("Microsoft 365"),
    license_type: "volume",
    billing_cycle: "annual",
    start_date: ts(300),
    end_date: formatTimestamp(now + 65 * DAY_MS),
    cost: 51840,
    item_cost_details: [{ item_name: "Microsoft 365 E3 seat", pricing_model: "per_unit", cost: 36, count: 120 }],
  });
  contract(400, {
    name: "Zoom Business",
    contract_number: "CNTR-4",
    contract_type_id: 3,
    vendor_id: vendor("Zoom Video Communications"),
    software_id: apps.get("Zoom"),
    license_type: "volume",
    billing_cycle: "annual",
    start_date: ts(375),
    end_date: ts(10),
    cost: 4500,
  });
  contract(
    3,
    {
      name: "Lenovo ThinkPad lease renewal",
      contract_number: "CNTR-5",
      contract_type_id: 1,
      vendor_id: vendor("Lenovo"),
      start_date: formatTimestamp(now + 30 * DAY_MS),
      end_date: formatTimestamp(now + 760 * DAY_MS),
      cost: 36000,
      associated_asset_ids: assetsBy((n) => n.startsWith("Lenovo")),
    },
    "draft",
  );
  contract(
    2,
    {
      name: "Cisco Meraki support renewal",
      contract_number: "CNTR-6",
      contract_type_id: 2,
      vendor_id: vendor("Cisco"),
      start_date: formatTimestamp(now + 20 * DAY_MS),
      end_date: formatTimestamp(now + 385 * DAY_MS),
      cost: 8400,
      custom_fields: { cf_support_level: "24x7" },
      associated_asset_ids: assetsBy((n) => n === "core-sw-01" || n.startsWith("ap-")),
    },
    "pending",
  );

  const po = (daysAgo: number, values: Record<string, unknown>) =>
    seedRecord(state, purchaseOrderSpec, now - daysAgo * DAY_MS, values);
  const hq = "500 Market Street, San Francisco, CA 94105, United States";
  po(25, {
    name: "MacBook Pro M3 refresh batch",
    po_number: "PO-1001",
    vendor_id: vendor("Apple"),
    vendor_details: "Apple Business Team, business@apple.example",
    shipping_address: hq,
    billing_same_as_shipping: true,
    currency_code: "USD",
    expected_delivery_date: formatTimestamp(now + 10 * DAY_MS),
    tax_percentage: 8.5,
    purchase_items: [
      { item_type: 1, item_name: "MacBook Pro M3 14-inch", cost: 1999, quantity: 10, tax_percentage: 0 },
    ],
    custom_fields: { terms_and_conditions: "Net 30" },
  });
  po(12, {
    name: "Monitors for the New York office",
    po_number: "PO-1002",
    vendor_id: vendor("Dell Technologies"),
    vendor_details: "Dell Technologies sales",
    shipping_address: "350 Fifth Avenue, New York, NY 10118, United States",
    billing_address: hq,
    currency_code: "USD",
    status: 25,
    purchase_items: [
      { item_type: 1, item_name: "Dell UltraSharp U2723QE", cost: 579, quantity: 6, tax_percentage: 8.875 },
    ],
  });
}
