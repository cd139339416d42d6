/** The workerd process an e2e stack runs, its resident memory and CPU time (Linux /proc), for flat-memory checks and the benchmark. */
import { readdirSync, readFileSync } from "node:fs";

/** Pids of this process's children named `workerd`. */
export function workerdChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const match = /^\d+ \((.*)\) \S (\d+)/.exec(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (match?.[1] === "workerd" && Number(match[2]) === process.pid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ: 100 on every Linux architecture the project runs on). */
const USER_HZ = 100;

/** CPU time the process has used so far, user and system, every thread (utime + stime), in milliseconds. */
export function cpuMillis(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces or parentheses: the fields after it start at the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5), counted from 3 (the state) here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`no CPU times for process ${pid}`);
  return ((utime + stime) * 1000) / USER_HZ;
}
