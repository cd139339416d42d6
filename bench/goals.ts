/** Issue 11's performance goals and how a measured figure stands against each: met, or the gap left. */

export interface Goal {
  goal: string;
  /** The bound: the figure must be at or under it (`strict`: under it). */
  limit: number;
  strict?: boolean;
  unit: "ms" | "KiB" | "MiB";
}

export interface Verdict extends Goal {
  /** undefined when the bench could not measure it. */
  measured?: number;
  met: boolean;
  /** How far above the limit (0 when met). */
  gap: number;
}

export function judge(goal: Goal, measured: number | undefined): Verdict {
  if (measured === undefined || !Number.isFinite(measured)) return { ...goal, measured: undefined, met: false, gap: 0 };
  const met = goal.strict ? measured < goal.limit : measured <= goal.limit;
  return { ...goal, measured, met, gap: met ? 0 : measured - goal.limit };
}

export function verdictText(verdict: Verdict): string {
  if (verdict.measured === undefined) return "not measured";
  if (verdict.met) return "met";
  return `missed by ${round(verdict.gap)} ${verdict.unit} (${round(verdict.measured / verdict.limit)}× the bound)`;
}

export function boundText(goal: Goal): string {
  return `${goal.strict ? "<" : "≤"} ${goal.limit} ${goal.unit}`;
}

export function round(n: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(n * scale) / scale;
}
