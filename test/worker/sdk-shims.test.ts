/** The SDK's workerd shims are replaced by worker/mcp/sdk-shims.ts here as in the bundle, and its validator works. */
import { DefaultJsonSchemaValidator } from "@modelcontextprotocol/server/_shims";
import { describe, expect, it } from "vitest";
import { WorkerJsonSchemaValidator } from "../../worker/mcp/json-schema-validator";

describe("the SDK's shims", () => {
  it("default to the Worker's own JSON Schema validator", () => {
    expect(DefaultJsonSchemaValidator).toBe(WorkerJsonSchemaValidator);
  });
});
