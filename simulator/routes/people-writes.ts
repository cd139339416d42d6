// Writes for the account's people and structure (§7.16–7.22): locations, departments, agent groups, agents
// (DELETE deactivates and answers 200 with the agent; forget, reactivate, convert_to_requester), requesters
// (DELETE deactivates with 204; forget, reactivate, convert_to_agent, merge), requester groups and members,
// and the read-only roles.

import { type CustomFieldDef, missingRequired, validateCustomFieldValues } from "../custom-field-defs";
import type { JsonRecord } from "../engine/collections";
import { recordOr404, resourceRoutes } from "../engine/crud-routes";
import { type FieldSpecs, validateFields } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { ApiError, type FieldError, fieldError, notFound, throwIfErrors } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUserByEmail, type TenantState, userEmail } from "../tenant-state";
import { blankCustomFields } from "../ticket-custom-fields";
import { formatTimestamp } from "../time";
import type { Agent, AgentRole, CustomFieldValue, Department, Group, Location, Requester } from "../types";
import { type JsonObject, objectBody } from "../validate";
import { getOr404, noContent, ok, pathId } from "./common";
import { requesterAttributesOf } from "./people";
import { addressErrors } from "./procurement";

const asRecords = <T>(map: Map<number, T>) => map as unknown as Map<number, JsonRecord>;

// ---- locations ----

export const locationSpec: ResourceSpec = {
  label: "location",
  store: (s) => asRecords(s.locations),
  path: "/locations",
  single: "location",
  plural: "locations",
  operations: ["create", "update", "delete"],
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    parent_location_id: { kind: "integer", ref: "location", nullable: true },
    primary_contact_id: { kind: "integer", ref: "user", nullable: true },
    address: { kind: "object" },
    email: { kind: "email", nullable: true },
    phone: { kind: "string", nullable: true },
    contact_name: { kind: "string", nullable: true },
  }),
  validate: (_ctx, v, _mode, existing) => {
    const errors = addressErrors(v.address, ["line1", "line2", "city", "state", "country", "zipcode"]);
    if (existing && v.parent_location_id === existing.id)
      errors.push({
        field: "parent_location_id",
        message: "A location can't be its own parent",
        code: "invalid_value",
      });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const a = (v.address as JsonObject | undefined) ?? {};
    const location: Location = {
      id: ctx.tenant.nextId("location"),
      name: v.name as string,
      parent_location_id: (v.parent_location_id as number | null | undefined) ?? null,
      primary_contact_id: (v.primary_contact_id as number | null | undefined) ?? null,
      address: {
        line1: (a.line1 as string | undefined) ?? null,
        line2: (a.line2 as string | undefined) ?? null,
        city: (a.city as string | undefined) ?? "",
        state: (a.state as string | undefined) ?? null,
        country: (a.country as string | undefined) ?? "",
        zipcode: (a.zipcode as string | undefined) ?? null,
      },
      email: (v.email as string | null | undefined) ?? null,
      phone: (v.phone as string | null | undefined) ?? null,
      contact_name: (v.contact_name as string | null | undefined) ?? null,
      created_at: ts,
      updated_at: ts,
    };
    return location as unknown as JsonRecord;
  },
  apply: (ctx, r, v) => {
    const { address, ...rest } = v;
    Object.assign(r, rest);
    if (address) r.address = { ...(r.address as JsonObject), ...(address as JsonObject) };
    r.updated_at = formatTimestamp(ctx.now);
  },
};

// ---- departments ----

function uniqueName<T extends { id: number; name: string }>(
  map: Map<number, T>,
  name: unknown,
  existing?: JsonRecord,
): FieldError[] {
  if (typeof name !== "string") return [];
  return [...map.values()].some((x) => x.id !== existing?.id && x.name.toLowerCase() === name.toLowerCase())
    ? [{ field: "name", message: "It should be a unique value", code: "duplicate_value" }]
    : [];
}

