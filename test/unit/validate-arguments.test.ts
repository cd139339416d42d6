/** Argument problems as the model reads them: by field path, and short even where a form's dropdown is huge. */
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../worker/catalog/build-tools";
import { MAX_LISTED_CHOICES, validateArguments } from "../../worker/tools/validate-arguments";

const dropdown = (count: number): JsonSchema => ({
  type: "object",
  properties: {
    custom_fields: {
      type: "object",
      properties: { cf_site: { type: "string", enum: Array.from({ length: count }, (_, i) => `Site number ${i}`) } },
    },
  },
});

describe("validateArguments", () => {
  it("lists a small dropdown's choices whole", () => {
    expect(validateArguments(dropdown(3), { custom_fields: { cf_site: "Mars" } })).toEqual([
      'custom_fields.cf_site: must be one of "Site number 0", "Site number 1", "Site number 2"',
    ]);
  });

  it("caps a large dropdown's choices and says how many more there are", () => {
    const [problem] = validateArguments(dropdown(5000), { custom_fields: { cf_site: "Mars" } });
    expect(problem).toContain(`"Site number ${MAX_LISTED_CHOICES - 1}" (and ${5000 - MAX_LISTED_CHOICES} more`);
    expect(problem).not.toContain(`"Site number ${MAX_LISTED_CHOICES}"`);
    expect(problem?.length).toBeLessThan(1500);
  });

  it("cuts each long choice", () => {
    const schema: JsonSchema = { type: "object", properties: { cf: { enum: ["x".repeat(10_000)] } } };
    const [problem] = validateArguments(schema, { cf: "y" });
    expect(problem?.length).toBeLessThan(200);
  });

  it("names other problems by their path, as before", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { id: { type: "integer" } },
      required: ["id"],
      additionalProperties: false,
    };
    expect(validateArguments(schema, { nope: 1 })).toEqual(["id: required", "nope: not an argument of this tool"]);
    expect(validateArguments(schema, { id: "x" })).toEqual([expect.stringMatching(/^id: /)]);
  });
});
