// Service catalog (§7.3, §5.3): item reads on `/service_catalog/items` (by display_id), item writes on the
// hyphenated `/service-catalog/items` with `{"service_item":{…},"workspace_id":N}`, categories, search,
// place_request (a Service Request ticket plus requested items) and the ticket's requested items.

import { missingRequired, validateCustomFieldValues } from "../custom-field-defs";
import type { JsonRecord } from "../engine/collections";
import { recordOr404, resourceRoutes } from "../engine/crud-routes";
import { type FieldSpecs, validateFields } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, fieldError, notFound, throwIfErrors } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import {
  buildServiceItem,
  ITEM_FIELD_TYPES,
  type ItemFieldInput,
  itemCustomFieldDefs,
  itemFieldDef,
  type NewItemInput,
} from "../service-item-model";
import { findUserByEmail, userName } from "../tenant-state";
import { buildTicket } from "../ticket-model";
import { formatTimestamp } from "../time";
import type { Ticket } from "../types";
import { htmlToText, type JsonObject, objectBody } from "../validate";
import { created, getOr404, intParam, ok, pathId } from "./common";
import { recordActivity } from "./ticket-activities";
import { ticketJson } from "./ticket-json";

const itemFields = (mode: "create" | "update"): FieldSpecs => {
  const req = mode === "create";
  return {
    name: { kind: "string", required: req, maxLength: 255 },
    category_id: { kind: "integer", required: req, ref: "serviceCategories" },
    short_description: { kind: "string", required: req },
    description: { kind: "string", required: req },
    visibility: { kind: "integer", required: req, choices: [1, 2] },
    // A number or a numeric string ("1200.00"); checked in validate.
    cost: { kind: "any" },
    cost_visibility: { kind: "boolean" },
    delivery_time: { kind: "integer", min: 0 },
    delivery_time_visibility: { kind: "boolean" },
    group_visibility: { kind: "integer", choices: [1, 2] },
    agent_group_visibility: { kind: "integer", choices: [1, 2, 3] },
    agent_group_visibilities: { kind: "object" },
    agent_workspace_visibilities: { kind: "object" },
    icon_name: { kind: "string" },
    custom_fields: { kind: "object[]" },
  };
};

function itemFieldErrors(v: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of (v.custom_fields as JsonObject[] | undefined) ?? []) {
    if (typeof f.label !== "string" || f.label === "")
      errors.push({ field: "custom_fields.label", message: "It should be a/an String", code: "missing_field" });
    if (!ITEM_FIELD_TYPES.includes(f.field_type as (typeof ITEM_FIELD_TYPES)[number]))
      errors.push({
        field: "custom_fields.field_type",
        message: `It should be one of these values: '${ITEM_FIELD_TYPES.join(",")}'`,
        code: "invalid_value",
      });
    if (/dropdown/.test(String(f.field_type)) && !(Array.isArray(f.choices) && f.choices.length > 0))
      errors.push({ field: "custom_fields.choices", message: "Dropdown fields need choices", code: "missing_field" });
  }
  return errors;
}

const workspaceSibling: FieldSpecs = { workspace_id: { kind: "integer", ref: "workspace" } };

