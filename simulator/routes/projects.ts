// New-generation projects under /pm (§7.27): projects (archive/restore, list filters, fields, templates,
// members through a job), tasks (with the `tasks/filter?query=` search that reports `total`), task metadata
// (types and their fields, statuses, priorities, versions, sprints, memberships) and task notes.

import type { CustomFieldDef } from "../custom-field-defs";
import type { JsonRecord } from "../engine/collections";
import { applyValues, jsonOf, recordOr404, resourceRoutes } from "../engine/crud-routes";
import { validateFields } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, fieldError, notFound, throwIfErrors } from "../errors";
import type { FilterSchema } from "../filter-query";
import { FILTER_PAGE_SIZE, paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUserByEmail, userEmail } from "../tenant-state";
import { formatTimestamp } from "../time";
import { type JsonObject, objectBody } from "../validate";
import { byCreatedDesc, enumParam, noContent, ok, pathId } from "./common";
import { applyFilter, readFilterParam } from "./filtering";
import { showJob, storeJob } from "./relationship-jobs";

export const TASK_TYPES: ReadonlyArray<[id: number, name: string]> = [
  [21_002_450_001, "Task"],
  [21_002_450_002, "Story"],
  [21_002_450_003, "Bug"],
  [21_002_450_004, "Epic"],
];
/** [id, name, category_id (1 yet to start, 2 in progress, 3 completed)]. */
export const TASK_STATUSES: ReadonlyArray<[id: number, name: string, category: number]> = [
  [21_002_460_001, "To Do", 1],
  [21_002_460_002, "In Progress", 2],
  [21_002_460_003, "In Review", 2],
  [21_002_460_004, "Done", 3],
];
export const TASK_PRIORITIES: ReadonlyArray<[id: number, name: string]> = [
  [1, "Low"],
  [2, "Medium"],
  [3, "High"],
  [4, "Urgent"],
];

/** Project custom fields every tenant has (project fields are not configurable per tenant here). */
export const PROJECT_CUSTOM_FIELDS: readonly CustomFieldDef[] = [
  { name: "cf_budget", label: "Budget", type: "custom_decimal" },
  {
    name: "cf_business_unit",
    label: "Business unit",
    type: "custom_dropdown",
    choices: ["IT", "HR", "Finance", "Facilities"],
  },
];

const KEY = /^[A-Za-z][A-Za-z0-9]{0,9}$/;
const EFFORT = /^(\d+w)?\s*(\d+d)?\s*(\d+h)?\s*(\d+m)?$/;

function defaultKey(name: string): string {
  const letters = name
    .split(/\s+/)
    .map((w) => w.replace(/[^A-Za-z0-9]/g, "").charAt(0))
    .join("")
    .toUpperCase();
  return (/^[A-Z]/.test(letters) ? letters : `P${letters}`).slice(0, 10) || "PRJ";
}

