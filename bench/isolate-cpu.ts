/**
 * CPU of the Worker's isolate while it serves a batch of requests: V8's sampling profiler over the inspector,
 * and, for the same kind of batch without the profiler, the whole workerd process's CPU from /proc.
 */

import type { InspectorSession } from "../test/e2e/inspector-session";
import { cpuMillis } from "../test/e2e/process-memory";
import { type CpuProfile, type IsolateCpu, isolateCpu, type ProfileCallFrame } from "./cpu-profile";

export interface ProfiledBatch {
  cpu: IsolateCpu;
  profile: CpuProfile;
  wallMs: number;
}

/** Profiles `count` requests sent one after another (so that each sample belongs to one request). */
export async function profileBatch(
  session: InspectorSession,
  send: () => Promise<unknown>,
  count: number,
  samplingIntervalUs: number,
  label?: (frame: ProfileCallFrame) => string,
): Promise<ProfiledBatch> {
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: samplingIntervalUs });
  await session.send("Profiler.start");
  let profile: CpuProfile | undefined;
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) await send();
  } finally {
    profile = (await session.send<{ profile: CpuProfile }>("Profiler.stop")).profile;
  }
  const wallMs = performance.now() - started;
  return { cpu: isolateCpu(profile, samplingIntervalUs, label), profile, wallMs };
}

export interface ProcessBatch {
  /** workerd's user + system CPU over the batch (10 ms ticks), milliseconds. */
  cpuMs: number;
  wallMs: number;
}

/** The same batch, unprofiled, measured as the whole workerd process's CPU time. */
export async function processBatch(pid: number, send: () => Promise<unknown>, count: number): Promise<ProcessBatch> {
  const before = cpuMillis(pid);
  const started = performance.now();
  for (let i = 0; i < count; i++) await send();
  return { wallMs: performance.now() - started, cpuMs: cpuMillis(pid) - before };
}
