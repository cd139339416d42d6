// Contracts and contract types (§7.13): types and their fields (custom `cf_` fields per type), contract CRUD
// without delete (a DELETE is a 405), the approval workflow through `PUT /contracts/:id?operation=…` (204),
// move_workspace, associated assets and attachments. Software contracts need `software_id` instead of dates.

import { contractStatus } from "../contract-status";
import type { CustomFieldDef } from "../custom-field-defs";
import type { JsonRecord } from "../engine/collections";
import { jsonOf, recordOr404, resourceRoutes, updateRecord } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import { conflict, type FieldError, fieldError, throwIfErrors } from "../errors";
import type { Route, RouteContext } from "../router";
import { formatTimestamp } from "../time";
import { invalidField, type JsonObject, mandatoryFieldMissing, objectBody } from "../validate";
import { assetJson } from "./assets";
import { getOr404, noContent, ok, pathId } from "./common";

export const LICENSE_TYPES = ["volume", "enterprise", "trial", "open_source", "free"] as const;
export const BILLING_CYCLES = ["monthly", "quarterly", "half_yearly", "annual", "one_time"] as const;
export const PRICING_MODELS = ["per_unit", "fixed", "one_time"] as const;
export const SOFTWARE_LICENSE_TYPE_ID = 3;

/** A custom field of a contract type, in the `contract_type_fields` shape. */
export interface ContractTypeFieldDef {
  label: string;
  name: string;
  required: boolean;
  field_type: "text" | "paragraph" | "dropdown" | "number" | "integer" | "datetime" | "checkbox";
  choices?: string[];
}

const DEFAULT_TYPE_FIELDS: Array<
  [name: string, label: string, type: string, data: string, required: boolean, software?: boolean]
> = [
  ["name", "Contract Name", "text", "string", true],
  ["description", "Description", "paragraph", "string", false],
  ["contract_number", "Contract Number", "text", "string", true],
  ["vendor_id", "Vendor", "dropdown", "integer", true],
  ["approver_id", "Approver", "dropdown", "integer", true],
  ["start_date", "Start Date", "datetime", "date", true],
  ["end_date", "End Date", "datetime", "date", true],
  ["cost", "Cost", "number", "decimal", true],
  ["auto_renew", "Auto Renew", "checkbox", "boolean", false],
  ["notify_expiry", "Notify Expiry", "checkbox", "boolean", false],
  ["notify_before", "Notify Before (days)", "integer", "integer", false],
  ["notify_to", "Notify To", "Array", "string", false],
  ["visible_to_id", "Visible To", "dropdown", "integer", false],
  ["software_id", "Software", "dropdown", "integer", true, true],
  ["license_type", "License Type", "dropdown", "string", false, true],
  ["billing_cycle", "Billing Cycle", "dropdown", "string", false, true],
  ["license_key", "License Key", "text", "string", false, true],
];

function typeFieldDefs(type: JsonRecord): ContractTypeFieldDef[] {
  return (type._custom_fields as ContractTypeFieldDef[] | undefined) ?? [];
}

function contractTypeFields(ctx: RouteContext) {
  const type = getOr404(ctx.tenant.collections.contractTypes, pathId(ctx.params.id), "contract type");
  const software = type.id === SOFTWARE_LICENSE_TYPE_ID;
  const ts = type.created_at;
  // Default and custom fields share the shape; only `default_field` tells them apart.
  const json = (
    f: Omit<ContractTypeFieldDef, "field_type"> & { field_type: string; data_type: string },
    isDefault: boolean,
  ) => ({
    label: f.label,
    name: f.name,
    required: f.required,
    field_type: f.field_type,
    data_type: f.data_type,
    visible_in_renewal: true,
    default_field: isDefault,
    choices: f.choices ?? [],
    created_at: ts,
    updated_at: ts,
  });
  const defaults = DEFAULT_TYPE_FIELDS.filter(([, , , , , sw]) => !sw || software).map(
    ([name, label, field_type, data_type, required]) =>
      json(
        {
          label,
          name,
          // Dates, cost and approver are optional on software contracts.
          required: software && ["approver_id", "start_date", "end_date", "cost"].includes(name) ? false : required,
          field_type,
          data_type,
          choices: name === "license_type" ? [...LICENSE_TYPES] : name === "billing_cycle" ? [...BILLING_CYCLES] : [],
        },
        true,
      ),
  );
  const custom = typeFieldDefs(type).map((f) => json({ ...f, data_type: DATA_TYPES[f.field_type] ?? "string" }, false));
  return ok({ contract_type_fields: [...defaults, ...custom] });
}

