/** The per-request field cache: a call checked against the cache and then loaded reads KV once. */
import { describe, expect, it, vi } from "vitest";
import { type CachedFields, type FieldCache, requestFieldCache } from "../../worker/store/field-cache";

function countingCache(stored: CachedFields | null): FieldCache & { get: ReturnType<typeof vi.fn> } {
  return {
    get: vi.fn(async () => stored),
    put: vi.fn(async () => {}),
    dropAccount: vi.fn(async () => 0),
  };
}

describe("requestFieldCache", () => {
  const form: CachedFields = { fetched_at: 1, fields: [] };

  it("reads each key from KV once per request, and keeps keys apart", async () => {
    const kv = countingCache(form);
    const cache = requestFieldCache(kv);
    expect(await cache.get("acct", "default", "ticket")).toEqual(form);
    expect(await cache.get("acct", "default", "ticket")).toEqual(form);
    expect(kv.get).toHaveBeenCalledTimes(1);
    await cache.get("acct", "3", "ticket");
    await cache.get("other", "default", "ticket");
    expect(kv.get).toHaveBeenCalledTimes(3);
  });

  it("serves what the request wrote, and forgets everything when the account's cache is dropped", async () => {
    const kv = countingCache(null);
    const cache = requestFieldCache(kv);
    expect(await cache.get("acct", "default", "ticket")).toBeNull();
    const fresh: CachedFields = { fetched_at: 2, fields: [] };
    await cache.put("acct", "default", "ticket", fresh);
    expect(kv.put).toHaveBeenCalledWith("acct", "default", "ticket", fresh, undefined);
    expect(await cache.get("acct", "default", "ticket")).toBe(fresh);
    expect(kv.get).toHaveBeenCalledTimes(1);
    await cache.dropAccount("acct");
    expect(await cache.get("acct", "default", "ticket")).toBeNull();
    expect(kv.get).toHaveBeenCalledTimes(2);
  });
});