export const departmentSpec: ResourceSpec = {
  label: "department",
  store: (s) => asRecords(s.departments),
  path: "/departments",
  single: "department",
  plural: "departments",
  operations: ["create", "update", "delete"],
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    head_user_id: { kind: "integer", ref: "user", nullable: true },
    prime_user_id: { kind: "integer", ref: "user", nullable: true },
    domains: { kind: "string[]" },
  }),
  customFields: (s) => s.customFields.department,
  validate: (ctx, v, _mode, existing) => uniqueName(ctx.tenant.departments, v.name, existing),
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const department: Department = {
      id: ctx.tenant.nextId("department"),
      name: v.name as string,
      description: (v.description as string | null | undefined) ?? null,
      head_user_id: (v.head_user_id as number | null | undefined) ?? null,
      prime_user_id: (v.prime_user_id as number | null | undefined) ?? null,
      domains: (v.domains as string[] | undefined) ?? [],
      custom_fields: {
        ...blankCustomFields(ctx.tenant.customFields.department),
        ...((v.custom_fields as Record<string, CustomFieldValue> | undefined) ?? {}),
      },
      created_at: ts,
      updated_at: ts,
    };
    return department as unknown as JsonRecord;
  },
};

// ---- agent groups ----

const UNASSIGNED_FOR = ["30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d"] as const;

/** Keeps agents' member_of/observer_of in step with a group's replaced lists. */
function syncGroupMembership(state: TenantState, group: Group): void {
  for (const a of state.agents.values()) {
    a.member_of = a.member_of.filter((g) => g !== group.id);
    a.observer_of = a.observer_of.filter((g) => g !== group.id);
    if (group.members.includes(a.id)) a.member_of.push(group.id);
    if (group.observers.includes(a.id)) a.observer_of.push(group.id);
  }
}

export const groupSpec: ResourceSpec = {
  label: "group",
  store: (s) => asRecords(s.groups),
  path: "/groups",
  single: "group",
  plural: "groups",
  operations: ["create", "update", "delete"],
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
    unassigned_for: { kind: "string", choices: UNASSIGNED_FOR, nullable: true },
    business_hours_id: { kind: "integer", ref: "businessHours", nullable: true },
    escalate_to: { kind: "integer", ref: "user", nullable: true },
    members: { kind: "integer[]", ref: "agent" },
    observers: { kind: "integer[]", ref: "agent" },
    leaders: { kind: "integer[]", ref: "agent" },
    restricted: { kind: "boolean" },
    approval_required: { kind: "boolean" },
    auto_ticket_assign: { kind: "boolean" },
  }),
  validate: (ctx, v, mode, existing) => {
    const ws = (v.workspace_id ?? existing?.workspace_id ?? 2) as number;
    const errors: FieldError[] = [];
    if (
      typeof v.name === "string" &&
      [...ctx.tenant.groups.values()].some(
        (g) =>
          g.id !== existing?.id && g.workspace_id === ws && g.name.toLowerCase() === (v.name as string).toLowerCase(),
      )
    )
      errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
    if (mode === "create" && v.workspace_id === 1)
      errors.push({
        field: "workspace_id",
        message: "Agent groups can't be created in the global workspace",
        code: "invalid_value",
      });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const group: Group = {
      id: ctx.tenant.nextId("group"),
      name: v.name as string,
      description: (v.description as string | null | undefined) ?? null,
      escalate_to: (v.escalate_to as number | null | undefined) ?? null,
      unassigned_for: (v.unassigned_for as string | undefined) ?? "30m",
      business_hours_id: (v.business_hours_id as number | null | undefined) ?? null,
      members: (v.members as number[] | undefined) ?? [],
      observers: (v.observers as number[] | undefined) ?? [],
      leaders: (v.leaders as number[] | undefined) ?? [],
      members_pending_approval: [],
      leaders_pending_approval: [],
      observers_pending_approval: [],
      restricted: (v.restricted as boolean | undefined) ?? false,
      approval_required: (v.approval_required as boolean | undefined) ?? false,
      auto_ticket_assign: (v.auto_ticket_assign as boolean | undefined) ?? false,
      ocs_schedule_id: null,
      workspace_id: (v.workspace_id as number | undefined) ?? 2,
      created_at: ts,
      updated_at: ts,
    };
    syncGroupMembership(ctx.tenant, group);
    return group as unknown as JsonRecord;
  },
  apply: (ctx, r, v) => {
    // members/observers/leaders replace the whole list (send [] to clear).
    Object.assign(r, v);
    r.updated_at = formatTimestamp(ctx.now);
    syncGroupMembership(ctx.tenant, r as unknown as Group);
  },
};

