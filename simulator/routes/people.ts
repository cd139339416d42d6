// Agents, requesters (§7.18, §7.21, with `query=` filters incl. `~[field]:'prefix'`), agent groups, departments
// and locations: list and show (workspaces live in workspaces.ts).

import { type CustomFieldDef, customFieldFilterType } from "../custom-field-defs";
import type { FilterSchema } from "../filter-query";
import { FILTER_MAX_PAGE, FILTER_PAGE_SIZE, type Paging, paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import type { Agent, Department, Location, Requester } from "../types";
import { byCreatedDesc, enumParam, getOr404, intParam, ok, pathId } from "./common";
import { applyFilter, readFilterParam } from "./filtering";

type User = Agent | Requester;

function userSchema<T extends User>(
  emailField: "email" | "primary_email",
  custom: readonly CustomFieldDef[],
): FilterSchema<T> {
  const email = (u: User) => ("email" in u ? u.email : u.primary_email);
  const str = (get: (u: T) => unknown, startsWith = false) => ({ type: "string" as const, get, startsWith });
  const schema: Record<string, FilterSchema<T>[string]> = {
    first_name: str((u) => u.first_name, true),
    last_name: str((u) => u.last_name, true),
    name: str((u) => `${u.first_name} ${u.last_name}`, true),
    job_title: str((u) => u.job_title),
    [emailField]: str(email, true),
    work_phone_number: str((u) => u.work_phone_number, true),
    mobile_phone_number: str((u) => u.mobile_phone_number, true),
    department_id: { type: "number", get: (u) => u.department_ids },
    reporting_manager_id: { type: "number", get: (u) => u.reporting_manager_id },
    time_zone: str((u) => u.time_zone),
    language: str((u) => u.language),
    location_id: { type: "number", get: (u) => u.location_id },
    created_at: { type: "date", get: (u) => u.created_at },
    updated_at: { type: "date", get: (u) => u.updated_at },
  };
  // Custom single-line text, number, dropdown, date and phone fields are filterable too (§5.2).
  for (const d of custom) {
    const type = customFieldFilterType(d, { text: true });
    if (type)
      schema[d.name] = {
        type,
        get: (u) => u.custom_fields[d.name],
        choices: d.type === "custom_dropdown" ? d.choices : undefined,
      };
  }
  return schema;
}

const requesterSchema = (s: TenantState) => userSchema<Requester>("primary_email", s.customFields.requester);
const agentSchema = (s: TenantState) => userSchema<Agent>("email", s.customFields.agent);

const byFirstName = (a: User, b: User) =>
  a.first_name.localeCompare(b.first_name) || a.last_name.localeCompare(b.last_name) || a.id - b.id;

/** Plain lists are sorted by first name; query results newest first, 30 per page, at most page 40. */
function listUsers<T extends User>(
  ctx: RouteContext,
  all: T[],
  schema: FilterSchema<T>,
  plainFilters: (u: T) => boolean,
) {
  const node = readFilterParam(ctx.query, "query", schema);
  const paging: Paging = readPaging(
    ctx.query,
    node ? { fixedPerPage: FILTER_PAGE_SIZE, maxPage: FILTER_MAX_PAGE } : {},
  );
  const items = node ? applyFilter(all, node, schema).sort(byCreatedDesc) : all.filter(plainFilters).sort(byFirstName);
  return { page: paginate(items, paging, ctx.url) };
}

function sameText(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

/** An agent's attributes in the requester shape: agent-only ones dropped, `email` as `primary_email`. */
export function requesterAttributesOf(a: Agent) {
  const {
    email,
    occasional: _o,
    scoreboard_level_id: _s,
    member_of: _m,
    observer_of: _ob,
    roles: _r,
    signature: _sig,
    workspace_ids: _w,
    last_login_at: _l,
    last_active_at: _la,
    api_key_enabled: _k,
    ...rest
  } = a;
  return { ...rest, primary_email: email, secondary_emails: [] as string[] };
}

/** An agent presented as a requester (for `include_agents=true`). */
function agentAsRequester(a: Agent): Record<string, unknown> {
  return { ...requesterAttributesOf(a), is_agent: true };
}

function listRequesters(ctx: RouteContext) {
  const s = ctx.tenant;
  const q = ctx.query;
  const email = q.get("email");
  const mobile = q.get("mobile_phone_number");
  const work = q.get("work_phone_number");
  const includeAgents = q.get("include_agents") === "true";
  const { page } = listUsers(ctx, [...s.requesters.values()], requesterSchema(s), (r) => {
    if (email !== null && !(sameText(r.primary_email, email) || r.secondary_emails.some((e) => sameText(e, email))))
      return false;
    if (mobile !== null && r.mobile_phone_number !== mobile) return false;
    if (work !== null && r.work_phone_number !== work) return false;
    return true;
  });
  let items: unknown[] = page.items;
  if (includeAgents && !q.has("query")) {
    const agents = [...s.agents.values()].filter(
      (a) =>
        (email === null || sameText(a.email, email)) &&
        (mobile === null || a.mobile_phone_number === mobile) &&
        (work === null || a.work_phone_number === work),
    );
    // Agents are appended after the requesters of the last page (simple and stable).
    if (!page.hasNext) items = [...items, ...agents.map(agentAsRequester)];
  }
  return ok({ requesters: items }, page.headers);
}

function listAgents(ctx: RouteContext) {
  const s = ctx.tenant;
  const q = ctx.query;
  const email = q.get("email");
  const mobile = q.get("mobile_phone_number");
  const work = q.get("work_phone_number");
  const active = enumParam(q, "active", ["true", "false"] as const);
  const state = enumParam(q, "state", ["fulltime", "occasional"] as const);
  const { page } = listUsers(ctx, [...s.agents.values()], agentSchema(s), (a) => {
    if (email !== null && !sameText(a.email, email)) return false;
    if (mobile !== null && a.mobile_phone_number !== mobile) return false;
    if (work !== null && a.work_phone_number !== work) return false;
    if (active !== undefined && a.active !== (active === "true")) return false;
    if (state !== undefined && a.occasional !== (state === "occasional")) return false;
    return true;
  });
  return ok({ agents: page.items }, page.headers);
}

const NAME_SCHEMA: FilterSchema<Department | Location> = { name: { type: "string", get: (x) => x.name } };

function listNamed<T extends Department | Location>(ctx: RouteContext, all: T[], key: string) {
  const node = readFilterParam(ctx.query, "query", NAME_SCHEMA);
  const paging = readPaging(ctx.query, node ? { fixedPerPage: FILTER_PAGE_SIZE } : {});
  const items = node ? applyFilter(all, node, NAME_SCHEMA).sort(byCreatedDesc) : all;
  const page = paginate(items, paging, ctx.url);
  return ok({ [key]: page.items }, page.headers);
}

function listGroups(ctx: RouteContext) {
  // Groups belong to one workspace; the primary (2) unless another is asked for.
  const ws = intParam(ctx.query, "workspace_id") ?? 2;
  const paging = readPaging(ctx.query);
  const page = paginate(
    [...ctx.tenant.groups.values()].filter((g) => g.workspace_id === ws),
    paging,
    ctx.url,
  );
  return ok({ groups: page.items }, page.headers);
}

export const peopleRoutes: Route[] = [
  { method: "GET", pattern: "/requesters", handler: listRequesters },
  {
    method: "GET",
    pattern: "/requesters/:id",
    handler: (ctx) => ok({ requester: getOr404(ctx.tenant.requesters, pathId(ctx.params.id), "requester") }),
  },
  { method: "GET", pattern: "/agents", handler: listAgents },
  // Undocumented but used by public clients in API-key mode: the key's own agent.
  {
    method: "GET",
    pattern: "/agents/me",
    handler: (ctx) => ok({ agent: getOr404(ctx.tenant.agents, ctx.tenant.currentAgentId, "agent") }),
  },
  {
    method: "GET",
    pattern: "/agents/:id",
    handler: (ctx) => ok({ agent: getOr404(ctx.tenant.agents, pathId(ctx.params.id), "agent") }),
  },
  { method: "GET", pattern: "/groups", handler: listGroups },
  {
    method: "GET",
    pattern: "/groups/:id",
    handler: (ctx) => ok({ group: getOr404(ctx.tenant.groups, pathId(ctx.params.id), "group") }),
  },
  {
    method: "GET",
    pattern: "/departments",
    handler: (ctx) => listNamed(ctx, [...ctx.tenant.departments.values()], "departments"),
  },
  {
    method: "GET",
    pattern: "/departments/:id",
    handler: (ctx) => ok({ department: getOr404(ctx.tenant.departments, pathId(ctx.params.id), "department") }),
  },
  {
    method: "GET",
    pattern: "/locations",
    handler: (ctx) => listNamed(ctx, [...ctx.tenant.locations.values()], "locations"),
  },
  {
    method: "GET",
    pattern: "/locations/:id",
    handler: (ctx) => ok({ location: getOr404(ctx.tenant.locations, pathId(ctx.params.id), "location") }),
  },
];
