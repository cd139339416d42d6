import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { validateArguments } from "../../worker/tools/validate-arguments";
import { sampleArguments, sampleValue } from "../support/sample-arguments";

describe("sample arguments from a JSON Schema", () => {
  it("gives every bundled tool arguments its own input schema accepts, the same every time", () => {
    for (const tool of bundledCatalog()) {
      const args = sampleArguments(tool.inputSchema);
      expect(validateArguments(tool.inputSchema, args), tool.name).toEqual([]);
      expect(Object.keys(args).sort(), tool.name).toEqual(Object.keys(tool.inputSchema.properties).sort());
      expect(sampleArguments(tool.inputSchema)).toEqual(args);
    }
  });

  it("honours enum, const, bounds, lengths, formats, item counts and property limits", () => {
    expect(sampleValue({ enum: ["b", "a"] }, ["x"])).toBe("b");
    expect(sampleValue({ const: 3 }, ["x"])).toBe(3);
    expect(sampleValue({ type: "integer", minimum: 5, maximum: 9 }, ["x"])).toBe(5);
    expect(sampleValue({ type: "number", maximum: 0 }, ["x"])).toBe(0);
    expect(sampleValue({ type: "string", minLength: 40 }, ["x"])).toHaveLength(40);
    expect(sampleValue({ type: "string", maxLength: 3 }, ["x"])).toHaveLength(3);
    expect(sampleValue({ type: "string", format: "date" }, ["x"])).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sampleValue({ type: "string", format: "date-time" }, ["x"])).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(sampleValue({ type: "string", format: "email" }, ["cc_emails", "[]"])).toMatch(/^cc\.emails@/);
    expect(sampleValue({ type: "string", pattern: "^(a|b)(,(a|b))*$" }, ["include"])).toBe("a,b");
    expect(sampleValue({ type: "array", items: { type: "integer" }, minItems: 3, uniqueItems: true }, ["x"])).toEqual([
      1, 2, 3,
    ]);
    const one = { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, maxProperties: 1 };
    expect(Object.keys(sampleValue(one, ["x"]) as object)).toHaveLength(1);
    expect(
      sampleArguments(
        { properties: { a: { type: "boolean" }, b: { type: "boolean" } }, required: ["a"] },
        { omit: ["a", "b"] },
      ),
    ).toEqual({ a: true });
  });

  it("uses hints first, by path", () => {
    const schema = { type: "object", properties: { ids: { type: "array", items: { type: "integer" } } } };
    const args = sampleArguments(schema, { hint: (path) => (path.join(".") === "ids.[]" ? 42 : undefined) });
    expect(args).toEqual({ ids: [42] });
  });
});