/** A contract type field's `field_type` → its `data_type` in `/contract_types/{id}/fields` (others: string). */
const DATA_TYPES: Readonly<Record<string, string>> = {
  number: "decimal",
  integer: "integer",
  checkbox: "boolean",
  datetime: "date",
};

/** A contract type field's `field_type` → the shared custom-field type (others: custom_text). */
const CUSTOM_TYPES: Readonly<Record<string, CustomFieldDef["type"]>> = {
  dropdown: "custom_dropdown",
  number: "custom_decimal",
  integer: "custom_number",
  checkbox: "custom_checkbox",
  datetime: "custom_date_time",
  paragraph: "custom_paragraph",
};

/** Contract custom fields as shared definitions, so custom_fields are validated like every other form's. */
function contractCustomDefs(type: JsonRecord | undefined): CustomFieldDef[] {
  if (!type) return [];
  return typeFieldDefs(type).map((f) => ({
    name: f.name,
    label: f.label,
    required: f.required,
    choices: f.choices,
    type: CUSTOM_TYPES[f.field_type] ?? "custom_text",
  }));
}

function softwareErrors(
  ctx: RouteContext,
  v: JsonObject,
  mode: "create" | "update",
  existing?: JsonRecord,
): FieldError[] {
  const errors: FieldError[] = [];
  const typeId = (v.contract_type_id ?? existing?.contract_type_id) as number | undefined;
  const software = typeId === SOFTWARE_LICENSE_TYPE_ID;
  if (mode === "create") {
    const required = software ? ["software_id"] : ["approver_id", "start_date", "end_date", "cost"];
    for (const f of required)
      if (v[f] === undefined || v[f] === null)
        errors.push({ field: f, message: "It should not be blank", code: "missing_field" });
  }
  if (!software)
    for (const f of ["software_id", "license_type", "billing_cycle", "license_key", "item_cost_details"])
      if (v[f] !== undefined)
        errors.push({
          field: f,
          message: "Only software license contracts have this attribute",
          code: "invalid_field",
        });
  for (const item of (v.item_cost_details as JsonObject[] | undefined) ?? []) {
    if (typeof item.item_name !== "string")
      errors.push({ field: "item_cost_details.item_name", message: "It should be a/an String", code: "missing_field" });
    if (
      item.pricing_model !== undefined &&
      !PRICING_MODELS.includes(item.pricing_model as (typeof PRICING_MODELS)[number])
    )
      errors.push({
        field: "item_cost_details.pricing_model",
        message: `It should be one of these values: '${PRICING_MODELS.join(",")}'`,
        code: "invalid_value",
      });
  }
  const start = (v.start_date ?? existing?.start_date) as string | undefined;
  const end = (v.end_date ?? existing?.end_date) as string | undefined;
  if (start && end && Date.parse(end) < Date.parse(start))
    errors.push({ field: "end_date", message: "It should be later than start_date", code: "invalid_value" });
  const number = v.contract_number;
  if (
    typeof number === "string" &&
    [...ctx.tenant.collections.contracts.values()].some((c) => c !== existing && c.contract_number === number)
  )
    errors.push({ field: "contract_number", message: "It should be a unique value", code: "duplicate_value" });
  // custom_fields follow the contract type's own fields.
  const type = typeof typeId === "number" ? ctx.tenant.collections.contractTypes.get(typeId) : undefined;
  return errors.concat(customFieldErrors(type, v, mode, existing));
}