export const projectSpec: ResourceSpec = {
  label: "project",
  store: (s) => s.collections.projects,
  path: "/pm/projects",
  single: "project",
  plural: "projects",
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    project_type: { kind: "integer", required: mode === "create", choices: [0, 1] },
    // Not read-only in the reference's field list, so an update may change it (same rules as on create).
    key: { kind: "string", maxLength: 10 },
    description: { kind: "string", nullable: true },
    status_id: { kind: "integer", choices: [1, 2, 3] },
    priority_id: { kind: "integer", choices: [1, 2, 3, 4] },
    manager_id: { kind: "integer", ref: "agent", nullable: true },
    start_date: { kind: "date", nullable: true },
    end_date: { kind: "date", nullable: true },
    visibility: { kind: "integer", choices: [0, 1] },
    sprint_duration: { kind: "integer", min: 1 },
    project_template_id: { kind: "integer", nullable: true },
  }),
  customFields: () => PROJECT_CUSTOM_FIELDS,
  apply: (ctx, record, v) =>
    applyValues(ctx, record, typeof v.key === "string" ? { ...v, key: v.key.toUpperCase() } : v),
  validate: (ctx, v, _mode, existing) => {
    const errors: FieldError[] = [];
    if (typeof v.key === "string") {
      if (!KEY.test(v.key))
        errors.push({
          field: "key",
          message: "It should start with a letter and have at most 10 letters or digits",
          code: "invalid_value",
        });
      else if (
        [...ctx.tenant.collections.projects.values()].some(
          (p) => p !== existing && (p.key as string).toUpperCase() === (v.key as string).toUpperCase(),
        )
      )
        errors.push({ field: "key", message: "It should be a unique value", code: "duplicate_value" });
    }
    const start = (v.start_date ?? existing?.start_date) as string | null | undefined;
    const end = (v.end_date ?? existing?.end_date) as string | null | undefined;
    if (start && end && end < start)
      errors.push({ field: "end_date", message: "It should be later than start_date", code: "invalid_value" });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("projects"),
      name: v.name,
      key: ((v.key as string | undefined) ?? defaultKey(v.name as string)).toUpperCase(),
      project_type: v.project_type,
      description: v.description ?? null,
      status_id: v.status_id ?? 1,
      priority_id: v.priority_id ?? 2,
      manager_id: v.manager_id ?? ctx.tenant.currentAgentId,
      start_date: v.start_date ?? null,
      end_date: v.end_date ?? null,
      visibility: v.visibility ?? 1,
      sprint_duration: v.sprint_duration ?? 14,
      project_template_id: v.project_template_id ?? null,
      custom_fields: { cf_budget: null, cf_business_unit: null, ...((v.custom_fields as JsonObject) ?? {}) },
      archived: false,
      created_at: ts,
      updated_at: ts,
      _task_seq: 0,
      _members: [{ user_id: ctx.tenant.currentAgentId, access_type: 2 }],
    };
  },
  list: {
    checkParams: (ctx) =>
      void enumParam(ctx.query, "filter", ["completed", "incomplete", "archived", "open", "in_progress"] as const),
    filter: (p, ctx) => {
      const f = enumParam(ctx.query, "filter", ["completed", "incomplete", "archived", "open", "in_progress"] as const);
      if (f === "archived") return p.archived === true;
      if (p.archived === true) return false;
      if (f === "completed") return p.status_id === 3;
      if (f === "incomplete") return p.status_id !== 3;
      if (f === "open") return p.status_id === 1;
      if (f === "in_progress") return p.status_id === 2;
      return true;
    },
  },
};

function projectOf(ctx: RouteContext): JsonRecord {
  return recordOr404(projectSpec, ctx);
}

function archiveRoute(archived: boolean): Route {
  return {
    method: "POST",
    pattern: `/pm/projects/:id/${archived ? "archive" : "restore"}`,
    handler: (ctx) => {
      const p = projectOf(ctx);
      p.archived = archived;
      p.updated_at = formatTimestamp(ctx.now);
      return ok({ project: jsonOf(projectSpec, ctx, p, "show") });
    },
  };
}

function deleteProject(ctx: RouteContext) {
  const s = ctx.tenant;
  const p = projectOf(ctx);
  s.collections.projects.delete(p.id);
  for (const name of ["projectTasks", "projectVersions", "sprints"] as const)
    for (const r of [...s.collections[name].values()]) if (r._parent_id === p.id) s.collections[name].delete(r.id);
  return noContent;
}

// ---- tasks ----

const TASK_FILTER_SCHEMA: FilterSchema<JsonRecord> = Object.fromEntries(
  ["version_id", "sprint_id", "priority_id", "status_id", "type_id", "assignee_id", "reporter_id"].map((f) => [
    f,
    { type: "number" as const, get: (r: JsonRecord) => r[f] },
  ]),
);
(TASK_FILTER_SCHEMA as Record<string, FilterSchema<JsonRecord>[string]>).created_at = {
  type: "date",
  get: (r) => r.created_at,
};

