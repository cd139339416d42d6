// Timestamp helpers: Freshservice returns UTC `YYYY-MM-DDTHH:MM:SSZ` and accepts several looser input forms (§4).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** `2024-05-01T09:30:00Z`: second precision, no milliseconds, always UTC. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2024-05-01`: the form custom date fields and date literals use. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// YYYY-MM-DD, then optional THH:MM[:SS[.fff]] and an optional zone (Z, ±hh, ±hhmm, ±hh:mm). No zone means UTC.
const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Parses the date/datetime inputs the API accepts; returns epoch ms or null when the text is not one of them. */
export function parseDateInput(text: string): number | null {
  const m = DATE_INPUT.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", zone] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base)) return null;
  const check = new Date(base);
  // Reject rollovers such as 2024-02-31.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (!zone || zone === "Z") return base;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0");
  return base - sign * offsetMin * MINUTE_MS;
}

/** True for a bare `YYYY-MM-DD` (a whole day rather than an instant). */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}
