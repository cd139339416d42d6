/** Where each kind of account field metadata is read from (§8 of the API notes), and under which cache key. */
import { isPositiveId } from "../catalog/ids";
import type { CustomFieldKind } from "../catalog/schema-vocabulary";

/** Asset types each have their own fields endpoint; past this many, the rest are not fetched (rate limit). */
export const MAX_ASSET_TYPES = 50;

/**
 * The cache's workspace segment when no workspace applies: the account's default view (global + primary
 * workspace) for form fields, and the only view for kinds whose endpoint takes no workspace.
 */
export const ACCOUNT_WIDE = "default";

export type FetchJson = (pathAndQuery: string) => Promise<unknown>;

/** One cacheable piece of metadata: the workspace segment and subject of its cache key, and how to read it. */
export interface FieldSource {
  workspace: string;
  /** The kind, or `service_item:<display_id>` for one item's form. */
  subject: string;
  read: (fetchJson: FetchJson) => Promise<unknown>;
}

export interface SourceScope {
  /** The workspace whose form applies (the call's, else the URL's); only endpoints that take one use it. */
  workspaceId?: number;
  /** A service item's display_id: its fields belong to the item alone. */
  itemId?: number;
}

const SINGLE_ENDPOINT: Partial<Record<CustomFieldKind, string>> = {
  ticket: "/api/v2/ticket_form_fields",
  problem: "/api/v2/problem_form_fields",
  change: "/api/v2/change_form_fields",
  release: "/api/v2/release_form_fields",
  requester: "/api/v2/requester_fields",
  agent: "/api/v2/agent_fields",
  department: "/api/v2/department_fields",
  onboarding: "/api/v2/onboarding_requests/form",
  offboarding: "/api/v2/offboarding_requests/form",
};

/** The form-field endpoints documented to take `?workspace_id=` (§8.1, §8.2); the others are account-wide. */
export const WORKSPACE_KINDS: ReadonlySet<CustomFieldKind> = new Set(["ticket", "problem", "change", "release"]);

/** Undefined when there is nothing to read: a service item's fields need the item's display_id. */
export function fieldSource(kind: CustomFieldKind, scope: SourceScope = {}): FieldSource | undefined {
  const path = SINGLE_ENDPOINT[kind];
  if (path) {
    const workspaceId = WORKSPACE_KINDS.has(kind) && isPositiveId(scope.workspaceId) ? scope.workspaceId : undefined;
    if (workspaceId === undefined) return { workspace: ACCOUNT_WIDE, subject: kind, read: (fetch) => fetch(path) };
    return {
      workspace: String(workspaceId),
      subject: kind,
      read: (fetch) => fetch(`${path}?workspace_id=${workspaceId}`),
    };
  }
  if (kind === "asset") return { workspace: ACCOUNT_WIDE, subject: kind, read: assetTypeFields };
  if (kind === "service_item" && isPositiveId(scope.itemId)) {
    const itemId = scope.itemId;
    // The item GET takes no workspace (display ids are account-wide), so one copy serves every URL.
    return {
      workspace: ACCOUNT_WIDE,
      subject: `service_item:${itemId}`,
      read: async (fetch) => {
        const item = (await fetch(`/api/v2/service_catalog/items/${itemId}`)) as { service_item?: unknown };
        // A missing item (404) is not an empty form: nothing is cached, and the call goes on to Freshservice.
        if (typeof item?.service_item !== "object" || item.service_item === null)
          throw new MetadataError("the service item could not be read");
        return item.service_item;
      },
    };
  }
  return undefined;
}

async function assetTypeFields(fetchJson: FetchJson): Promise<unknown> {
  const list = await fetchJson("/api/v2/asset_types?per_page=100");
  if (list === NO_MODULE) return [];
  const ids = readableList(list, "asset_types")
    .map((t) => (typeof t === "object" && t !== null ? (t as { id?: unknown }).id : undefined))
    .filter(isPositiveId)
    .slice(0, MAX_ASSET_TYPES);
  return Promise.all(ids.map((id) => fetchJson(`/api/v2/asset_types/${id}/fields`)));
}

/** Metadata that can't be used; its message is safe to show (it never carries Freshservice's text). */
export class MetadataError extends Error {}

/**
 * What a read gives for a module the plan doesn't have (403/404): a form with no fields, unlike an answer of
 * an unknown shape, which is unreadable.
 */
export const NO_MODULE: unique symbol = Symbol("no such module");

/**
 * The list under `key` of a metadata answer, or a MetadataError: an answer without it (renamed, missing, null,
 * not an object) is unreadable, never "no fields", or a form the Worker can't read would close a tool to every
 * call. Unusable entries inside a readable list are the normalizer's to skip.
 */
export function readableList(payload: unknown, key: string): unknown[] {
  if (payload === NO_MODULE) return [];
  const list = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) throw new MetadataError(`Freshservice's answer had no ${key} list`);
  return list;
}
