/** JSON-RPC 2.0 shapes the MCP endpoint answers with itself (the SDK makes its own). */
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