/** Writes: hyphenated path, wrapped body, workspace_id beside the wrapper (global workspace not allowed). */
export const serviceItemWriteSpec: ResourceSpec = {
  label: "service item",
  store: (s) => s.collections.serviceItems,
  keyField: "display_id",
  path: "/service-catalog/items",
  single: "service_item",
  plural: "service_items",
  operations: ["create", "update", "delete"],
  wrapper: "service_item",
  wrapperSiblings: workspaceSibling,
  fields: (_s, mode) => itemFields(mode),
  validate: (_ctx, v) => {
    const errors = itemFieldErrors(v);
    const cost = typeof v.cost === "string" && /^\d+(\.\d+)?$/.test(v.cost) ? Number(v.cost) : v.cost;
    if (v.cost !== undefined && (typeof cost !== "number" || cost < 0))
      errors.push({ field: "cost", message: "It should be a/an Number", code: "datatype_mismatch" });
    if (v.workspace_id === 1)
      errors.push({
        field: "workspace_id",
        message: "Service items can't be created in the global workspace",
        code: "invalid_value",
      });
    return errors;
  },
  build: (ctx, v) =>
    buildServiceItem(
      ctx.tenant,
      { ...(v as unknown as NewItemInput), fields: v.custom_fields as ItemFieldInput[] | undefined },
      ctx.now,
    ),
  apply: (ctx, record, v) => {
    const { custom_fields, cost, workspace_id: _ws, ...rest } = v;
    Object.assign(record, rest);
    if (cost !== undefined) record.cost = Number(cost).toFixed(1);
    if (typeof rest.description === "string") record.desc_un_html = htmlToText(rest.description);
    if (custom_fields)
      record.custom_fields = (custom_fields as ItemFieldInput[]).map((f, i) => itemFieldDef(record.id, f, i + 1));
    record.updated_at = formatTimestamp(ctx.now);
  },
  // PUT/DELETE on the hyphenated path are only in the newer docs (unconfirmed); delete hides the item.
  delete: { mode: "trash", status: 204 },
};

/**
 * What only the single-item read shows: the documented list leaves out each item's description, cost and request
 * form (and its bundle's children), which the documented view and search answers carry.
 */
const DETAIL_ONLY = ["description", "short_description", "cost", "custom_fields", "child_items", "icon_url"];

/** Reads: underscore path, display ids, category/workspace filters. */
export const serviceItemReadSpec: ResourceSpec = {
  ...serviceItemWriteSpec,
  path: "/service_catalog/items",
  operations: ["list", "get"],
  wrapper: undefined,
  wrapperSiblings: undefined,
  toJson: (_ctx, record, mode) => {
    const json = publicItem(record);
    if (mode === "list") for (const key of DETAIL_ONLY) delete json[key];
    return json;
  },
  list: {
    checkParams: (ctx) => {
      intParam(ctx.query, "category_id");
      intParam(ctx.query, "workspace_id");
    },
    filter: (r, ctx) => {
      const category = intParam(ctx.query, "category_id");
      const ws = intParam(ctx.query, "workspace_id");
      return (category === undefined || r.category_id === category) && (!ws || r.workspace_id === ws);
    },
    order: () => (a, b) => (a.display_id as number) - (b.display_id as number),
  },
};

