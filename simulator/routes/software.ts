// Software (§7.12) on `/applications`: create/update bodies wrapped in `{"application":{…}}`, single and bulk
// delete (204, or 207 with per-id results when some ids fail), move_workspace, licenses (from software
// contracts), users (bulk add/update, delete by `user_ids`), installations (delete by `device_ids`), relationships.

import type { JsonRecord } from "../engine/collections";
import { recordOr404, resourceRoutes } from "../engine/crud-routes";
import { validateFields } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, fieldError, notFound, throwIfErrors } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, type TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import { invalidField, type JsonObject, objectBody } from "../validate";
import { noContent, ok, pathId } from "./common";

export const APPLICATION_TYPES = ["desktop", "saas", "mobile"] as const;
export const APPLICATION_STATUSES = ["blacklisted", "ignored", "managed"] as const;

function countOf(state: TenantState, collection: "applicationUsers" | "installations", appId: number): number {
  let n = 0;
  for (const r of state.collections[collection].values()) if (r._parent_id === appId) n++;
  return n;
}

export const applicationSpec: ResourceSpec = {
  label: "application",
  store: (s) => s.collections.applications,
  path: "/applications",
  single: "application",
  plural: "applications",
  wrapper: "application",
  // `name` is not marked mandatory in the docs; an application without one can't be found again, so required.
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    application_type: { kind: "string", choices: APPLICATION_TYPES },
    status: { kind: "string", choices: APPLICATION_STATUSES, nullable: true },
    publisher_id: { kind: "integer", ref: "vendor", nullable: true },
    managed_by_id: { kind: "integer", ref: "agent", nullable: true },
    notes: { kind: "string", nullable: true },
    category: { kind: "string", nullable: true },
    source: { kind: "string", nullable: true },
    workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
  }),
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("applications"),
      workspace_id: (v.workspace_id as number | undefined) ?? 2,
      name: v.name,
      description: v.description ?? null,
      application_type: v.application_type ?? "desktop",
      status: v.status ?? null,
      publisher_id: v.publisher_id ?? null,
      managed_by_id: v.managed_by_id ?? null,
      notes: v.notes ?? null,
      category: v.category ?? null,
      source: v.source ?? "API",
      created_at: ts,
      updated_at: ts,
    };
  },
  toJson: (ctx, r) => ({
    ...r,
    user_count: countOf(ctx.tenant, "applicationUsers", r.id),
    installation_count: countOf(ctx.tenant, "installations", r.id),
  }),
  list: { workspaceScoped: true },
  moveWorkspace: { fields: { workspace_id: { kind: "integer", required: true, ref: "workspace" } } },
};

function deleteApplication(state: TenantState, id: number): void {
  state.collections.applications.delete(id);
  for (const name of ["applicationUsers", "installations"] as const)
    for (const r of [...state.collections[name].values()])
      if (r._parent_id === id) state.collections[name].delete(r.id);
}

function idList(ctx: RouteContext, param: string): number[] {
  const raw = ctx.query.get(param);
  if (raw === null || raw === "")
    throw fieldError(param, "It should be a comma-separated list of ids", "missing_field");
  if (!/^\d+(,\d+)*$/.test(raw)) throw fieldError(param, "It should be a comma-separated list of ids");
  return raw.split(",").map(Number);
}

/** `DELETE /applications?ids=…`: 204 when every id is deleted, else 207 with a bare per-id result array. */
function bulkDelete(ctx: RouteContext) {
  const ids = idList(ctx, "ids");
  const results = ids.map((id) => {
    if (!ctx.tenant.collections.applications.has(id))
      return {
        id,
        http_code: 404,
        error: {
          code: "not_found",
          field: "id",
          nested_field: null,
          http_code: 404,
          message: `No application found with id ${id}`,
        },
      };
    deleteApplication(ctx.tenant, id);
    return { id, http_code: 204 };
  });
  if (results.every((r) => r.http_code === 204)) return noContent;
  return { status: 207, body: results };
}

