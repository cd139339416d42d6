/** Files a call attaches: decoded or downloaded within caps, every redirect re-checked, refused before anything is sent. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { FRESHSERVICE_MAX_ATTACHMENT_BYTES } from "../../worker/catalog/attachments-argument";
import { collectFiles } from "../../worker/files/attachment-files";

const options = { allowLoopback: false };
const text = async (blob: Blob) => new TextDecoder().decode(await blob.arrayBuffer());

/** A fetch stub answering by URL; records what was asked. */
function stubFetch(answer: (url: string) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    return answer(url);
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("base64 files", () => {
  it("decodes content, names its type from the extension, a data: URL or the call", async () => {
    const collected = await collectFiles(
      [
        { name: "notes.txt", content_base64: "aGVsbG8g\nd29ybGQ=" },
        { name: "pixel", content_base64: "data:image/png;base64,iVBORw0KGgo=" },
        { name: "data.bin", content_type: "text/csv", content_base64: "YSxi" },
      ],
      options,
    );
    expect(collected.ok).toBe(true);
    if (!collected.ok) return;
    expect(collected.files.map((f) => [f.name, f.contentType, f.data.size])).toEqual([
      ["notes.txt", "text/plain", 11],
      ["pixel", "image/png", 8],
      ["data.bin", "text/csv", 3],
    ]);
    expect(await text(collected.files[0]?.data as Blob)).toBe("hello world");
    expect(collected.bytes).toBe(22);
  });

  it.each([
    [{ name: "a.txt", content_base64: "not base64!" }, /attachments\[0\] \("a\.txt"\): content_base64 is not base64/],
    [{ name: "a.txt", content_base64: "QUJDRA=x" }, /is not base64/],
    [{ name: "a.txt", content_base64: "QUJDR" }, /is not base64/],
    [{ name: "a.txt" }, /give either content_base64 or url \(exactly one\)/],
    [{ name: "a.txt", content_base64: "aGk=", url: "https://example.com/a" }, /exactly one/],
    [{ name: "../etc/passwd", content_base64: "aGk=" }, /plain file name/],
    [{ name: "a\u202Etxt.exe", content_base64: "aGk=" }, /plain file name/],
    [{ name: "<b>a</b>.txt", content_base64: "aGk=" }, /plain file name/],
    [{ name: "a.txt", content_type: "text plain", content_base64: "aGk=" }, /content_type must be a media type/],
    [{ name: "a.txt", content_base64: " \n " }, /is empty/],
  ])("refuses %j", async (entry, problem) => {
    const collected = await collectFiles([entry], options);
    expect(collected.ok).toBe(false);
    if (!collected.ok) expect(collected.problem).toMatch(problem);
  });

  it("refuses more than ten files, and files that together pass the cap, naming the one that tips it", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, content_base64: "aGk=" }));
    expect(await collectFiles(eleven, options)).toEqual({
      ok: false,
      problem: expect.stringMatching(/at most 10 files/),
    });
    const capped = await collectFiles(
      [
        { name: "a.txt", content_base64: "YWJj" },
        { name: "b.txt", content_base64: "YWJj" },
      ],
      { ...options, maxTotalBytes: 5 },
    );
    expect(capped).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /attachments\[1\] \("b\.txt"\): is 0 MB, more than 0 MB for all of a call's files/,
      ),
    });
  });
});

