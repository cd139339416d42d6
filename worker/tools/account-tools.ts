/**
 * The tools of one MCP URL as this account sees them: the bundled tools its filters select, with the account's
 * own fields (of the workspace the call names, else the URL's, where the kind has one) merged into the
 * create/update tools, plus the Worker's own read tools (ChatGPT's search and fetch, the record count, the
 * attachment reader) where the filters allow reading what they cover.
 * tools/list merges every kind it shows; tools/call only the one tool it runs, and for a service item's
 * place_request that item's own form, which tools/list can't know. With `tool_exposure: "discovery"`,
 * tools/list shows only the three meta-tools, which search, describe and call all of the above.
 */

import type { FieldSet } from "../catalog/account-field";
import type { CatalogTool, ListedTool } from "../catalog/build-tools";
import { isPositiveId } from "../catalog/ids";
import type { CustomFieldKind } from "../catalog/schema-vocabulary";
import { type SearchableTool, type ToolSearch, toolSearch } from "../catalog/tool-search";
import type { SourceScope } from "../custom-fields/field-sources";
import { type FieldLoaderDeps, type LoadOptions, loadFieldSet } from "../custom-fields/load-fields";
import { mergeAccountFields } from "../custom-fields/merge-fields";
import type { McpServerConfig } from "../store/mcp-servers";
import { discoveryTools } from "./discovery-tools";
import { ownTools } from "./own-tools";
import type { LocalTool } from "./run-tool";
import { cachedToolList, fieldSetVersion, toolSetId } from "./tool-list-cache";
import type { ToolSet, ToolsByName } from "./tool-set";
import type { UrlScope } from "./url-tools";

/** A URL and its tool set (tool-set.ts): what its tools are built from. */
export type AccountScope = UrlScope & ToolSet;

export interface AccountTools {
  /** What tools/list shows. */
  list(): Promise<ListedTool[]>;
  /** The same list serialized as tools/list writes it, from the isolate's cache while nothing it is built from changed. */
  listBytes(): Promise<Uint8Array>;
  /** The URL's bundled tool by name; undefined when its filters exclude it or it does not exist. */
  find(name: string): CatalogTool | undefined;
  /** The URL's tool answered by the Worker itself (search, fetch, the discovery meta-tools) by name. */
  findLocal(name: string): LocalTool | undefined;
  /**
   * The tool with the account's fields merged in, for these arguments (they name the service item); with
   * `cachedOnly`, only what is cached (no call to Freshservice).
   */
  fit(tool: CatalogTool, args: Record<string, unknown>, options?: { cachedOnly?: boolean }): Promise<CatalogTool>;
}

// Merged tools are reused while their metadata is unchanged, so each compiles its validator once per isolate.
const merged = new Map<string, CatalogTool>();
const MAX_MERGED = 2000;

export function accountTools(resolved: AccountScope, deps: FieldLoaderDeps): AccountTools {
  const accountId = resolved.server.account_id;
  const urlWorkspace = resolved.server.config.workspace_id;
  const load = (kind: CustomFieldKind, options: LoadOptions = {}) =>
    loadFieldSet(deps, accountId, kind, { workspaceId: urlWorkspace, ...options });
  const merge = (tool: CatalogTool, fieldSet: FieldSet | undefined, scope: SourceScope = {}) => {
    if (!fieldSet?.ok) return mergeAccountFields(tool, fieldSet);
    // One tool name stands for many forms: each workspace's, each service item's.
    const key = `${accountId}:${scope.workspaceId ?? urlWorkspace ?? ""}:${scope.itemId ?? ""}:${tool.name}:${fieldSet.fetchedAt}`;
    let fitted = merged.get(key);
    if (!fitted) {
      if (merged.size >= MAX_MERGED) merged.clear();
      fitted = mergeAccountFields(tool, fieldSet);
      merged.set(key, fitted);
    }
    return fitted;
  };
  // Built on first use: an initialize or a ping reads none of the URL's tools, so never builds the catalog.
  const own = once(() => ownToolsFor(resolved));
  const discovery = resolved.server.config.tool_exposure === "discovery";
  const fitTool: AccountTools["fit"] = async (tool, args, options) => {
    const kind = tool.operation.custom_fields?.kind;
    if (!kind) return tool;
    const scope = callScope(kind, args);
    const fieldSet = await load(kind, { ...options, ...scope });
    return fieldSet || !options?.cachedOnly ? merge(tool, fieldSet, scope) : tool;
  };
  const meta = once(() =>
    discovery
      ? discoveryTools({
          readOnly: resolved.tools.every((t) => t.category === "read"),
          search: (query, limit) => searchIndex(resolved.tools, own().searchable).search(query, limit),
          async describe(name) {
            const bundled = resolved.toolsByName.get(name);
            if (bundled) return listing(asListed(await fitTool(bundled, {})));
            return own().tools.find((t) => t.listing.name === name)?.listing;
          },
        })
      : [],
  );
  const local = once(() => new Map([...meta(), ...own().tools].map((t) => [t.listing.name, t])));
  const shown = once(() => listedTools(resolved.server.config, resolved.tools, { meta, own: own().tools }));
  const fieldSets = async () =>
    new Map(await Promise.all(fieldKinds(shown().bundled).map(async (kind) => [kind, await load(kind)] as const)));
  const toolList = (sets: Map<CustomFieldKind, FieldSet | undefined>) => [
    ...shown().bundled.map((t) =>
      t.operation.custom_fields ? asListed(merge(t, sets.get(t.operation.custom_fields.kind))) : t,
    ),
    ...shown().local.map((t) => t.listing),
  ];
  return {
    async list() {
      return toolList(await fieldSets());
    },
    async listBytes() {
      // The tool set stands for the URL's filters and workspace; the Worker's own tools follow it and the portal.
      // A grant's narrowing is in the set already (another set, another id); it is named too, so that no read-only
      // or Freshworks list can ever be served for a wider grant's.
      const narrowed = resolved.restriction
        ? `${resolved.restriction.readOnly ? "read" : "write"} ${resolved.restriction.freshworksScoped ? "freshworks" : "any"}`
        : "whole";
      const source = [toolSetId(resolved.tools), accountId, resolved.portal, discovery ? "discovery" : "all", narrowed];
      const sets = await fieldSets();
      const versions = [...sets].map(([kind, set]) => `${kind} ${fieldSetVersion(set)}`);
      return cachedToolList(JSON.stringify([...source, versions]), () => toolList(sets));
    },
    find: (name) => resolved.toolsByName.get(name),
    findLocal: (name) => local().get(name),
    fit: fitTool,
  };
}

