import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../bench/bundle";
import { type CpuProfile, functionsPerRequest, isolateCpu, median } from "../../bench/cpu-profile";
import { judge, verdictText } from "../../bench/goals";
import { areaOf } from "../../bench/source-locations";

const frame = (functionName: string, url = "", lineNumber = -1) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

/**
 * Two requests with idle time around them: root → (idle) | (program) | (garbage collector) | fetch → handle.
 * Samples inside a request are 150 µs apart (the profiler asked for 100), the waits between requests are long.
 */
const SMALL: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 3, 4, 5] },
    { id: 2, callFrame: frame("(idle)") },
    { id: 3, callFrame: frame("(program)") },
    { id: 4, callFrame: frame("fetch", "index.js", 9), children: [6] },
    { id: 5, callFrame: frame("(garbage collector)") },
    { id: 6, callFrame: frame("handle", "index.js", 19) },
  ],
  startTime: 0,
  endTime: 200_000,
  //         idle   fetch   handle handle gc   program idle    fetch   handle
  samples: [2, 4, 6, 6, 5, 3, 2, 4, 6],
  timeDeltas: [1000, 50_000, 150, 150, 150, 150, 30_000, 80_000, 150],
};

describe("isolate CPU from a V8 profile", () => {
  it("counts sampled gaps inside a request and one typical interval where the isolate was released", () => {
    const cpu = isolateCpu(SMALL, 100);
    expect(cpu.typicalIntervalUs).toBe(150);
    expect(cpu.idleUs).toBe(300);
    expect(cpu.programUs).toBe(150);
    expect(cpu.gcUs).toBe(150);
    expect(cpu.jsUs).toBe(750);
    expect(cpu.cpuUs).toBe(1050);
    expect(cpu.samples).toBe(9);
  });

  it("gives each function its self time and, with its callees, its total time", () => {
    const byName = Object.fromEntries(isolateCpu(SMALL, 100).functions.map((f) => [f.function, f]));
    expect(byName["handle (index.js:20)"]).toEqual({ function: "handle (index.js:20)", selfUs: 450, totalUs: 450 });
    expect(byName["fetch (index.js:10)"]).toEqual({ function: "fetch (index.js:10)", selfUs: 300, totalUs: 750 });
    expect(byName["(idle)"]).toBeUndefined();
    expect(byName["(root)"]).toBeUndefined();
  });

  it("falls back to the profiler's interval when no two samples are close", () => {
    const sparse = { ...SMALL, timeDeltas: SMALL.timeDeltas.map(() => 90_000) };
    const cpu = isolateCpu(sparse, 100);
    expect(cpu.typicalIntervalUs).toBe(100);
    expect(cpu.cpuUs).toBe(700);
  });

  it("reads a profile recorded from workerd (20 admin requests, 100 µs interval)", () => {
    const recorded = JSON.parse(
      readFileSync(new URL("./bench-cpu-profile.fixture.json", import.meta.url), "utf8"),
    ) as CpuProfile;
    const cpu = isolateCpu(recorded, 100);
    // Figures worked out by hand from the fixture's 34 samples: the median close gap is 220 µs; gaps of
    // 114 ms, 77 ms and 218 ms between requests count 220 µs each, not their length.
    expect(cpu.samples).toBe(34);
    expect(cpu.typicalIntervalUs).toBe(220);
    expect(cpu.idleUs).toBe(1100);
    expect(cpu.programUs).toBe(662);
    expect(cpu.gcUs).toBe(0);
    expect(cpu.cpuUs).toBe(6635);
    expect(cpu.functions.reduce((sum, f) => sum + f.selfUs, 0)).toBe(cpu.cpuUs);
    expect(cpu.cpuUs).toBeLessThan(recorded.endTime - recorded.startTime);
  });

  it("averages functions over runs per request", () => {
    const cpu = isolateCpu(SMALL, 100);
    const perRequest = functionsPerRequest([cpu, cpu], 4);
    expect(perRequest.find((f) => f.function === "handle (index.js:20)")).toMatchObject({ selfUs: 225, totalUs: 225 });
  });

  it.each([
    [[], undefined],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])("median of %j is %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("where a profiled function comes from", () => {
  it.each([
    ["../../work/repo/node_modules/zod/v4/core/core.js", "node_modules/zod/v4/core/core.js"],
    ["../../worker/index.ts", "worker/index.ts"],
    ["worker/index.ts", "worker/index.ts"],
  ])("%s is %s from the project root", (path, expected) => {
    expect(projectPath(path)).toBe(expected);
  });

  it.each([
    ["inst._zod.parse (node_modules/zod/v4/core/schemas.js:1044)", "zod"],
    [
      "send (node_modules/@modelcontextprotocol/server/src/server/streamableHttp.ts:1164)",
      "@modelcontextprotocol/server",
    ],
    ["readBodyText (worker/http/read-json-body.ts:4)", "worker/http"],
    ["fetch (worker/index.ts:16)", "worker/index.ts"],
    ["(garbage collector)", "(garbage collector)"],
    ["stringify", "built-ins (JSON, Response, crypto, …)"],
    ["(anonymous)", "built-ins (JSON, Response, crypto, …)"],
    ["__name (index.js:7)", "bundle top level and esbuild helpers"],
  ])("%s belongs to %s", (label, area) => {
    expect(areaOf(label)).toBe(area);
  });
});

describe("a goal against its measured figure", () => {
  it.each([
    [{ goal: "g", limit: 0.5, unit: "ms" as const }, 0.5, true, "met"],
    [{ goal: "g", limit: 10, strict: true, unit: "ms" as const }, 10, false, "missed by 0 ms (1× the bound)"],
    [{ goal: "g", limit: 200, unit: "KiB" as const }, 341.5, false, "missed by 141.5 KiB (1.71× the bound)"],
    [{ goal: "g", limit: 16, strict: true, unit: "MiB" as const }, undefined, false, "not measured"],
  ])("%j at %s", (goal, measured, met, text) => {
    const verdict = judge(goal, measured);
    expect(verdict.met).toBe(met);
    expect(verdictText(verdict)).toBe(text);
  });
});
