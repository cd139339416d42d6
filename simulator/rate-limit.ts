// Per-tenant, per-minute fixed-window rate limiting with Freshservice's headers and credit costs (§3).

import { MINUTE_MS } from "./time";
import type { Plan } from "./types";

/** Overall per-minute limits by plan (accounts created after Sep 2020). */
export const PLAN_RATE_LIMITS: Readonly<Record<Plan, number>> = {
  starter: 100,
  growth: 200,
  pro: 400,
  enterprise: 500,
};

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Credits charged to this request (0 when refused). */
  cost: number;
  /** Whole seconds until the window ends; meaningful when refused. */
  retryAfterSeconds: number;
}

/** Windows are aligned to the clock minute, so `Retry-After` is the time left in that minute. */
export class RateLimitWindow {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(readonly limit: number) {}

  consume(now: number, cost: number): RateDecision {
    const start = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((start + MINUTE_MS - now) / 1000));
    if (this.used + cost > this.limit) {
      return {
        allowed: false,
        limit: this.limit,
        remaining: Math.max(0, this.limit - this.used),
        cost: 0,
        retryAfterSeconds,
      };
    }
    this.used += cost;
    return { allowed: true, limit: this.limit, remaining: this.limit - this.used, cost, retryAfterSeconds };
  }

  reset(): void {
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.used = 0;
  }
}

/** 1 credit per call, plus per `include` embed: +1 on a show, +2 on a list. */
export function requestCost(query: URLSearchParams, kind: "show" | "list" | undefined): number {
  const include = query.get("include");
  if (!include || !kind) return 1;
  const embeds = include.split(",").filter((s) => s.trim() !== "").length;
  return 1 + embeds * (kind === "list" ? 2 : 1);
}

export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Ratelimit-Total": String(d.limit),
    "X-Ratelimit-Remaining": String(d.remaining),
    "X-Ratelimit-Used-CurrentRequest": String(d.cost),
  };
  if (!d.allowed) headers["Retry-After"] = String(d.retryAfterSeconds);
  return headers;
}
