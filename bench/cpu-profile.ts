/**
 * From a V8 CPU profile (the inspector's `Profiler.stop` answer) to the CPU the Worker's isolate used and where:
 * pure arithmetic, no I/O, so a recorded profile in a unit test pins it down.
 *
 * V8 takes a sample only while the isolate is in use (locked by workerd's thread). Between requests nothing is
 * sampled, so the gap after the last sample of a burst of work is waiting, not work. A sample therefore counts
 * the time to the next sample only when that gap is sampling-sized; a sample followed by a longer gap counts one
 * typical interval. `(idle)` samples (the isolate held but idle) are left out; `(program)` (workerd's own code
 * under the isolate lock: compiling, microtask checkpoints, native calls between JS frames) and
 * `(garbage collector)` are CPU the Worker is billed for and are counted.
 */

export interface ProfileCallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: ProfileCallFrame;
  children?: number[];
}

/** The shape of `Profiler.Profile` in the Chrome DevTools Protocol (times in microseconds). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  /** `name (file:line)`, or V8's own label such as `(garbage collector)`. */
  function: string;
  /** Samples in the function itself. */
  selfUs: number;
  /** Samples in the function or anything it called (counted once when it recurses). */
  totalUs: number;
}

export interface IsolateCpu {
  /** CPU in the isolate: JavaScript + (program) + (garbage collector), microseconds. */
  cpuUs: number;
  jsUs: number;
  programUs: number;
  gcUs: number;
  /** Sampled (idle) time, left out of cpuUs. */
  idleUs: number;
  samples: number;
  /** The gap a sample stands for when the next one is far away (the median gap between busy samples). */
  typicalIntervalUs: number;
  /** Every function that was sampled, by self time, largest first. */
  functions: FunctionTime[];
}

const ROOT = "(root)";
const IDLE = "(idle)";
const PROGRAM = "(program)";
const GC = "(garbage collector)";
/** A gap above this many sampling intervals means the isolate was released between the two samples. */
const GAP_INTERVALS = 4;

export function isolateCpu(
  profile: CpuProfile,
  samplingIntervalUs: number,
  label: (frame: ProfileCallFrame) => string = functionLabel,
): IsolateCpu {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const gapLimit = GAP_INTERVALS * samplingIntervalUs;
  // timeDeltas[i] is the time from sample i-1 to sample i, so sample i lasts until timeDeltas[i + 1].
  const following = profile.samples.map((_, i) => profile.timeDeltas[i + 1]);
  const typical = median(following.filter((gap): gap is number => gap !== undefined && gap <= gapLimit));
  const typicalIntervalUs = typical ?? samplingIntervalUs;
  const result: IsolateCpu = {
    cpuUs: 0,
    jsUs: 0,
    programUs: 0,
    gcUs: 0,
    idleUs: 0,
    samples: profile.samples.length,
    typicalIntervalUs,
    functions: [],
  };
  const times = new Map<string, FunctionTime>();
  const time = (fn: string) => {
    const entry = times.get(fn) ?? { function: fn, selfUs: 0, totalUs: 0 };
    times.set(fn, entry);
    return entry;
  };
  profile.samples.forEach((nodeId, i) => {
    const gap = following[i];
    const us = gap !== undefined && gap <= gapLimit ? gap : typicalIntervalUs;
    const frame = byId.get(nodeId)?.callFrame;
    const name = frame ? label(frame) : "(unknown)";
    const v8Node = frame && !frame.url ? frame.functionName : undefined;
    if (v8Node === IDLE) {
      result.idleUs += us;
      return;
    }
    if (v8Node === PROGRAM) result.programUs += us;
    else if (v8Node === GC) result.gcUs += us;
    else result.jsUs += us;
    result.cpuUs += us;
    time(name).selfUs += us;
    const onStack = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const caller = byId.get(id);
      if (caller) onStack.add(label(caller.callFrame));
    }
    onStack.delete(ROOT);
    for (const fn of onStack) time(fn).totalUs += us;
  });
  result.functions = [...times.values()].sort((a, b) => b.selfUs - a.selfUs);
  return result;
}

/** A function as a person finds it in the bundle: its name and where it starts (1-based line). */
export function functionLabel(frame: ProfileCallFrame): string {
  const name = frame.functionName || "(anonymous)";
  if (!frame.url) return name;
  const file = frame.url.slice(frame.url.lastIndexOf("/") + 1);
  return `${name} (${file}:${frame.lineNumber + 1})`;
}

export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Each function's times summed over several profiles and divided by `requests`: microseconds a request. */
export function functionsPerRequest(runs: IsolateCpu[], requests: number): FunctionTime[] {
  const sum = new Map<string, FunctionTime>();
  for (const run of runs)
    for (const { function: fn, selfUs, totalUs } of run.functions) {
      const entry = sum.get(fn) ?? { function: fn, selfUs: 0, totalUs: 0 };
      entry.selfUs += selfUs / requests;
      entry.totalUs += totalUs / requests;
      sum.set(fn, entry);
    }
  return [...sum.values()].sort((a, b) => b.selfUs - a.selfUs);
}
