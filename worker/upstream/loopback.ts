/**
 * Loopback upstreams (the local simulator): which hosts count as loopback, and the one rule for where they may be
 * reached. An account's `base_url`, and a file a call attaches by URL, follow the same rule.
 */

/** The host names a loopback origin may use (URL-serialized: IPv6 in brackets). */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Local development and tests only: `ALLOW_LOOPBACK_UPSTREAM` is never honoured in production. */
export function loopbackAllowed(env: Pick<Env, "ALLOW_LOOPBACK_UPSTREAM" | "ENVIRONMENT">): boolean {
  return env.ALLOW_LOOPBACK_UPSTREAM === "true" && env.ENVIRONMENT !== "production";
}
