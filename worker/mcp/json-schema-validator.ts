/**
 * The MCP SDK's JSON Schema validator, on the @cfworker/json-schema the Worker already ships for tool arguments
 * (the SDK's own provider carries a second copy of that library). The SDK's `Server` validates with it only the
 * answer to an elicitation request, which this Worker never sends.
 */
import { type Schema, Validator } from "@cfworker/json-schema";
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/server";

export class WorkerJsonSchemaValidator implements jsonSchemaValidator {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    // Short-circuit on the first error, as the SDK's provider does; the schemas are ours, in draft 2020-12.
    const validator = new Validator(schema as Schema, "2020-12", true);
    return (input) => {
      const { valid, errors } = validator.validate(input);
      return valid
        ? { valid: true, data: input as T, errorMessage: undefined }
        : {
            valid: false,
            data: undefined,
            errorMessage: errors.map((e) => `${e.instanceLocation}: ${e.error}`).join("; "),
          };
    };
  }
}
