/**
 * The one place a tools/call is logged: a JSON line on the console (never the arguments) and a row in the
 * audit trail. Runs off the response path (`waitUntil`); a failing database costs the row, never the call.
 */
import type { McpServerConfig, McpServerRecord } from "../store/mcp-servers";
import { auditLog } from "./audit-log";
import type { ToolCallLog } from "./call-record";

export async function recordCall(db: D1Database | undefined, server: McpServerRecord, entry: Promise<ToolCallLog>) {
  const log = await entry;
  const source = { mcp_server_id: server.id, account_id: server.account_id };
  const { arguments: _kept, ...line } = log;
  console.log(JSON.stringify({ ...line, ...source }));
  if (!db) return;
  try {
    await auditLog(db).write({ ...log, ...source, filters: filtersInForce(server.config) });
  } catch (error) {
    // The name only: a database error message can quote the statement's values.
    console.error(
      JSON.stringify({ event: "audit_write_failed", error: error instanceof Error ? error.name : "unknown" }),
    );
  }
}

/** The config keys that decide which tools the call could reach. */
function filtersInForce({ methods, tags, workspace_id }: McpServerConfig): Record<string, unknown> {
  return {
    ...(methods ? { methods } : {}),
    ...(tags ? { tags } : {}),
    ...(workspace_id !== undefined ? { workspace_id } : {}),
  };
}
