/** A missing tool skips its tests with one line outside CI and fails them under CI. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { isCi, missingTool, toolOrSkip } from "../support/missing-tool";

describe("isCi", () => {
  it.each([
    [{}, false],
    [{ CI: "" }, false],
    [{ CI: "0" }, false],
    [{ CI: "false" }, false],
    [{ CI: "FALSE" }, false],
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "woodpecker" }, true],
  ])("%o → %s", (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });
});

describe("missingTool", () => {
  it("skips outside CI, saying so", () => {
    expect(missingTool({}, "no frobnicator: install one.")).toEqual({
      found: false,
      fail: false,
      message: "Skipped: no frobnicator: install one.",
    });
  });

  it("fails under CI, saying why it doesn't skip", () => {
    expect(missingTool({ CI: "true" }, "no frobnicator: install one.")).toEqual({
      found: false,
      fail: true,
      message: "no frobnicator: install one. CI is set, so this fails instead of skipping.",
    });
  });
});

describe("toolOrSkip", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("returns a found tool's path", () => {
    expect(toolOrSkip({ found: true, path: "/bin/frob" })).toBe("/bin/frob");
  });

  it("prints one line and returns nothing for a skip", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(toolOrSkip({ found: false, fail: false, message: "Skipped: no frob." })).toBeUndefined();
    expect(warn.mock.calls).toEqual([["Skipped: no frob."]]);
  });

  it("throws for a failure", () => {
    expect(() => toolOrSkip({ found: false, fail: true, message: "no frob." })).toThrow("no frob.");
  });
});
