/**
 * Checks that a deploy environment of wrangler.toml has what the Worker needs before it is built or shipped:
 * its own bindings (KV, the Durable Object and its migration, D1 with the migrations folder), the retention
 * cron, and vars that are safe to deploy (its name, no loopback upstream, no local Host list, a public origin in
 * production, no secret in plain text).
 *
 *   tsx scripts/check-deploy.ts staging production        # what CI checks (placeholder ids allowed)
 *   tsx scripts/check-deploy.ts --for-deploy production   # before a real deploy: real resource ids too
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { unstable_readConfig } from "wrangler";

export const DEPLOY_ENVIRONMENTS = ["staging", "production"] as const;
export type DeployEnvironment = (typeof DEPLOY_ENVIRONMENTS)[number];

/** The slice of wrangler's resolved config the checks read. */
export type ResolvedConfig = ReturnType<typeof unstable_readConfig>;

/** wrangler.toml ships with these until the operator pastes the ids `wrangler kv/d1 … create` printed. */
const PLACEHOLDER_ID = /^REPLACE_WITH_/;
/** Secrets are set with `wrangler secret put`; in vars they would sit in wrangler.toml in plain text. */
const SECRET_NAMES = ["ADMIN_API_TOKEN", "CREDENTIALS_KEY"];

export function readEnvironment(env: DeployEnvironment, configPath = "wrangler.toml"): ResolvedConfig {
  return unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
}

/** Every problem with one environment's config, as sentences; empty when it may be built (and deployed). */
export function deployProblems(
  env: DeployEnvironment,
  config: ResolvedConfig,
  { forDeploy = false, projectRoot = "." } = {},
): string[] {
  const problems: string[] = [];
  const vars = config.vars as Record<string, unknown>;
  const id = (what: string, value: string | undefined) => {
    if (!value) problems.push(`${what} has no id`);
    else if (forDeploy && PLACEHOLDER_ID.test(value))
      problems.push(`${what} still has the placeholder id ${value}: paste the id wrangler printed when it created it`);
  };

  if (vars.ENVIRONMENT !== env)
    problems.push(`vars.ENVIRONMENT must be "${env}" (is ${JSON.stringify(vars.ENVIRONMENT)})`);
  if (vars.ALLOW_LOOPBACK_UPSTREAM === "true")
    problems.push('vars.ALLOW_LOOPBACK_UPSTREAM must not be "true": a deployed Worker never reaches loopback');
  if (vars.ALLOWED_HOSTS !== undefined)
    problems.push("vars.ALLOWED_HOSTS must be unset when deployed: it is the local DNS-rebinding defence");
  if (typeof vars.ALLOWED_ORIGINS !== "string") problems.push("vars.ALLOWED_ORIGINS is missing");
  for (const secret of SECRET_NAMES)
    if (secret in vars) problems.push(`${secret} is a secret: set it with wrangler secret put, not in vars`);
  const publicOrigin = vars.PUBLIC_ORIGIN;
  if (env === "production" && !isHttpsOrigin(publicOrigin))
    problems.push(
      `vars.PUBLIC_ORIGIN must be the https origin clients reach the Worker at, e.g. https://mcp.example.com (is ${JSON.stringify(publicOrigin)})`,
    );
  else if (forDeploy && typeof publicOrigin === "string" && new URL(publicOrigin).hostname.endsWith(".example.com"))
    problems.push(`vars.PUBLIC_ORIGIN is still the example ${publicOrigin}: set your Worker's own origin`);
  else if (publicOrigin !== undefined && !isHttpsOrigin(publicOrigin))
    problems.push(`vars.PUBLIC_ORIGIN must be an https origin without a path (is ${JSON.stringify(publicOrigin)})`);

  const kv = config.kv_namespaces.find((n: { binding: string; id?: string }) => n.binding === "STORE");
  if (!kv) problems.push("no KV namespace bound as STORE");
  else id("the STORE KV namespace", kv.id);

  const d1 = config.d1_databases.find(
    (d: { binding: string; database_id?: string; migrations_dir?: string }) => d.binding === "AUDIT_DB",
  );
  if (!d1) problems.push("no D1 database bound as AUDIT_DB");
  else {
    id("the AUDIT_DB D1 database", d1.database_id);
    if (!d1.migrations_dir || !existsSync(resolve(projectRoot, d1.migrations_dir)))
      problems.push("the AUDIT_DB D1 database has no migrations_dir that exists (the audit trail's tables)");
  }

  const budget = config.durable_objects.bindings.find(
    (b: { name: string; class_name: string }) => b.name === "URL_BUDGET",
  );
  if (budget?.class_name !== "UrlBudget") problems.push("no Durable Object bound as URL_BUDGET (class UrlBudget)");
  if (!config.migrations.some((m: { new_sqlite_classes?: string[] }) => m.new_sqlite_classes?.includes("UrlBudget")))
    problems.push("no Durable Object migration creates UrlBudget (new_sqlite_classes)");

  if (!config.triggers.crons?.length)
    problems.push("no cron trigger: the audit trail's retention purge would never run");
  return problems;
}

function isHttpsOrigin(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.origin === value;
  } catch {
    return false;
  }
}

function main(args: string[]) {
  const forDeploy = args.includes("--for-deploy");
  const envs = args.filter((a) => a !== "--for-deploy");
  let failed = false;
  for (const env of envs) {
    if (!DEPLOY_ENVIRONMENTS.includes(env as DeployEnvironment)) {
      console.error(`Unknown environment "${env}": use ${DEPLOY_ENVIRONMENTS.join(" or ")}.`);
      process.exit(2);
    }
    const problems = deployProblems(env as DeployEnvironment, readEnvironment(env as DeployEnvironment), { forDeploy });
    if (problems.length) {
      failed = true;
      console.error(`[env.${env}] in wrangler.toml is not ready:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    } else console.log(`[env.${env}] ok`);
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? "")) main(process.argv.slice(2));
