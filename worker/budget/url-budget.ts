/**
 * Per-URL request budgets: a Durable Object per MCP server counts its calls to Freshservice in fixed
 * one-minute windows. One object per URL is single-threaded and strongly consistent, so the count is exact
 * across every Cloudflare location (the Rate Limiting binding counts per location, approximately), at the cost
 * of one round trip to the object per call. Only calls that would reach Freshservice are counted.
 */
import { DurableObject } from "cloudflare:workers";

/** Freshservice's limits are per minute, so budgets are too. */
export const BUDGET_WINDOW_MS = 60_000;

export interface BudgetDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and calls are allowed again. */
  resetSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

export class UrlBudget extends DurableObject {
  /** Whether a call would be allowed now, without counting one (a throttle that counts only failures). */
  async peek(limit: number, now: number = Date.now()): Promise<BudgetDecision> {
    const start = now - (now % BUDGET_WINDOW_MS);
    const stored = await this.ctx.storage.get<Window>("window");
    const count = stored && stored.start === start ? stored.count : 0;
    const resetSeconds = Math.ceil((start + BUDGET_WINDOW_MS - now) / 1000);
    return { allowed: count < limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
  }

  async take(limit: number, now: number = Date.now()): Promise<BudgetDecision> {
    const start = now - (now % BUDGET_WINDOW_MS);
    const stored = await this.ctx.storage.get<Window>("window");
    const window = stored && stored.start === start ? stored : { start, count: 0 };
    const resetSeconds = Math.ceil((start + BUDGET_WINDOW_MS - now) / 1000);
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    window.count += 1;
    await this.ctx.storage.put("window", window);
    return { allowed: true, limit, remaining: limit - window.count, resetSeconds };
  }
}

/** The budget of one MCP server, or undefined when its config sets none. */
export function urlBudget(env: Env, mcpServerId: string, limit: number | undefined) {
  if (!limit) return undefined;
  return () => env.URL_BUDGET.getByName(mcpServerId).take(limit);
}
