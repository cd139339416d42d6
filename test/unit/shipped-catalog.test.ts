import { describe, expect, it } from "vitest";
import { loadValidatedSchemas } from "../../scripts/build-catalog";
import { buildCatalog } from "../../worker/catalog/build-tools";
import { bundledCatalog, bundledTool, bundledToolEntries } from "../../worker/catalog/bundled-catalog";
import { parseIndex, shipCatalog, shippedFile } from "../../worker/catalog/shipped-catalog";
import { fixtureFile } from "./fixtures";

const files = loadValidatedSchemas();
const asEntries = (set: typeof files) =>
  set.flatMap((file, family) =>
    buildCatalog([file]).map(({ name, category, method, custom, tags }, position) => ({
      name,
      category,
      method,
      custom,
      tags,
      family,
      position,
    })),
  );

describe("the shipped catalog", () => {
  it("ships each validated file whole, and an index that names and filters every tool as the built ones", () => {
    for (const set of [files, [fixtureFile, fixtureFile]]) {
      const shipped = shipCatalog(set);
      expect(shipped.outlines.map((outline, i) => shippedFile(outline, shipped.details[i] ?? ""))).toEqual(set);
      expect(parseIndex(shipped.index)).toEqual(asEntries(set));
    }
  });

  it("leaves descriptions and argument schemas out of the outlines", () => {
    const ops = shipCatalog(files).outlines.flatMap((outline) =>
      (JSON.parse(outline) as (typeof files)[number]).resources.flatMap((r) => r.operations),
    );
    expect(ops.length).toBeGreaterThan(300);
    for (const key of ["description", "query", "body"]) expect(ops.filter((op) => key in op)).toEqual([]);
  });

  it("gives the Worker the index of the files it ships", () => {
    expect(bundledToolEntries()).toEqual(asEntries(files));
  });

  it("builds the tool an entry names, the same object the whole catalog holds", () => {
    const entries = bundledToolEntries();
    const last = entries.at(-1);
    if (!last) return expect.fail("no entries");
    const tool = bundledTool(last);
    expect(tool.name).toBe(last.name);
    expect(bundledCatalog().at(-1)).toBe(tool);
    expect(bundledCatalog().map((t) => t.name)).toEqual(entries.map((e) => e.name));
  });
});