function inProject(
  ctx: RouteContext,
  collection: "projectVersions" | "sprints" | "projectTasks",
  id: unknown,
): boolean {
  const r = typeof id === "number" ? ctx.tenant.collections[collection].get(id) : undefined;
  return r !== undefined && r._parent_id === pathId(ctx.params.id);
}

export const projectTaskSpec: ResourceSpec = {
  label: "task",
  store: (s) => s.collections.projectTasks,
  path: "/pm/projects/:id/tasks",
  itemParam: "task_id",
  single: "task",
  plural: "tasks",
  parent: (ctx) => {
    const p = projectOf(ctx);
    return { id: p.id, record: p };
  },
  fields: (_s, mode) => ({
    title: { kind: "string", required: mode === "create", maxLength: 255 },
    type_id: { kind: "integer", required: mode === "create", choices: TASK_TYPES.map(([id]) => id) },
    description: { kind: "string", nullable: true },
    reporter_id: { kind: "integer", ref: "user", nullable: true },
    assignee_id: { kind: "integer", ref: "agent", nullable: true },
    status_id: { kind: "integer", choices: TASK_STATUSES.map(([id]) => id) },
    priority_id: { kind: "integer", choices: TASK_PRIORITIES.map(([id]) => id) },
    parent_id: { kind: "integer", nullable: true },
    planned_start_date: { kind: "datetime", nullable: true },
    planned_end_date: { kind: "datetime", nullable: true },
    planned_effort: { kind: "string", nullable: true },
    planned_duration: { kind: "string", nullable: true },
    story_points: { kind: "integer", min: 0, nullable: true },
    sprint_id: { kind: "integer", nullable: true },
    version_id: { kind: "integer", nullable: true },
  }),
  customFields: () => [],
  validate: (ctx, v) => {
    const errors: FieldError[] = [];
    if (
      typeof v.planned_effort === "string" &&
      (v.planned_effort.trim() === "" || !EFFORT.test(v.planned_effort.trim()))
    )
      errors.push({ field: "planned_effort", message: "It should look like '1w 2d 3h 4m'", code: "invalid_value" });
    if (v.sprint_id !== undefined && v.sprint_id !== null && !inProject(ctx, "sprints", v.sprint_id))
      errors.push({
        field: "sprint_id",
        message: "There is no sprint matching the given sprint_id",
        code: "invalid_value",
      });
    if (v.version_id !== undefined && v.version_id !== null && !inProject(ctx, "projectVersions", v.version_id))
      errors.push({
        field: "version_id",
        message: "There is no version matching the given version_id",
        code: "invalid_value",
      });
    if (v.parent_id !== undefined && v.parent_id !== null && !inProject(ctx, "projectTasks", v.parent_id))
      errors.push({
        field: "parent_id",
        message: "There is no task matching the given parent_id",
        code: "invalid_value",
      });
    return errors;
  },
  build: (ctx, v, parent) => {
    const project = parent as JsonRecord;
    const seq = ((project._task_seq as number) ?? 0) + 1;
    project._task_seq = seq;
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("projectTasks"),
      project_id: project.id,
      display_key: `${project.key}-${seq}`,
      title: v.title,
      type_id: v.type_id,
      description: v.description ?? null,
      reporter_id: v.reporter_id ?? ctx.tenant.currentAgentId,
      assignee_id: v.assignee_id ?? null,
      status_id: v.status_id ?? (TASK_STATUSES[0] as [number, string, number])[0],
      priority_id: v.priority_id ?? 2,
      parent_id: v.parent_id ?? null,
      planned_start_date: v.planned_start_date ?? null,
      planned_end_date: v.planned_end_date ?? null,
      planned_effort: v.planned_effort ?? null,
      planned_duration: v.planned_duration ?? null,
      story_points: v.story_points ?? null,
      sprint_id: v.sprint_id ?? null,
      version_id: v.version_id ?? null,
      custom_fields: (v.custom_fields as JsonObject | undefined) ?? {},
      created_at: ts,
      updated_at: ts,
    };
  },
  list: {
    checkParams: (ctx) => void enumParam(ctx.query, "filter", ["open", "unresolved"] as const),
    filter: (t, ctx) => {
      const f = enumParam(ctx.query, "filter", ["open", "unresolved"] as const);
      const category = TASK_STATUSES.find(([id]) => id === t.status_id)?.[2];
      if (f === "open") return category === 1;
      if (f === "unresolved") return category !== 3;
      return true;
    },
  },
};

