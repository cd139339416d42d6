// Tasks, time entries and notes under tickets, problems, changes and releases (§7.1, §7.5–7.7): one spec
// factory each, parameterised by the parent. Ticket time entries are wrapped in `time_entry`; the ITIL ones
// are flat (§12.10). Task status 4 (Blocked) exists only on ticket tasks.

import type { Collections, JsonRecord, RecordCollectionName } from "../engine/collections";
import { applyKeepingText, resourceRoutes } from "../engine/crud-routes";
import type { FieldSpecs } from "../engine/field-spec";
import type { ResourceSpec } from "../engine/resource";
import type { FieldError } from "../errors";
import type { Route, RouteContext } from "../router";
import { formatTimestamp, MINUTE_MS } from "../time";
import { htmlToText, type JsonObject } from "../validate";
import { PARENT_PATHS, type ParentKind, parentResolver } from "./parents";

const TIME_ENTRY_COLLECTIONS = [
  "ticketTimeEntries",
  "problemTimeEntries",
  "changeTimeEntries",
  "releaseTimeEntries",
] as const satisfies readonly (keyof Collections)[];

function collectionFor(kind: ParentKind, what: "Tasks" | "TimeEntries" | "Notes"): RecordCollectionName {
  return `${kind}${what}` as RecordCollectionName;
}

function parentWorkspace(parent: unknown): number {
  return ((parent as { workspace_id?: number } | undefined)?.workspace_id as number) ?? 2;
}

// ---- tasks ----

export function taskSpec(kind: ParentKind): ResourceSpec {
  const collection = collectionFor(kind, "Tasks");
  const statuses = kind === "ticket" ? [1, 2, 3, 4] : [1, 2, 3];
  return {
    label: "task",
    store: (s) => s.collections[collection],
    path: `${PARENT_PATHS[kind]}/:id/tasks`,
    itemParam: "task_id",
    single: "task",
    plural: "tasks",
    parent: parentResolver(kind),
    // The docs mark nothing mandatory; a task without a title is meaningless, so title is required here.
    fields: (_s, mode) => ({
      title: { kind: "string", required: mode === "create", maxLength: 255 },
      description: { kind: "string", nullable: true },
      agent_id: { kind: "integer", ref: "agent", nullable: true },
      group_id: { kind: "integer", ref: "group", nullable: true },
      status: { kind: "integer", choices: statuses },
      due_date: { kind: "datetime", nullable: true },
      notify_before: { kind: "integer", min: 0 },
    }),
    build: (ctx, v, parent) => {
      const ts = formatTimestamp(ctx.now);
      const status = (v.status as number | undefined) ?? 1;
      return {
        id: ctx.tenant.nextId(collection),
        workspace_id: parentWorkspace(parent),
        agent_id: (v.agent_id as number | null | undefined) ?? null,
        group_id: (v.group_id as number | null | undefined) ?? null,
        status,
        due_date: (v.due_date as string | null | undefined) ?? null,
        notify_before: (v.notify_before as number | undefined) ?? 0,
        title: v.title as string,
        description: (v.description as string | null | undefined) ?? null,
        closed_at: status === 3 ? ts : null,
        deleted: false,
        created_at: ts,
        updated_at: ts,
      };
    },
    apply: (ctx, record, v) => {
      const ts = formatTimestamp(ctx.now);
      if (v.status !== undefined && v.status !== record.status) record.closed_at = v.status === 3 ? ts : null;
      Object.assign(record, v);
      record.updated_at = ts;
    },
  };
}

// ---- time entries ----

const HH_MM = /^(\d{1,4}):([0-5]\d)$/;

