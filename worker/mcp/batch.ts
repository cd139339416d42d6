/**
 * JSON-RPC batches. Only protocol revision 2025-03-26 has them (2025-06-18 removed them, 2026-07-28 has none),
 * so a batch is refused unless the request is of that revision (or names none, which the spec says to read as
 * 2025-03-26). An accepted batch is answered message by message through the same lanes as single messages, within
 * a cap on its length and on the bytes of its answer: without them, 100 tools/list in a 5 KB body made 43 MB.
 */
import { classifyInboundRequest } from "@modelcontextprotocol/server";
import { readCappedBytes } from "../upstream/read-capped";
import {
  JSONRPC_INVALID_REQUEST,
  JSONRPC_SERVER_ERROR,
  type JsonRpcId,
  jsonRpcError,
  jsonRpcErrorResponse,
} from "./jsonrpc";

/** The one revision whose transport allows batches; a request without MCP-Protocol-Version is read as this one. */
export const BATCH_REVISION = "2025-03-26";
/** Enough for a client that sends a call or two with its list; a full URL's tools/list is about 430 KB each. */
export const MAX_BATCH_MESSAGES = 10;
/** What one batch's answer may hold, far below a Worker's 128 MB of memory even with several batches at once. */
export const MAX_BATCH_ANSWER_BYTES = 8 * 1024 * 1024;

export async function answerBatch(
  request: Request,
  batch: unknown[],
  answerOne: (message: unknown) => Promise<Response>,
): Promise<Response> {
  const refusal = batchRefusal(request, batch);
  if (refusal) return jsonRpcErrorResponse(400, JSONRPC_INVALID_REQUEST, refusal);
  // Answers are kept as the lanes' bytes, joined only into the one body sent.
  const answers: (string | Uint8Array)[] = [];
  let room = MAX_BATCH_ANSWER_BYTES;
  for (const message of batch) {
    const id = requestId(message);
    if (room <= 0) {
      answers.push(notAnswered(id, "was not run. Send it again on its own."), ",");
      continue;
    }
    const answer = await answerOne(message);
    if (answer.status === 202) continue; // a notification or a response: nothing to answer
    const body = await readCappedBytes(answer, room);
    if (body === null) {
      room = 0;
      answers.push(
        notAnswered(
          id,
          isToolCall(message)
            ? "ran, but its answer did not fit. It may have changed data: check with a get or list tool before repeating it, on its own."
            : "did not fit. Send it again on its own.",
        ),
        ",",
      );
      continue;
    }
    room -= body.bytes;
    answers.push(...body.chunks, ",");
  }
  if (answers.length === 0) return new Response(null, { status: 202 });
  answers.pop();
  return new Response(new Blob(["[", ...answers, "]"]), { headers: { "content-type": "application/json" } });
}

/** Why this batch is not answered at all, or undefined. */
function batchRefusal(request: Request, batch: unknown[]): string | undefined {
  const version = request.headers.get("mcp-protocol-version")?.trim();
  if (version !== undefined && version !== BATCH_REVISION)
    return `Invalid Request: protocol revision ${JSON.stringify(version.slice(0, 32))} has no JSON-RPC batches (only ${BATCH_REVISION} had them); send one message per request.`;
  // Empty batches, malformed members and members of the 2026-07-28 era: the SDK's own rules.
  const shape = classifyInboundRequest({ httpMethod: "POST", body: batch });
  if (shape.kind === "reject") return shape.message;
  if (batch.length > MAX_BATCH_MESSAGES)
    return `Invalid Request: a batch may hold at most ${MAX_BATCH_MESSAGES} messages; send the rest in another request.`;
  if (batch.some((message) => (message as { method?: unknown }).method === "initialize"))
    return "Invalid Request: initialize can't be part of a batch; send it on its own.";
  return undefined;
}

/** The error that stands in for an answer the batch had no room for. */
function notAnswered(id: JsonRpcId | null, what: string): string {
  const message = `This batch's answers reached their cap of ${MAX_BATCH_ANSWER_BYTES} bytes: this request ${what}`;
  return JSON.stringify(jsonRpcError(id, JSONRPC_SERVER_ERROR, message));
}

function requestId(message: unknown): JsonRpcId | null {
  const id = (message as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

function isToolCall(message: unknown): boolean {
  return (message as { method?: unknown }).method === "tools/call";
}
