/**
 * A URL's `workspace_id` is the default for every operation with an optional `workspace_id` argument (lists,
 * creates, form fields). A default, not a boundary: the model may still pass another workspace, and what the
 * account's API key may reach is decided by Freshservice. Required ones (a move's target) are never filled in.
 */
import type { CatalogTool, JsonSchema } from "../catalog/build-tools";

const ARGUMENT = "workspace_id";

function workspaceArgument(tool: CatalogTool, workspaceId: number | undefined): JsonSchema | undefined {
  const op = tool.operation;
  if (workspaceId === undefined || op.required.includes(ARGUMENT)) return undefined;
  const schema = op.query[ARGUMENT] ?? op.body[ARGUMENT];
  // A workspace this argument can't take (service items refuse the global one) is not offered as its default.
  if (!schema || (typeof schema.minimum === "number" && workspaceId < schema.minimum)) return undefined;
  return schema;
}

/** The tool as this URL lists it: its workspace argument says what leaving it out means here. */
export function announceWorkspace(tool: CatalogTool, workspaceId: number | undefined): CatalogTool {
  const schema = workspaceArgument(tool, workspaceId);
  if (!schema) return tool;
  const described: JsonSchema = {
    ...schema,
    default: workspaceId,
    description: `${schema.description ?? "Workspace id."} On this connection, leaving it out means workspace ${workspaceId}.`,
  };
  return {
    ...tool,
    inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, [ARGUMENT]: described } },
  };
}

/** The arguments to send: the URL's workspace filled in when the model passed none. */
export function withWorkspaceDefault(
  tool: CatalogTool,
  args: Record<string, unknown>,
  workspaceId: number | undefined,
): Record<string, unknown> {
  if (!workspaceArgument(tool, workspaceId) || (args[ARGUMENT] !== undefined && args[ARGUMENT] !== null)) return args;
  return { ...args, [ARGUMENT]: workspaceId };
}