function filterTasks(ctx: RouteContext) {
  const p = projectOf(ctx);
  if (ctx.query.get("query") === null) throw fieldError("query", "It should be a/an String", "missing_field");
  const node = readFilterParam(ctx.query, "query", TASK_FILTER_SCHEMA);
  const pool = [...ctx.tenant.collections.projectTasks.values()].filter((t) => t._parent_id === p.id);
  const items = applyFilter(pool, node, TASK_FILTER_SCHEMA).sort(
    byCreatedDesc as (a: JsonRecord, b: JsonRecord) => number,
  );
  const page = paginate(items, readPaging(ctx.query, { fixedPerPage: FILTER_PAGE_SIZE }), ctx.url);
  return ok(
    { tasks: page.items.map((t) => jsonOf(projectTaskSpec, ctx, t, "list")), total: items.length },
    page.headers,
  );
}

// ---- task notes: `{"content"}` in, `{"notes":[…]}` out even for one ----

function taskOf(ctx: RouteContext): JsonRecord {
  return recordOr404(projectTaskSpec, ctx);
}

function noteBody(ctx: RouteContext): string {
  const errors: FieldError[] = [];
  const v = validateFields(
    ctx.tenant,
    objectBody(ctx.body),
    { content: { kind: "string", required: true } },
    "create",
    errors,
  );
  throwIfErrors(errors);
  return v.content as string;
}

function noteJson({ _parent_id, ...rest }: JsonRecord): JsonObject {
  return rest;
}

function noteOf(ctx: RouteContext, task: JsonRecord): JsonRecord {
  const id = pathId(ctx.params.note_id);
  const n = ctx.tenant.collections.projectTaskNotes.get(id);
  if (!n || n._parent_id !== task.id) throw notFound(`No note found with id ${id}`);
  return n;
}

const noteRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/pm/projects/:id/tasks/:task_id/notes",
    handler: (ctx) => {
      const task = taskOf(ctx);
      const ts = formatTimestamp(ctx.now);
      const note: JsonRecord = {
        id: ctx.tenant.nextId("projectTaskNotes"),
        content: noteBody(ctx),
        user_id: ctx.tenant.currentAgentId,
        created_at: ts,
        updated_at: ts,
        _parent_id: task.id,
      };
      ctx.tenant.collections.projectTaskNotes.set(note.id, note);
      return { status: 201, body: { notes: [noteJson(note)] } };
    },
  },
  {
    method: "GET",
    pattern: "/pm/projects/:id/tasks/:task_id/notes",
    handler: (ctx) => {
      const task = taskOf(ctx);
      return ok({
        notes: [...ctx.tenant.collections.projectTaskNotes.values()]
          .filter((n) => n._parent_id === task.id)
          .map(noteJson),
      });
    },
  },
  {
    method: "PUT",
    pattern: "/pm/projects/:id/tasks/:task_id/notes/:note_id",
    handler: (ctx) => {
      const note = noteOf(ctx, taskOf(ctx));
      note.content = noteBody(ctx);
      note.updated_at = formatTimestamp(ctx.now);
      return ok({ notes: [noteJson(note)] });
    },
  },
  {
    method: "DELETE",
    pattern: "/pm/projects/:id/tasks/:task_id/notes/:note_id",
    handler: (ctx) => {
      const note = noteOf(ctx, taskOf(ctx));
      ctx.tenant.collections.projectTaskNotes.delete(note.id);
      return noContent;
    },
  },
];