/**
 * Which tools tools/list shows: with discovery, its meta-tools instead of every other; otherwise the URL's bundled
 * tools, then the Worker's own (search, fetch, the record count, the attachment reader). The admin API counts a config's tools by this
 * same rule (`toolCount` in tool-count.ts), so the count the console shows is the list a client gets.
 */
export function listedTools<Bundled, Local>(
  config: Pick<McpServerConfig, "tool_exposure">,
  bundled: Bundled[],
  local: { meta: () => Local[]; own: Local[] },
): { bundled: Bundled[]; local: Local[] } {
  return config.tool_exposure === "discovery" ? { bundled: [], local: local.meta() } : { bundled, local: local.own };
}

// The Worker's own tools follow only the tool set and the portal (their runs take the call's context): built once for
// both. Keyed by the set's lookup, which stands for the set without building its tools (a tools/call builds only
// its own).
const ownSets = new WeakMap<ToolsByName, Map<string, ReturnType<typeof ownTools>>>();
const MAX_OWN_PORTALS = 100;

function ownToolsFor({ toolsByName, portal }: AccountScope): ReturnType<typeof ownTools> {
  let byPortal = ownSets.get(toolsByName);
  if (!byPortal) {
    byPortal = new Map();
    ownSets.set(toolsByName, byPortal);
  }
  let own = byPortal.get(portal);
  if (!own) {
    own = ownTools((name) => toolsByName.has(name), portal);
    if (byPortal.size >= MAX_OWN_PORTALS) byPortal.clear();
    byPortal.set(portal, own);
  }
  return own;
}

// The kinds of account fields a tool set merges, per tool set (built once per isolate per config).
const kindsOf = new WeakMap<CatalogTool[], CustomFieldKind[]>();

function fieldKinds(tools: CatalogTool[]): CustomFieldKind[] {
  let kinds = kindsOf.get(tools);
  if (!kinds) {
    kinds = [...new Set(tools.flatMap((t) => (t.operation.custom_fields ? [t.operation.custom_fields.kind] : [])))];
    kindsOf.set(tools, kinds);
  }
  return kinds;
}

// One search index per filtered tool set (tool sets are built once per isolate per config).
const indexes = new WeakMap<CatalogTool[], ToolSearch<SearchableTool>>();

function searchIndex(tools: CatalogTool[], own: SearchableTool[]): ToolSearch<SearchableTool> {
  let index = indexes.get(tools);
  if (!index) {
    index = toolSearch<SearchableTool>([...tools, ...own]);
    indexes.set(tools, index);
  }
  return index;
}

/** `make`'s value, made on the first call and the same one after. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** Only what a client is shown of a tool. */
function listing({ name, title, description, inputSchema, annotations }: ListedTool): ListedTool {
  return { name, title, description, inputSchema, annotations };
}

/**
 * Which form a call fills: the workspace the call names (a model may create a ticket in another workspace than
 * the URL's), and for service items the item, named `display_id` (`/service_catalog/items/{display_id}/…`).
 */
function callScope(kind: CustomFieldKind, args: Record<string, unknown>): SourceScope {
  return {
    ...(isPositiveId(args.workspace_id) ? { workspaceId: args.workspace_id } : {}),
    ...(kind === "service_item" && isPositiveId(args.display_id) ? { itemId: args.display_id } : {}),
  };
}

/** The tool as a client sees it: a form too large to list whole is shown summarised. */
export function asListed(tool: CatalogTool): CatalogTool {
  return tool.listedInputSchema ? { ...tool, inputSchema: tool.listedInputSchema } : tool;
}
