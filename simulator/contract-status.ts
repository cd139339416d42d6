// A contract's reported status: draft/pending/rejected/cancelled as stored; an approved contract is reported as
// approved, active or expired depending on today's date and its term.

import type { JsonRecord } from "./engine/collections";

export function contractStatus(now: number, c: JsonRecord): string {
  const state = c._state as string;
  if (state !== "approved") return state;
  const start = c.start_date ? Date.parse(c.start_date as string) : Number.NEGATIVE_INFINITY;
  const end = c.end_date ? Date.parse(c.end_date as string) : Number.POSITIVE_INFINITY;
  if (now > end) return "expired";
  return now >= start ? "active" : "approved";
}
