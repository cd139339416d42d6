/**
 * A URL's bundled tools: the catalog's tools its filters select, with its workspace announced. They depend only on
 * the config (methods, tags, workspace), so there is one tool set per isolate per config, its tools built as they
 * are first read, each once (initialize and ping read none, so never build the catalog). A signed-in agent's grant
 * narrows a set further (read only without the write scope; for a Freshworks sign-in, only what Freshworks has a
 * scope for): another set, under another key, so a narrowed list never mixes with a wider one.
 */
import type { CatalogTool } from "../catalog/build-tools";
import { type BundledToolEntry, bundledTool, bundledToolEntries } from "../catalog/bundled-catalog";
import { FRESHWORKS_SCOPELESS_TOOLS } from "../catalog/freshworks-scopeless.generated";
import { selectTools } from "../catalog/select-tools";
import type { McpServerConfig } from "../store/mcp-servers";
import { announceWorkspace } from "./workspace-default";

export interface ToolSet {
  /** Every tool of the set, built on first read. */
  readonly tools: CatalogTool[];
  /** One of them by name, built alone with its family (a tools/call builds no other family's tools). */
  readonly toolsByName: ToolsByName;
}

export type ToolsByName = Pick<ReadonlyMap<string, CatalogTool>, "get" | "has">;

/** How an OAuth grant narrows its server's tools; secret URLs have none. */
export interface ToolRestriction {
  /** No `freshservice:write`: the server's methods filter intersected with the read tools. */
  readOnly: boolean;
  /** A Freshworks sign-in: no tool whose operation Freshworks gives no OAuth scope for. */
  freshworksScoped: boolean;
}

const NO_RESTRICTION: ToolRestriction = { readOnly: false, freshworksScoped: false };
const scopeless = new Set(FRESHWORKS_SCOPELESS_TOOLS);

/** Whether Freshworks gives no OAuth scope for this tool's operation. */
export function hasNoFreshworksScope(name: string): boolean {
  return scopeless.has(name);
}

const toolSets = new Map<string, ToolSet>();
const MAX_CACHED_TOOL_SETS = 100;

/** The tool set of a URL with this config, from the isolate's cache (keyed by exactly what selects it). */
export function urlToolSet(config: McpServerConfig, restriction: ToolRestriction = NO_RESTRICTION): ToolSet {
  const key = JSON.stringify([
    config.methods ?? [],
    config.tags ?? [],
    config.workspace_id ?? null,
    restriction.readOnly,
    restriction.freshworksScoped,
  ]);
  let entry = toolSets.get(key);
  if (!entry) {
    entry = toolSet(config, restriction);
    if (toolSets.size >= MAX_CACHED_TOOL_SETS) toolSets.clear();
    toolSets.set(key, entry);
  }
  return entry;
}

function toolSet(config: McpServerConfig, restriction: ToolRestriction): ToolSet {
  const allowed = selectTools(bundledToolEntries(), config).filter(
    (e) => (!restriction.readOnly || e.category === "read") && !(restriction.freshworksScoped && scopeless.has(e.name)),
  );
  const selected = new Map(allowed.map((e) => [e.name, e]));
  const built = new Map<string, CatalogTool>();
  const build = (entry: BundledToolEntry) => {
    let tool = built.get(entry.name);
    if (!tool) {
      tool = announceWorkspace(bundledTool(entry), config.workspace_id);
      built.set(entry.name, tool);
    }
    return tool;
  };
  let tools: CatalogTool[] | undefined;
  return {
    get tools() {
      tools ??= [...selected.values()].map(build);
      return tools;
    },
    toolsByName: {
      get: (name) => {
        const entry = selected.get(name);
        return entry && build(entry);
      },
      has: (name) => selected.has(name),
    },
  };
}
