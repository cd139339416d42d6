/**
 * Stands in for the MCP SDK's workerd shims (`@modelcontextprotocol/server/_shims`, aliased in wrangler.toml and
 * vitest.config.ts): the same exports, with the Worker's own JSON Schema validator as the default, so that the
 * SDK's copy of @cfworker/json-schema is not bundled beside ours.
 */
export { WorkerJsonSchemaValidator as DefaultJsonSchemaValidator } from "./json-schema-validator";

function notSupported(): never {
  throw new Error("StdioServerTransport is not supported in a Worker: the Worker serves Streamable HTTP.");
}

/** The SDK's stdio transport reads these; a Worker has no stdio. */
export const process = {
  get stdin(): never {
    return notSupported();
  },
  get stdout(): never {
    return notSupported();
  },
};
