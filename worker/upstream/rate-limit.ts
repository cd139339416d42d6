/**
 * Freshservice's rate-limit headers (`X-Ratelimit-Total`, `-Remaining`, `-Used-CurrentRequest`, `Retry-After`)
 * → the IETF fields: the `ratelimit-limit/-remaining/-reset` trio and the current draft's `RateLimit-Policy` /
 * `RateLimit`. Never invents a value (no reset without a Retry-After) and never drops a sane one it was given;
 * values no Freshservice plan could send are treated as malformed, and a wait is capped.
 */

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  used?: number;
  /** Seconds until Freshservice accepts calls again; only known from a Retry-After. */
  retryAfterSeconds?: number;
}

const POLICY_NAME = "freshservice";
/** Far above any plan's calls per minute (Enterprise: 500) or per hour: a larger figure is not a rate limit. */
export const MAX_RATE_LIMIT_FIGURE = 1_000_000;
/** The longest window Freshservice has (accounts still on hourly limits); a longer wait is not believed. */
export const MAX_RETRY_AFTER_SECONDS = 3600;

export function readRateLimit(headers: Headers, now: number = Date.now()): RateLimitState {
  const state: RateLimitState = {};
  const limit = nonNegativeInt(headers.get("x-ratelimit-total"));
  const remaining = nonNegativeInt(headers.get("x-ratelimit-remaining"));
  const used = nonNegativeInt(headers.get("x-ratelimit-used-currentrequest"));
  const retryAfter = retryAfterSeconds(headers.get("retry-after"), now);
  if (limit !== undefined) state.limit = limit;
  // What is left can't exceed the whole.
  if (remaining !== undefined) state.remaining = limit !== undefined ? Math.min(remaining, limit) : remaining;
  if (used !== undefined) state.used = used;
  if (retryAfter !== undefined) state.retryAfterSeconds = retryAfter;
  return state;
}

/** The rate-limit state with the fewest calls left, of several answers (a tool that made several calls). */
export function tightestRateLimit(states: RateLimitState[]): RateLimitState {
  return states.reduce<RateLimitState>(
    (a, b) => (b.remaining !== undefined && (a.remaining === undefined || b.remaining < a.remaining) ? b : a),
    {},
  );
}

export function rateLimitHeaders(state: RateLimitState): Headers {
  const headers = new Headers();
  if (state.limit !== undefined) {
    headers.set("ratelimit-limit", String(state.limit));
    headers.set("ratelimit-policy", `"${POLICY_NAME}";q=${state.limit}`);
  }
  if (state.remaining !== undefined) headers.set("ratelimit-remaining", String(state.remaining));
  if (state.retryAfterSeconds !== undefined) {
    headers.set("ratelimit-reset", String(state.retryAfterSeconds));
    headers.set("retry-after", String(state.retryAfterSeconds));
  }
  if (state.remaining !== undefined) {
    const reset = state.retryAfterSeconds !== undefined ? `;t=${state.retryAfterSeconds}` : "";
    headers.set("ratelimit", `"${POLICY_NAME}";r=${state.remaining}${reset}`);
  }
  return headers;
}

const DIGITS = /^\s*\d+\s*$/;

function nonNegativeInt(value: string | null): number | undefined {
  if (value === null || !DIGITS.test(value)) return undefined;
  const n = Number(value);
  return n <= MAX_RATE_LIMIT_FIGURE ? n : undefined;
}

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110); either becomes whole seconds from now. */
function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const wait = DIGITS.test(value) ? Number(value) : (Date.parse(value) - now) / 1000;
  if (Number.isNaN(wait)) return undefined;
  return Math.min(Math.max(0, Math.ceil(wait)), MAX_RETRY_AFTER_SECONDS);
}
