/**
 * How usage is read from the audit trail (pure): the series each call outcome is counted in, the two windows and
 * their slots, which calls time the latency figures. The queries are in usage-report.ts.
 */
import { CALL_OUTCOMES, type CallOutcome } from "./call-record";

/** The chart's series, in the order they are stacked and listed. */
export const USAGE_SERIES = ["ok", "upstream_error", "rate_limited", "refused", "invalid_arguments", "other"] as const;
export type UsageSeries = (typeof USAGE_SERIES)[number];

/**
 * Every outcome's series, in this one table: a new outcome fails the typecheck until it is placed here.
 * - `ok`: Freshservice (or the Worker's own tool) answered; `cut` too, its answer was only cut at the URL's cap.
 * - `upstream_error`: Freshservice failed the call: an error status, no answer in time, no connection, or an
 *   answer that broke off.
 * - `rate_limited`: Freshservice's own 429.
 * - `refused`: the URL's filters or budget: `budget_refused`, and `unknown_tool`, which is what a tool the URL's
 *   `methods`/`tags` exclude looks like (a name no URL has lands here too: the trail can't tell them apart).
 * - `invalid_arguments`: refused by the tool's schema before anything was sent.
 * - `other`: the Worker's side, not the call's: the stored key can't be decrypted, or the client left.
 */
export const SERIES_OF_OUTCOME: Readonly<Record<CallOutcome, UsageSeries>> = {
  ok: "ok",
  cut: "ok",
  upstream_error: "upstream_error",
  timeout: "upstream_error",
  unreachable: "upstream_error",
  broken: "upstream_error",
  rate_limited: "rate_limited",
  budget_refused: "refused",
  unknown_tool: "refused",
  invalid_arguments: "invalid_arguments",
  credential_unavailable: "other",
  cancelled: "other",
};

/**
 * The calls whose duration the latency figures are taken from: those that went out and came back (or timed out).
 * Refusals take no time and would pull every percentile toward 0 ms.
 */
const TIMED_SERIES: ReadonlySet<UsageSeries> = new Set(["ok", "upstream_error", "rate_limited"]);
export const TIMED_OUTCOMES: readonly CallOutcome[] = CALL_OUTCOMES.filter((o) =>
  TIMED_SERIES.has(SERIES_OF_OUTCOME[o]),
);

export const LATENCY_PERCENTILES = [50, 90, 99] as const;
/** The console lists this many; the tail of a long list tells an operator nothing the audit trail doesn't. */
export const TOP_TOOLS = 10;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Each window in whole UTC slots, the last one holding now (so it is still filling). */
export const USAGE_WINDOWS = {
  "24h": { slots: 24, slotMs: HOUR_MS },
  "30d": { slots: 30, slotMs: DAY_MS },
} as const;
export type UsageWindow = keyof typeof USAGE_WINDOWS;
export const USAGE_WINDOW_NAMES = Object.keys(USAGE_WINDOWS) as [UsageWindow, ...UsageWindow[]];

/** The window's range in epoch milliseconds: `start` inclusive (the first slot's start), `end` exclusive. */
export function windowRange(window: UsageWindow, now: number) {
  const { slots, slotMs } = USAGE_WINDOWS[window];
  const end = (Math.floor(now / slotMs) + 1) * slotMs;
  return { start: end - slots * slotMs, end, slotMs, slots };
}

export type SeriesCounts = Record<UsageSeries, number>;

export function emptyCounts(): SeriesCounts {
  return Object.fromEntries(USAGE_SERIES.map((s) => [s, 0])) as SeriesCounts;
}
