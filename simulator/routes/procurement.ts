// Purchase orders, vendors and products (§7.14, §7.15). Purchase orders compute their totals and currency
// object, and list `custom_fields`/`purchase_items` only when `include=` asks for them.

import type { JsonRecord } from "../engine/collections";
import { applyKeepingText, resourceRoutes } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import type { FieldError } from "../errors";
import type { Route, RouteContext } from "../router";
import { formatTimestamp } from "../time";
import { htmlToText, invalidField, type JsonObject } from "../validate";

export const PRODUCT_STATUSES = ["In Production", "In Pipeline", "Retired"] as const;
export const PROCUREMENT_MODES = ["Buy", "Lease", "Both"] as const;

export const vendorSpec: ResourceSpec = {
  label: "vendor",
  store: (s) => s.vendors as unknown as Map<number, JsonRecord>,
  path: "/vendors",
  single: "vendor",
  plural: "vendors",
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    primary_contact_id: { kind: "integer", ref: "user", nullable: true },
    address: { kind: "object" },
  }),
  validate: (ctx, v, _mode, existing) => {
    const errors: FieldError[] = addressErrors(v.address, ["line1", "city", "state", "country", "zipcode"]);
    if (
      typeof v.name === "string" &&
      [...ctx.tenant.vendors.values()].some(
        (x) => x.id !== existing?.id && x.name.toLowerCase() === (v.name as string).toLowerCase(),
      )
    )
      errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const a = (v.address as JsonObject | undefined) ?? {};
    return {
      id: ctx.tenant.nextId("vendor"),
      name: v.name,
      description: v.description ?? null,
      primary_contact_id: v.primary_contact_id ?? null,
      address: {
        line1: a.line1 ?? null,
        city: a.city ?? null,
        state: a.state ?? null,
        country: a.country ?? null,
        zipcode: a.zipcode ?? null,
      },
      created_at: ts,
      updated_at: ts,
    };
  },
  apply: (ctx, r, v) => {
    const { address, ...rest } = v;
    Object.assign(r, rest);
    if (address) r.address = { ...(r.address as JsonObject), ...(address as JsonObject) };
    r.updated_at = formatTimestamp(ctx.now);
  },
  list: { order: () => (a, b) => a.id - b.id },
};

export function addressErrors(address: unknown, keys: readonly string[]): FieldError[] {
  if (address === undefined) return [];
  return Object.entries(address as JsonObject).flatMap(([k, v]): FieldError[] => {
    if (!keys.includes(k)) return [invalidField(`address.${k}`)];
    if (v !== null && typeof v !== "string")
      return [{ field: `address.${k}`, message: "It should be a/an String", code: "datatype_mismatch" }];
    return [];
  });
}

export const productSpec: ResourceSpec = {
  label: "product",
  store: (s) => s.products as unknown as Map<number, JsonRecord>,
  path: "/products",
  single: "product",
  plural: "products",
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    asset_type_id: { kind: "integer", required: mode === "create", ref: "assetType" },
    manufacturer: { kind: "string", nullable: true },
    status: { kind: "string", choices: PRODUCT_STATUSES },
    mode_of_procurement: { kind: "string", choices: PROCUREMENT_MODES },
    depreciation_type_id: { kind: "integer", nullable: true },
    description: { kind: "string", nullable: true },
  }),
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("product"),
      name: v.name,
      asset_type_id: v.asset_type_id,
      manufacturer: v.manufacturer ?? null,
      status: v.status ?? "In Production",
      mode_of_procurement: v.mode_of_procurement ?? "Buy",
      depreciation_type_id: v.depreciation_type_id ?? null,
      description: v.description ?? null,
      description_text: typeof v.description === "string" ? htmlToText(v.description) : null,
      created_at: ts,
      updated_at: ts,
    };
  },
  apply: applyKeepingText("description", "description_text"),
  list: { order: () => (a, b) => a.id - b.id },
};

const CURRENCIES: Record<string, [name: string, symbol: string]> = {
  USD: ["US Dollar", "$"],
  EUR: ["Euro", "€"],
  GBP: ["British Pound", "£"],
  INR: ["Indian Rupee", "₹"],
  AUD: ["Australian Dollar", "A$"],
  CAD: ["Canadian Dollar", "C$"],
};

function purchaseItemErrors(items: unknown): FieldError[] {
  if (!Array.isArray(items)) return [];
  const errors: FieldError[] = [];
  const required: Array<[string, "number" | "string" | "integer"]> = [
    ["item_type", "integer"],
    ["item_name", "string"],
    ["cost", "number"],
    ["quantity", "integer"],
    ["tax_percentage", "number"],
  ];
  for (const item of items as JsonObject[]) {
    for (const [k, type] of required) {
      const v = item[k];
      if (v === undefined || v === null)
        errors.push({ field: `purchase_items.${k}`, message: "It should not be blank", code: "missing_field" });
      else if (
        type === "string"
          ? typeof v !== "string"
          : typeof v !== "number" || (type === "integer" && !Number.isInteger(v))
      )
        errors.push({
          field: `purchase_items.${k}`,
          message: `It should be a/an ${type === "string" ? "String" : type === "integer" ? "Integer" : "Number"}`,
          code: "datatype_mismatch",
        });
    }
  }
  return errors;
}

function lineTotal(item: JsonObject): number {
  const base = (item.cost as number) * (item.quantity as number);
  return Math.round(base * (1 + ((item.tax_percentage as number) ?? 0) / 100) * 100) / 100;
}

