/** JSON-RPC 2.0 shapes the MCP endpoint answers with itself (the SDK lane makes its own). */
import { jsonResponse } from "../http/responses";

export type JsonRpcId = string | number;

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;
export const JSONRPC_INVALID_PARAMS = -32602;
/** Implementation-defined server error, used for transport-level refusals (not found, unauthorized, …). */
export const JSONRPC_SERVER_ERROR = -32000;

export function jsonRpcError(id: JsonRpcId | null, code: number, message: string) {
  return { jsonrpc: "2.0" as const, id, error: { code, message } };
}

/** An HTTP-level refusal with a JSON-RPC error body that carries no id, as the transport spec allows. */
export function jsonRpcErrorResponse(status: number, code: number, message: string, headers: HeadersInit = {}) {
  return jsonResponse(jsonRpcError(null, code, message), status, headers);
}

export interface ToolCallMessage {
  id: JsonRpcId;
  name: string;
  arguments: Record<string, unknown>;
}

/** A single `tools/call` request, shaped well enough to run; anything else is not for the tool lane. */
export function isToolCallRequest(
  message: unknown,
): message is { id: JsonRpcId; method: "tools/call"; params?: unknown } {
  if (!message || typeof message !== "object" || Array.isArray(message)) return false;
  const m = message as Record<string, unknown>;
  return m.jsonrpc === "2.0" && m.method === "tools/call" && (typeof m.id === "string" || typeof m.id === "number");
}

/** The tool name and arguments, or the reason the params are unusable. */
export function toolCallParams(params: unknown): { name: string; arguments: Record<string, unknown> } | string {
  if (!params || typeof params !== "object" || Array.isArray(params)) return "params must be an object";
  const p = params as Record<string, unknown>;
  if (typeof p.name !== "string" || p.name.length === 0) return "params.name must be the tool's name";
  // Absent means no arguments; null is not an object (the SDK lane refuses it too).
  const args = p.arguments === undefined ? {} : p.arguments;
  if (typeof args !== "object" || args === null || Array.isArray(args)) return "params.arguments must be an object";
  return { name: p.name, arguments: args as Record<string, unknown> };
}
