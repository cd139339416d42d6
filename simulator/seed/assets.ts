// Seed CMDB data: asset types and their fields, products, vendors, ~40 assets and relationships (§7.9–7.11, §8.4).

import type { Rng } from "../prng";
import { productSpec, vendorSpec } from "../routes/procurement";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatDate, formatTimestamp } from "../time";
import type { Asset, AssetTypeField, CustomFieldValue, Requester } from "../types";
import { seedRecord } from "./seed-context";

/** asset_state choices, as `[label, value]` pairs the way the fields endpoint reports them. */
export const ASSET_STATES: [string, number][] = [
  ["In Use", 1],
  ["Missing", 2],
  ["In Transit", 3],
  ["In Stock", 4],
  ["Retired", 5],
];

const TYPES: Array<[id: number, name: string, parent: number | null, description: string]> = [
  [25, "Hardware", null, "Physical equipment"],
  [26, "Computer", 25, "Laptops, desktops and servers"],
  [27, "Laptop", 26, "Portable computers"],
  [28, "Desktop", 26, "Desktop computers"],
  [29, "Server", 26, "Physical servers"],
  [30, "Monitor", 25, "Displays"],
  [31, "Mobile Device", 25, "Phones and tablets"],
  [32, "Network Device", 25, "Switches, firewalls, access points"],
];

type FieldSpec = [
  name: string,
  label: string,
  type: AssetTypeField["field_type"],
  data: AssetTypeField["data_type"],
  required?: boolean,
  unique?: boolean,
];

const TYPE_FIELD_SPECS: Record<number, FieldSpec[]> = {
  25: [
    ["product", "Product", "lookup", "integer"],
    ["vendor", "Vendor", "lookup", "integer"],
    ["cost", "Cost", "number", "decimal"],
    ["warranty", "Warranty (months)", "number", "integer"],
    ["acquisition_date", "Acquisition Date", "date", "date"],
    ["warranty_expiry_date", "Warranty Expiry Date", "date", "date"],
    ["domain", "Domain", "text", "string"],
    ["asset_state", "Asset State", "dropdown", "string"],
    ["serial_number", "Serial Number", "text", "string", false, true],
    ["last_audit_date", "Last Audit Date", "date", "date"],
  ],
  26: [
    ["hostname", "Hostname", "text", "string"],
    ["os", "OS", "text", "string"],
    ["os_version", "OS Version", "text", "string"],
    ["memory", "Memory (GB)", "number", "integer"],
    ["cpu_speed", "CPU Speed (GHz)", "number", "decimal"],
    ["mac_address", "MAC Address", "text", "string"],
    ["ip_address", "IP Address", "text", "string"],
    ["uuid", "UUID", "text", "string"],
  ],
  31: [["imei_number", "IMEI Number", "text", "string"]],
  32: [
    ["firmware_version", "Firmware Version", "text", "string"],
    ["mac_address", "MAC Address", "text", "string"],
    ["ip_address", "IP Address", "text", "string"],
  ],
};

export function seedAssetTypes(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 900 * DAY_MS);
  let fieldId = 21_000_700_000;
  for (const [id, name, parent, description] of TYPES) {
    state.assetTypes.set(id, {
      id,
      name,
      description,
      parent_asset_type_id: parent,
      visible: true,
      created_at: ts,
      updated_at: ts,
    });
    const specs = TYPE_FIELD_SPECS[id] ?? [];
    state.assetTypeFields.set(
      id,
      specs.map(([n, label, field_type, data_type, required = false, unique = false]) => ({
        id: ++fieldId,
        asset_type_id: id,
        name: `${n}_${id}`,
        label,
        field_type,
        data_type,
        required,
        is_unique: unique,
        default_field: false,
        choices: n === "asset_state" ? ASSET_STATES.map(([l, v]) => [l, v] as [string, number]) : [],
        created_at: ts,
        updated_at: ts,
      })),
    );
  }
}

/** The asset type and its ancestors, nearest first. */
export function assetTypeChain(state: TenantState, typeId: number): number[] {
  const chain: number[] = [];
  let current: number | null = typeId;
  while (current !== null && !chain.includes(current)) {
    const t = state.assetTypes.get(current);
    if (!t) break;
    chain.push(current);
    current = t.parent_asset_type_id;
  }
  return chain;
}

/** Every type field an asset of this type can carry (its own plus inherited). */
export function typeFieldsFor(state: TenantState, typeId: number): AssetTypeField[] {
  return assetTypeChain(state, typeId)
    .reverse()
    .flatMap((id) => state.assetTypeFields.get(id) ?? []);
}

