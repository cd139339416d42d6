/**
 * The Worker's Accept ranking answers as the `negotiator` package (which it replaced in the bundle) does for the
 * two answer formats: on the headers clients send, on odd ones, and on random headers built from the pieces
 * parsing turns on (quotes, commas, semicolons, wildcards, `q`, parameters, case, spaces).
 */
import fc from "fast-check";
import Negotiator from "negotiator";
import { describe, expect, it } from "vitest";
import { rankMediaTypes } from "../../worker/mcp/accept-ranking";

const OFFERED = ["application/json", "text/event-stream"];
const byNegotiator = (accept: string) => new Negotiator({ headers: { accept } }).mediaTypes(OFFERED);

const HEADERS = [
  "application/json, text/event-stream",
  "text/event-stream, application/json",
  "application/json, text/event-stream, application/json",
  "text/event-stream;q=0.9, application/json;q=0.9",
  "text/event-stream, */*",
  "*/*;q=0.8, text/event-stream;q=0.8",
  "text/*, application/json",
  "APPLICATION/JSON;Q=0.5, Text/Event-Stream",
  "application/json;charset=utf-8, text/event-stream",
  "application/json;charset=*, text/event-stream;v=",
  "application/json;q=0, text/event-stream;q=abc",
  'application/json;x="a,b;q=0", text/event-stream;q="0.3"',
  "application/json; q=0.5, text/event-stream ;q=0.4",
  "application/json;q=0.5;level=1, text/event-stream;;q=0.5",
  "text/html, application/xhtml+xml, */*;q=0.1",
  "application/json;q = 0.1",
  "*, /, application/, text/event-stream",
  '"',
  ",,,",
  "text/event-stream;a",
];

const piece = fc.constantFrom(
  "application/json",
  "text/event-stream",
  "APPLICATION/Json",
  "*/*",
  "text/*",
  "application/*",
  "text/html",
  "*",
  "",
  " ",
  ",",
  ";",
  ";q=0",
  ";q=0.5",
  ";q=1",
  ";Q=0.9",
  ";q=",
  ";q=x",
  ";charset=utf-8",
  ";v=",
  ";v=*",
  ";v",
  '"',
  '="a,b"',
  '=";"',
);

describe("rankMediaTypes", () => {
  it.each(HEADERS)("%j ranks as negotiator ranks it", (accept) => {
    expect(rankMediaTypes(accept, OFFERED)).toEqual(byNegotiator(accept));
  });

  it("ranks random headers as negotiator ranks them", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const accept = pieces.join("");
        expect(rankMediaTypes(accept, OFFERED)).toEqual(byNegotiator(accept));
      }),
      { numRuns: 2000 },
    );
  });
});
