/**
 * The admin API's tool count previews a config from the catalog's index: it builds no tool family (the console asks
 * on every change of its form), and counts what tools/list would list.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("../../worker/catalog/bundled-catalog", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../worker/catalog/bundled-catalog")>();
  const building = () => {
    throw new Error("a tool family was built to count tools");
  };
  return { ...original, bundledTool: building, bundledCatalog: building };
});

const { toolCount } = await import("../../worker/tools/tool-count");
const { bundledToolEntries } = await import("../../worker/catalog/bundled-catalog");

describe("toolCount", () => {
  it("counts every tool, search, fetch, the record count and the attachment reader without building a family", () => {
    const all = bundledToolEntries().length;
    expect(toolCount({})).toEqual({ listed: all + 4, reachable: all });
  });

  it("counts discovery's three meta-tools instead of the rest", () => {
    expect(toolCount({ tool_exposure: "discovery", tags: ["tickets"] }).listed).toBe(3);
  });

  it("counts a read-only, one-tag config: search, fetch and the count of assets (assets have no attachment reader)", () => {
    const { listed, reachable } = toolCount({ methods: ["read"], tags: ["assets"] });
    expect(reachable).toBeGreaterThan(5);
    expect(listed).toBe(reachable + 3);
  });

  it("counts the attachment reader where the config reads changes", () => {
    const { listed, reachable } = toolCount({ methods: ["read"], tags: ["changes"] });
    expect(listed).toBe(reachable + 4);
  });
});