interface ModelSpec {
  product: string;
  manufacturer: string;
  vendor: string;
  typeId: number;
  cost: number;
  os?: string;
  memory?: number;
  serialPrefix: string;
}

const MODELS: Record<string, ModelSpec> = {
  mbp: {
    product: "MacBook Pro M3 14-inch",
    manufacturer: "Apple",
    vendor: "Apple",
    typeId: 27,
    cost: 1999,
    os: "macOS",
    memory: 18,
    serialPrefix: "C02",
  },
  mba: {
    product: "MacBook Air M2 13-inch",
    manufacturer: "Apple",
    vendor: "Apple",
    typeId: 27,
    cost: 1199,
    os: "macOS",
    memory: 16,
    serialPrefix: "C1M",
  },
  lat: {
    product: "Dell Latitude 7440",
    manufacturer: "Dell",
    vendor: "Dell Technologies",
    typeId: 27,
    cost: 1549,
    os: "Windows 11",
    memory: 16,
    serialPrefix: "DL7",
  },
  x1: {
    product: "Lenovo ThinkPad X1 Carbon Gen 11",
    manufacturer: "Lenovo",
    vendor: "Lenovo",
    typeId: 27,
    cost: 1789,
    os: "Windows 11",
    memory: 32,
    serialPrefix: "PF4",
  },
  opt: {
    product: "Dell OptiPlex 7010",
    manufacturer: "Dell",
    vendor: "Dell Technologies",
    typeId: 28,
    cost: 899,
    os: "Windows 11",
    memory: 16,
    serialPrefix: "DO7",
  },
  mon: {
    product: "Dell UltraSharp U2723QE",
    manufacturer: "Dell",
    vendor: "Dell Technologies",
    typeId: 30,
    cost: 579,
    serialPrefix: "CN0",
  },
  iph: { product: "iPhone 15", manufacturer: "Apple", vendor: "Apple", typeId: 31, cost: 799, serialPrefix: "F4H" },
  srv: {
    product: "Dell PowerEdge R650",
    manufacturer: "Dell",
    vendor: "Dell Technologies",
    typeId: 29,
    cost: 8900,
    os: "Ubuntu 22.04 LTS",
    memory: 256,
    serialPrefix: "SRV",
  },
  pan: {
    product: "Palo Alto PA-3220",
    manufacturer: "Palo Alto Networks",
    vendor: "Palo Alto Networks",
    typeId: 32,
    cost: 14500,
    serialPrefix: "PA3",
  },
  cat: {
    product: "Cisco Catalyst 9300",
    manufacturer: "Cisco",
    vendor: "Cisco",
    typeId: 32,
    cost: 6200,
    serialPrefix: "FCW",
  },
  mr: { product: "Meraki MR46", manufacturer: "Cisco", vendor: "Cisco", typeId: 32, cost: 1099, serialPrefix: "Q3A" },
  old: {
    product: "Dell Latitude 5420",
    manufacturer: "Dell",
    vendor: "Dell Technologies",
    typeId: 27,
    cost: 1099,
    os: "Windows 10",
    memory: 8,
    serialPrefix: "DL5",
  },
};

const VENDOR_ADDRESSES: Record<string, [line1: string, city: string, state: string, zipcode: string]> = {
  Apple: ["One Apple Park Way", "Cupertino", "California", "95014"],
  "Dell Technologies": ["One Dell Way", "Round Rock", "Texas", "78682"],
  Lenovo: ["8001 Development Drive", "Morrisville", "North Carolina", "27560"],
  Cisco: ["170 West Tasman Drive", "San Jose", "California", "95134"],
  "Palo Alto Networks": ["3000 Tannery Way", "Santa Clara", "California", "95054"],
};

type State = "In Use" | "Missing" | "In Transit" | "In Stock" | "Retired";

