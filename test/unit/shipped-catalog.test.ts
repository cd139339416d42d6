import { describe, expect, it } from "vitest";
import { loadValidatedSchemas } from "../../scripts/build-catalog";
import { buildCatalog } from "../../worker/catalog/build-tools";
import { bundledCatalog, bundledTool, bundledToolEntries } from "../../worker/catalog/bundled-catalog";
import { BUNDLED_CATALOG } from "../../worker/catalog/bundled-schemas.generated";
import { unpackTexts } from "../../worker/catalog/packed-texts";
import { Operation } from "../../worker/catalog/schema-format";
import {
  OUTLINE_KEYS,
  parseIndex,
  parseIndexedFiles,
  shipCatalog,
  shippedFile,
} from "../../worker/catalog/shipped-catalog";
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

/**
 * Each file as the Worker read it back before outlines left defaults out and the files were packed: the outline's
 * keys in the format's order, then each operation's description, query and body.
 */
const readBackBefore = (file: (typeof files)[number]) => ({
  ...file,
  resources: file.resources.map((resource) => ({
    ...resource,
    operations: resource.operations.map(({ description, query, body, ...rest }) => ({
      ...rest,
      description,
      query,
      body,
    })),
  })),
});

describe("the shipped catalog", () => {
  it("ships each validated file whole, and an index that names and filters every tool as the built ones", () => {
    for (const set of [files, [fixtureFile, fixtureFile]]) {
      const shipped = shipCatalog(set);
      const indexed = parseIndexedFiles(shipped.index);
      expect(
        shipped.outlines.map((outline, i) =>
          shippedFile(indexed[i] ?? expect.fail(), outline, shipped.details[i] ?? ""),
        ),
      ).toEqual(set);
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

  it("reads each file back exactly as before outlines left out defaults and what the index says, key order included", () => {
    for (const set of [files, [fixtureFile]]) {
      const shipped = shipCatalog(set);
      const indexed = parseIndexedFiles(shipped.index);
      set.forEach((file, i) => {
        const readBack = shippedFile(indexed[i] ?? expect.fail(), shipped.outlines[i] ?? "", shipped.details[i] ?? "");
        expect(JSON.stringify(readBack)).toBe(JSON.stringify(readBackBefore(file)));
      });
    }
  });

  it("restores every key of an operation in the format's order, and ships none the index or a default gives", () => {
    const outlineKeys = OUTLINE_KEYS.map(([key]) => key);
    expect([...outlineKeys, "description", "query", "body"].sort()).toEqual(Object.keys(Operation.shape).sort());
    expect(outlineKeys).toEqual(Object.keys(Operation.shape).filter((key) => outlineKeys.includes(key as never)));
    const outlines = shipCatalog(files).outlines.map((outline) => JSON.parse(outline));
    expect(outlines.filter((file) => "tags" in file)).toEqual([]);
    const resources = outlines.flatMap((file) => file.resources as Record<string, unknown>[]);
    expect(resources.filter((resource) => Object.keys(resource).join() !== "operations")).toEqual([]);
    const ops = resources.flatMap((resource) => resource.operations as Record<string, unknown>[]);
    for (const key of ["method", "category", "tool_name", "tags"]) expect(ops.filter((op) => key in op)).toEqual([]);
    expect(ops.filter((op) => "paginated" in op).every((op) => op.paginated)).toBe(true);
    expect(ops.filter((op) => "workspace_default" in op).every((op) => op.workspace_default === false)).toBe(true);
  });

  it("packs every file's outline and details, and the Worker unpacks exactly those", () => {
    const shipped = shipCatalog(files);
    expect(unpackTexts(BUNDLED_CATALOG)).toEqual(
      shipped.outlines.flatMap((outline, i) => [outline, shipped.details[i]]),
    );
    expect(BUNDLED_CATALOG.index).toBe(shipped.index);
    const lengths = [...BUNDLED_CATALOG.lengths];
    lengths[0] = (lengths[0] ?? 0) + 1;
    expect(() => unpackTexts({ packed: BUNDLED_CATALOG.packed, lengths })).toThrow(/the packed catalog holds/);
  });

  it("gives the Worker the same tools, key for key, as the files read back before packing", () => {
    expect(JSON.stringify(bundledCatalog())).toBe(JSON.stringify(buildCatalog(files.map(readBackBefore))));
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
