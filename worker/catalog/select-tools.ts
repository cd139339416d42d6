/** The `methods` and `tags` filters of an MCP server's config, applied the same way to tools/list and tools/call. */
import type { ToolEntry } from "./build-tools";

export interface ToolFilter {
  methods?: string[];
  tags?: string[];
}

/** `read` = list + get + read-only custom operations; `write` = create/update/delete + mutating custom ones; `custom` = every non-CRUD operation; anything else is an exact method name. */
export function matchesMethods(tool: ToolEntry, methods: string[] | undefined): boolean {
  if (!methods || methods.length === 0) return true;
  return methods.some((m) => {
    if (m === "read" || m === "write") return tool.category === m;
    if (m === "custom") return tool.custom;
    return tool.method === m;
  });
}

export function matchesTags(tool: ToolEntry, tags: string[] | undefined): boolean {
  if (!tags || tags.length === 0) return true;
  return tags.some((t) => tool.tags.includes(t));
}

export function selectTools<T extends ToolEntry>(catalog: T[], filter: ToolFilter): T[] {
  return catalog.filter((t) => matchesMethods(t, filter.methods) && matchesTags(t, filter.tags));
}

/** Every value the filters can match, so the admin API can refuse a typo instead of minting an empty server. */
export function filterVocabulary(catalog: ToolEntry[]) {
  return {
    methods: new Set(["read", "write", "custom", ...catalog.map((t) => t.method)]),
    tags: new Set(catalog.flatMap((t) => t.tags)),
  };
}