function deleteGroup(ctx: RouteContext) {
  const s = ctx.tenant;
  const group = recordOr404(groupSpec, ctx) as unknown as Group;
  s.groups.delete(group.id);
  for (const a of s.agents.values()) {
    a.member_of = a.member_of.filter((g) => g !== group.id);
    a.observer_of = a.observer_of.filter((g) => g !== group.id);
    // Agents whose scoped role pointed only at this group fall back to their assigned items.
    for (const role of a.roles) {
      if (role.assignment_scope !== "specified_groups" || !role.groups.includes(group.id)) continue;
      role.groups = role.groups.filter((g) => g !== group.id);
      if (role.groups.length === 0) role.assignment_scope = "assigned_items";
    }
  }
  return noContent;
}

// ---- agents and requesters ----

const ASSIGNMENT_SCOPES = ["entire_helpdesk", "member_groups", "specified_groups", "assigned_items"] as const;
const REMOVED_AGENT_ATTRIBUTES = [
  "ticket_scope",
  "problem_scope",
  "change_scope",
  "release_scope",
  "scopes",
  "group_ids",
  "role_ids",
];

function userFields(mode: "create" | "update"): FieldSpecs {
  return {
    first_name: { kind: "string", required: mode === "create", maxLength: 255 },
    last_name: { kind: "string", nullable: true, maxLength: 255 },
    job_title: { kind: "string", nullable: true },
    work_phone_number: { kind: "string", nullable: true },
    mobile_phone_number: { kind: "string", nullable: true },
    department_ids: { kind: "integer[]", ref: "department" },
    can_see_all_tickets_from_associated_departments: { kind: "boolean" },
    reporting_manager_id: { kind: "integer", ref: "user", nullable: true },
    address: { kind: "string", nullable: true },
    time_zone: { kind: "string" },
    time_format: { kind: "string", choices: ["12h", "24h"] },
    language: { kind: "string" },
    location_id: { kind: "integer", ref: "location", nullable: true },
    background_information: { kind: "string", nullable: true },
    custom_fields: { kind: "object" },
  };
}

const AGENT_ONLY: FieldSpecs = {
  email: { kind: "email" },
  occasional: { kind: "boolean" },
  scoreboard_level_id: { kind: "integer", choices: [1, 2, 3, 4, 5, 6] },
  member_of: { kind: "integer[]", ref: "group" },
  observer_of: { kind: "integer[]", ref: "group" },
  roles: { kind: "object[]" },
  signature: { kind: "string", nullable: true },
  workspace_ids: { kind: "integer[]", ref: "workspace" },
};

const REQUESTER_ONLY: FieldSpecs = {
  primary_email: { kind: "email", nullable: true },
  secondary_emails: { kind: "email[]" },
  external_id: { kind: "string", nullable: true },
};

function emailTaken(state: TenantState, email: unknown, selfId?: number): boolean {
  if (typeof email !== "string") return false;
  const u = findUserByEmail(state, email);
  return u !== undefined && u.id !== selfId;
}

