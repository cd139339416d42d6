// Status pages (§7.30; Freshservice API docs, "Status page"): the pages, their service components (a tree of
// groups and services), incident and maintenance statuses, the incidents published from a ticket with their
// updates, and the maintenances a page shows. Lists are paged by page/per_page with a Link header.

import { type JsonRecord, publicRecord } from "../engine/collections";
import { type FieldSpecs, validateFields } from "../engine/field-spec";
import { type FieldError, notFound, throwIfErrors } from "../errors";
import { pageOfRequest } from "../paginate";
import type { Route, RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import { type JsonObject, objectBody } from "../validate";
import { byCreatedDesc, created, getOr404, intParam, noContent, ok, pathId } from "./common";
import { liveTicket } from "./ticket-extras";

/** Impacted-service status: 1 Operational, 5 Under maintenance, 10 Degraded, 20 Partial outage, 30 Major outage. */
export const SERVICE_STATUSES = [1, 5, 10, 20, 30] as const;
/** Incident status: 1 Open, 2 Resolved. */
export const INCIDENT_OPEN = 1;
/** Service component type: 1 a service, 2 a group of services. */
export const COMPONENT_SERVICE = 1;

export interface StatusChoice {
  id: number;
  position: number;
  name: string;
  color: string;
}

function statusPage(ctx: RouteContext): JsonRecord {
  return getOr404(ctx.tenant.collections.statusPages, pathId(ctx.params.page_id), "status page");
}

function listStatusPages(ctx: RouteContext) {
  const workspaceId = intParam(ctx.query, "workspace_id", { min: 1 });
  const pages = [...ctx.tenant.collections.statusPages.values()].filter(
    (p) => workspaceId === undefined || p.workspace_id === workspaceId,
  );
  return ok({ status_pages: pages.sort((a, b) => a.id - b.id).map(publicRecord) });
}

/** A component as the API shows it: its children nested under `components`, in position order. */
function componentJson(state: TenantState, component: JsonRecord): unknown {
  const children = [...state.collections.statusPageComponents.values()]
    .filter((c) => c._component_id === component.id)
    .sort((a, b) => (a.position as number) - (b.position as number));
  return { ...publicRecord(component), components: children.map((c) => componentJson(state, c)) };
}

function pageComponents(ctx: RouteContext, page: JsonRecord): JsonRecord[] {
  return [...ctx.tenant.collections.statusPageComponents.values()].filter((c) => c._parent_id === page.id);
}

function listComponents(ctx: RouteContext) {
  const page = statusPage(ctx);
  const top = pageComponents(ctx, page)
    .filter((c) => c._component_id === null)
    .sort((a, b) => (a.position as number) - (b.position as number));
  const slice = pageOfRequest(top, ctx);
  return ok({ service_components: slice.items.map((c) => componentJson(ctx.tenant, c)) }, slice.headers);
}

function showComponent(ctx: RouteContext) {
  const page = statusPage(ctx);
  const id = pathId(ctx.params.id);
  const component = pageComponents(ctx, page).find((c) => c.id === id);
  if (!component) throw notFound(`No service component found with id ${id}`);
  return ok({ service_component: componentJson(ctx.tenant, component) });
}

function statuses(kind: "incident" | "maintenance") {
  return (ctx: RouteContext) => {
    const page = statusPage(ctx);
    return ok({ [`${kind}_statuses`]: page[`_${kind}_statuses`] });
  };
}

function pagedNewestFirst(ctx: RouteContext, records: JsonRecord[], key: string) {
  const slice = pageOfRequest(records.sort(byCreatedDesc as (a: JsonRecord, b: JsonRecord) => number), ctx);
  return ok({ [key]: slice.items.map(publicRecord) }, slice.headers);
}

function listIncidents(ctx: RouteContext) {
  const page = statusPage(ctx);
  const incidents = [...ctx.tenant.collections.statusPageIncidents.values()].filter((i) => i._parent_id === page.id);
  return pagedNewestFirst(ctx, incidents, "incidents");
}

function listMaintenances(ctx: RouteContext) {
  const page = statusPage(ctx);
  const maintenances = [...ctx.tenant.collections.statusPageMaintenances.values()].filter(
    (m) => m._parent_id === page.id,
  );
  return pagedNewestFirst(ctx, maintenances, "maintenances");
}

// --- Incidents published from a ticket ------------------------------------------------------------------------

const INCIDENT_FIELDS: FieldSpecs = {
  title: { kind: "string", required: true, maxLength: 255 },
  description: { kind: "string", nullable: true },
  started_at: { kind: "datetime" },
  impacted_services: { kind: "object[]" },
};
/** The documented update takes the title, description and impacted services only. */
const { started_at: _startedAt, ...INCIDENT_UPDATE_FIELDS } = INCIDENT_FIELDS;

/** Each impacted service names a service component of this page and one of the documented statuses. */
function checkImpactedServices(ctx: RouteContext, page: JsonRecord, values: JsonObject, errors: FieldError[]) {
  const services = values.impacted_services as JsonObject[] | undefined;
  if (!services) return;
  const known = new Set(pageComponents(ctx, page).map((c) => c.id));
  services.forEach((service, i) => {
    const field = `impacted_services[${i}]`;
    const extra = Object.keys(service).filter((k) => k !== "id" && k !== "status");
    for (const k of extra)
      errors.push({ field: `${field}.${k}`, message: "Unexpected/invalid field in request", code: "invalid_field" });
    if (typeof service.id !== "number" || !known.has(service.id))
      errors.push({
        field: `${field}.id`,
        message: "There is no service component matching the given id",
        code: "invalid_value",
      });
    if (!SERVICE_STATUSES.includes(service.status as (typeof SERVICE_STATUSES)[number]))
      errors.push({
        field: `${field}.status`,
        message: `It should be one of these values: '${SERVICE_STATUSES.join(",")}'`,
        code: "invalid_value",
      });
  });
}

/** The ticket and status page of the path (404 for either). */
function ticketAndPage(ctx: RouteContext) {
  return { ticket: liveTicket(ctx, "ticket_id"), page: statusPage(ctx) };
}

/** The incident named by `param`, published on the path's page from the path's ticket, or 404. */
function ticketIncident(ctx: RouteContext, param: "id" | "incident_id") {
  const { ticket, page } = ticketAndPage(ctx);
  const id = pathId(ctx.params[param]);
  const incident = ctx.tenant.collections.statusPageIncidents.get(id);
  if (!incident || incident._parent_id !== page.id || incident.ticket_id !== ticket.id)
    throw notFound(`No incident found with id ${id}`);
  return { ticket, page, incident };
}

function createIncident(ctx: RouteContext) {
  const { ticket, page } = ticketAndPage(ctx);
  const errors: FieldError[] = [];
  const values = validateFields(ctx.tenant, objectBody(ctx.body), INCIDENT_FIELDS, "create", errors);
  checkImpactedServices(ctx, page, values, errors);
  throwIfErrors(errors);
  const ts = formatTimestamp(ctx.now);
  const id = ctx.tenant.nextId("statusPageIncidents");
  const incident: JsonRecord = {
    id,
    title: values.title,
    description: values.description ?? null,
    status: INCIDENT_OPEN,
    started_at: values.started_at ?? ts,
    ended_at: null,
    impacted_services: values.impacted_services ?? [],
    ticket_id: ticket.id,
    user_id: ctx.tenant.currentAgentId,
    created_at: ts,
    updated_at: ts,
    _parent_id: page.id,
  };
  ctx.tenant.collections.statusPageIncidents.set(id, incident);
  return created(ctx.url, `/tickets/${ticket.id}/status/pages/${page.id}/incidents/${id}`, {
    incident: publicRecord(incident),
  });
}

function updateIncident(ctx: RouteContext) {
  const { page, incident } = ticketIncident(ctx, "id");
  const errors: FieldError[] = [];
  const values = validateFields(ctx.tenant, objectBody(ctx.body), INCIDENT_UPDATE_FIELDS, "update", errors);
  checkImpactedServices(ctx, page, values, errors);
  throwIfErrors(errors);
  Object.assign(incident, values, { updated_at: formatTimestamp(ctx.now) });
  return ok({ incident: publicRecord(incident) });
}

function deleteIncident(ctx: RouteContext) {
  const { incident } = ticketIncident(ctx, "id");
  const id = incident.id;
  ctx.tenant.collections.statusPageIncidents.delete(id);
  for (const update of [...ctx.tenant.collections.statusPageIncidentUpdates.values()])
    if (update._parent_id === id) ctx.tenant.collections.statusPageIncidentUpdates.delete(update.id);
  return noContent;
}

// --- Incident updates -------------------------------------------------------------------------------------------

const UPDATE_FIELDS: FieldSpecs = {
  message: { kind: "string", required: true },
  posted_on: { kind: "datetime", required: true },
  status_id: { kind: "integer", nullable: true },
};

/** The edit needs the message again (documented as mandatory); posted_on may stay as it was. */
const EDIT_FIELDS: FieldSpecs = { ...UPDATE_FIELDS, posted_on: { kind: "datetime" } };

function readUpdate(ctx: RouteContext, page: JsonRecord, fields: FieldSpecs): JsonObject {
  const errors: FieldError[] = [];
  const values = validateFields(ctx.tenant, objectBody(ctx.body), fields, "create", errors);
  const statusIds = (page._incident_statuses as StatusChoice[]).map((s) => s.id);
  if (typeof values.status_id === "number" && !statusIds.includes(values.status_id))
    errors.push({
      field: "status_id",
      message: `It should be one of these values: '${statusIds.join(",")}'`,
      code: "invalid_value",
    });
  throwIfErrors(errors);
  return values;
}

function incidentUpdate(ctx: RouteContext): { incident: JsonRecord; update: JsonRecord } {
  const { incident } = ticketIncident(ctx, "incident_id");
  const id = pathId(ctx.params.id);
  const update = ctx.tenant.collections.statusPageIncidentUpdates.get(id);
  if (!update || update._parent_id !== incident.id) throw notFound(`No incident update found with id ${id}`);
  return { incident: incident, update };
}

function listUpdates(ctx: RouteContext) {
  const { incident } = ticketIncident(ctx, "incident_id");
  const updates = [...ctx.tenant.collections.statusPageIncidentUpdates.values()].filter(
    (u) => u._parent_id === incident.id,
  );
  return pagedNewestFirst(ctx, updates, "incident_updates");
}

function createUpdate(ctx: RouteContext) {
  const { ticket, page, incident } = ticketIncident(ctx, "incident_id");
  const values = readUpdate(ctx, page, UPDATE_FIELDS);
  const ts = formatTimestamp(ctx.now);
  const id = ctx.tenant.nextId("statusPageIncidentUpdates");
  const update: JsonRecord = {
    id,
    message: values.message,
    posted_on: values.posted_on,
    status_id: values.status_id ?? null,
    user_id: ctx.tenant.currentAgentId,
    created_at: ts,
    updated_at: ts,
    _parent_id: incident.id,
  };
  ctx.tenant.collections.statusPageIncidentUpdates.set(id, update);
  const path = `/tickets/${ticket.id}/status/pages/${page.id}/incidents/${incident.id}/updates/${id}`;
  return created(ctx.url, path, { incident_update: publicRecord(update) });
}

function editUpdate(ctx: RouteContext) {
  const { update } = incidentUpdate(ctx);
  const values = readUpdate(ctx, statusPage(ctx), EDIT_FIELDS);
  Object.assign(update, values, { updated_at: formatTimestamp(ctx.now) });
  return ok({ incident_update: publicRecord(update) });
}

function deleteUpdate(ctx: RouteContext) {
  const { update } = incidentUpdate(ctx);
  ctx.tenant.collections.statusPageIncidentUpdates.delete(update.id);
  return noContent;
}

const PAGE = "/status/pages/:page_id";
const TICKET_INCIDENTS = `/tickets/:ticket_id${PAGE}/incidents`;

export const statusPageRoutes: Route[] = [
  { method: "GET", pattern: "/status/pages", handler: listStatusPages },
  { method: "GET", pattern: `${PAGE}/service-components`, handler: listComponents },
  { method: "GET", pattern: `${PAGE}/service-components/:id`, handler: showComponent },
  { method: "GET", pattern: `${PAGE}/incidents/statuses`, handler: statuses("incident") },
  { method: "GET", pattern: `${PAGE}/maintenances/statuses`, handler: statuses("maintenance") },
  { method: "GET", pattern: `${PAGE}/incidents`, handler: listIncidents },
  { method: "GET", pattern: `${PAGE}/maintenances`, handler: listMaintenances },
  { method: "GET", pattern: `${TICKET_INCIDENTS}/:incident_id/updates`, handler: listUpdates },
  { method: "POST", pattern: `${TICKET_INCIDENTS}/:incident_id/updates`, handler: createUpdate },
  { method: "PUT", pattern: `${TICKET_INCIDENTS}/:incident_id/updates/:id`, handler: editUpdate },
  { method: "DELETE", pattern: `${TICKET_INCIDENTS}/:incident_id/updates/:id`, handler: deleteUpdate },
  { method: "POST", pattern: TICKET_INCIDENTS, handler: createIncident },
  {
    method: "GET",
    pattern: `${TICKET_INCIDENTS}/:id`,
    handler: (ctx) => ok({ incident: publicRecord(ticketIncident(ctx, "id").incident) }),
  },
  { method: "PUT", pattern: `${TICKET_INCIDENTS}/:id`, handler: updateIncident },
  { method: "DELETE", pattern: `${TICKET_INCIDENTS}/:id`, handler: deleteIncident },
];
