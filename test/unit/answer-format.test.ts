/** The answer format an Accept header asks for: the same answer the first time and every time after (remembered per isolate). */
import { describe, expect, it } from "vitest";
import { answerFormat } from "../../worker/mcp/http-rules";

const CASES: [string | null, "json" | "sse" | null][] = [
  [null, "json"],
  ["", "json"],
  ["application/json, text/event-stream", "json"],
  // A tie is JSON whatever the order the client listed them in; a real preference for SSE is kept.
  ["text/event-stream, application/json", "json"],
  ["text/event-stream;q=0.9, application/json;q=0.9", "json"],
  ["text/event-stream, */*", "sse"],
  ["text/event-stream, application/*", "sse"],
  ["text/*, application/json", "json"],
  ["text/event-stream;q=1, application/json;q=0.5", "sse"],
  ["application/json", "json"],
  ["text/event-stream", "sse"],
  ["*/*", "json"],
  ["text/html", null],
  ["application/json;q=0", null],
];

describe("answerFormat", () => {
  it.each(CASES)("%j → %j, again and again", (accept, format) => {
    for (let i = 0; i < 3; i++) expect(answerFormat(accept)).toBe(format);
  });

  it("keeps answering right past its bound of remembered headers, and for headers too long to remember", () => {
    for (let i = 0; i < 200; i++) {
      expect(answerFormat(`text/html;v=${i}`)).toBeNull();
      expect(answerFormat(`application/json, text/x-unused-${i}`)).toBe("json");
    }
    const long = `text/event-stream, ${"application/x-padding;q=0.1, ".repeat(20)}application/json;q=0.5`;
    expect(long.length).toBeGreaterThan(256);
    expect(answerFormat(long)).toBe("sse");
    expect(answerFormat(long)).toBe("sse");
    for (const [accept, format] of CASES) expect(answerFormat(accept)).toBe(format);
  });
});