function searchItems(ctx: RouteContext) {
  const term = ctx.query.get("search_term");
  if (term === null || term.trim() === "") throw fieldError("search_term", "It should be a/an String", "missing_field");
  const userEmail = ctx.query.get("user_email");
  if (userEmail && !findUserByEmail(ctx.tenant, userEmail))
    throw fieldError("user_email", "There is no user matching the given user_email");
  const ws = intParam(ctx.query, "workspace_id");
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  const items = [...ctx.tenant.collections.serviceItems.values()].filter((i) => {
    if (i.deleted === true || i.visibility !== 2 || (ws && i.workspace_id !== ws)) return false;
    const text = `${i.name} ${i.short_description} ${i.desc_un_html}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const page = paginate(items, readPaging(ctx.query), ctx.url);
  return ok({ service_items: page.items.map((i) => publicItem(i)) }, page.headers);
}

function publicItem(i: JsonRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(i)) if (!k.startsWith("_")) out[k] = v;
  return out;
}

function validateItemValues(item: JsonRecord, values: unknown, field: string, errors: FieldError[]): JsonObject {
  if (values !== undefined && (typeof values !== "object" || values === null || Array.isArray(values))) {
    errors.push({ field, message: "It should be a/an key/value pair", code: "datatype_mismatch" });
    return {};
  }
  const defs = itemCustomFieldDefs(item);
  const v = (values as JsonObject | undefined) ?? {};
  // Hidden-but-mandatory item fields must be supplied too.
  errors.push(...validateCustomFieldValues(defs, v), ...missingRequired(defs, v, "required"));
  return v;
}

function placeRequest(ctx: RouteContext) {
  const s = ctx.tenant;
  const item = recordOr404(serviceItemReadSpec, ctx);
  if (item.deleted === true) throw notFound(`No service item found with display_id ${item.display_id}`);
  const errors: FieldError[] = [];
  const v = validateFields(
    s,
    objectBody(ctx.body),
    {
      email: { kind: "email" },
      requested_for: { kind: "email" },
      quantity: { kind: "integer", min: 1 },
      custom_fields: { kind: "object" },
      child_items: { kind: "object[]" },
      parent_ticket_id: { kind: "integer", min: 1 },
    },
    "create",
    errors,
  );
  if (item.visibility !== 2)
    errors.push({
      field: "display_id",
      message: "Only published service items can be requested",
      code: "invalid_value",
    });
  const requester = typeof v.email === "string" ? findUserByEmail(s, v.email) : s.agents.get(s.currentAgentId);
  if (typeof v.email === "string" && !requester)
    errors.push({ field: "email", message: "There is no contact matching the given email", code: "invalid_value" });
  const requestedFor = typeof v.requested_for === "string" ? findUserByEmail(s, v.requested_for) : requester;
  if (typeof v.requested_for === "string" && !requestedFor)
    errors.push({
      field: "requested_for",
      message: "There is no contact matching the given requested_for",
      code: "invalid_value",
    });
  let parent: Ticket | undefined;
  if (typeof v.parent_ticket_id === "number") {
    parent = s.tickets.get(v.parent_ticket_id);
    if (!parent || parent.deleted || parent.spam)
      errors.push({
        field: "parent_ticket_id",
        message: "There is no ticket matching the given parent_ticket_id",
        code: "invalid_value",
      });
  }
  const values = validateItemValues(item, v.custom_fields, "custom_fields", errors);
  const children: Array<{ item: JsonRecord; quantity: number; values: JsonObject }> = [];
  for (const c of (v.child_items as JsonObject[] | undefined) ?? []) {
    const childItem =
      typeof c.service_item_id === "number" ? s.collections.serviceItems.get(c.service_item_id) : undefined;
    if (!childItem || childItem.deleted === true) {
      errors.push({
        field: "child_items.service_item_id",
        message: "There is no service item matching the given service_item_id",
        code: "invalid_value",
      });
      continue;
    }
    const quantity = c.quantity === undefined ? 1 : c.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1)
      errors.push({
        field: "child_items.quantity",
        message: "It should be a/an Positive Integer",
        code: "invalid_value",
      });
    children.push({
      item: childItem,
      quantity: Number(quantity),
      values: validateItemValues(childItem, c.custom_fields, "child_items.custom_fields", errors),
    });
  }
  throwIfErrors(errors);

  const ticket = buildTicket(
    s,
    {
      subject: `Request for ${item.name}`,
      description: `<div>${userName(requestedFor ?? (requester as NonNullable<typeof requester>))} requested ${item.name}.</div>`,
      requester_id: (requester as { id: number }).id,
      requested_for_id: requestedFor?.id ?? null,
      type: "Service Request",
      source: 2,
      priority: 2,
      workspace_id: item.workspace_id as number,
    },
    ctx.now,
  );
  if (parent) ticket.parent_id = parent.id;
  s.tickets.set(ticket.id, ticket);
  addRequestedItem(ctx, ticket, item, (v.quantity as number | undefined) ?? 1, values, true);
  for (const c of children) addRequestedItem(ctx, ticket, c.item, c.quantity, c.values, false);
  recordActivity(s, ticket.id, ctx.now, `requested ${item.name}`, ticket.requester_id);
  return created(ctx.url, `/tickets/${ticket.id}`, { service_request: ticketJson(s, ticket, "show") });
}

export function addRequestedItem(
  ctx: { tenant: RouteContext["tenant"]; now: number },
  ticket: Ticket,
  item: JsonRecord,
  quantity: number,
  values: JsonObject,
  isParent: boolean,
): JsonRecord {
  const ts = formatTimestamp(ctx.now);
  const record: JsonRecord = {
    id: ctx.tenant.nextId("requestedItems"),
    service_item_id: item.display_id,
    service_item_name: item.name,
    quantity,
    stage: 1,
    loaned: false,
    cost_per_request: Number(item.cost) * quantity,
    remarks: null,
    delivery_time: item.delivery_time,
    is_parent: isParent,
    custom_fields: values,
    attachments: [],
    created_at: ts,
    updated_at: ts,
    _parent_id: ticket.id,
  };
  ctx.tenant.collections.requestedItems.set(record.id, record);
  return record;
}

export const REQUESTED_ITEM_STAGES = [
  "Requested",
  "Delivered",
  "Cancelled",
  "Fulfilled",
  "Partially Fulfilled",
] as const;

function requestedItemsOf(ctx: RouteContext): { ticket: Ticket; items: JsonRecord[] } {
  const ticket = getOr404(ctx.tenant.tickets, pathId(ctx.params.id), "ticket");
  const items = [...ctx.tenant.collections.requestedItems.values()].filter((r) => r._parent_id === ticket.id);
  return { ticket, items };
}

function listRequestedItems(ctx: RouteContext) {
  const { ticket, items } = requestedItemsOf(ctx);
  // Freshservice answers 400 for a ticket without requested items (public clients handle it that way).
  if (items.length === 0)
    throw fieldError("ticket_id", `Ticket ${ticket.id} is not a service request with requested items`);
  return ok({
    requested_items: items.map(({ _parent_id, service_item_name: _n, ...rest }) => rest),
  });
}

function updateRequestedItem(ctx: RouteContext) {
  const { ticket, items } = requestedItemsOf(ctx);
  const id = pathId(ctx.params.item_id);
  const record = items.find((r) => r.id === id);
  if (!record) throw notFound(`No requested item found with id ${id}`);
  const errors: FieldError[] = [];
  const v = validateFields(
    ctx.tenant,
    objectBody(ctx.body),
    {
      quantity: { kind: "integer", min: 1 },
      stage: { kind: "integer", choices: [1, 2, 3, 4, 5] },
      custom_fields: { kind: "object" },
    },
    "update",
    errors,
  );
  const item = ctx.tenant.collections.serviceItems.get(record.service_item_id as number);
  if (v.custom_fields && item) {
    const defs = itemCustomFieldDefs(item);
    errors.push(...validateCustomFieldValues(defs, v.custom_fields as JsonObject));
  }
  throwIfErrors(errors);
  if (typeof v.quantity === "number") record.quantity = v.quantity;
  if (typeof v.stage === "number") record.stage = v.stage;
  if (v.custom_fields)
    record.custom_fields = { ...(record.custom_fields as JsonObject), ...(v.custom_fields as JsonObject) };
  record.updated_at = formatTimestamp(ctx.now);
  const stage = record.stage as number;
  // The update response is documented with a different shape from the list entries.
  return ok({
    requested_item: {
      id: record.id,
      item_id: record.service_item_id,
      quantity: record.quantity,
      stage: { id: stage, name: REQUESTED_ITEM_STAGES[stage - 1] },
      fulfilled: stage === 4,
      cost: record.cost_per_request,
      custom_fields: record.custom_fields,
      from_date: null,
      to_date: null,
      service_request_id: ticket.id,
      item: item ? { id: item.id, display_id: item.display_id, name: item.name } : null,
    },
  });
}

function listCategories(ctx: RouteContext) {
  const ws = intParam(ctx.query, "workspace_id");
  const items = [...ctx.tenant.collections.serviceCategories.values()]
    .filter((c) => !ws || c.workspace_id === ws)
    .sort((a, b) => (a.position as number) - (b.position as number));
  const page = paginate(items, readPaging(ctx.query), ctx.url);
  return ok({ service_categories: page.items }, page.headers);
}

export const serviceCatalogRoutes: Route[] = [
  { method: "GET", pattern: "/service_catalog/items/search", handler: searchItems },
  { method: "GET", pattern: "/service_catalog/categories", handler: listCategories },
  { method: "POST", pattern: "/service_catalog/items/:id/place_request", handler: placeRequest },
  ...resourceRoutes(serviceItemReadSpec),
  ...resourceRoutes(serviceItemWriteSpec),
  { method: "GET", pattern: "/tickets/:id/requested_items", handler: listRequestedItems },
  { method: "PUT", pattern: "/tickets/:id/requested_items/:item_id", handler: updateRequestedItem },
];
