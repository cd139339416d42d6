/**
 * Deploys proven without a Cloudflare account: each environment passes the deploy checker and builds with
 * `wrangler deploy --dry-run --env <env> --outdir <dir>`, listing its own bindings and vars, within the bundle
 * size bound and without the modules that never run; and the checker refuses the configurations that must never
 * ship.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildBundle,
  bundledInputPaths,
  bundleInputs,
  bundleSize,
  MAX_BUNDLE_GZIP_BYTES,
} from "../../scripts/bundle-size";
import {
  DEPLOY_ENVIRONMENTS,
  type DeployEnvironment,
  deployProblems,
  type ResolvedConfig,
  readEnvironment,
} from "../../scripts/check-deploy";

const outRoot = mkdtempSync(join(tmpdir(), "fs-mcp-dry-run-"));
const builds = new Map<DeployEnvironment, { output: string; outdir: string }>();

beforeAll(async () => {
  // Both builds at once: each is a few seconds of esbuild, longer on a busy machine.
  await Promise.all(
    DEPLOY_ENVIRONMENTS.map(async (env) => {
      const outdir = join(outRoot, env);
      builds.set(env, { output: await buildBundle(env, outdir), outdir });
    }),
  );
});

afterAll(() => {
  rmSync(outRoot, { recursive: true, force: true });
});

describe.each(DEPLOY_ENVIRONMENTS)("env.%s", (env) => {
  it("passes the deploy checker", () => {
    expect(deployProblems(env, readEnvironment(env))).toEqual([]);
  });

  it("builds with its own bindings and vars", () => {
    const build = builds.get(env);
    expect(existsSync(join(build?.outdir ?? "", "index.js"))).toBe(true);
    // The bindings table wrangler prints (its warnings above it may name top-level vars).
    const output = /following bindings:([\s\S]*?)--dry-run/.exec(build?.output ?? "")?.[1] ?? "";
    expect(output).toMatch(/env\.URL_BUDGET \(UrlBudget\)\s+Durable Object/);
    expect(output).toMatch(new RegExp(`env\\.STORE \\(REPLACE_WITH_${env.toUpperCase()}_KV_ID\\)\\s+KV Namespace`));
    expect(output).toMatch(new RegExp(`env\\.AUDIT_DB \\(freshservice-mcp-audit-${env}\\)\\s+D1 Database`));
    expect(output).toMatch(new RegExp(`env\\.ENVIRONMENT \\("${env}"\\)\\s+Environment Variable`));
    expect(output).toMatch(/env\.ALLOW_LOOPBACK_UPSTREAM \("false"\)/);
    expect(output).not.toMatch(/ALLOWED_HOSTS|ADMIN_API_TOKEN|CREDENTIALS_KEY/);
    if (env === "production") expect(output).toMatch(/env\.PUBLIC_ORIGIN \("https:\/\/[^"]+"\)/);
  });

  it(`uploads at most ${MAX_BUNDLE_GZIP_BYTES / 1024} KiB gzip`, () => {
    const outdir = builds.get(env)?.outdir ?? "";
    const biggest = bundleInputs(outdir)
      .slice(0, 5)
      .map((input) => `${input.name} ${Math.round(input.gzip / 1024)} KiB`);
    expect(bundleSize(outdir).gzip, `biggest inputs (gzip alone): ${biggest.join(", ")}`).toBeLessThanOrEqual(
      MAX_BUNDLE_GZIP_BYTES,
    );
  });

  it("bundles no module that never runs: no zod locale but English, no Ajv", () => {
    const inputs = bundledInputPaths(builds.get(env)?.outdir ?? "");
    expect(inputs.some((path) => path.endsWith("zod/v4/locales/en.js"))).toBe(true);
    expect(inputs.filter((path) => /zod\/v4\/locales\/(?!en\.js)/.test(path))).toEqual([]);
    expect(inputs.filter((path) => /node_modules\/ajv|ajvProvider/.test(path))).toEqual([]);
  });
});

describe("the checker refuses what must never ship", () => {
  const production = () => structuredClone(readEnvironment("production")) as ResolvedConfig;
  const varsOf = (config: ResolvedConfig) => config.vars as Record<string, unknown>;

  it.each([
    ["without its public origin", (c: ResolvedConfig) => delete varsOf(c).PUBLIC_ORIGIN, /PUBLIC_ORIGIN must be/],
    ["with an http public origin", (c: ResolvedConfig) => (varsOf(c).PUBLIC_ORIGIN = "http://mcp.acme.com"), /PUBLIC/],
    [
      "with a loopback upstream allowed",
      (c: ResolvedConfig) => (varsOf(c).ALLOW_LOOPBACK_UPSTREAM = "true"),
      /LOOPBACK/,
    ],
    ["with the local Host list", (c: ResolvedConfig) => (varsOf(c).ALLOWED_HOSTS = "localhost"), /ALLOWED_HOSTS/],
    ["with a secret in vars", (c: ResolvedConfig) => (varsOf(c).ADMIN_API_TOKEN = "x"), /secret put/],
    ["named as another environment", (c: ResolvedConfig) => (varsOf(c).ENVIRONMENT = "staging"), /ENVIRONMENT/],
    ["without its D1 database", (c: ResolvedConfig) => (c.d1_databases = []), /AUDIT_DB/],
    ["without its KV namespace", (c: ResolvedConfig) => (c.kv_namespaces = []), /STORE/],
    ["without the Durable Object migration", (c: ResolvedConfig) => (c.migrations = []), /UrlBudget/],
    ["without the retention cron", (c: ResolvedConfig) => (c.triggers = { crons: [] }), /cron/],
  ])("a production build %s", (_, change, problem) => {
    const config = production();
    change(config);
    expect(deployProblems("production", config).join("\n")).toMatch(problem);
  });

  it("before a real deploy, placeholder ids and the example origin are refused", () => {
    const problems = deployProblems("production", readEnvironment("production"), { forDeploy: true }).join("\n");
    expect(problems).toMatch(/placeholder id REPLACE_WITH_PRODUCTION_KV_ID/);
    expect(problems).toMatch(/placeholder id REPLACE_WITH_PRODUCTION_D1_ID/);
    expect(problems).toMatch(/PUBLIC_ORIGIN is still the example/);
  });
});
