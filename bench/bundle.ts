/**
 * The bundle per deploy environment for the bench: scripts/bundle-size.ts builds it and splits its bytes by
 * input; this adds wrangler's own "Total Upload" figures (the ones its deploy prints and Cloudflare limits).
 */
import { type BundleInput, buildBundle, bundleInputs, bundleSize, MAX_BUNDLE_GZIP_BYTES } from "../scripts/bundle-size";
import type { DeployEnvironment } from "../scripts/check-deploy";

export const BUNDLE_GZIP_LIMIT_KIB = MAX_BUNDLE_GZIP_BYTES / 1024;

export interface Bundle {
  env: DeployEnvironment;
  outdir: string;
  bytes: number;
  gzipBytes: number;
  /** wrangler's "Total Upload" figures, KiB. */
  wranglerKiB?: number;
  wranglerGzipKiB?: number;
  /** By package or folder of ours, largest gzip first. */
  inputs: BundleInput[];
}

/** Builds the Worker as `wrangler deploy --env <env>` would, into `outdir`, without uploading it. */
export async function measureBundle(env: DeployEnvironment, outdir: string): Promise<Bundle> {
  const printed = await buildBundle(env, outdir);
  const upload = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(printed);
  const { raw, gzip } = bundleSize(outdir);
  return {
    env,
    outdir,
    bytes: raw,
    gzipBytes: gzip,
    wranglerKiB: upload ? Number(upload[1]) : undefined,
    wranglerGzipKiB: upload ? Number(upload[2]) : undefined,
    inputs: bundleInputs(outdir),
  };
}

/** A path as seen from the project root (esbuild and source maps write them relative to where they ran). */
export function projectPath(path: string): string {
  const inModules = path.lastIndexOf("node_modules/");
  if (inModules >= 0) return path.slice(inModules);
  return path.replace(/^(\.\.\/)+/, "");
}
