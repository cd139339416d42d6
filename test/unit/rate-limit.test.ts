import { describe, expect, it } from "vitest";
import { rateLimitHeaders, readRateLimit } from "../../worker/upstream/rate-limit";

const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("readRateLimit", () => {
  it.each([
    [
      { "X-Ratelimit-Total": "400", "X-Ratelimit-Remaining": "398", "X-Ratelimit-Used-CurrentRequest": "1" },
      { limit: 400, remaining: 398, used: 1 },
    ],
    [
      { "x-ratelimit-total": "400", "x-ratelimit-remaining": "0", "retry-after": "37" },
      { limit: 400, remaining: 0, retryAfterSeconds: 37 },
    ],
    [{ "Retry-After": "Wed, 25 Nov 2026 12:00:30 GMT" }, { retryAfterSeconds: 30 }],
    [{ "Retry-After": "Wed, 25 Nov 2026 11:00:00 GMT" }, { retryAfterSeconds: 0 }],
    [{ "X-Ratelimit-Total": "lots", "X-Ratelimit-Remaining": "-3", "Retry-After": "soon" }, {}],
    [{}, {}],
    // Figures no plan sends are malformed; a wait past the longest window is capped; what is left ≤ the whole.
    [{ "X-Ratelimit-Total": "999999999", "X-Ratelimit-Remaining": "999999999" }, {}],
    [
      { "X-Ratelimit-Total": "400", "X-Ratelimit-Remaining": "5000" },
      { limit: 400, remaining: 400 },
    ],
    [{ "Retry-After": "Thu, 01 Jan 2099 00:00:00 GMT" }, { retryAfterSeconds: 3600 }],
    [{ "Retry-After": "2300068265" }, { retryAfterSeconds: 3600 }],
    [{ "Retry-After": "9".repeat(40) }, { retryAfterSeconds: 3600 }],
    [{ "X-Ratelimit-Used-CurrentRequest": "1".repeat(30) }, {}],
  ])("%j → %j", (headers, expected) => {
    expect(readRateLimit(new Headers(headers), NOW)).toEqual(expected);
  });
});

describe("rateLimitHeaders", () => {
  it("emits the trio and the draft's structured fields, with reset only when Retry-After said so", () => {
    const headers = rateLimitHeaders({ limit: 400, remaining: 0, used: 1, retryAfterSeconds: 37 });
    expect(Object.fromEntries(headers)).toEqual({
      "ratelimit-limit": "400",
      "ratelimit-remaining": "0",
      "ratelimit-reset": "37",
      "retry-after": "37",
      "ratelimit-policy": '"freshservice";q=400',
      ratelimit: '"freshservice";r=0;t=37',
    });
  });
  it("invents nothing", () => {
    expect(Object.fromEntries(rateLimitHeaders({ limit: 400, remaining: 12 }))).toEqual({
      "ratelimit-limit": "400",
      "ratelimit-remaining": "12",
      "ratelimit-policy": '"freshservice";q=400',
      ratelimit: '"freshservice";r=12',
    });
    expect([...rateLimitHeaders({})]).toEqual([]);
  });
});
