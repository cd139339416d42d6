/** package.json and its lockfile keep `npm install` working on every developer's machine, not only on CI's. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}
interface Lockfile {
  packages: Record<
    string,
    {
      version?: string;
      os?: string | string[];
      cpu?: string | string[];
      optional?: boolean;
      deprecated?: string;
      hasInstallScript?: boolean;
    }
  >;
}

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as Manifest;
const lockfile = JSON.parse(readFileSync("package-lock.json", "utf8")) as Lockfile;

const direct = Object.keys({
  ...manifest.dependencies,
  ...manifest.devDependencies,
  ...manifest.optionalDependencies,
});

describe("package.json", () => {
  // npm copies a version's deprecation into the lockfile: a pinned release its publisher withdrew (a broken one, or
  // a line no longer supported) shows up here and in every install's warnings. Move to the supported release.
  it("pins no release its publisher has deprecated", () => {
    const deprecated = direct.flatMap((name) => {
      const entry = lockfile.packages[`node_modules/${name}`];
      return entry?.deprecated ? [`${name}@${entry.version}: ${entry.deprecated}`] : [];
    });
    expect(deprecated).toEqual([]);
  });

  // npm refuses (EBADPLATFORM) to install a required package built for another platform: on a Mac, a required
  // Linux-only package fails the whole `npm install`. An optional one is skipped there instead.
  it("lists a direct dependency that installs only on some platforms as optional", () => {
    const required = { ...manifest.dependencies, ...manifest.devDependencies };
    const platformBound = Object.keys(required).filter((name) => {
      const entry = lockfile.packages[`node_modules/${name}`];
      return entry?.os !== undefined || entry?.cpu !== undefined;
    });
    expect(platformBound).toEqual([]);
  });

  it("has the lockfile agree that each optional dependency is optional", () => {
    for (const name of Object.keys(manifest.optionalDependencies ?? {}))
      expect(lockfile.packages[`node_modules/${name}`], name).toMatchObject({ optional: true });
  });

  // npm 11 runs a dependency's install scripts only as allowScripts says (and warns about, or with
  // --strict-allow-scripts refuses, any it doesn't cover): each one is a reviewed decision, named in the README.
  it("allows or denies every dependency's install scripts by name", () => {
    const withScripts = Object.entries(lockfile.packages)
      // "" is this project itself, whose own scripts are not a dependency's.
      .filter(([path, entry]) => path !== "" && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    const unreviewed = [...new Set(withScripts)].filter((name) => manifest.allowScripts?.[name] === undefined);
    expect(unreviewed).toEqual([]);
  });
});