function buildItems(ctx: RouteContext, items: JsonObject[]): JsonObject[] {
  const ts = formatTimestamp(ctx.now);
  return items.map((i) => ({
    id: ctx.tenant.nextId("purchaseItems"),
    item_type: i.item_type,
    item_id: null,
    item_name: i.item_name,
    description: i.description ?? null,
    cost: i.cost,
    quantity: i.quantity,
    tax_percentage: i.tax_percentage,
    received: 0,
    total_cost: lineTotal(i),
    created_at: ts,
    updated_at: ts,
  }));
}

function totals(r: JsonRecord): void {
  const subtotal = ((r.purchase_items as JsonObject[]) ?? []).reduce((sum, i) => sum + (i.total_cost as number), 0);
  const discounted = subtotal * (1 - ((r.discount_percentage as number) ?? 0) / 100);
  r.total_cost =
    Math.round(
      (discounted * (1 + ((r.tax_percentage as number) ?? 0) / 100) + ((r.shipping_cost as number) ?? 0)) * 100,
    ) / 100;
}

export const purchaseOrderSpec: ResourceSpec = {
  label: "purchase order",
  store: (s) => s.collections.purchaseOrders,
  path: "/purchase_orders",
  single: "purchase_order",
  plural: "purchase_orders",
  fields: (_s, mode) => {
    const req = mode === "create";
    return {
      vendor_id: { kind: "integer", required: req, ref: "vendor" },
      name: { kind: "string", required: req, maxLength: 255 },
      po_number: { kind: "string", required: req, maxLength: 255 },
      vendor_details: { kind: "string", required: req },
      expected_delivery_date: { kind: "datetime", nullable: true },
      // Numeric statuses (samples show 20 and 25); the mapping is undocumented, so any integer is kept.
      status: { kind: "integer", min: 0 },
      shipping_address: { kind: "string", required: req },
      billing_same_as_shipping: { kind: "boolean" },
      billing_address: { kind: "string" },
      currency_code: { kind: "string", required: req, choices: Object.keys(CURRENCIES) },
      conversion_rate: { kind: "number", min: 0 },
      department_id: { kind: "integer", ref: "department", nullable: true },
      discount_percentage: { kind: "number", min: 0, max: 100 },
      tax_percentage: { kind: "number", min: 0, max: 100 },
      shipping_cost: { kind: "number", min: 0 },
      custom_fields: { kind: "object" },
      purchase_items: { kind: "object[]", required: req },
      workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
    };
  },
  validate: (ctx, v, mode, existing) => {
    const errors = purchaseItemErrors(v.purchase_items);
    const sameAsShipping = (v.billing_same_as_shipping ?? existing?.billing_same_as_shipping) === true;
    if (mode === "create" && !sameAsShipping && (v.billing_address === undefined || v.billing_address === ""))
      errors.push({ field: "billing_address", message: "It should be a/an String", code: "missing_field" });
    if (
      typeof v.po_number === "string" &&
      [...ctx.tenant.collections.purchaseOrders.values()].some((p) => p !== existing && p.po_number === v.po_number)
    )
      errors.push({ field: "po_number", message: "It should be a unique value", code: "duplicate_value" });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const record: JsonRecord = {
      id: ctx.tenant.nextId("purchaseOrders"),
      workspace_id: (v.workspace_id as number | undefined) ?? 2,
      vendor_id: v.vendor_id,
      name: v.name,
      po_number: v.po_number,
      vendor_details: v.vendor_details,
      expected_delivery_date: v.expected_delivery_date ?? null,
      created_by: ctx.tenant.currentAgentId,
      status: v.status ?? 20,
      shipping_address: v.shipping_address,
      billing_same_as_shipping: v.billing_same_as_shipping ?? false,
      billing_address: v.billing_same_as_shipping ? v.shipping_address : v.billing_address,
      currency_code: v.currency_code,
      conversion_rate: v.conversion_rate ?? 1,
      department_id: v.department_id ?? null,
      discount_percentage: v.discount_percentage ?? 0,
      tax_percentage: v.tax_percentage ?? 0,
      shipping_cost: v.shipping_cost ?? 0,
      total_cost: 0,
      custom_fields: { terms_and_conditions: null, ...((v.custom_fields as JsonObject) ?? {}) },
      purchase_items: buildItems(ctx, v.purchase_items as JsonObject[]),
      created_at: ts,
      updated_at: ts,
    };
    totals(record);
    return record;
  },
  apply: (ctx, r, v) => {
    const { purchase_items, custom_fields, ...rest } = v;
    Object.assign(r, rest);
    if (purchase_items) r.purchase_items = buildItems(ctx, purchase_items as JsonObject[]);
    if (custom_fields) r.custom_fields = { ...(r.custom_fields as JsonObject), ...(custom_fields as JsonObject) };
    totals(r);
    r.updated_at = formatTimestamp(ctx.now);
  },
  listIncludes: ["custom_fields", "purchase_items"],
  toJson: (_ctx, r, mode, includes) => {
    const { currency_code, ...rest } = r;
    const [name, symbol] = CURRENCIES[currency_code as string] ?? ["", ""];
    const out: JsonObject = {
      ...rest,
      currency: { id: currency_code, name, symbol, conversion_rate: r.conversion_rate, separator: "." },
    };
    if (mode === "list") {
      if (!includes.has("custom_fields")) delete out.custom_fields;
      if (!includes.has("purchase_items")) delete out.purchase_items;
    }
    return out;
  },
  list: { workspaceScoped: true },
  moveWorkspace: { fields: { workspace_id: { kind: "integer", required: true, ref: "workspace" } } },
};

export const procurementRoutes: Route[] = [
  ...resourceRoutes(vendorSpec),
  ...resourceRoutes(productSpec),
  ...resourceRoutes(purchaseOrderSpec),
];
