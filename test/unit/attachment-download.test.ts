/**
 * Where an attachment download may go: the account's key only to its own origin, a redirect to Amazon S3 followed
 * without it, any other host (or a private address) not followed at all.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { downloadAttachment } from "../../worker/tools/attachment-download";
import type { ToolCallContext } from "../../worker/tools/run-tool";

const ORIGIN = "https://acme.freshservice.com";
const ctx = {
  target: async () => ({ origin: ORIGIN, apiKey: "the-api-key" }),
  findTool: () => undefined,
  fitTool: async (tool) => tool,
} as ToolCallContext;

function stubFetch(answer: (url: string) => Response) {
  const calls: { url: string; authorization: string | null }[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, authorization: new Headers(init.headers).get("authorization") });
    return answer(url);
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("attachment downloads", () => {
  it("gets the file from the documented endpoint with the key, accepting any type", async () => {
    const calls = stubFetch(() => new Response("hello", { headers: { "content-type": "text/plain" } }));
    const got = await downloadAttachment(ctx, "/api/v2/attachments", 7, 100);
    expect(got).toMatchObject({ ok: true, truncated: false, status: 200 });
    if (got.ok && "bytes" in got) expect(new TextDecoder().decode(got.bytes)).toBe("hello");
    expect(calls).toEqual([{ url: `${ORIGIN}/api/v2/attachments/7`, authorization: expect.stringMatching(/^Basic /) }]);
  });

  it("follows a redirect to S3 without the key, and one on the same origin with it", async () => {
    const calls = stubFetch((url) => {
      if (url.endsWith("/api/v2/attachments/7"))
        return new Response(null, { status: 302, headers: { location: "/files/7" } });
      if (url.endsWith("/files/7"))
        return new Response(null, {
          status: 302,
          headers: { location: "https://s3.amazonaws.com/cdn.freshgenie.com/a/7/original/log.txt?X-Amz-Signature=s" },
        });
      return new Response("from s3");
    });
    const got = await downloadAttachment(ctx, "/api/v2/attachments", 7, 100);
    expect(got).toMatchObject({ ok: true, truncated: false });
    expect(calls.map((c) => [new URL(c.url).host, c.authorization !== null])).toEqual([
      ["acme.freshservice.com", true],
      ["acme.freshservice.com", true],
      ["s3.amazonaws.com", false],
    ]);
  });

  it.each([
    [
      "another host",
      "https://files.evil.example/steal",
      /serves this file from files\.evil\.example, which this server does not fetch from/,
    ],
    ["a look-alike of the account", "https://acme.freshservice.com.evil.example/x", /does not fetch from/],
    ["plain http on S3", "http://s3.amazonaws.com/b/x", /does not fetch from/],
  ])("does not follow a redirect to %s, and never sends it the key", async (_, location, note) => {
    const calls = stubFetch(() => new Response(null, { status: 302, headers: { location } }));
    const got = await downloadAttachment(ctx, "/api/v2/attachments", 7, 100);
    expect(got).toMatchObject({ ok: true, note: expect.stringMatching(note) });
    expect(calls).toHaveLength(1);
  });

  it("keeps only the first bytes of a larger file, marked truncated", async () => {
    stubFetch(() => new Response("0123456789"));
    const got = await downloadAttachment(ctx, "/api/v2/itil_attachments", 3, 4);
    expect(got).toMatchObject({ ok: true, truncated: true });
    if (got.ok && "bytes" in got) expect(new TextDecoder().decode(got.bytes)).toBe("0123");
  });

  it("answers Freshservice's 404 as its failure", async () => {
    stubFetch(() => new Response('{"code":"not_found"}', { status: 404 }));
    const got = await downloadAttachment(ctx, "/api/v2/attachments", 7, 100);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.outcome.failure).toMatchObject({ kind: "upstream_status", status: 404 });
  });
});
