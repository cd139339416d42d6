/**
 * Names a profiled function by where it is in the source, not in the bundle: the bundle's source map turns
 * `index.js:50425` into `worker/index.ts:16`, and the path says which package or folder of ours it belongs to.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, relative, resolve } from "node:path";
import { inputGroup } from "../scripts/bundle-size";
import { projectPath } from "./bundle";
import { functionLabel, type ProfileCallFrame } from "./cpu-profile";

const BUNDLE_FILE = "index.js";

function readSourceMap(bundleDir: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(join(bundleDir, `${BUNDLE_FILE}.map`), "utf8")));
  } catch {
    return undefined;
  }
}

function sourcePath(bundleDir: string, originalSource: string): string {
  return projectPath(relative(process.cwd(), resolve(bundleDir, originalSource)));
}

/** A labeller for `isolateCpu` over the bundle in `bundleDir` (falls back to bundle lines without its map). */
export function sourceLabeller(bundleDir: string): (frame: ProfileCallFrame) => string {
  const map = readSourceMap(bundleDir);
  if (!map) return functionLabel;
  const cache = new Map<string, string>();
  return (frame) => {
    if (!frame.url.endsWith(BUNDLE_FILE) || !map) return functionLabel(frame);
    const key = `${frame.functionName}@${frame.lineNumber}:${frame.columnNumber}`;
    let label = cache.get(key);
    if (label === undefined) {
      const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as {
        originalSource?: string;
        originalLine?: number;
      };
      label = entry.originalSource
        ? `${frame.functionName || "(anonymous)"} (${sourcePath(bundleDir, entry.originalSource)}:${(entry.originalLine ?? 0) + 1})`
        : functionLabel(frame);
      cache.set(key, label);
    }
    return label;
  };
}

/** V8's own nodes: kept as they are in the time by package. */
const V8_NODES = new Set(["(program)", "(garbage collector)", "(idle)", "(root)"]);

/** The package or folder of ours a label's source belongs to; V8's and workerd's own code when it has none. */
export function areaOf(label: string): string {
  if (V8_NODES.has(label)) return label;
  const source = /\(([^()]+):\d+\)$/.exec(label)?.[1];
  if (!source) return "built-ins (JSON, Response, crypto, …)";
  // The bundle's own lines: esbuild's helpers, and its top-level code, which V8 reports as one frame without a
  // position (so module evaluation's top level can't be split by source).
  if (source === BUNDLE_FILE) return "bundle top level and esbuild helpers";
  return inputGroup(source);
}