function appOf(ctx: RouteContext): JsonRecord {
  return recordOr404(applicationSpec, ctx);
}

function licenses(ctx: RouteContext) {
  const app = appOf(ctx);
  const items = [...ctx.tenant.collections.contracts.values()].filter((c) => c.software_id === app.id);
  return ok({
    licenses: items.map((c) => ({
      id: c.id,
      contract_id: c.contract_number,
      created_time: c.created_at,
      updated_time: c.updated_at,
    })),
  });
}

const USER_FIELDS = ["user_id", "license_id", "allocated_date", "first_used", "last_used", "source"];

function appUserJson({ _parent_id, ...rest }: JsonRecord): JsonObject {
  return rest;
}

/** POST adds users, PUT updates the existing ones (matched by user_id); every problem is reported together. */
function writeUsers(mode: "create" | "update") {
  return (ctx: RouteContext) => {
    const app = appOf(ctx);
    const s = ctx.tenant;
    const body = objectBody(ctx.body);
    const errors: FieldError[] = Object.keys(body)
      .filter((k) => k !== "application_users")
      .map((k) => invalidField(k));
    const list = body.application_users;
    if (!Array.isArray(list) || list.length === 0)
      throw fieldError(
        "application_users",
        "It should be a non-empty Array",
        list === undefined ? "missing_field" : "datatype_mismatch",
      );
    const existing = [...s.collections.applicationUsers.values()].filter((u) => u._parent_id === app.id);
    const checked = list.map((item) => {
      const v = validateFields(
        s,
        (typeof item === "object" && item !== null ? item : {}) as JsonObject,
        {
          user_id: { kind: "integer", required: true, ref: "user" },
          license_id: { kind: "integer", ref: "contracts", nullable: true },
          allocated_date: { kind: "datetime", nullable: true },
          first_used: { kind: "datetime", nullable: true },
          last_used: { kind: "datetime", nullable: true },
          source: { kind: "string", nullable: true },
        },
        "create",
        errors,
      );
      const current = existing.find((u) => u.user_id === v.user_id);
      if (mode === "create" && current)
        errors.push({
          field: "user_id",
          message: `User ${v.user_id} already uses this application`,
          code: "duplicate_value",
        });
      if (mode === "update" && typeof v.user_id === "number" && !current)
        errors.push({
          field: "user_id",
          message: `User ${v.user_id} doesn't use this application`,
          code: "invalid_value",
        });
      return { v, current };
    });
    throwIfErrors(errors);
    const ts = formatTimestamp(ctx.now);
    const out = checked.map(({ v, current }) => {
      if (current) {
        for (const k of USER_FIELDS) if (v[k] !== undefined) current[k] = v[k];
        current.updated_at = ts;
        return current;
      }
      const record: JsonRecord = {
        id: s.nextId("applicationUsers"),
        user_id: v.user_id,
        license_id: v.license_id ?? null,
        allocated_date: v.allocated_date ?? null,
        first_used: v.first_used ?? null,
        last_used: v.last_used ?? null,
        source: v.source ?? "API",
        created_at: ts,
        updated_at: ts,
        _parent_id: app.id,
      };
      s.collections.applicationUsers.set(record.id, record);
      return record;
    });
    return { status: mode === "create" ? 201 : 200, body: { application_users: out.map(appUserJson) } };
  };
}

function listChildren(
  collection: "applicationUsers" | "installations",
  key: string,
  toJson: (r: JsonRecord) => JsonObject,
) {
  return (ctx: RouteContext) => {
    const app = appOf(ctx);
    const items = [...ctx.tenant.collections[collection].values()].filter((r) => r._parent_id === app.id);
    const page = paginate(items, readPaging(ctx.query), ctx.url);
    return ok({ [key]: page.items.map(toJson) }, page.headers);
  };
}

