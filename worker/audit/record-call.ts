/**
 * The one place a tools/call is logged: a JSON line on the console (never the arguments) and a row in the
 * audit trail. Runs off the response path (`waitUntil`); a failing database costs the row, never the call.
 */
import type { McpServerConfig, McpServerRecord } from "../store/mcp-servers";
import { auditLog } from "./audit-log";
import type { CallCaller, ToolCallLog } from "./call-record";

/** `caller`: the signed-in agent and client of an OAuth server's call; absent for a secret URL's. */
export async function recordCall(
  db: D1Database | undefined,
  server: McpServerRecord,
  entry: Promise<ToolCallLog>,
  caller?: CallCaller | null,
) {
  const log = await entry;
  const source = { mcp_server_id: server.id, account_id: server.account_id };
  const { arguments: _kept, ...line } = log;
  // Ids only on the console: the agent's email stays in the trail, where access to it is the operator's.
  const who = caller ? { agent_id: caller.agent_id, client_id: caller.client_id } : {};
  console.log(JSON.stringify({ ...line, ...source, ...who }));
  if (!db) return;
  try {
    await auditLog(db).write({ ...log, ...source, filters: filtersInForce(server.config), caller: caller ?? null });
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
