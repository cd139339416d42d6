/**
 * The bundle `wrangler deploy --dry-run` builds for an environment: its size as wrangler reports the upload
 * (raw and gzip, what Cloudflare's size limit reads), and its biggest inputs from esbuild's metafile, by package
 * and by file.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** wrangler offline: no Request.cf fetch, telemetry, error reports or update check. */
export const WRANGLER_ENV = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
};

const BUNDLE_FILE = "index.js";
const METAFILE = "meta.json";

export interface BundleInput {
  /** A package (`zod`, `@modelcontextprotocol/server`), a folder of ours (`worker/mcp`, `schemas`) or a file. */
  name: string;
  bytes: number;
}

export interface Bundle {
  /** The top-level environment when undefined. */
  env?: string;
  outdir: string;
  bytes: number;
  gzipBytes: number;
  /** wrangler's own "Total Upload" figures (KiB), the ones its deploy prints and Cloudflare limits. */
  wranglerKiB?: number;
  wranglerGzipKiB?: number;
  byPackage: BundleInput[];
  byFile: BundleInput[];
}

/** Builds the Worker as `wrangler deploy --env <env>` would, into `outdir`, without uploading it. */
export function buildBundle(outdir: string, env?: string): Bundle {
  const args = ["deploy", "--dry-run", "--outdir", outdir, "--metafile", join(outdir, METAFILE)];
  if (env) args.push("--env", env);
  const printed = execFileSync("node_modules/.bin/wrangler", args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: WRANGLER_ENV,
  });
  const code = readFileSync(join(outdir, BUNDLE_FILE));
  const upload = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(printed);
  const meta = JSON.parse(readFileSync(join(outdir, METAFILE), "utf8")) as Metafile;
  const byFile = bundleInputs(meta);
  return {
    env,
    outdir,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    wranglerKiB: upload ? Number(upload[1]) : undefined,
    wranglerGzipKiB: upload ? Number(upload[2]) : undefined,
    byPackage: sumBy(byFile, (input) => packageOf(input.name)),
    byFile,
  };
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Each input's bytes in the bundle (not on disk: what tree-shaking left), largest first. */
export function bundleInputs(meta: Metafile): BundleInput[] {
  const output = Object.entries(meta.outputs).find(([path]) => path.endsWith(`/${BUNDLE_FILE}`))?.[1];
  if (!output) throw new Error(`the metafile names no ${BUNDLE_FILE}`);
  return Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ name: projectPath(path), bytes: bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** A path as seen from the project root (esbuild writes them relative to where it ran, wrangler's shims aside). */
export function projectPath(path: string): string {
  const inModules = path.lastIndexOf("node_modules/");
  if (inModules >= 0) return path.slice(inModules);
  return path.replace(/^(\.\.\/)+/, "");
}

/** What a bundle input belongs to: its npm package, or the first folder of our own code (`worker/mcp`). */
export function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (match?.[1]) {
    // zod's locales are most of its size and none of its work: worth a line of their own.
    if (match[1] === "zod" && /\/locales\//.test(path)) return "zod (locales)";
    return match[1];
  }
  const parts = path.split("/");
  if (parts[0] === "worker" && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  if (parts.length > 1) return parts[0] ?? path;
  return path;
}

export function sumBy(inputs: BundleInput[], key: (input: BundleInput) => string): BundleInput[] {
  const sums = new Map<string, number>();
  for (const input of inputs) sums.set(key(input), (sums.get(key(input)) ?? 0) + input.bytes);
  return [...sums.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