function roleErrors(ctx: RouteContext, roles: unknown): FieldError[] {
  if (roles === undefined) return [];
  const errors: FieldError[] = [];
  for (const role of roles as JsonObject[]) {
    if (typeof role.role_id !== "number" || !ctx.tenant.collections.roles.has(role.role_id))
      errors.push({
        field: "roles.role_id",
        message: "There is no role matching the given role_id",
        code: "invalid_value",
      });
    if (!ASSIGNMENT_SCOPES.includes(role.assignment_scope as (typeof ASSIGNMENT_SCOPES)[number]))
      errors.push({
        field: "roles.assignment_scope",
        message: `It should be one of these values: '${ASSIGNMENT_SCOPES.join(",")}'`,
        code: "invalid_value",
      });
    const groups = role.groups ?? [];
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== "number" || !ctx.tenant.groups.has(g)))
      errors.push({
        field: "roles.groups",
        message: "There is no group matching the given groups",
        code: "invalid_value",
      });
    if (role.assignment_scope === "specified_groups") {
      // Scoping a role to specific groups is a Pro/Enterprise feature.
      if (ctx.tenant.plan === "starter" || ctx.tenant.plan === "growth")
        throw new ApiError(403, {
          code: "require_feature",
          message: "specified_groups is available on the Pro and Enterprise plans",
        });
      if (!Array.isArray(groups) || groups.length === 0)
        errors.push({
          field: "roles.groups",
          message: "specified_groups needs at least one group",
          code: "missing_field",
        });
    }
  }
  return errors;
}

function customErrors(defs: readonly CustomFieldDef[], v: JsonObject, mode: "create" | "update"): FieldError[] {
  const sent = (v.custom_fields as JsonObject | undefined) ?? {};
  return [
    ...validateCustomFieldValues(defs, sent),
    ...(mode === "create" ? missingRequired(defs, sent, "required") : []),
  ];
}

/** Body checks shared by agent create/update; removed attributes get their own message (§7.18). */
function readAgentBody(ctx: RouteContext, mode: "create" | "update", existing?: Agent): JsonObject {
  const body = { ...objectBody(ctx.body) };
  const errors: FieldError[] = [];
  for (const k of REMOVED_AGENT_ATTRIBUTES)
    if (k in body) {
      errors.push({ field: k, message: `${k} is no longer supported; use roles/member_of`, code: "invalid_field" });
      delete body[k];
    }
  const v = validateFields(
    ctx.tenant,
    body,
    {
      ...userFields(mode),
      ...AGENT_ONLY,
      email: { kind: "email", required: mode === "create" },
      roles: { kind: "object[]", required: mode === "create" },
    },
    mode,
    errors,
  );
  if (emailTaken(ctx.tenant, v.email, existing?.id))
    errors.push({ field: "email", message: "It should be a unique value", code: "duplicate_value" });
  errors.push(...roleErrors(ctx, v.roles), ...customErrors(ctx.tenant.customFields.agent, v, mode));
  throwIfErrors(errors);
  return v;
}

function readRequesterBody(ctx: RouteContext, mode: "create" | "update", existing?: Requester): JsonObject {
  const errors: FieldError[] = [];
  const v = validateFields(ctx.tenant, objectBody(ctx.body), { ...userFields(mode), ...REQUESTER_ONLY }, mode, errors);
  if (mode === "create" && !v.primary_email && !v.work_phone_number && !v.mobile_phone_number)
    errors.push({
      field: "primary_email",
      message: "Please fill at least 1 of primary_email, work_phone_number, mobile_phone_number fields",
      code: "missing_field",
    });
  if (emailTaken(ctx.tenant, v.primary_email, existing?.id))
    errors.push({ field: "primary_email", message: "It should be a unique value", code: "duplicate_value" });
  for (const e of (v.secondary_emails as string[] | undefined) ?? [])
    if (emailTaken(ctx.tenant, e, existing?.id))
      errors.push({
        field: "secondary_emails",
        message: `${e} already belongs to another user`,
        code: "duplicate_value",
      });
  errors.push(...customErrors(ctx.tenant.customFields.requester, v, mode));
  throwIfErrors(errors);
  return v;
}