function deleteChildren(collection: "applicationUsers" | "installations", param: string, field: string) {
  return (ctx: RouteContext) => {
    const app = appOf(ctx);
    const ids = new Set(idList(ctx, param));
    for (const r of [...ctx.tenant.collections[collection].values()])
      if (r._parent_id === app.id && ids.has(r[field] as number)) ctx.tenant.collections[collection].delete(r.id);
    return noContent;
  };
}

function installationJson({ _parent_id, ...rest }: JsonRecord): JsonObject {
  return rest;
}

function addInstallation(ctx: RouteContext) {
  const app = appOf(ctx);
  const s = ctx.tenant;
  const errors: FieldError[] = [];
  const v = validateFields(
    s,
    objectBody(ctx.body),
    {
      installation_machine_id: { kind: "integer", required: true, ref: "asset" },
      installation_path: { kind: "string", nullable: true },
      version: { kind: "string", nullable: true },
      installation_date: { kind: "datetime", nullable: true },
    },
    "create",
    errors,
  );
  throwIfErrors(errors);
  const asset = s.assets.get(v.installation_machine_id as number);
  const user = asset?.user_id ? findUser(s, asset.user_id) : undefined;
  const ts = formatTimestamp(ctx.now);
  const record: JsonRecord = {
    id: s.nextId("installations"),
    installation_machine_id: v.installation_machine_id,
    installation_path: v.installation_path ?? null,
    version: v.version ?? null,
    installation_date: v.installation_date ?? ts,
    user_id: user?.id ?? null,
    department_id: asset?.department_id ?? null,
    created_at: ts,
    updated_at: ts,
    _parent_id: app.id,
  };
  s.collections.installations.set(record.id, record);
  return { status: 201, body: { installation: installationJson(record) } };
}

function appRelationships(ctx: RouteContext) {
  const app = appOf(ctx);
  const items = [...ctx.tenant.relationships.values()].filter(
    (r) =>
      (r.primary_type === "software" && r.primary_id === app.id) ||
      (r.secondary_type === "software" && r.secondary_id === app.id),
  );
  return ok({ relationships: items });
}

export const softwareRoutes: Route[] = [
  { method: "DELETE", pattern: "/applications", handler: bulkDelete },
  { method: "GET", pattern: "/applications/:id/licenses", handler: licenses },
  { method: "GET", pattern: "/applications/:id/relationships", handler: appRelationships },
  { method: "POST", pattern: "/applications/:id/users", handler: writeUsers("create") },
  { method: "PUT", pattern: "/applications/:id/users", handler: writeUsers("update") },
  {
    method: "GET",
    pattern: "/applications/:id/users",
    handler: listChildren("applicationUsers", "application_users", appUserJson),
  },
  {
    method: "DELETE",
    pattern: "/applications/:id/users",
    handler: deleteChildren("applicationUsers", "user_ids", "user_id"),
  },
  {
    method: "GET",
    pattern: "/applications/:id/users/:user_record_id",
    handler: (ctx) => {
      const app = appOf(ctx);
      const id = pathId(ctx.params.user_record_id);
      const r = ctx.tenant.collections.applicationUsers.get(id);
      if (!r || r._parent_id !== app.id) throw notFound(`No application user found with id ${id}`);
      return ok({ application_user: appUserJson(r) });
    },
  },
  { method: "POST", pattern: "/applications/:id/installations", handler: addInstallation },
  {
    method: "GET",
    pattern: "/applications/:id/installations",
    handler: listChildren("installations", "installations", installationJson),
  },
  {
    method: "DELETE",
    pattern: "/applications/:id/installations",
    handler: deleteChildren("installations", "device_ids", "installation_machine_id"),
  },
  {
    method: "DELETE",
    pattern: "/applications/:id",
    handler: (ctx) => {
      // Deleting software also drops its users and installations.
      deleteApplication(ctx.tenant, appOf(ctx).id);
      return noContent;
    },
  },
  ...resourceRoutes({ ...applicationSpec, operations: ["list", "get", "create", "update"] }),
];
