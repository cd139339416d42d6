/** The console's static files are what their sources say: a change to a source fails here until they are rewritten. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONSOLE_ASSETS_DIR, renderConsoleAssets } from "../../scripts/build-console";
import { CONSOLE_FILES } from "../../worker/console/serve-console";

describe("the console's static files", () => {
  const rendered = renderConsoleAssets();

  it.each(Object.keys(rendered))("%s is up to date (npx tsx scripts/build-console.ts rewrites it)", (name) => {
    expect(readFileSync(join(CONSOLE_ASSETS_DIR, name), "utf8")).toBe(rendered[name]);
  });

  it("holds exactly the files the console serves", () => {
    const served = Object.values(CONSOLE_FILES).map((f) => f.file);
    expect(readdirSync(CONSOLE_ASSETS_DIR).sort()).toEqual([...served].sort());
    expect(Object.keys(rendered).sort()).toEqual([...served].sort());
  });
});