// ---- metadata ----

function projectFields() {
  const f = (name: string, label: string, type: string, mandatory = false, choices: unknown[] = []) => ({
    label,
    name,
    type,
    default: true,
    choices,
    mandatory,
  });
  return [
    f("name", "Name", "text", true),
    f("key", "Key", "text"),
    f("project_type", "Project type", "dropdown", true, [
      { id: 0, value: "Software" },
      { id: 1, value: "Business" },
    ]),
    f("description", "Description", "paragraph"),
    f("status_id", "Status", "dropdown", false, [
      { id: 1, value: "Yet to start" },
      { id: 2, value: "In Progress" },
      { id: 3, value: "Completed" },
    ]),
    f(
      "priority_id",
      "Priority",
      "dropdown",
      false,
      TASK_PRIORITIES.map(([id, value]) => ({ id, value })),
    ),
    f("manager_id", "Manager", "lookup"),
    f("start_date", "Start date", "date"),
    f("end_date", "End date", "date"),
    f("visibility", "Visibility", "dropdown", false, [
      { id: 0, value: "Private" },
      { id: 1, value: "Public" },
    ]),
    ...PROJECT_CUSTOM_FIELDS.map((d) => ({
      label: d.label,
      name: d.name,
      type: d.type,
      default: false,
      choices: (d.choices ?? []).map((value, i) => ({ id: i + 1, value })),
      mandatory: d.required ?? false,
    })),
  ];
}

const PROJECT_TEMPLATES = [
  {
    id: 21_002_470_001,
    name: "Software development",
    description: "Scrum board with sprints and versions",
    project_type: 0,
  },
  {
    id: 21_002_470_002,
    name: "Office move",
    description: "Business project with phases and checklists",
    project_type: 1,
  },
];

function childList(collection: "projectVersions" | "sprints", key: string) {
  return (ctx: RouteContext) => {
    const p = projectOf(ctx);
    return ok({
      [key]: [...ctx.tenant.collections[collection].values()]
        .filter((r) => r._parent_id === p.id)
        .map(({ _parent_id, ...rest }) => rest),
    });
  };
}

function addMembers(ctx: RouteContext) {
  const p = projectOf(ctx);
  const body = objectBody(ctx.body);
  const list = body.members;
  if (!Array.isArray(list) || list.length === 0)
    throw fieldError(
      "members",
      "It should be a non-empty Array",
      list === undefined ? "missing_field" : "datatype_mismatch",
    );
  const members = p._members as Array<{ user_id: number; access_type: number }>;
  const results = list.map((m) => {
    const email = (m as JsonObject | null)?.email;
    const role = (m as JsonObject | null)?.role ?? "editor";
    const user = typeof email === "string" ? findUserByEmail(ctx.tenant, email) : undefined;
    if (!user)
      return {
        email,
        success: false,
        errors: [{ field: "email", message: "There is no user matching the given email", code: "invalid_value" }],
      };
    if (role !== "viewer" && role !== "editor")
      return {
        email,
        success: false,
        errors: [
          { field: "role", message: "It should be one of these values: 'viewer,editor'", code: "invalid_value" },
        ],
      };
    if (!members.some((x) => x.user_id === user.id))
      members.push({ user_id: user.id, access_type: role === "viewer" ? 1 : 2 });
    return { email, success: true };
  });
  const okCount = results.filter((r) => r.success).length;
  const jobId = storeJob(ctx, "pm_members", {
    status: okCount === results.length ? "success" : okCount === 0 ? "failed" : "partial",
    members: results,
  });
  return ok({ scheduled_process_status: `${ctx.url.origin}/api/v2/pm/jobs/${jobId}` });
}