function customFieldErrors(
  type: JsonRecord | undefined,
  v: JsonObject,
  mode: "create" | "update",
  existing?: JsonRecord,
): FieldError[] {
  const defs = contractCustomDefs(type);
  const sent = (v.custom_fields as JsonObject | undefined) ?? {};
  const errors: FieldError[] = [];
  const known = new Set(defs.map((d) => d.name));
  for (const k of Object.keys(sent)) if (!known.has(k)) errors.push(invalidField(k));
  for (const d of defs) {
    const value = sent[d.name] ?? (existing?.custom_fields as JsonObject | undefined)?.[d.name];
    if (mode === "create" && d.required && (value === undefined || value === null || value === ""))
      errors.push(mandatoryFieldMissing(d.name));
    if (
      d.type === "custom_dropdown" &&
      sent[d.name] !== undefined &&
      sent[d.name] !== null &&
      !(d.choices ?? []).includes(sent[d.name] as string)
    )
      errors.push({
        field: d.name,
        message: `It should be one of these values: '${(d.choices ?? []).join(",")}'`,
        code: "invalid_value",
      });
  }
  return errors;
}

export const contractSpec: ResourceSpec = {
  label: "contract",
  store: (s) => s.collections.contracts,
  path: "/contracts",
  single: "contract",
  plural: "contracts",
  operations: ["list", "get", "create"],
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    vendor_id: { kind: "integer", required: mode === "create", ref: "vendor" },
    contract_number: { kind: "string", required: mode === "create", maxLength: 255 },
    contract_type_id: { kind: "integer", required: true, ref: "contractTypes", createOnly: true },
    approver_id: { kind: "integer", ref: "agent" },
    start_date: { kind: "datetime" },
    end_date: { kind: "datetime" },
    cost: { kind: "number", min: 0 },
    auto_renew: { kind: "boolean" },
    notify_expiry: { kind: "boolean" },
    notify_before: { kind: "integer", min: 0, max: 365 },
    notify_to: { kind: "email[]" },
    visible_to_id: { kind: "integer", ref: "group", nullable: true },
    custom_fields: { kind: "object" },
    associated_asset_ids: { kind: "integer[]", ref: "asset" },
    software_id: { kind: "integer", ref: "applications", createOnly: true },
    license_type: { kind: "string", choices: LICENSE_TYPES, createOnly: true },
    billing_cycle: { kind: "string", choices: BILLING_CYCLES },
    license_key: { kind: "string", nullable: true },
    item_cost_details: { kind: "object[]" },
    workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
  }),
  validate: (ctx, v, mode, existing) => softwareErrors(ctx, v, mode, existing),
  build: (ctx, v) => {
    const s = ctx.tenant;
    const ts = formatTimestamp(ctx.now);
    const type = s.collections.contractTypes.get(v.contract_type_id as number);
    const software = v.contract_type_id === SOFTWARE_LICENSE_TYPE_ID;
    const record: JsonRecord = {
      id: s.nextId("contracts"),
      workspace_id: (v.workspace_id as number | undefined) ?? 2,
      name: v.name,
      description: v.description ?? null,
      vendor_id: v.vendor_id,
      contract_number: v.contract_number,
      contract_type_id: v.contract_type_id,
      approver_id: v.approver_id ?? null,
      start_date: v.start_date ?? null,
      end_date: v.end_date ?? null,
      cost: v.cost ?? null,
      auto_renew: v.auto_renew ?? false,
      notify_expiry: v.notify_expiry ?? false,
      notify_before: v.notify_before ?? 0,
      notify_to: v.notify_to ?? [],
      visible_to_id: v.visible_to_id ?? null,
      custom_fields: {
        ...Object.fromEntries(contractCustomDefs(type).map((d) => [d.name, null])),
        ...((v.custom_fields as JsonObject) ?? {}),
      },
      future_contract_id: null,
      has_attachments: false,
      expiry_notified: false,
      requester_id: s.currentAgentId,
      delegatee_id: null,
      created_at: ts,
      updated_at: ts,
      // Types that need approval start as drafts; the others are approved on creation.
      _state: type?.needs_approval === true ? "draft" : "approved",
      _asset_ids: v.associated_asset_ids ?? [],
    };
    if (software)
      Object.assign(record, {
        software_id: v.software_id,
        license_type: v.license_type ?? "volume",
        billing_cycle: v.billing_cycle ?? "one_time",
        license_key: v.license_key ?? null,
        item_cost_details: ((v.item_cost_details as JsonObject[]) ?? []).map((item) => ({
          id: s.nextId("purchaseItems"),
          item_name: item.item_name,
          pricing_model: item.pricing_model ?? "per_unit",
          cost: item.cost ?? 0,
          count: item.count ?? 1,
          comments: item.comments ?? null,
        })),
      });
    return record;
  },
  apply: (ctx, record, v) => {
    const { associated_asset_ids, custom_fields, ...rest } = v;
    Object.assign(record, rest);
    if (associated_asset_ids) record._asset_ids = associated_asset_ids;
    if (custom_fields)
      record.custom_fields = { ...(record.custom_fields as JsonObject), ...(custom_fields as JsonObject) };
    record.updated_at = formatTimestamp(ctx.now);
  },
  toJson: (ctx, c) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) if (!k.startsWith("_")) out[k] = v;
    out.status = contractStatus(ctx.now, c);
    out.has_associated_assets = ((c._asset_ids as number[]) ?? []).length > 0;
    return out;
  },
  list: { workspaceScoped: true },
  moveWorkspace: {
    fields: {
      workspace_id: { kind: "integer", required: true, ref: "workspace" },
      visible_to_id: { kind: "integer", ref: "group", nullable: true },
    },
  },
};

