/**
 * CPU of the Worker's isolate while it serves a batch of requests, from V8's sampling profiler over the
 * inspector, and the whole workerd process's CPU from /proc (the cross-check), with and without the profiler.
 */

import type { InspectorSession } from "../test/e2e/inspector-session";
import { cpuMillis } from "../test/e2e/process-memory";
import { type CpuProfile, type IsolateCpu, isolateCpu, type ProfileCallFrame } from "./cpu-profile";

export interface ProfiledBatch {
  cpu: IsolateCpu;
  profile: CpuProfile;
  wallMs: number;
  /** workerd's user + system CPU over the batch (10 ms ticks), milliseconds; NaN without its pid. */
  workerdMs: number;
}

/** Profiles `count` requests sent one after another (so that each sample belongs to one request). */
export async function profileBatch(
  session: InspectorSession,
  send: () => Promise<unknown>,
  count: number,
  samplingIntervalUs: number,
  { label, workerdPid }: { label?: (frame: ProfileCallFrame) => string; workerdPid?: number } = {},
): Promise<ProfiledBatch> {
  const workerdCpu = () => (workerdPid ? cpuMillis(workerdPid) : Number.NaN);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: samplingIntervalUs });
  await session.send("Profiler.start");
  let profile: CpuProfile | undefined;
  const cpuBefore = workerdCpu();
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) await send();
  } finally {
    profile = (await session.send<{ profile: CpuProfile }>("Profiler.stop")).profile;
  }
  const wallMs = performance.now() - started;
  const workerdMs = workerdCpu() - cpuBefore;
  return { cpu: isolateCpu(profile, samplingIntervalUs, label), profile, wallMs, workerdMs };
}

export interface ProcessBatch {
  /** workerd's user + system CPU over the batch (10 ms ticks), milliseconds. */
  workerdMs: number;
  wallMs: number;
}

/** The same kind of batch without the profiler (whose sampling thread costs CPU too), read from /proc only. */
export async function unprofiledBatch(
  workerdPid: number,
  send: () => Promise<unknown>,
  count: number,
): Promise<ProcessBatch> {
  const before = cpuMillis(workerdPid);
  const started = performance.now();
  for (let i = 0; i < count; i++) await send();
  return { wallMs: performance.now() - started, workerdMs: cpuMillis(workerdPid) - before };
}