function minutesOf(text: unknown): number {
  const m = typeof text === "string" ? HH_MM.exec(text) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function runningTimerOf(ctx: RouteContext, agentId: number, except?: JsonRecord): JsonRecord | undefined {
  for (const name of TIME_ENTRY_COLLECTIONS) {
    for (const e of ctx.tenant.collections[name].values())
      if (e !== except && e.agent_id === agentId && e.timer_running === true) return e;
  }
  return undefined;
}

export function timeEntrySpec(kind: ParentKind): ResourceSpec {
  const collection = collectionFor(kind, "TimeEntries");
  const taskCollection = collectionFor(kind, "Tasks");
  const resolve = parentResolver(kind);
  const fields = (mode: "create" | "update"): FieldSpecs => ({
    agent_id: { kind: "integer", required: mode === "create", ref: "agent" },
    time_spent: { kind: "string" },
    timer_running: { kind: "boolean" },
    billable: { kind: "boolean" },
    executed_at: { kind: "datetime" },
    task_id: { kind: "integer", nullable: true },
    note: { kind: "string", nullable: true },
    custom_fields: { kind: "object" },
  });
  return {
    label: "time entry",
    store: (s) => s.collections[collection],
    path: `${PARENT_PATHS[kind]}/:id/time_entries`,
    itemParam: "time_entry_id",
    single: "time_entry",
    plural: "time_entries",
    // Ticket time entries are wrapped; problem/change/release ones are documented flat.
    wrapper: kind === "ticket" ? "time_entry" : undefined,
    parent: resolve,
    fields: (_s, mode) => fields(mode),
    // No time-entry custom fields are configured, so any key inside custom_fields is unknown.
    customFields: () => [],
    delete: { mode: "permanent", status: 200, body: "empty" },
    validate: (ctx, v, mode, existing) => {
      const errors: FieldError[] = [];
      const running =
        (v.timer_running as boolean | undefined) ?? (existing?.timer_running as boolean | undefined) ?? false;
      if (typeof v.time_spent === "string" && !HH_MM.test(v.time_spent))
        errors.push({ field: "time_spent", message: "It should be in the 'hh:mm' format", code: "invalid_value" });
      if (mode === "create" && !running && v.time_spent === undefined)
        errors.push({ field: "time_spent", message: "It should be a/an String", code: "missing_field" });
      if (running && v.time_spent !== undefined)
        errors.push({
          field: "time_spent",
          message: "time_spent can't be set while the timer is running",
          code: "invalid_value",
        });
      if (mode === "update" && v.timer_running !== undefined && v.timer_running === existing?.timer_running)
        errors.push({
          field: "timer_running",
          message: `The timer is already ${existing?.timer_running ? "running" : "stopped"}`,
          code: "invalid_value",
        });
      if (typeof v.executed_at === "string" && Date.parse(v.executed_at) > ctx.now)
        errors.push({ field: "executed_at", message: "It should not be a future date", code: "invalid_value" });
      const agentId = (v.agent_id as number | undefined) ?? (existing?.agent_id as number | undefined);
      if (v.timer_running === true && typeof agentId === "number" && runningTimerOf(ctx, agentId, existing))
        errors.push({
          field: "timer_running",
          message: "The agent already has a running timer; stop it first",
          code: "invalid_value",
        });
      if (typeof v.task_id === "number") {
        const parent = resolve(ctx);
        const task = ctx.tenant.collections[taskCollection].get(v.task_id);
        if (!task || task._parent_id !== parent.id)
          errors.push({
            field: "task_id",
            message: "There is no task matching the given task_id",
            code: "invalid_value",
          });
        else if (task.agent_id !== agentId)
          errors.push({ field: "task_id", message: "The task should be assigned to the agent", code: "invalid_value" });
      }
      return errors;
    },
    build: (ctx, v, parent) => {
      const ts = formatTimestamp(ctx.now);
      const running = (v.timer_running as boolean | undefined) ?? false;
      return {
        id: ctx.tenant.nextId(collection),
        workspace_id: parentWorkspace(parent),
        agent_id: v.agent_id as number,
        time_spent: running ? "00:00" : hhmm(minutesOf(v.time_spent)),
        timer_running: running,
        billable: (v.billable as boolean | undefined) ?? true,
        executed_at: (v.executed_at as string | undefined) ?? ts,
        task_id: (v.task_id as number | null | undefined) ?? null,
        note: (v.note as string | null | undefined) ?? "",
        start_time: running ? ts : null,
        custom_fields: (v.custom_fields as JsonObject | undefined) ?? {},
        created_at: ts,
        updated_at: ts,
      };
    },
    apply: (ctx, record, v) => {
      const ts = formatTimestamp(ctx.now);
      const { timer_running, custom_fields, time_spent, ...rest } = v;
      Object.assign(record, rest);
      if (time_spent !== undefined) record.time_spent = hhmm(minutesOf(time_spent));
      if (timer_running === true) record.start_time = ts;
      if (timer_running === false && typeof record.start_time === "string") {
        // Stopping the timer adds the elapsed minutes.
        const elapsed = Math.floor((ctx.now - Date.parse(record.start_time)) / MINUTE_MS);
        record.time_spent = hhmm(minutesOf(record.time_spent) + Math.max(0, elapsed));
      }
      if (timer_running !== undefined) record.timer_running = timer_running;
      if (custom_fields)
        record.custom_fields = { ...(record.custom_fields as JsonObject), ...(custom_fields as JsonObject) };
      record.updated_at = ts;
    },
  };
}

// ---- notes (problems, changes, releases; ticket notes are conversations) ----

export function noteSpec(kind: Exclude<ParentKind, "ticket">): ResourceSpec {
  const collection = collectionFor(kind, "Notes");
  return {
    label: "note",
    store: (s) => s.collections[collection],
    path: `${PARENT_PATHS[kind]}/:id/notes`,
    itemParam: "note_id",
    single: "note",
    plural: "notes",
    parent: parentResolver(kind),
    fields: (_s, mode) => ({
      body: { kind: "string", required: mode === "create" },
      notify_emails: { kind: "email[]" },
    }),
    build: (ctx, v) => {
      const ts = formatTimestamp(ctx.now);
      return {
        id: ctx.tenant.nextId(collection),
        user_id: ctx.tenant.currentAgentId,
        body: v.body as string,
        body_text: htmlToText(v.body as string),
        notify_emails: (v.notify_emails as string[] | undefined) ?? [],
        created_at: ts,
        updated_at: ts,
      };
    },
    apply: applyKeepingText("body", "body_text"),
  };
}

export function workItemRoutes(kind: ParentKind): Route[] {
  return [
    ...resourceRoutes(taskSpec(kind)),
    ...resourceRoutes(timeEntrySpec(kind)),
    ...(kind === "ticket" ? [] : resourceRoutes(noteSpec(kind))),
  ];
}
