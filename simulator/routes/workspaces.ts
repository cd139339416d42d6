// Workspaces (§7.23): list (with the `query="name:'…'"` / state filter), show, and the client-style writes the docs
// describe for MSP accounts: create on the singular `POST /workspace`, update and delete (system workspaces 1–3
// are protected), and `workspace_form_fields`.

import type { JsonRecord } from "../engine/collections";
import { recordOr404, resourceRoutes } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, fieldError } from "../errors";
import type { FilterSchema } from "../filter-query";
import { FILTER_PAGE_SIZE, paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { formatTimestamp } from "../time";
import type { Workspace } from "../types";
import { deterministicUuid } from "../uuid";
import { type JsonObject, unknownFields } from "../validate";
import { byCreatedDesc, getOr404, noContent, ok, pathId } from "./common";
import { applyFilter, readFilterParam } from "./filtering";

const SYSTEM_WORKSPACES = [1, 2, 3];

const SCHEMA: FilterSchema<Workspace> = {
  name: { type: "string", get: (w) => w.name },
  state: { type: "string", get: (w) => w.state, choices: ["active", "inactive"] },
};

function metadataErrors(metadata: unknown): FieldError[] {
  if (metadata === undefined || metadata === null) return [];
  const allowed = ["primary_contact", "email_domains", "custom_fields"];
  return unknownFields(metadata as JsonObject, allowed, "metadata.");
}

export const workspaceSpec: ResourceSpec = {
  label: "workspace",
  store: (s) => s.workspaces as unknown as Map<number, JsonRecord>,
  // Create is documented on the singular path; reads and updates use the plural one.
  path: "/workspace",
  itemPath: "/workspaces/:id",
  single: "workspace",
  plural: "workspaces",
  operations: ["create", "update"],
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    state: { kind: "string", choices: ["active", "inactive"] },
    metadata: { kind: "object" },
  }),
  validate: (ctx, v, mode, existing) => {
    const errors = metadataErrors(v.metadata);
    if (mode === "update" && existing && SYSTEM_WORKSPACES.includes(existing.id))
      errors.push({ field: "id", message: "System workspaces can't be changed", code: "invalid_value" });
    if (
      typeof v.name === "string" &&
      [...ctx.tenant.workspaces.values()].some(
        (w) => w.id !== existing?.id && w.name.toLowerCase() === (v.name as string).toLowerCase(),
      )
    )
      errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const workspace: Workspace = {
      id: ctx.tenant.nextId("workspaces"),
      name: v.name as string,
      description: (v.description as string | null | undefined) ?? null,
      type: "workspace",
      primary: false,
      restricted: false,
      state: (v.state as Workspace["state"] | undefined) ?? "active",
      template_name: null,
      metadata: (v.metadata as JsonObject | undefined) ?? {
        primary_contact: null,
        email_domains: [],
        custom_fields: {},
      },
      created_at: ts,
      updated_at: ts,
    };
    return workspace as unknown as JsonRecord;
  },
};

function listWorkspaces(ctx: RouteContext) {
  const node = readFilterParam(ctx.query, "query", SCHEMA);
  const paging = readPaging(ctx.query, node ? { fixedPerPage: FILTER_PAGE_SIZE } : {});
  const all = [...ctx.tenant.workspaces.values()];
  const items = node ? applyFilter(all, node, SCHEMA).sort(byCreatedDesc) : all;
  const page = paginate(items, paging, ctx.url);
  return ok({ workspaces: page.items }, page.headers);
}

const FORM_FIELDS: Array<[name: string, label: string, type: string, required: boolean, choices?: string[]]> = [
  ["name", "Name", "text", true],
  ["description", "Description", "paragraph", false],
  ["state", "State", "dropdown_blank", false, ["active", "inactive"]],
  ["primary_contact_email", "Primary contact e-mail", "text", false],
  ["email_domains", "E-mail domains", "text", false],
];

function workspaceFormFields() {
  return FORM_FIELDS.map(([name, label, type, required, choices = []]) => {
    const id = deterministicUuid(`workspace-field:${name}`);
    return {
      id,
      name,
      label,
      placeholder: null,
      type,
      required,
      default: true,
      choices: choices.map((value, i) => ({ id: deterministicUuid(`${id}:${i}`), value, field_id: id, custom: false })),
    };
  });
}

export const workspaceRoutes: Route[] = [
  { method: "GET", pattern: "/workspaces", handler: listWorkspaces },
  {
    method: "GET",
    pattern: "/workspaces/:id",
    handler: (ctx) => ok({ workspace: getOr404(ctx.tenant.workspaces, pathId(ctx.params.id), "workspace") }),
  },
  {
    method: "DELETE",
    pattern: "/workspaces/:id",
    handler: (ctx) => {
      const w = recordOr404(workspaceSpec, ctx);
      if (SYSTEM_WORKSPACES.includes(w.id)) throw fieldError("id", "System workspaces can't be deleted");
      ctx.tenant.workspaces.delete(w.id);
      return noContent;
    },
  },
  ...resourceRoutes(workspaceSpec),
  {
    method: "GET",
    pattern: "/workspace_form_fields",
    handler: () => ok({ workspace_form_fields: workspaceFormFields() }),
  },
];
