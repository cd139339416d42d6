/** A streamed JSON body as one JSON object with keys added at its end: whole, cut off, broken, or not JSON at all. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SplicedJson } from "../../worker/tools/spliced-json";

/** Feeds `pieces`, then closes with `keys`; `finish` says whether the body ended there (else it was cut). */
function splice(pieces: string[], keys: Record<string, unknown> = {}, finish = true) {
  const doc = new SplicedJson();
  const written = pieces.map((piece) => doc.push(piece));
  const complete = finish ? doc.finish() : false;
  return { text: written.join("") + doc.close(keys), written, complete };
}

/** The text split at the given positions. */
function pieces(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length)).filter(Boolean);
}

describe("SplicedJson", () => {
  it.each([
    ["an object body gets the keys before its }", '{"tickets":[{"id":1}]}', '{"tickets":[{"id":1}],"next_cursor":"c"}'],
    ["an empty object needs no comma", "{ }", '{"next_cursor":"c"}'],
    ["whitespace around the body is dropped", '\n {"a":1} \n', '{"a":1,"next_cursor":"c"}'],
    ["an array is wrapped as result", "[1,2]", '{"result":[1,2],"next_cursor":"c"}'],
    ["a bare number is wrapped", "42", '{"result":42,"next_cursor":"c"}'],
    ["a bare string is wrapped", '"ok"', '{"result":"ok","next_cursor":"c"}'],
    ["null is wrapped", "null", '{"result":null,"next_cursor":"c"}'],
  ])("%s", (_, body, document) => {
    const { text, complete } = splice([body], { next_cursor: "c" });
    expect(complete).toBe(true);
    expect(text).toBe(document);
  });

  it("keys left undefined are not written", () => {
    expect(splice(['{"a":1}'], { next_cursor: undefined, notice: "n" }).text).toBe('{"a":1,"notice":"n"}');
  });

  it("releases a page's records whole, holding back the one still arriving", () => {
    const doc = new SplicedJson();
    expect(doc.push('{"tickets":[{"id":1,"tags":["a"]},{"id":2,"sub')).toBe('{"tickets":[{"id":1,"tags":["a"]}');
    expect(doc.push('ject":"x"}')).toBe(',{"id":2,"subject":"x"}');
    expect(doc.push("]")).toBe("]");
    expect(doc.push("}")).toBe("");
    expect(doc.finish()).toBe(true);
    expect(doc.close({})).toBe("}");
  });

  it.each([
    [
      "a page cut inside a record keeps the whole records",
      '{"tickets":[{"id":1},{"id":2,"subj',
      '{"tickets":[{"id":1}]',
    ],
    ["a page cut before its first record is empty", '{"tickets":[{"id":1', '{"tickets":[]'],
    ["a record cut inside a field keeps the whole fields", '{"ticket":{"id":1,"subject":"Print', '{"ticket":{"id":1}'],
    ["a cut inside a number drops it (12 may be 1234)", '{"ticket":{"id":12', '{"ticket":{}'],
    ["a cut inside an escape drops the string", '{"ticket":{"id":1,"s":"a\\u00', '{"ticket":{"id":1}'],
    ["a cut after a key drops the member", '{"total":3,"tickets"', '{"total":3'],
    ["a cut wrapped array keeps its whole elements", '[{"id":1},{"id":2', '{"result":[{"id":1}]'],
  ])("%s", (_, prefix, kept) => {
    const { text } = splice([prefix], { truncated: true }, false);
    expect(text).toBe(`${kept},"truncated":true}`);
    JSON.parse(text);
  });

  it.each([
    ["HTML", "<html>Bad gateway</html>"],
    ["a stray bracket after the body", '{"a":1}}'],
    ["two values", '{"a":1} {"b":2}'],
    ["a missing colon", '{"a" 1}'],
    ["a bad literal", '{"a":tru}'],
    ["a bad number", '{"a":01}'],
    ["a bad escape", '{"a":"\\x"}'],
    ["a raw newline in a string", '{"a":"line\nbreak"}'],
    ["a trailing comma", '{"a":[1,]}'],
    ["a mismatched bracket", '{"a":[1}'],
    ["nothing but whitespace", "  \n"],
  ])("%s is not complete, and what was written still closes into JSON", (_, body) => {
    const { text, complete } = splice([body], { error: "e" });
    expect(complete).toBe(false);
    expect(JSON.parse(text)).toMatchObject({ error: "e" });
  });

  it("writes nothing past the first character that is not JSON", () => {
    const doc = new SplicedJson();
    expect(doc.push('{"tickets":[{"id":1},{"id":2}x,{"id":3}]}')).toBe('{"tickets":[{"id":1},{"id":2}');
    expect(doc.failed).toBe(true);
    expect(doc.push('{"more":1}')).toBe("");
    expect(doc.close({})).toBe("]}");
  });

  it("a complete JSON body, in any pieces, is the same value with the keys added", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(), { maxLength: 6 }), (value, cuts) => {
        const body = JSON.stringify(value);
        const { text, complete } = splice(pieces(body, cuts), { next_cursor: "c" });
        expect(complete).toBe(true);
        const expected = isObject(value) ? { ...value, next_cursor: "c" } : { result: value, next_cursor: "c" };
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(expected)));
      }),
    );
  });

  it("a body cut anywhere closes into JSON holding only whole values from it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), (generated, cut, splits) => {
        const body = JSON.stringify(generated);
        const value = JSON.parse(body) as unknown; // as JSON has it (-0 is 0)
        const prefix = body.slice(0, cut % (body.length + 1));
        const { text } = splice(pieces(prefix, splits), {}, false);
        const kept = JSON.parse(text) as unknown;
        if (isObject(value)) expectPrunedFrom(kept, value, 1);
        // Anything else is the value of the document's `result`, one level down.
        else if (Object.keys(kept as object).length) expectPrunedFrom((kept as { result: unknown }).result, value, 2);
      }),
    );
  });

  it("agrees with JSON.parse on what is JSON, and always closes into JSON", () => {
    const mutated = fc
      .tuple(fc.jsonValue(), fc.nat(), fc.constantFrom("", "}", "]", ",", ":", '"', "\\", "x", "\n", "1", " "))
      .map(([value, at, insert]) => {
        const body = JSON.stringify(value);
        const i = at % (body.length + 1);
        return body.slice(0, i) + insert + body.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string()), fc.array(fc.nat(), { maxLength: 4 }), (body, cuts) => {
        const { text, complete } = splice(pieces(body, cuts), { error: "e" });
        expect(complete).toBe(parses(body));
        JSON.parse(text);
      }),
    );
  });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `kept` is `whole` with members or elements dropped from the end at the two outer levels: every value kept is
 * whole, except (at depth 1 or 2) the one container the cut went through, which is pruned the same way.
 */
function expectPrunedFrom(kept: unknown, whole: unknown, depth: number): void {
  if (depth > 2 || typeof whole !== "object" || whole === null) {
    expect(kept).toEqual(whole);
    return;
  }
  if (Array.isArray(whole)) {
    expect(Array.isArray(kept)).toBe(true);
    const items = kept as unknown[];
    expect(items.length).toBeLessThanOrEqual(whole.length);
    items.forEach((item, i) => {
      if (i < items.length - 1) expect(item).toEqual(whole[i]);
      else expectPrunedFrom(item, whole[i], depth + 1);
    });
    return;
  }
  expect(isObject(kept)).toBe(true);
  const entries = Object.entries(kept as Record<string, unknown>);
  let pruned = 0;
  for (const [key, value] of entries) {
    expect(Object.hasOwn(whole, key)).toBe(true);
    const original = (whole as Record<string, unknown>)[key];
    try {
      expect(value).toEqual(original);
    } catch {
      pruned++;
      expectPrunedFrom(value, original, depth + 1);
    }
  }
  expect(pruned).toBeLessThanOrEqual(1);
}
