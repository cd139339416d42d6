/**
 * The Worker's layout: one folder per concern, and no folder imports from a folder that imports it (directly or
 * through others), so each concern can be read, and replaced, from its edges inward.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const WORKER = resolve(__dirname, "../../worker");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The folder under worker/ a file belongs to ("" for worker/index.ts and its siblings). */
function folderOf(path: string): string {
  const [first, ...rest] = relative(WORKER, path).split("/");
  return rest.length ? (first ?? "") : "";
}

/** folder → the folders its files import from (relative imports only: packages are not concerns of ours). */
function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(WORKER)) {
    const from = folderOf(file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
      const to = folderOf(resolve(dirname(file), spec ?? ""));
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

/** Every folder reachable from `start` through imports. */
function reachable(graph: Map<string, Set<string>>, start: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(graph.get(start) ?? [])];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.get(next) ?? []));
  }
  return seen;
}

describe("worker/ layout", () => {
  const graph = folderImports();

  it("has no folder cycle", () => {
    const cycles = [...graph.keys()].filter((folder) => folder && reachable(graph, folder).has(folder));
    expect(cycles).toEqual([]);
  });

  it("keeps the protocol apart from a URL's tools: tools/ never imports mcp/, admin/ never imports mcp/", () => {
    expect(graph.get("tools")?.has("mcp")).toBe(false);
    expect(graph.get("admin")?.has("mcp")).toBe(false);
    expect(graph.get("mcp")?.has("admin")).toBe(false);
  });

  it("finds the imports it checks", () => {
    expect(graph.get("mcp")?.has("tools")).toBe(true);
    expect(graph.get("")?.has("mcp")).toBe(true);
  });
});
