/**
 * A URL's bundled tools: the catalog's tools its filters select, with its workspace announced. They depend only on
 * the config (methods, tags, workspace), so there is one tool set per isolate per config, its tools built as they
 * are first read, each once (initialize and ping read none, so never build the catalog).
 */
import type { CatalogTool } from "../catalog/build-tools";
import { type BundledToolEntry, bundledTool, bundledToolEntries } from "../catalog/bundled-catalog";
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

const toolSets = new Map<string, ToolSet>();
const MAX_CACHED_TOOL_SETS = 100;

/** The tool set of a URL with this config, from the isolate's cache (keyed by exactly what selects it). */
export function urlToolSet(config: McpServerConfig): ToolSet {
  const key = JSON.stringify([config.methods ?? [], config.tags ?? [], config.workspace_id ?? null]);
  let entry = toolSets.get(key);
  if (!entry) {
    entry = toolSet(config);
    if (toolSets.size >= MAX_CACHED_TOOL_SETS) toolSets.clear();
    toolSets.set(key, entry);
  }
  return entry;
}

function toolSet(config: McpServerConfig): ToolSet {
  const selected = new Map(selectTools(bundledToolEntries(), config).map((e) => [e.name, e]));
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
