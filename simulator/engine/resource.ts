// The resource engine's table entry: everything that differs between Freshservice resources that otherwise
// behave alike (paths, envelope keys, id style, body wrapper, fields, enums, delete semantics, paging).

import type { CustomFieldDef } from "../custom-field-defs";
import type { FieldError } from "../errors";
import type { FilterSchema } from "../filter-query";
import type { RouteContext, RouteResult } from "../router";
import type { TenantState } from "../tenant-state";
import type { JsonObject } from "../validate";
import type { JsonRecord } from "./collections";
import type { FieldSpecs, WriteMode } from "./field-spec";

export type Operation = "list" | "get" | "create" | "update" | "delete";

export interface DeleteSemantics {
  /** permanent: removed; trash: `deleted: true` (restore brings it back); deactivate: `active: false`. */
  mode: "permanent" | "trash" | "deactivate";
  status: 200 | 202 | 204;
  /** What a 200 carries: nothing (the docs' samples show only the status) or the record in its envelope. */
  body?: "empty" | "record";
}

export interface ListOptions {
  /** Lists default to the primary workspace (2); `workspace_id=0` lists all (§4). */
  workspaceScoped?: boolean;
  /** Checks the list's own query parameters once, before any record is looked at (400s even on empty lists). */
  checkParams?(ctx: RouteContext): void;
  /** Extra list filters from query parameters (return false to drop the record). */
  filter?(record: JsonRecord, ctx: RouteContext): boolean;
  /** The list order for this request (default newest first); ignored for `query=` results. */
  order?(ctx: RouteContext): ((a: JsonRecord, b: JsonRecord) => number) | undefined;
  /**
   * A `query="…"` filter (§5.1): fixed 30 per page (unless `perPage`: it honours `per_page` like a plain list),
   * newest first; `total` adds the match count to the body.
   */
  query?: { schema(state: TenantState): FilterSchema<JsonRecord>; total?: boolean; perPage?: boolean };
  /** Trashed records only appear with this query flag (e.g. `filter=deleted`). */
  includeTrashed?(ctx: RouteContext): boolean;
  /** No paging at all: the whole list in one response. */
  unpaged?: boolean;
  /** Answers the list itself when it returns a result (legacy variants such as releases `filter_name`). */
  override?(ctx: RouteContext): RouteResult | undefined;
}

export interface ResourceSpec {
  /** Used in messages ("No problem found with id 7"). */
  label: string;
  /** The tenant's map for this resource, keyed by the path id. */
  store(state: TenantState): Map<number, JsonRecord>;
  /** Collection path below /api/v2; a parent id is `:id` and the item id is `:itemParam`. */
  path: string;
  /** Item path when it differs from `<path>/:<itemParam>` (the service catalog's hyphen/underscore split). */
  itemPath?: string;
  itemParam?: string;
  /** Envelope keys (§9). */
  single: string;
  plural: string;
  operations?: readonly Operation[];
  /** Where create/update bodies sit, e.g. `time_entry` → `{"time_entry":{…}}`. */
  wrapper?: string;
  /** Top-level attributes allowed next to the wrapper (e.g. the service item's `workspace_id`). */
  wrapperSiblings?: FieldSpecs;
  fields(state: TenantState, mode: WriteMode): FieldSpecs;
  /** Per-tenant custom fields validated inside `custom_fields` (required ones on create). */
  customFields?(state: TenantState): readonly CustomFieldDef[];
  /** Status values that close the record: `required_for_closure` custom fields must then be filled. */
  closedStatuses?: readonly number[];
  /** Cross-field checks once the single values are known. */
  validate?(ctx: RouteContext, values: JsonObject, mode: WriteMode, existing?: JsonRecord): FieldError[];
  /** A new record from validated values (ids issued here). */
  build(ctx: RouteContext, values: JsonObject, parent?: unknown): JsonRecord;
  /** Applies validated values to an existing record (default: assign and touch updated_at). */
  apply?(ctx: RouteContext, record: JsonRecord, values: JsonObject): void;
  /** The public JSON for one record (default: internal keys dropped); `includes` are the accepted embeds. */
  toJson?(ctx: RouteContext, record: JsonRecord, mode: "show" | "list", includes: ReadonlySet<string>): unknown;
  /** `include=` values accepted on show / list (anything else is a 400), charged per §3. */
  showIncludes?: readonly string[];
  listIncludes?: readonly string[];
  /** Resolves the parent from `ctx.params.id` (404 when unknown); children carry `_parent_id`. */
  parent?(ctx: RouteContext): { id: number; record: unknown };
  /** The record key in the store when it is not `id` (assets/service items: display_id). */
  keyField?: "id" | "display_id";
  list?: ListOptions;
  delete?: DeleteSemantics;
  /** `PUT …/restore` → 204 (trash mode only). */
  restore?: boolean;
  /** `PUT …/move_workspace` with these attributes; `rename` maps body names to record names (owner_id → agent_id). */
  moveWorkspace?: { fields: FieldSpecs; rename?: Record<string, string> };
  updateMethod?: "PUT" | "PATCH";
}