const OPERATIONS = ["submit-for-approval", "approve", "reject"] as const;

/** `PUT /contracts/:id` is an update unless `?operation=` asks for an approval step (204). */
function putContract(ctx: RouteContext) {
  const op = ctx.query.get("operation");
  if (op === null) return ok({ contract: jsonOf(contractSpec, ctx, updateRecord(contractSpec, ctx), "show") });
  if (!OPERATIONS.includes(op as (typeof OPERATIONS)[number]))
    throw fieldError("operation", `It should be one of these values: '${OPERATIONS.join(",")}'`);
  const c = recordOr404(contractSpec, ctx);
  const body = objectBody(ctx.body);
  const state = contractStatus(ctx.now, c);
  if (op === "reject") {
    const errors: FieldError[] = Object.keys(body)
      .filter((k) => k !== "reason_to_reject")
      .map((k) => invalidField(k));
    if (typeof body.reason_to_reject !== "string" || body.reason_to_reject.trim() === "")
      errors.push({ field: "reason_to_reject", message: "It should be a/an String", code: "missing_field" });
    throwIfErrors(errors);
  } else if (Object.keys(body).length > 0) {
    throw fieldError(Object.keys(body)[0] as string, "Unexpected/invalid field in request", "invalid_field");
  }
  const from: Record<(typeof OPERATIONS)[number], string[]> = {
    "submit-for-approval": ["draft", "rejected"],
    approve: ["pending"],
    reject: ["pending"],
  };
  const allowed = from[op as (typeof OPERATIONS)[number]];
  if (!allowed.includes(state))
    throw conflict(
      `A ${state} contract can't be ${op === "submit-for-approval" ? "submitted for approval" : `${op}d`}`,
    );
  c._state = op === "submit-for-approval" ? "pending" : op === "approve" ? "approved" : "rejected";
  if (op === "reject") c.reason_to_reject = body.reason_to_reject;
  c.updated_at = formatTimestamp(ctx.now);
  return noContent;
}

function associatedAssets(ctx: RouteContext) {
  const c = recordOr404(contractSpec, ctx);
  const assets = ((c._asset_ids as number[]) ?? [])
    .map((id) => ctx.tenant.assets.get(id))
    .filter((a) => a !== undefined);
  return ok({ associated_assets: assets.map((a) => assetJson(a, false)) });
}

export const contractRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/contract_types",
    handler: (ctx) =>
      ok({ contract_types: [...ctx.tenant.collections.contractTypes.values()].map(({ _custom_fields, ...t }) => t) }),
  },
  { method: "GET", pattern: "/contract_types/:id/fields", handler: contractTypeFields },
  { method: "GET", pattern: "/contracts/:id/associated-assets", handler: associatedAssets },
  {
    method: "GET",
    pattern: "/contracts/:id/attachments",
    handler: (ctx) => {
      const contract = recordOr404(contractSpec, ctx);
      return ok({ attachments: (contract._attachments as unknown[] | undefined) ?? [] });
    },
  },
  ...resourceRoutes(contractSpec),
  { method: "PUT", pattern: "/contracts/:id", handler: putContract },
];
