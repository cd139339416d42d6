/** What a test file does when an external tool it drives is absent: skip with one line saying how to get it, or fail under CI. */
import { accessSync, constants, statSync } from "node:fs";

/** The environment variables a lookup reads, passed in so that lookups stay pure. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A lookup's outcome: the tool's path, or why it is missing and whether that fails the tests or skips them. */
export type ToolLookup = { found: true; path: string } | { found: false; fail: boolean; message: string };

/** CI services set `CI` (to `true` or `1`); an empty, `0` or `false` value is someone switching it off. */
export function isCi(env: Env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/**
 * A tool that is simply not installed. On a newcomer's machine the tests that need it are skipped with `message`
 * (what is missing and how to get it); under CI a silent skip would hide lost coverage, so they fail.
 */
export function missingTool(env: Env, message: string): ToolLookup {
  if (isCi(env))
    return { found: false, fail: true, message: `${message} CI is set, so this fails instead of skipping.` };
  return { found: false, fail: false, message: `Skipped: ${message}` };
}

/** The impure end: the tool's path, or undefined after printing the one skip line; throws when the lookup fails. */
export function toolOrSkip(lookup: ToolLookup): string | undefined {
  if (lookup.found) return lookup.path;
  if (lookup.fail) throw new Error(lookup.message);
  console.warn(lookup.message);
  return undefined;
}

/** A regular file this process may execute (following symlinks, as launching it would). */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
