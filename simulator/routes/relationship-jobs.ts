// CMDB relationship bulk-create (§7.11) as an asynchronous job: `POST /relationships/bulk-create` answers with
// `{job_id, href}`, `GET /jobs/:id` with per-item results and `queued|in progress|partial|success|failed`.
// Jobs finish at once here (stronger than production; see the API notes on index lag) and expire after 1 hour.

import type { JsonRecord } from "../engine/collections";
import { type FieldError, fieldError, notFound } from "../errors";
import type { Route, RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import { formatTimestamp, HOUR_MS } from "../time";
import type { Relationship } from "../types";
import { deterministicUuid } from "../uuid";
import { invalidField, type JsonObject, objectBody } from "../validate";
import { ok } from "./common";

const ENTITY_TYPES = ["asset", "requester", "agent", "department", "software"] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

function entityExists(state: TenantState, type: EntityType, id: number): boolean {
  switch (type) {
    case "asset":
      return state.assets.has(id);
    case "requester":
      return state.requesters.has(id);
    case "agent":
      return state.agents.has(id);
    case "department":
      return state.departments.has(id);
    case "software":
      return state.collections.applications.has(id);
  }
}

/** Stores a finished job and returns its id; `body` is what `GET /jobs/:id` answers. */
export function storeJob(ctx: RouteContext, kind: string, body: JsonObject): string {
  const jobId = deterministicUuid(`job:${ctx.tenant.name}:${ctx.tenant.jobs.size + 1}`);
  ctx.tenant.jobs.set(jobId, {
    id: ctx.tenant.jobs.size + 1,
    job_id: jobId,
    _kind: kind,
    _expires_at: ctx.now + HOUR_MS,
    ...body,
  });
  return jobId;
}

function checkItem(
  state: TenantState,
  item: unknown,
): { errors: FieldError[]; value?: Omit<Relationship, "id" | "created_at" | "updated_at"> } {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    return {
      errors: [{ field: "relationship", message: "It should be a/an key/value pair", code: "datatype_mismatch" }],
    };
  const r = item as JsonObject;
  const errors: FieldError[] = [];
  for (const k of Object.keys(r))
    if (!["relationship_type_id", "primary_id", "primary_type", "secondary_id", "secondary_type"].includes(k))
      errors.push(invalidField(k));
  for (const k of ["relationship_type_id", "primary_id", "secondary_id"])
    if (typeof r[k] !== "number" || !Number.isInteger(r[k]))
      errors.push({
        field: k,
        message: r[k] === undefined ? "It should be a/an Positive Integer" : "It should be a/an Positive Integer",
        code: r[k] === undefined ? "missing_field" : "datatype_mismatch",
      });
  for (const k of ["primary_type", "secondary_type"])
    if (!ENTITY_TYPES.includes(r[k] as EntityType))
      errors.push({
        field: k,
        message: `It should be one of these values: '${ENTITY_TYPES.join(",")}'`,
        code: r[k] === undefined ? "missing_field" : "invalid_value",
      });
  if (errors.length > 0) return { errors };
  if (!state.relationshipTypes.has(r.relationship_type_id as number))
    errors.push({
      field: "relationship_type_id",
      message: "There is no relationship type matching the given id",
      code: "invalid_value",
    });
  if (!entityExists(state, r.primary_type as EntityType, r.primary_id as number))
    errors.push({
      field: "primary_id",
      message: `There is no ${r.primary_type} matching the given primary_id`,
      code: "invalid_value",
    });
  if (!entityExists(state, r.secondary_type as EntityType, r.secondary_id as number))
    errors.push({
      field: "secondary_id",
      message: `There is no ${r.secondary_type} matching the given secondary_id`,
      code: "invalid_value",
    });
  if (r.primary_type === r.secondary_type && r.primary_id === r.secondary_id)
    errors.push({ field: "secondary_id", message: "A record can't be related to itself", code: "invalid_value" });
  const duplicate = [...state.relationships.values()].some(
    (x) =>
      x.relationship_type_id === r.relationship_type_id &&
      x.primary_id === r.primary_id &&
      x.primary_type === r.primary_type &&
      x.secondary_id === r.secondary_id &&
      x.secondary_type === r.secondary_type,
  );
  if (duplicate)
    errors.push({ field: "relationship", message: "The relationship already exists", code: "duplicate_value" });
  return errors.length > 0
    ? { errors }
    : { errors, value: r as unknown as Omit<Relationship, "id" | "created_at" | "updated_at"> };
}

function bulkCreate(ctx: RouteContext) {
  const body = objectBody(ctx.body);
  const extra = Object.keys(body).filter((k) => k !== "relationships");
  if (extra.length > 0) throw fieldError(extra[0] as string, "Unexpected/invalid field in request", "invalid_field");
  const list = body.relationships;
  if (list === undefined) throw fieldError("relationships", "It should be a/an Array", "missing_field");
  if (!Array.isArray(list) || list.length === 0)
    throw fieldError("relationships", "It should be a non-empty Array", "datatype_mismatch");
  const s = ctx.tenant;
  const ts = formatTimestamp(ctx.now);
  const results = list.map((item) => {
    const { errors, value } = checkItem(s, item);
    if (!value) return { success: false, errors };
    const rel: Relationship = { id: s.nextId("relationship"), ...value, created_at: ts, updated_at: ts };
    s.relationships.set(rel.id, rel);
    return { success: true, relationship: rel };
  });
  const ok_ = results.filter((r) => r.success).length;
  const status = ok_ === results.length ? "success" : ok_ === 0 ? "failed" : "partial";
  const jobId = storeJob(ctx, "relationships", { relationships: results, status, created_at: ts });
  // Nothing exists yet from the caller's point of view, so this is a 200 with the job, not a 201.
  return ok({ job_id: jobId, href: `${ctx.url.origin}/api/v2/jobs/${jobId}` });
}

export function showJob(ctx: RouteContext) {
  const job = ctx.tenant.jobs.get(ctx.params.job_id ?? "");
  if (!job || (job._expires_at as number) < ctx.now)
    throw notFound("No job found with this id (job URLs are valid for 1 hour)");
  const out: JsonRecord = { ...job };
  for (const k of Object.keys(out)) if (k.startsWith("_") || k === "id") delete out[k];
  return ok(out);
}

/** After the first 5 relationships, every further 5 cost one more credit (§3). */
function bulkCost(body: unknown): number {
  const n = Array.isArray((body as JsonObject | null)?.relationships)
    ? ((body as JsonObject).relationships as unknown[]).length
    : 0;
  return Math.ceil(Math.max(0, n - 5) / 5);
}

export const relationshipJobRoutes: Route[] = [
  { method: "POST", pattern: "/relationships/bulk-create", handler: bulkCreate, extraCost: bulkCost },
  { method: "GET", pattern: "/jobs/:job_id", handler: showJob },
];