const metadataRoutes: Route[] = [
  { method: "GET", pattern: "/pm/project-fields", handler: () => ok({ project_fields: projectFields() }) },
  { method: "GET", pattern: "/pm/project_templates", handler: () => ok({ project_templates: PROJECT_TEMPLATES }) },
  { method: "GET", pattern: "/pm/jobs/:job_id", handler: showJob },
  archiveRoute(true),
  archiveRoute(false),
  { method: "POST", pattern: "/pm/projects/:id/members", handler: addMembers },
  {
    method: "GET",
    pattern: "/pm/projects/:id/memberships",
    handler: (ctx) => {
      const p = projectOf(ctx);
      return ok({
        memberships: (p._members as Array<{ user_id: number; access_type: number }>).map((m, i) => {
          const u = ctx.tenant.agents.get(m.user_id) ?? ctx.tenant.requesters.get(m.user_id);
          return { id: p.id * 10 + i, user_id: m.user_id, email: u ? userEmail(u) : null, access_type: m.access_type };
        }),
      });
    },
  },
  {
    method: "GET",
    pattern: "/pm/projects/:id/task-types",
    handler: (ctx) => {
      projectOf(ctx);
      return ok({ task_types: TASK_TYPES.map(([id, name]) => ({ id, name })) });
    },
  },
  {
    method: "GET",
    pattern: "/pm/projects/:id/task-types/:type_id/fields",
    handler: (ctx) => {
      const p = projectOf(ctx);
      const typeId = pathId(ctx.params.type_id);
      if (!TASK_TYPES.some(([id]) => id === typeId)) throw notFound(`No task type found with id ${typeId}`);
      const f = (name: string, label: string, type: string, mandatory = false, choices: unknown[] = []) => ({
        name,
        label,
        type,
        choices,
        default: true,
        mandatory,
        project_id: p.id,
      });
      return ok({
        fields: [
          f("title", "Title", "text", true),
          f("description", "Description", "paragraph"),
          f(
            "status_id",
            "Status",
            "dropdown",
            false,
            TASK_STATUSES.map(([id, value]) => ({ id, value })),
          ),
          f(
            "priority_id",
            "Priority",
            "dropdown",
            false,
            TASK_PRIORITIES.map(([id, value]) => ({ id, value })),
          ),
          f("assignee_id", "Assignee", "lookup"),
          f("planned_start_date", "Planned start date", "date"),
          f("planned_end_date", "Planned end date", "date"),
          f("planned_effort", "Planned effort", "text"),
          f("story_points", "Story points", "number"),
        ],
      });
    },
  },
  {
    method: "GET",
    pattern: "/pm/projects/:id/task-statuses",
    handler: (ctx) => {
      projectOf(ctx);
      return ok({ task_statuses: TASK_STATUSES.map(([id, name, category_id]) => ({ id, name, category_id })) });
    },
  },
  {
    method: "GET",
    pattern: "/pm/projects/:id/task-priorities",
    handler: (ctx) => {
      projectOf(ctx);
      return ok({ task_priorities: TASK_PRIORITIES.map(([id, name]) => ({ id, name })) });
    },
  },
  { method: "GET", pattern: "/pm/projects/:id/versions", handler: childList("projectVersions", "project_versions") },
  { method: "GET", pattern: "/pm/projects/:id/sprints", handler: childList("sprints", "sprints") },
];

// ---- associations with tickets, problems, changes and assets; attachment deletes ----

const ASSOCIATION_MODULES = ["tickets", "problems", "changes", "assets"] as const;
type AssociationModule = (typeof ASSOCIATION_MODULES)[number];

function moduleRecord(ctx: RouteContext, module: AssociationModule, id: number): JsonObject | undefined {
  const s = ctx.tenant;
  switch (module) {
    case "tickets": {
      const t = s.tickets.get(id);
      return t && !t.deleted ? { id: t.id, subject: t.subject, status: t.status, priority: t.priority } : undefined;
    }
    case "assets": {
      const a = s.assets.get(id);
      return a && !a.trashed ? { display_id: a.display_id, name: a.name, asset_tag: a.asset_tag } : undefined;
    }
    default: {
      const r = s.collections[module].get(id);
      return r && r.deleted !== true ? { id: r.id, subject: r.subject, status: r.status } : undefined;
    }
  }
}

