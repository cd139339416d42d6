/** How a successful (2xx) Freshservice body becomes a tool result: streamed, capped, and flagged when it fails. */
import { describe, expect, it } from "vitest";
import {
  failedOutcome,
  jsonOutcome,
  type Paging,
  type ResultShape,
  streamedOutcome,
  type ToolOutcome,
} from "../../worker/tools/tool-result";
import { UpstreamError } from "../../worker/upstream/fetch-freshservice";

type Result = { content: { type: string; text: string }[]; isError: boolean; _meta?: Record<string, unknown> };

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

async function read(outcome: ToolOutcome): Promise<Result> {
  return JSON.parse(await new Response(outcome.result).text()) as Result;
}

async function run(response: Response, options: ResultShape = {}, paging: Paging = {}, rateLimit = {}) {
  return read(streamedOutcome(response, rateLimit, paging, options));
}

/** The result's one text item, parsed: what every agent library hands the model. */
function documentOf(result: Result): Record<string, unknown> {
  expect(result.content).toHaveLength(1);
  expect(result.content[0]?.type).toBe("text");
  return JSON.parse(result.content[0]?.text ?? "") as Record<string, unknown>;
}

describe("streamedOutcome", () => {
  it("passes a complete JSON body through as the one text item, not an error, with no _meta", async () => {
    const result = await run(upstream(['{"ticket":', '{"id":1,"subject":"a \\"quoted\\" line\\n"}}']));
    expect(result.isError).toBe(false);
    expect(documentOf(result)).toEqual({ ticket: { id: 1, subject: 'a "quoted" line\n' } });
    expect(result).not.toHaveProperty("_meta");
  });

  it("a page's next cursor is inside the document, after Freshservice's keys", async () => {
    const result = await run(
      upstream(['{"tickets":[{"id":1},', '{"id":2}]}']),
      { paginated: true },
      { next_cursor: "c2" },
    );
    expect(result.content[0]?.text).toBe('{"tickets":[{"id":1},{"id":2}],"next_cursor":"c2"}');
    expect(result).not.toHaveProperty("_meta");
  });

  it("the next page of a filter that counts its matches in the body is read from the whole body", async () => {
    const result = await run(upstream(['{"tickets":[{"id":1}],"total":5}']), {
      paginated: true,
      cursorFromBody: (body) => ((body as { total: number }).total > 1 ? "from-total" : undefined),
    });
    expect(documentOf(result)).toEqual({ tickets: [{ id: 1 }], total: 5, next_cursor: "from-total" });
  });

  it("a body that is not an object is the document's result", async () => {
    const result = await run(upstream(["[1,2,3]"]), {}, { next_cursor: "c" });
    expect(documentOf(result)).toEqual({ result: [1, 2, 3], next_cursor: "c" });
  });

  it("a write's answer gives its record id to the call's log", async () => {
    const outcome = streamedOutcome(upstream(['{"ticket":{"id":77,"subject":"s"}}']), {}, {}, { isWrite: true });
    expect(documentOf(await read(outcome))).toEqual({ ticket: { id: 77, subject: "s" } });
    expect(await outcome.ended).toEqual({ cut: false, failure: undefined, recordId: 77 });
  });

  it("a complete body that is not JSON is an error, for a read", async () => {
    const result = await run(upstream(['{"tickets":[{"id":1}', ',{"id":2']));
    expect(result.isError).toBe(true);
    const doc = documentOf(result);
    expect(doc.tickets).toEqual([{ id: 1 }]);
    expect(doc.error).toMatch(/^Freshservice failed: its answer is not valid JSON;/);
    expect(doc.error).toMatch(/Nothing was changed; reads are safe to retry\.$/);
  });

  it("a body that is not JSON at all is an error whose document holds only the error", async () => {
    const result = await run(upstream(["<html>502 Bad Gateway</html>"]));
    expect(result.isError).toBe(true);
    expect(Object.keys(documentOf(result))).toEqual(["error"]);
    expect(result._meta).toEqual({ http_status: 200 });
  });

  it("a body that breaks off is an error that says the text is partial", async () => {
    const result = await run(upstream(['{"tickets":['], new TypeError("connection reset")));
    expect(result.isError).toBe(true);
    expect(documentOf(result)).toMatchObject({ tickets: [] });
    expect(documentOf(result).error).toMatch(/broke off before it was complete; what is above is partial/);
  });

  it("a body cut by the timeout says so and suggests a smaller query", async () => {
    const result = await run(upstream(['{"tickets":['], new UpstreamError("timeout")));
    expect(result.isError).toBe(true);
    expect(documentOf(result).error).toMatch(
      /did not finish answering in time; .* with a smaller limit or a narrower filter/,
    );
  });

  it.each([
    ["broken", new TypeError("reset"), /its answer broke off/],
    ["timeout", new UpstreamError("timeout"), /it did not finish answering in time/],
  ])("for a write (%s), the change was accepted and must not be repeated blindly", async (_, error, what) => {
    const result = await run(upstream(['{"ticket":{"id":1'], error), { isWrite: true });
    expect(result.isError).toBe(true);
    const text = String(documentOf(result).error);
    expect(text).toMatch(/Freshservice accepted the change \(200\), but/);
    expect(text).toMatch(what);
    expect(text).toMatch(/Do not repeat the change/);
    expect(text).not.toMatch(/safe to retry/);
  });

  it("a body cut at the byte cap is marked and truncated, keeps whole records only, and is not called invalid JSON", async () => {
    const result = await run(upstream(['{"tickets":[', '{"id":1},'.repeat(50), "{}]}"]), { maxBytes: 100 });
    expect(result.isError).toBe(false);
    const doc = documentOf(result);
    expect(doc.truncated).toBe(true);
    // 100 bytes hold `{"tickets":[` and 9 whole records, and most of a tenth, which is left out.
    expect(doc.tickets).toEqual(Array.from({ length: 9 }, () => ({ id: 1 })));
    expect(doc.notice).toMatch(/^Result cut off at 100 bytes/);
  });

  it("a cut list page says to ask again with a smaller limit, since a cursor would skip the rest", async () => {
    const result = await run(upstream(['{"tickets":[', '{"id":1},'.repeat(50), "{}]}"]), {
      maxBytes: 100,
      paginated: true,
    });
    expect(documentOf(result).notice).toMatch(
      /^Result cut off at 100 bytes, part-way through this page: .*smaller limit/,
    );
  });

  it("a cut search page says to narrow the search, since its page size is fixed", async () => {
    const result = await run(upstream(['{"tickets":[', '{"id":1},'.repeat(50), "{}]}"]), {
      maxBytes: 100,
      paginated: true,
      fixedPageSize: true,
    });
    const notice = String(documentOf(result).notice);
    expect(notice).toMatch(/^Result cut off at 100 bytes, part-way through this page: .*narrow the search/);
    expect(notice).not.toMatch(/smaller limit/);
  });

  it("a cut single record keeps its whole fields and points at the connection's cap", async () => {
    const result = await run(upstream(['{"ticket":{"id":5,"description":"', "x".repeat(500), '"}}']), {
      maxBytes: 100,
    });
    const doc = documentOf(result);
    expect(doc.ticket).toEqual({ id: 5 });
    expect(doc.notice).toMatch(/^Result cut off at 100 bytes: .*max_result_bytes/);
  });

  it("the last page a search can reach says so, instead of offering a cursor", async () => {
    const result = await run(upstream(['{"requesters":[]}']), {}, { last_page: 40 });
    const doc = documentOf(result);
    expect(doc.next_cursor).toBeUndefined();
    expect(doc.notice).toMatch(/page 40, the last one Freshservice serves .*narrow the search/);
  });

  it("an empty body says so", async () => {
    const result = await run(new Response(null, { status: 200 }));
    expect(result.isError).toBe(false);
    expect(documentOf(result)).toEqual({ notice: "Done: Freshservice answered 200 with no body." });
  });
});