function baseUser(ctx: RouteContext, v: JsonObject, defs: readonly CustomFieldDef[]) {
  const ts = formatTimestamp(ctx.now);
  return {
    id: ctx.tenant.nextId("user"),
    first_name: v.first_name as string,
    last_name: (v.last_name as string | null | undefined) ?? "",
    job_title: (v.job_title as string | null | undefined) ?? null,
    work_phone_number: (v.work_phone_number as string | null | undefined) ?? null,
    mobile_phone_number: (v.mobile_phone_number as string | null | undefined) ?? null,
    department_ids: (v.department_ids as number[] | undefined) ?? [],
    can_see_all_tickets_from_associated_departments:
      (v.can_see_all_tickets_from_associated_departments as boolean | undefined) ?? false,
    reporting_manager_id: (v.reporting_manager_id as number | null | undefined) ?? null,
    address: (v.address as string | null | undefined) ?? null,
    time_zone: (v.time_zone as string | undefined) ?? "Pacific Time (US & Canada)",
    time_format: (v.time_format as string | undefined) ?? "12h",
    language: (v.language as string | undefined) ?? "en",
    location_id: (v.location_id as number | null | undefined) ?? null,
    background_information: (v.background_information as string | null | undefined) ?? null,
    custom_fields: {
      ...blankCustomFields(defs),
      ...((v.custom_fields as Record<string, CustomFieldValue> | undefined) ?? {}),
    },
    active: true,
    has_logged_in: false,
    external_id: null,
    created_at: ts,
    updated_at: ts,
  };
}

/** Applies a user update; `can_see_all_tickets_from_associated_departments` resets unless sent as true (§7.18). */
function applyUser(ctx: RouteContext, user: Agent | Requester, v: JsonObject): void {
  const { custom_fields, ...rest } = v;
  Object.assign(user, rest);
  user.can_see_all_tickets_from_associated_departments = v.can_see_all_tickets_from_associated_departments === true;
  if (custom_fields)
    user.custom_fields = { ...user.custom_fields, ...(custom_fields as Record<string, CustomFieldValue>) };
  user.updated_at = formatTimestamp(ctx.now);
}

function syncAgentGroups(state: TenantState, agent: Agent): void {
  for (const g of state.groups.values()) {
    g.members = g.members.filter((m) => m !== agent.id);
    g.observers = g.observers.filter((m) => m !== agent.id);
    if (agent.member_of.includes(g.id)) g.members.push(agent.id);
    if (agent.observer_of.includes(g.id)) g.observers.push(agent.id);
  }
}

function createAgent(ctx: RouteContext) {
  const s = ctx.tenant;
  const v = readAgentBody(ctx, "create");
  const agent: Agent = {
    ...baseUser(ctx, v, s.customFields.agent),
    email: v.email as string,
    occasional: (v.occasional as boolean | undefined) ?? false,
    scoreboard_level_id: (v.scoreboard_level_id as number | undefined) ?? 1,
    member_of: (v.member_of as number[] | undefined) ?? [],
    observer_of: (v.observer_of as number[] | undefined) ?? [],
    roles: (v.roles as unknown as AgentRole[]).map((r) => ({ ...r, groups: r.groups ?? [] })),
    signature: (v.signature as string | null | undefined) ?? null,
    workspace_ids: (v.workspace_ids as number[] | undefined) ?? [2],
    last_login_at: null,
    last_active_at: null,
    api_key_enabled: false,
  };
  s.agents.set(agent.id, agent);
  syncAgentGroups(s, agent);
  return { status: 201, body: { agent }, headers: { Location: `${ctx.url.origin}/api/v2/agents/${agent.id}` } };
}

function agentOr404(ctx: RouteContext): Agent {
  return getOr404(ctx.tenant.agents, pathId(ctx.params.id), "agent");
}

