/**
 * The Worker's bundle per deploy environment, as `wrangler deploy` would upload it: its size raw and gzip (the
 * figure Cloudflare's script-size limit counts) and what it is made of: the build's metafile names the inputs,
 * the bundle's source map says which bytes came from which, grouped by package (our own code by worker/ folder).
 *
 *   tsx scripts/bundle-size.ts staging production     # builds each environment, prints a table per environment
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { DEPLOY_ENVIRONMENTS, type DeployEnvironment } from "./check-deploy";

/** Issue 11's bound on what each environment uploads, in wrangler's unit (it prints KiB). */
export const MAX_BUNDLE_GZIP_BYTES = 200 * 1024;
/** The one module wrangler writes for this Worker (it bundles everything into its entry point). */
export const BUNDLE_FILE = "index.js";
/** esbuild's record of the build's inputs, written beside the bundle. */
const METAFILE = "meta.json";

/** Offline: wrangler would otherwise reach Cloudflare for telemetry, error reports and the `cf` object. */
export const OFFLINE_WRANGLER_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
  NO_COLOR: "1",
};

const run = promisify(execFile);

/** `wrangler deploy --dry-run` for one environment into `outdir`; resolves to wrangler's output. */
export async function buildBundle(env: DeployEnvironment, outdir: string): Promise<string> {
  const { stdout, stderr } = await run(
    "node_modules/.bin/wrangler",
    ["deploy", "--dry-run", "--env", env, "--outdir", outdir, "--metafile", join(outdir, METAFILE)],
    { env: { ...process.env, ...OFFLINE_WRANGLER_ENV } },
  );
  return `${stdout}\n${stderr}`;
}

/** The built bundle's size, counted as wrangler counts it (zlib's default gzip level). */
export function bundleSize(outdir: string): { raw: number; gzip: number } {
  const code = readFileSync(join(outdir, BUNDLE_FILE));
  return { raw: code.byteLength, gzip: gzipSync(code).byteLength };
}

/** Every file with code in the bundle (paths from the project root); files the build read but shook out are not. */
export function bundledInputPaths(outdir: string): string[] {
  const bundle = Object.entries(readMetafile(outdir).outputs).find(([path]) => path.endsWith(`/${BUNDLE_FILE}`));
  return Object.entries(bundle?.[1].inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([path]) => path);
}

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

function readMetafile(outdir: string): Metafile {
  return JSON.parse(readFileSync(join(outdir, METAFILE), "utf8"));
}

export interface BundleInput {
  /** A package name, `schemas/*.json`, a worker/ folder, or `(bundler glue)` for bytes no input maps to. */
  name: string;
  raw: number;
  /** This input's bytes gzipped on their own: what it would cost alone (the parts sum to more than the whole). */
  gzip: number;
}

/** The bundle's bytes by input group, biggest gzip first (a build from `buildBundle`, run in `projectRoot`). */
export function bundleInputs(outdir: string, projectRoot = ".", groupOfPath = inputGroup): BundleInput[] {
  const code = readFileSync(join(outdir, BUNDLE_FILE), "utf8");
  const map = readSourceMap(join(outdir, `${BUNDLE_FILE}.map`));
  const groupOf = groupsBySource(readMetafile(outdir), projectRoot, groupOfPath);
  const groups = map.sources.map((source) => {
    const path = resolve(outdir, source);
    return groupOf.get(path) ?? groupOfPath(relative(projectRoot, path));
  });
  const text = new Map<string, string[]>();
  const add = (group: string, slice: string) => {
    if (!slice) return;
    const parts = text.get(group) ?? [];
    parts.push(slice);
    text.set(group, parts);
  };

  const mappingLines = map.mappings.split(";");
  let source = 0;
  code.split("\n").forEach((line, lineIndex) => {
    const lineMappings = mappingLines[lineIndex];
    let column = 0;
    let start = 0;
    let group = "(bundler glue)";
    for (const segment of lineMappings ? lineMappings.split(",") : []) {
      const fields = decodeVlq(segment);
      const [columnDelta = 0, sourceDelta = 0] = fields;
      const mapsToSource = fields.length >= 4;
      column += columnDelta;
      add(group, line.slice(start, column));
      start = column;
      if (mapsToSource) source += sourceDelta;
      group = (mapsToSource && groups[source]) || "(bundler glue)";
    }
    add(group, `${line.slice(start)}\n`);
  });

  return [...text]
    .map(([name, parts]) => {
      const bytes = Buffer.from(parts.join(""));
      return { name, raw: bytes.byteLength, gzip: gzipSync(bytes).byteLength };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

interface SourceMap {
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

function readSourceMap(path: string): SourceMap {
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * Every source path the bundle's map can name, to its input's group. A pre-built package (the MCP SDK) ships
 * its own source maps, which esbuild follows: the bundle's map then names the package's original sources
 * (`../core-internal/src/…`, its own copies of other packages), which still belong to the package bundled.
 */
function groupsBySource(
  meta: Metafile,
  projectRoot: string,
  groupOfPath: (path: string) => string,
): Map<string, string> {
  const groups = new Map<string, string>();
  for (const input of Object.keys(meta.inputs)) {
    const group = groupOfPath(input);
    const path = resolve(projectRoot, input);
    groups.set(path, group);
    if (!existsSync(`${path}.map`)) continue;
    const inner = readSourceMap(`${path}.map`);
    for (const source of inner.sources) groups.set(resolve(dirname(path), inner.sourceRoot ?? "", source), group);
  }
  return groups;
}

/** `node_modules/zod/v4/core/api.js` → `zod`; `worker/mcp/handler.ts` → `worker/mcp`; schemas are one group. */
export function inputGroup(path: string): string {
  const [, name, rest = ""] = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path) ?? [];
  // zod's English messages are the ones used; any other locale in the bundle is weight that never runs.
  if (name) return name === "zod" && /\/locales\/(?!en\.js)/.test(rest) ? "zod (locales)" : name;
  if (path.startsWith("schemas/")) return "schemas/*.json";
  const [top, folder] = path.split("/");
  return folder && path.split("/").length > 2 ? `${top}/${folder}` : path;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** One source-map segment's fields (base64 VLQ, each a signed delta). */
function decodeVlq(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

async function main(envs: string[]) {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  for (const env of envs) {
    if (!DEPLOY_ENVIRONMENTS.includes(env as DeployEnvironment)) {
      console.error(`Unknown environment "${env}": use ${DEPLOY_ENVIRONMENTS.join(" or ")}.`);
      process.exit(2);
    }
    const outdir = mkdtempSync(join(tmpdir(), `bundle-${env}-`));
    try {
      await buildBundle(env as DeployEnvironment, outdir);
      const { raw, gzip } = bundleSize(outdir);
      console.log(`\n[env.${env}] ${BUNDLE_FILE}: ${kib(raw)} raw, ${kib(gzip)} gzip`);
      console.log("| input | raw | gzip alone |\n|---|---:|---:|");
      for (const input of bundleInputs(outdir))
        if (input.raw >= 1024) console.log(`| ${input.name} | ${kib(input.raw)} | ${kib(input.gzip)} |`);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? ""))
  await main(process.argv.slice(2));