describe("the rate limit in a result", () => {
  const plenty = { limit: 400, remaining: 390, used: 1 };
  const low = { limit: 400, remaining: 12, used: 1 };

  it("with plenty left, no result carries it: the HTTP headers do", async () => {
    expect(await run(upstream(['{"a":1}']), {}, {}, plenty)).not.toHaveProperty("_meta");
    expect(await read(jsonOutcome({ results: [] }, plenty))).not.toHaveProperty("_meta");
    expect(await read(failedOutcome({ kind: "invalid_arguments", problems: ["x"] }, plenty))).not.toHaveProperty(
      "_meta",
    );
  });

  it("when few calls are left, _meta carries it and the model reads a notice in the document", async () => {
    const result = await run(upstream(['{"a":1}']), {}, {}, low);
    expect(result._meta).toEqual({ ratelimit: low });
    expect(documentOf(result).notice).toMatch(/only 12 of 400 Freshservice API calls are left/);
  });

  it("search and fetch keep their exact JSON: a low limit is in _meta only", async () => {
    const result = await read(jsonOutcome({ results: [] }, low));
    expect(result.content).toEqual([{ type: "text", text: '{"results":[]}' }]);
    expect(result._meta).toEqual({ ratelimit: low });
  });

  it("a refusal that names a wait carries it, with Freshservice's status", async () => {
    const wait = { limit: 400, remaining: 0, retryAfterSeconds: 30 };
    const result = await read(
      failedOutcome({ kind: "upstream_status", status: 429, body: "", isWrite: false }, wait, { http_status: 429 }),
    );
    expect(result.isError).toBe(true);
    expect(result._meta).toEqual({ http_status: 429, ratelimit: wait });
  });

  it("a failure before Freshservice was asked has no _meta at all", async () => {
    const result = await read(failedOutcome({ kind: "invalid_arguments", problems: ["id: required"] }));
    expect(result).not.toHaveProperty("_meta");
    expect(result.content[0]?.text).toMatch(/^Invalid arguments/);
  });
});