function requesterOr404(ctx: RouteContext): Requester {
  return getOr404(ctx.tenant.requesters, pathId(ctx.params.id), "requester");
}

function updateAgent(ctx: RouteContext) {
  const agent = agentOr404(ctx);
  const v = readAgentBody(ctx, "update", agent);
  applyUser(ctx, agent, v);
  if (v.member_of || v.observer_of) syncAgentGroups(ctx.tenant, agent);
  return ok({ agent });
}

/** Deletes the user and every ticket they requested (GDPR "forget"). */
function forgetUser(state: TenantState, id: number): void {
  for (const t of [...state.tickets.values()]) {
    if (t.requester_id !== id) continue;
    state.tickets.delete(t.id);
    for (const c of [...state.conversations.values()]) if (c.ticket_id === t.id) state.conversations.delete(c.id);
  }
  state.agents.delete(id);
  state.requesters.delete(id);
  for (const g of state.groups.values()) {
    g.members = g.members.filter((m) => m !== id);
    g.observers = g.observers.filter((m) => m !== id);
    g.leaders = g.leaders.filter((m) => m !== id);
  }
  for (const rg of state.collections.requesterGroups.values())
    rg._members = ((rg._members as number[]) ?? []).filter((m) => m !== id);
}

function agentToRequester(state: TenantState, agent: Agent, at: number): Requester {
  const attributes = requesterAttributesOf(agent);
  const requester: Requester = {
    ...attributes,
    is_agent: false,
    custom_fields: {
      ...blankCustomFields(state.customFields.requester),
      ...pick(attributes.custom_fields, state.customFields.requester),
    },
    updated_at: formatTimestamp(at),
  };
  state.agents.delete(agent.id);
  agent.member_of = [];
  agent.observer_of = [];
  syncAgentGroups(state, agent);
  state.requesters.set(requester.id, requester);
  return requester;
}

function pick(
  values: Record<string, CustomFieldValue>,
  defs: readonly { name: string }[],
): Record<string, CustomFieldValue> {
  const names = new Set(defs.map((d) => d.name));
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
}

function requesterToAgent(state: TenantState, r: Requester, at: number): Agent {
  const { primary_email, secondary_emails: _s, is_agent: _i, ...rest } = r;
  const sdAgent = [...state.collections.roles.values()].find((role) => role.name === "SD Agent");
  const agent: Agent = {
    ...rest,
    email: primary_email ?? "",
    // Converted requesters become occasional agents with the SD Agent role and no groups.
    occasional: true,
    scoreboard_level_id: 1,
    member_of: [],
    observer_of: [],
    roles: sdAgent ? [{ role_id: sdAgent.id, assignment_scope: "assigned_items", groups: [] }] : [],
    signature: null,
    workspace_ids: [2],
    last_login_at: null,
    last_active_at: null,
    api_key_enabled: false,
    custom_fields: {
      ...blankCustomFields(state.customFields.agent),
      ...pick(rest.custom_fields, state.customFields.agent),
    },
    updated_at: formatTimestamp(at),
  };
  state.requesters.delete(r.id);
  state.agents.set(agent.id, agent);
  return agent;
}

function createRequester(ctx: RouteContext) {
  const s = ctx.tenant;
  const v = readRequesterBody(ctx, "create");
  const requester: Requester = {
    ...baseUser(ctx, v, s.customFields.requester),
    primary_email: (v.primary_email as string | null | undefined) ?? null,
    secondary_emails: (v.secondary_emails as string[] | undefined) ?? [],
    external_id: (v.external_id as string | null | undefined) ?? null,
    is_agent: false,
  };
  s.requesters.set(requester.id, requester);
  return {
    status: 201,
    body: { requester },
    headers: { Location: `${ctx.url.origin}/api/v2/requesters/${requester.id}` },
  };
}

