/** Each of issue 11's goals against the figure the bench measured for it, and the profile that explains a miss. */
import { BUNDLE_GZIP_LIMIT_KIB, type Bundle } from "./bundle";
import { boundText, type Goal, judge, round, verdictText } from "./goals";
import type { RequestKind } from "./mcp-requests";

export interface GoalRow {
  goal: string;
  bound: string;
  measuredText: string;
  verdict: string;
  met: boolean;
  /** The bench/results/ profile that shows where the time goes (a key of the report's profiles). */
  profile?: string;
}

export interface GoalInputs {
  kinds: { kind: RequestKind; isolateMs: number }[];
  /** Median first-request CPU by request kind name. */
  firstRequestMs: Record<string, number>;
  moduleEvalMs?: number;
  bundles: Bundle[];
  heapGrowthMiB?: number;
}

/** The steady-state goals: request kind slug → bound in ms of isolate CPU. */
const STEADY_GOALS: { slug: string; goal: string; limit: number }[] = [
  { slug: "ping", goal: "fixed cost per MCP request (ping)", limit: 0.5 },
  { slug: "initialize", goal: "fixed cost per MCP request (initialize)", limit: 0.5 },
  { slug: "tools-call", goal: "tools/call (a ticket read), own CPU", limit: 1 },
  { slug: "tools-list-full", goal: "tools/list, full catalog", limit: 1.5 },
  {
    slug: "tools-list-read-only",
    goal: "tools/list, read-only (a large list, held to the full one's bound)",
    limit: 1.5,
  },
  { slug: "tools-list-one-tag", goal: "tools/list, narrow (one tag)", limit: 0.5 },
  { slug: "tools-list-discovery", goal: "tools/list, narrow (discovery)", limit: 0.5 },
];

export function judgeAll(inputs: GoalInputs): GoalRow[] {
  const rows: GoalRow[] = [];
  const add = (goal: Goal, measured: number | undefined, profile?: string) => {
    const verdict = judge(goal, measured);
    rows.push({
      goal: goal.goal,
      bound: boundText(goal),
      measuredText: measured === undefined || !Number.isFinite(measured) ? "—" : `${round(measured)} ${goal.unit}`,
      verdict: verdictText(verdict),
      met: verdict.met,
      profile,
    });
  };

  const firsts = Object.entries(inputs.firstRequestMs).sort((a, b) => b[1] - a[1]);
  const [worstName, worstMs] = firsts[0] ?? [];
  const worstSlug = inputs.kinds.find((k) => k.kind.name === worstName)?.kind.slug;
  add(
    {
      goal: `first MCP request of a fresh isolate, any kind (worst: ${worstName ?? "—"})`,
      limit: 10,
      strict: true,
      unit: "ms",
    },
    worstMs,
    worstSlug ? `first-request-${worstSlug}` : undefined,
  );
  for (const { slug, goal, limit } of STEADY_GOALS) {
    const measured = inputs.kinds.find((k) => k.kind.slug === slug)?.isolateMs;
    add({ goal, limit, unit: "ms" }, measured, slug);
  }
  for (const bundle of inputs.bundles) {
    const gzipKiB = bundle.wranglerGzipKiB ?? bundle.gzipBytes / 1024;
    add(
      { goal: `bundle, env.${bundle.env} (gzip)`, limit: BUNDLE_GZIP_LIMIT_KIB, unit: "KiB" },
      gzipKiB,
      `bundle-${bundle.env}`,
    );
  }
  add({ goal: "module evaluation", limit: 15, strict: true, unit: "ms" }, inputs.moduleEvalMs, "module-evaluation");
  add({ goal: "heap growth over ten 50 MB answers", limit: 16, strict: true, unit: "MiB" }, inputs.heapGrowthMiB);
  return rows;
}
