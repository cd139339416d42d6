/** The JSON Schema validator the Worker gives the MCP SDK (worker/mcp/json-schema-validator.ts). */
import { describe, expect, it } from "vitest";
import { WorkerJsonSchemaValidator } from "../../worker/mcp/json-schema-validator";

const schema = {
  type: "object",
  properties: { name: { type: "string" }, count: { type: "integer", minimum: 1 } },
  required: ["name"],
  additionalProperties: false,
} as const;

describe("WorkerJsonSchemaValidator", () => {
  const validate = new WorkerJsonSchemaValidator().getValidator<{ name: string; count?: number }>(schema);

  it("passes a valid value through as its data", () => {
    const value = { name: "printer", count: 2 };
    expect(validate(value)).toEqual({ valid: true, data: value, errorMessage: undefined });
  });

  it.each([
    [{ count: 2 }, /required/i],
    [{ name: "printer", count: 0 }, /#\/count/],
    [{ name: "printer", colour: "red" }, /colour/],
    ["printer", /#: /],
  ])("refuses %j, saying where", (value, message) => {
    const result = validate(value);
    expect(result.valid).toBe(false);
    expect(result.data).toBeUndefined();
    expect(result.errorMessage).toMatch(message);
  });
});