function mergeRequesters(ctx: RouteContext) {
  const s = ctx.tenant;
  const primary = requesterOr404(ctx);
  const raw = ctx.query.get("secondary_requesters");
  if (raw === null || raw === "")
    throw fieldError("secondary_requesters", "It should be a comma-separated list of ids", "missing_field");
  if (!/^\d+(,\d+)*$/.test(raw)) throw fieldError("secondary_requesters", "It should be a comma-separated list of ids");
  const ids = [...new Set(raw.split(",").map(Number))];
  const bad = ids.filter((id) => id === primary.id || !s.requesters.has(id));
  if (bad.length > 0)
    throw fieldError("secondary_requesters", `There is no other requester matching the ids ${bad.join(",")}`);
  for (const id of ids) {
    const secondary = s.requesters.get(id) as Requester;
    for (const t of s.tickets.values()) {
      if (t.requester_id === id) t.requester_id = primary.id;
      if (t.requested_for_id === id) t.requested_for_id = primary.id;
    }
    const emails = [secondary.primary_email, ...secondary.secondary_emails].filter((e): e is string => e !== null);
    primary.secondary_emails = [...new Set([...primary.secondary_emails, ...emails])];
    s.requesters.delete(id);
  }
  primary.updated_at = formatTimestamp(ctx.now);
  return ok({ requester: primary });
}

// ---- requester groups ----

export const requesterGroupSpec: ResourceSpec = {
  label: "requester group",
  store: (s) => s.collections.requesterGroups,
  path: "/requester_groups",
  single: "requester_group",
  plural: "requester_groups",
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
  }),
  validate: (ctx, v, mode, existing) => {
    const errors: FieldError[] = [];
    if (mode === "update" && existing?.type === "rule_based")
      errors.push({ field: "type", message: "Only manual requester groups can be edited", code: "invalid_value" });
    if (
      typeof v.name === "string" &&
      [...ctx.tenant.collections.requesterGroups.values()].some(
        (g) => g !== existing && (g.name as string).toLowerCase() === (v.name as string).toLowerCase(),
      )
    )
      errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("requesterGroups"),
      name: v.name,
      description: v.description ?? null,
      type: "manual",
      created_at: ts,
      updated_at: ts,
      _members: [],
    };
  },
};

/** A rule-based group's members follow its rule (here: a location); manual groups keep a list. */
function groupMembers(state: TenantState, g: JsonRecord): Requester[] {
  const rule = g._rule as { location_id?: number } | undefined;
  if (g.type === "rule_based" && rule)
    return [...state.requesters.values()].filter((r) => r.location_id === rule.location_id);
  return ((g._members as number[]) ?? []).map((id) => state.requesters.get(id)).filter((r) => r !== undefined);
}

function memberRoutes(): Route[] {
  const groupOf = (ctx: RouteContext) => recordOr404(requesterGroupSpec, ctx);
  const manual = (g: JsonRecord) => {
    if (g.type !== "manual")
      throw fieldError("type", "Members can only be added to or removed from manual requester groups");
  };
  return [
    {
      method: "GET",
      pattern: "/requester_groups/:id/members",
      handler: (ctx) => {
        const g = groupOf(ctx);
        const page = paginate(groupMembers(ctx.tenant, g), readPaging(ctx.query), ctx.url);
        return ok(
          {
            requesters: page.items.map((r) => ({
              id: r.id,
              first_name: r.first_name,
              last_name: r.last_name,
              email: userEmail(r),
            })),
          },
          page.headers,
        );
      },
    },
    {
      method: "POST",
      pattern: "/requester_groups/:id/members/:requester_id",
      handler: (ctx) => {
        const g = groupOf(ctx);
        manual(g);
        const rid = pathId(ctx.params.requester_id);
        if (!ctx.tenant.requesters.has(rid)) throw notFound(`No requester found with id ${rid}`);
        const members = (g._members as number[]) ?? [];
        if (!members.includes(rid)) members.push(rid);
        g._members = members;
        return { status: 200 };
      },
    },
    {
      method: "DELETE",
      pattern: "/requester_groups/:id/members/:requester_id",
      handler: (ctx) => {
        const g = groupOf(ctx);
        manual(g);
        const rid = pathId(ctx.params.requester_id);
        const members = (g._members as number[]) ?? [];
        if (!members.includes(rid)) throw notFound(`Requester ${rid} is not a member of this group`);
        g._members = members.filter((m) => m !== rid);
        return noContent;
      },
    },
  ];
}

