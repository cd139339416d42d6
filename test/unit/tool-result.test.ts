/** How a successful (2xx) Freshservice body becomes a tool result: streamed, capped, and flagged when it fails. */
import { describe, expect, it } from "vitest";
import { type ResultShape, streamedOutcome } from "../../worker/tools/tool-result";
import { UpstreamError } from "../../worker/upstream/fetch-freshservice";

type Result = { content: { text: string }[]; isError: boolean; _meta: Record<string, unknown> };

/** A 200 whose body yields `chunks`, then ends or fails with `error`. */
function upstream(chunks: string[], error?: unknown): Response {
  const encoder = new TextEncoder();
  let i = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
        else if (error) controller.error(error);
        else controller.close();
      },
    }),
    { status: 200 },
  );
}

async function run(response: Response, options: ResultShape = {}): Promise<Result> {
  const outcome = streamedOutcome(response, {}, { http_status: 200 }, options);
  return JSON.parse(await new Response(outcome.result).text()) as Result;
}

describe("streamedOutcome", () => {
  it("passes a complete JSON body through as the text, not an error", async () => {
    const result = await run(upstream(['{"ticket":', '{"id":1,"subject":"a \\"quoted\\" line\\n"}}']));
    expect(result.isError).toBe(false);
    expect(JSON.parse(result.content[0]?.text ?? "")).toEqual({ ticket: { id: 1, subject: 'a "quoted" line\n' } });
  });

  it("a complete body that is not JSON is an error, for a read", async () => {
    const result = await run(upstream(['{"tickets":[{"id":1']));
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(
      /^\{"tickets":\[\{"id":1\n\[Freshservice failed: its answer is not valid JSON;/,
    );
    expect(result.content[0]?.text).toMatch(/Nothing was changed; reads are safe to retry\.\]$/);
  });

  it("a body that breaks off is an error that says the text is partial", async () => {
    const result = await run(upstream(['{"tickets":['], new TypeError("connection reset")));
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/broke off before it was complete; what is above is partial/);
  });

  it("a body cut by the timeout says so and suggests a smaller query", async () => {
    const result = await run(upstream(['{"tickets":['], new UpstreamError("timeout")));
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(
      /did not finish answering in time; .* with a smaller limit or a narrower filter/,
    );
  });

  it.each([
    ["broken", new TypeError("reset"), /its answer broke off/],
    ["timeout", new UpstreamError("timeout"), /it did not finish answering in time/],
  ])("for a write (%s), the change was accepted and must not be repeated blindly", async (_, error, what) => {
    const result = await run(upstream(['{"ticket":{"id":1'], error), { isWrite: true });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/Freshservice accepted the change \(200\), but/);
    expect(result.content[0]?.text).toMatch(what);
    expect(result.content[0]?.text).toMatch(/Do not repeat the change/);
    expect(result.content[0]?.text).not.toMatch(/safe to retry/);
  });

  it("a body cut at the byte cap is marked and truncated, not called invalid JSON", async () => {
    const result = await run(upstream(['{"tickets":[', '{"id":1},'.repeat(50), "{}]}"]), { maxBytes: 100 });
    expect(result.isError).toBe(false);
    expect(result._meta).toMatchObject({ truncated: true });
    const [data, marker] = (result.content[0]?.text ?? "").split("\n[");
    expect(new TextEncoder().encode(data).byteLength).toBe(100);
    expect(marker).toMatch(/^Result cut off at 100 bytes/);
  });

  it("a cut list page says to ask again with a smaller limit, since a cursor would skip the rest", async () => {
    const result = await run(upstream(['{"tickets":[', '{"id":1},'.repeat(50), "{}]}"]), {
      maxBytes: 100,
      paginated: true,
    });
    expect(result.content[0]?.text).toMatch(
      /\n\[Result cut off at 100 bytes, part-way through this page\. .*smaller limit/,
    );
  });

  it("a cut search page says to narrow the search, since its page size is fixed", async () => {
    const result = await run(upstream(['{"tickets":[', '{"id":1},'.repeat(50), "{}]}"]), {
      maxBytes: 100,
      paginated: true,
      fixedPageSize: true,
    });
    const text = result.content[0]?.text ?? "";
    expect(text).toMatch(/\n\[Result cut off at 100 bytes, part-way through this page\. .*narrow the search/);
    expect(text).not.toMatch(/smaller limit/);
  });

  it("a cut single record points at the connection's cap", async () => {
    const result = await run(upstream(['{"ticket":{"description":"', "x".repeat(500), '"}}']), { maxBytes: 100 });
    expect(result.content[0]?.text).toMatch(/\n\[Result cut off at 100 bytes: .*max_result_bytes/);
  });

  it("the last page a search can reach says so, instead of offering a cursor", async () => {
    const outcome = streamedOutcome(upstream(['{"requesters":[]}']), {}, { http_status: 200, last_page: 40 });
    const result = JSON.parse(await new Response(outcome.result).text()) as Result;
    expect(result._meta).toMatchObject({ last_page: 40 });
    expect(result._meta.next_cursor).toBeUndefined();
    expect(result.content[1]?.text).toMatch(/page 40, the last one Freshservice serves .*narrow the search/);
  });

  it("an empty body says so", async () => {
    const result = await run(new Response(null, { status: 200 }));
    expect(result.isError).toBe(false);
    expect(result.content[0]?.text).toBe("Done: Freshservice answered 200 with no body.");
  });
});
