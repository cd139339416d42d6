/**
 * A URL's `workspace_id` is the default for every operation with an optional `workspace_id` argument (lists,
 * creates, form fields), except where leaving it out means something else (`workspace_default: false`). A
 * default, not a boundary: the model may still pass another workspace, and what the account's API key may reach
 * is decided by Freshservice. Required ones (a move's target) are never filled in.
 */
import type { CatalogTool, JsonSchema } from "../catalog/build-tools";

const ARGUMENT = "workspace_id";
/** How the bundled descriptions state Freshservice's default: "(default: the primary workspace)". */
const BUNDLED_DEFAULT = /\s*\(default: [^)]*\)/;

function workspaceArgument(tool: CatalogTool, workspaceId: number | undefined): JsonSchema | undefined {
  const op = tool.operation;
  if (workspaceId === undefined || !op.workspace_default || op.required.includes(ARGUMENT)) return undefined;
  const schema = op.query[ARGUMENT] ?? op.body[ARGUMENT];
  // A workspace this argument can't take (service items refuse the global one) is not offered as its default.
  if (!schema || (typeof schema.minimum === "number" && workspaceId < schema.minimum)) return undefined;
  return schema;
}

/** The tool as this URL lists it: its workspace argument says what leaving it out means here. */
export function announceWorkspace(tool: CatalogTool, workspaceId: number | undefined): CatalogTool {
  const schema = workspaceArgument(tool, workspaceId);
  if (!schema) return tool;
  const here = `on this connection, leaving it out means workspace ${workspaceId}`;
  const bundled = typeof schema.description === "string" ? schema.description : "Workspace id.";
  // The bundled text names Freshservice's own default; on this URL that default is not what happens.
  const description = BUNDLED_DEFAULT.test(bundled)
    ? bundled.replace(BUNDLED_DEFAULT, ` (${here})`)
    : `${bundled} ${here[0]?.toUpperCase()}${here.slice(1)}.`;
  const described: JsonSchema = { ...schema, default: workspaceId, description };
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