// ---- roles (read-only) ----

export const roleSpec: ResourceSpec = {
  label: "role",
  store: (s) => s.collections.roles,
  path: "/roles",
  single: "role",
  plural: "roles",
  operations: ["list", "get"],
  fields: () => ({}),
  build: () => {
    throw new Error("roles are read-only");
  },
  list: { order: () => (a, b) => a.id - b.id },
};

/** Deactivate (DELETE), forget and reactivate, which agents and requesters both have; only the DELETE answer differs. */
function lifecycleRoutes(
  single: "agent" | "requester",
  userOr404: (ctx: RouteContext) => Agent | Requester,
  deleteAnswer: "record" | "empty",
): Route[] {
  const setActive = (ctx: RouteContext, active: boolean) => {
    const user = userOr404(ctx);
    user.active = active;
    user.updated_at = formatTimestamp(ctx.now);
    return user;
  };
  return [
    {
      method: "DELETE",
      pattern: `/${single}s/:id`,
      handler: (ctx) => {
        const user = setActive(ctx, false);
        return deleteAnswer === "record" ? ok({ [single]: user }) : noContent;
      },
    },
    {
      method: "DELETE",
      pattern: `/${single}s/:id/forget`,
      handler: (ctx) => {
        forgetUser(ctx.tenant, userOr404(ctx).id);
        return noContent;
      },
    },
    { method: "PUT", pattern: `/${single}s/:id/reactivate`, handler: (ctx) => ok({ [single]: setActive(ctx, true) }) },
  ];
}

export const peopleWriteRoutes: Route[] = [
  ...resourceRoutes(locationSpec),
  ...resourceRoutes(departmentSpec),
  { method: "DELETE", pattern: "/groups/:id", handler: deleteGroup },
  ...resourceRoutes({ ...groupSpec, operations: ["create", "update"] }),
  { method: "POST", pattern: "/agents", handler: createAgent },
  { method: "PUT", pattern: "/agents/:id", handler: updateAgent },
  // The agent DELETE deactivates and, unlike most deletes, answers 200 with the agent.
  ...lifecycleRoutes("agent", agentOr404, "record"),
  {
    method: "PUT",
    pattern: "/agents/:id/convert_to_requester",
    handler: (ctx) => {
      const agent = agentOr404(ctx);
      if (agent.id === ctx.tenant.currentAgentId) throw fieldError("id", "The API key's own agent can't be converted");
      return ok({ requester: agentToRequester(ctx.tenant, agent, ctx.now) });
    },
  },
  { method: "POST", pattern: "/requesters", handler: createRequester },
  {
    method: "PUT",
    pattern: "/requesters/:id",
    handler: (ctx) => {
      const r = requesterOr404(ctx);
      applyUser(ctx, r, readRequesterBody(ctx, "update", r));
      return ok({ requester: r });
    },
  },
  ...lifecycleRoutes("requester", requesterOr404, "empty"),
  {
    method: "PUT",
    pattern: "/requesters/:id/convert_to_agent",
    handler: (ctx) => ok({ agent: requesterToAgent(ctx.tenant, requesterOr404(ctx), ctx.now) }),
  },
  { method: "PUT", pattern: "/requesters/:id/merge", handler: mergeRequesters },
  ...memberRoutes(),
  ...resourceRoutes(requesterGroupSpec),
  ...resourceRoutes(roleSpec),
];