/** [model, state, optional name] per asset; display ids run from 101 in this order (ASSET-101 …). */
const ASSET_PLAN: Array<[model: keyof typeof MODELS, state: State, name?: string]> = [
  ["mbp", "In Stock"],
  ["mbp", "In Stock"],
  ["mbp", "In Use"],
  ["mbp", "In Use"],
  ["lat", "In Use"],
  ["lat", "In Use"],
  ["lat", "In Use"],
  ["lat", "In Use"],
  ["lat", "In Stock"],
  ["lat", "Missing"],
  ["x1", "In Use"],
  ["x1", "In Use"],
  ["x1", "In Use"],
  ["x1", "In Transit"],
  ["x1", "Retired"],
  ["mba", "In Use"],
  ["mba", "In Use"],
  ["mba", "In Use"],
  ["mba", "In Stock"],
  ["opt", "In Use"],
  ["opt", "In Use"],
  ["opt", "In Use"],
  ["opt", "Retired"],
  ["mon", "In Use"],
  ["mon", "In Use"],
  ["mon", "In Use"],
  ["mon", "In Use"],
  ["mon", "In Stock"],
  ["mon", "In Stock"],
  ["iph", "In Use"],
  ["iph", "In Use"],
  ["iph", "In Use"],
  ["iph", "In Stock"],
  ["srv", "In Use", "srv-app-01"],
  ["srv", "In Use", "srv-db-01"],
  ["srv", "In Use", "srv-files-01"],
  ["pan", "In Use", "vpn-gw-01 (GlobalProtect gateway)"],
  ["cat", "In Use", "core-sw-01"],
  ["mr", "In Use", "ap-sf-3f-01"],
  ["old", "Retired"],
];

function serial(rng: Rng, prefix: string): string {
  const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  let out = prefix;
  for (let i = 0; i < 8; i++) out += rng.pick(chars.split(""));
  return out;
}

function mac(rng: Rng): string {
  return Array.from({ length: 6 }, () => rng.int(0, 255).toString(16).padStart(2, "0")).join(":");
}

function uuid(rng: Rng): string {
  const hex = () => rng.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join("");
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}

export function seedAssets(state: TenantState, now: number, rng: Rng): void {
  const ts = (daysAgo: number) => formatTimestamp(now - daysAgo * DAY_MS);
  const vendorIds = new Map<string, number>();
  const productIds = new Map<string, number>();
  for (const m of Object.values(MODELS)) {
    if (!vendorIds.has(m.vendor)) {
      const address = VENDOR_ADDRESSES[m.vendor];
      const vendor = seedRecord(state, vendorSpec, now - 850 * DAY_MS, {
        name: m.vendor,
        address: address
          ? { line1: address[0], city: address[1], state: address[2], country: "United States", zipcode: address[3] }
          : {},
      });
      vendorIds.set(m.vendor, vendor.id);
    }
    if (!productIds.has(m.product)) {
      const product = seedRecord(state, productSpec, now - 850 * DAY_MS, {
        name: m.product,
        asset_type_id: m.typeId,
        manufacturer: m.manufacturer,
        status: m.product.includes("5420") ? "Retired" : "In Production",
      });
      productIds.set(m.product, product.id);
    }
  }

  const requesters = [...state.requesters.values()].filter((r) => r.active);
  const agents = [...state.agents.values()];
  const euc = [...state.groups.values()].find((g) => g.name === "End User Computing");
  const infra = [...state.groups.values()].find((g) => g.name === "Network & Infrastructure");
  const hq = [...state.locations.values()][0];
  const itDept = [...state.departments.values()].find((d) => d.name === "IT");
  let userCursor = 0;

  ASSET_PLAN.forEach(([modelKey, assetState, explicitName], i) => {
    const m = MODELS[modelKey] as ModelSpec;
    const displayId = state.nextId("assetDisplay");
    const id = state.nextId("asset");
    const infraAsset = m.typeId === 29 || m.typeId === 32;
    const inUse = assetState === "In Use";
    const user: Requester | undefined = inUse && !infraAsset ? requesters[userCursor++ % requesters.length] : undefined;
    const createdDays = 420 - i * 9;
    const acquired = now - (createdDays + 5) * DAY_MS;
    const typeFields: Record<string, CustomFieldValue> = {
      product_25: productIds.get(m.product) ?? null,
      vendor_25: vendorIds.get(m.vendor) ?? null,
      cost_25: m.cost,
      warranty_25: 36,
      acquisition_date_25: formatDate(acquired),
      warranty_expiry_date_25: formatDate(acquired + 3 * 365 * DAY_MS),
      domain_25: `${state.name}.example`,
      asset_state_25: assetState,
      serial_number_25: serial(rng, m.serialPrefix),
      last_audit_date_25: inUse ? formatDate(now - rng.int(10, 120) * DAY_MS) : null,
    };
    if (m.typeId === 27 || m.typeId === 28 || m.typeId === 29) {
      const host = explicitName ?? `${state.name}-${m.os === "macOS" ? "mac" : "pc"}-${displayId}`;
      Object.assign(typeFields, {
        hostname_26: host,
        os_26: m.os ?? null,
        os_version_26:
          m.os === "macOS" ? "14.5" : m.os === "Windows 11" ? "23H2" : m.os === "Windows 10" ? "22H2" : "22.04",
        memory_26: m.memory ?? null,
        cpu_speed_26: m.os === "macOS" ? 4.05 : 3.2,
        mac_address_26: mac(rng),
        ip_address_26: inUse ? `10.20.${rng.int(1, 30)}.${rng.int(2, 250)}` : null,
        uuid_26: uuid(rng),
      });
    }
    if (m.typeId === 31) typeFields.imei_number_31 = `35${String(rng.int(1e12, 9e12))}`;
    if (m.typeId === 32) {
      Object.assign(typeFields, {
        firmware_version_32: modelKey === "pan" ? "PAN-OS 11.1.2" : modelKey === "cat" ? "IOS-XE 17.9" : "MR 30.6",
        mac_address_32: mac(rng),
        ip_address_32: `10.0.0.${10 + i}`,
      });
    }
    const asset: Asset = {
      id,
      display_id: displayId,
      name: explicitName ?? m.product,
      description: infraAsset ? `${m.product} in the San Francisco data room` : null,
      asset_type_id: m.typeId,
      asset_tag: `ASSET-${displayId}`,
      impact: infraAsset ? "high" : "low",
      author_type: "User",
      usage_type: "permanent",
      user_id: user?.id ?? null,
      location_id: user?.location_id ?? hq?.id ?? null,
      department_id: user?.department_ids[0] ?? (infraAsset ? (itDept?.id ?? null) : null),
      agent_id: agents[infraAsset ? 3 : 4]?.id ?? null,
      group_id: (infraAsset ? infra?.id : euc?.id) ?? null,
      assigned_on: user ? ts(createdDays - 2) : null,
      workspace_id: 2,
      created_by_source: "User",
      last_updated_by_source: "User",
      created_by_user: agents[0]?.id ?? null,
      last_updated_by_user: agents[0]?.id ?? null,
      sources: ["User"],
      end_of_life: null,
      discovery_enabled: false,
      created_at: ts(createdDays),
      updated_at: ts(Math.max(1, createdDays - 30)),
      type_fields: typeFields,
      trashed: modelKey === "old",
    };
    state.assets.set(displayId, asset);
  });
}

