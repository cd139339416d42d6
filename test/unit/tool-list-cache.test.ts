/** The isolate's cache of serialized tool lists: a hit is the bytes first built, and its size stays within its bound. */
import { describe, expect, it, vi } from "vitest";
import type { ListedTool } from "../../worker/catalog/build-tools";
import {
  cachedToolList,
  cachedToolListBytes,
  fieldSetVersion,
  MAX_CACHED_LIST_BYTES,
  serializeToolList,
} from "../../worker/tools/tool-list-cache";

/** A list of about `bytes` bytes once serialized. */
function listOf(bytes: number): ListedTool[] {
  return [
    {
      name: "big",
      title: "Big",
      description: "x".repeat(bytes),
      inputSchema: { type: "object", properties: {}, required: [] },
      annotations: {
        title: "Big",
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      },
    },
  ];
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("cachedToolList", () => {
  it("builds a list once per key and serves the same bytes after", async () => {
    const build = vi.fn(() => listOf(10));
    const first = await cachedToolList("unit:same", build);
    const second = await cachedToolList("unit:same", build);
    expect(second).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(decode(first)).toBe(serializeToolList(listOf(10)));
  });

  it(`keeps at most ${MAX_CACHED_LIST_BYTES} bytes, dropping the least recently used first`, async () => {
    const size = 1024 * 1024;
    await cachedToolList("unit:kept", () => listOf(size));
    for (let i = 0; i < 3 * (MAX_CACHED_LIST_BYTES / size); i++) {
      await cachedToolList(`unit:filler:${i}`, () => listOf(size));
      // Used again and again: stays while older entries go.
      await cachedToolList("unit:kept", () => expect.fail("a recently used list was dropped"));
      expect(cachedToolListBytes()).toBeLessThanOrEqual(MAX_CACHED_LIST_BYTES);
    }
    const rebuilt = vi.fn(() => listOf(size));
    await cachedToolList("unit:filler:0", rebuilt);
    expect(rebuilt).toHaveBeenCalledTimes(1);
  });

  it("serves a list larger than the bound without keeping it", async () => {
    const before = cachedToolListBytes();
    const bytes = await cachedToolList("unit:huge", () => listOf(MAX_CACHED_LIST_BYTES + 1));
    expect(bytes.byteLength).toBeGreaterThan(MAX_CACHED_LIST_BYTES);
    expect(cachedToolListBytes()).toBe(before);
  });
});

describe("fieldSetVersion", () => {
  it.each([
    ["no field set", undefined, "none"],
    ["a fetched one", { ok: true as const, fields: [], fetchedAt: 5 }, "fetched 5"],
    ["a failed one", { ok: false as const, reason: "timed out" }, "failed timed out"],
  ])("names %s", (_, set, version) => {
    expect(fieldSetVersion(set)).toBe(version);
  });

  it("differs for every fetch and every failure reason", () => {
    const versions = [
      fieldSetVersion({ ok: true, fields: [], fetchedAt: 5 }),
      fieldSetVersion({ ok: true, fields: [], fetchedAt: 6 }),
      fieldSetVersion({ ok: false, reason: "a" }),
      fieldSetVersion({ ok: false, reason: "b" }),
      fieldSetVersion(undefined),
    ];
    expect(new Set(versions).size).toBe(versions.length);
  });
});