describe("files by URL", () => {
  it("downloads a public file without credentials, taking its type from the answer", async () => {
    const calls = stubFetch(
      () => new Response("a,b\n1,2\n", { headers: { "content-type": "text/csv; charset=utf-8" } }),
    );
    const collected = await collectFiles(
      [{ name: "report", url: "https://files.example.com/r.csv?sig=secret" }],
      options,
    );
    expect(collected).toMatchObject({ ok: true, bytes: 8, files: [{ name: "report", contentType: "text/csv" }] });
    expect(calls).toHaveLength(1);
    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get("authorization")).toBeNull();
    expect(headers.get("cookie")).toBeNull();
    expect(calls[0]?.init.redirect).toBe("manual");
  });

  it("refuses a 50 MB file from its Content-Length, without reading the body", async () => {
    let pulled = 0;
    stubFetch(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled++;
              controller.enqueue(new Uint8Array(1024));
            },
          }),
          { headers: { "content-length": String(50_000_000) } },
        ),
    );
    const collected = await collectFiles([{ name: "big.iso", url: "https://files.example.com/big.iso" }], options);
    expect(collected).toEqual({
      ok: false,
      problem:
        "attachments[0] (\"big.iso\"): https://files.example.com/big.iso is larger than 40 MB for all of a call's files (Freshservice's limit for a ticket's attachments)",
    });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a file without Content-Length once it passes the cap", async () => {
    let sent = 0;
    stubFetch(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              sent += 1_000_000;
              controller.enqueue(new Uint8Array(1_000_000));
            },
          }),
        ),
    );
    const collected = await collectFiles([{ name: "big.iso", url: "https://files.example.com/big.iso" }], options);
    expect(collected).toMatchObject({ ok: false, problem: expect.stringMatching(/is larger than 40 MB/) });
    expect(sent).toBeLessThanOrEqual(FRESHSERVICE_MAX_ATTACHMENT_BYTES + 2_000_000);
  });

  it.each([
    [
      "the cloud metadata address",
      "http://169.254.169.254/latest/meta-data/",
      /redirected to a URL the server won't fetch: the URL uses http/,
    ],
    [
      "a private address",
      "https://10.0.0.5/a.txt",
      /redirected to a URL the server won't fetch: the URL points at a private address/,
    ],
    ["loopback in decimal", "https://2130706433/a.txt", /a loopback address \(127\.0\.0\.1\)/],
    ["an internal name", "https://intranet/a.txt", /host without a domain/],
  ])("refuses a redirect to %s, without fetching it", async (_, location, problem) => {
    const calls = stubFetch(() => new Response(null, { status: 302, headers: { location } }));
    const collected = await collectFiles([{ name: "a.txt", url: "https://files.example.com/a.txt" }], options);
    expect(collected).toMatchObject({ ok: false, problem: expect.stringMatching(problem) });
    expect(calls.map((c) => c.url)).toEqual(["https://files.example.com/a.txt"]);
  });

  it("follows at most three redirects, each a relative or absolute public URL", async () => {
    const calls = stubFetch((url) => {
      const hop = Number(new URL(url).searchParams.get("hop") ?? 0);
      return hop < 3
        ? new Response(null, { status: 302, headers: { location: `/next?hop=${hop + 1}` } })
        : new Response("done");
    });
    expect(await collectFiles([{ name: "a.txt", url: "https://files.example.com/a?hop=0" }], options)).toMatchObject({
      ok: true,
      bytes: 4,
    });
    expect(calls).toHaveLength(4);
    const endless = stubFetch(() => new Response(null, { status: 301, headers: { location: "/again" } }));
    expect(await collectFiles([{ name: "a.txt", url: "https://files.example.com/a" }], options)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/redirected more than 3 times/),
    });
    expect(endless).toHaveLength(4);
  });

  it.each([
    ["a 404", () => new Response("gone", { status: 404 }), /answered 404, not the file/],
    ["no answer", () => Promise.reject(new TypeError("network")), /could not be reached/],
    ["an empty file", () => new Response(""), /is empty/],
  ])("refuses %s, naming the URL without its query", async (_, answer, problem) => {
    stubFetch(answer as () => Response);
    const collected = await collectFiles(
      [{ name: "a.txt", url: "https://files.example.com/a.txt?X-Amz-Signature=s3cret" }],
      options,
    );
    expect(collected).toMatchObject({ ok: false, problem: expect.stringMatching(problem) });
    if (!collected.ok) expect(collected.problem).not.toContain("s3cret");
  });

  it("gives up on a file that does not arrive in time", async () => {
    stubFetch(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(10));
            },
          }),
        ),
    );
    const collected = await collectFiles([{ name: "slow.txt", url: "https://files.example.com/slow.txt" }], {
      ...options,
      timeoutMs: 50,
    });
    expect(collected).toMatchObject({ ok: false, problem: expect.stringMatching(/did not finish within 0.05 s/) });
  });
});