function linksOf(owner: JsonRecord, module: AssociationModule): number[] {
  const links = (owner._links as Record<string, number[]> | undefined) ?? {};
  owner._links = links;
  links[module] ??= [];
  return links[module] as number[];
}

/** POST `{"ids":[…]}` answers a bare per-id array; GET lists the linked records; DELETE unlinks one (204). */
function associationRoutes(base: string, ownerOf: (ctx: RouteContext) => JsonRecord): Route[] {
  return ASSOCIATION_MODULES.flatMap((module): Route[] => [
    {
      method: "POST",
      pattern: `${base}/${module}`,
      handler: (ctx) => {
        const owner = ownerOf(ctx);
        const ids = objectBody(ctx.body).ids;
        if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== "number" || !Number.isInteger(x)))
          throw fieldError(
            "ids",
            "It should be a non-empty Array of Positive Integer",
            ids === undefined ? "missing_field" : "datatype_mismatch",
          );
        const links = linksOf(owner, module);
        return ok(
          (ids as number[]).map((id) => {
            if (!moduleRecord(ctx, module, id)) return { id, http_code: 404 };
            if (links.includes(id)) return { id, http_code: 409 };
            links.push(id);
            return { id, http_code: 201 };
          }),
        );
      },
    },
    {
      method: "GET",
      pattern: `${base}/${module}`,
      handler: (ctx) => {
        const owner = ownerOf(ctx);
        return ok({
          [module]: linksOf(owner, module)
            .map((id) => moduleRecord(ctx, module, id))
            .filter((r) => r !== undefined),
        });
      },
    },
    {
      method: "DELETE",
      pattern: `${base}/${module}/:link_id`,
      handler: (ctx) => {
        const links = linksOf(ownerOf(ctx), module);
        const id = pathId(ctx.params.link_id);
        if (!links.includes(id)) throw notFound(`${module} ${id} is not associated`);
        links.splice(links.indexOf(id), 1);
        return noContent;
      },
    },
  ]);
}

/** Project uploads are multipart, which the simulator takes only for tickets: these find the seeded files (`_attachments`). */
function attachmentDelete(pattern: string, ownerOf: (ctx: RouteContext) => JsonRecord): Route {
  return {
    method: "DELETE",
    pattern,
    handler: (ctx) => {
      const owner = ownerOf(ctx);
      const list = (owner._attachments as Array<{ id: number }> | undefined) ?? [];
      const id = pathId(ctx.params.attachment_id);
      const i = list.findIndex((a) => a.id === id);
      if (i < 0) throw notFound(`No attachment found with id ${id}`);
      list.splice(i, 1);
      return noContent;
    },
  };
}

const linkRoutes: Route[] = [
  ...associationRoutes("/pm/projects/:id", projectOf),
  ...associationRoutes("/pm/projects/:id/tasks/:task_id", taskOf),
  attachmentDelete("/pm/projects/:id/attachments/:attachment_id", projectOf),
  attachmentDelete("/pm/projects/:id/tasks/:task_id/attachments/:attachment_id", taskOf),
  attachmentDelete("/pm/projects/:id/tasks/:task_id/notes/:note_id/attachments/:attachment_id", (ctx) =>
    noteOf(ctx, taskOf(ctx)),
  ),
];

export const projectRoutes: Route[] = [
  ...linkRoutes,
  ...metadataRoutes,
  { method: "GET", pattern: "/pm/projects/:id/tasks/filter", handler: filterTasks },
  ...noteRoutes,
  ...resourceRoutes(projectTaskSpec),
  { method: "DELETE", pattern: "/pm/projects/:id", handler: deleteProject },
  ...resourceRoutes({ ...projectSpec, operations: ["list", "get", "create", "update"] }),
];