const RELATIONSHIP_TYPES: Array<[downstream: string, upstream: string, description: string]> = [
  ["Depends On", "Used By", "A service or device that another depends on"],
  ["Runs On", "Runs", "Software running on a host"],
  ["Connected To", "Connected To", "Network connectivity"],
  ["Contains", "Contained By", "Physical containment"],
  ["Hosted On", "Hosts", "Virtual or cloud hosting"],
  ["Backed Up By", "Backs Up", "Backup relationships"],
];

export function seedRelationshipTypes(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 900 * DAY_MS);
  for (const [downstream, upstream, description] of RELATIONSHIP_TYPES) {
    const id = state.nextId("relationshipType");
    state.relationshipTypes.set(id, {
      id,
      is_default: true,
      description,
      downstream_relation: downstream,
      upstream_relation: upstream,
      upstream_impact: "Yes",
      downstream_impact: "No",
      created_at: ts,
      updated_at: ts,
    });
  }
}

export function seedRelationships(state: TenantState, now: number): void {
  const typeId = (name: string) =>
    [...state.relationshipTypes.values()].find((t) => t.downstream_relation === name)?.id;
  const byName = (name: string) => [...state.assets.values()].find((a) => a.name === name)?.display_id;
  const pairs: Array<[string, number | undefined, number | undefined]> = [
    ["Depends On", byName("srv-app-01"), byName("srv-db-01")],
    ["Connected To", byName("srv-app-01"), byName("core-sw-01")],
    ["Connected To", byName("vpn-gw-01 (GlobalProtect gateway)"), byName("core-sw-01")],
    ["Connected To", byName("ap-sf-3f-01"), byName("core-sw-01")],
    ["Backed Up By", byName("srv-db-01"), byName("srv-files-01")],
    ["Connected To", 124, 105],
  ];
  pairs.forEach(([type, primary, secondary], i) => {
    const rt = typeId(type);
    if (rt === undefined || primary === undefined || secondary === undefined) return;
    const id = state.nextId("relationship");
    const ts = formatTimestamp(now - (300 - i * 10) * DAY_MS);
    state.relationships.set(id, {
      id,
      relationship_type_id: rt,
      primary_id: primary,
      primary_type: "asset",
      secondary_id: secondary,
      secondary_type: "asset",
      created_at: ts,
      updated_at: ts,
    });
  });
}
