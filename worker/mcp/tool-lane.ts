/**
 * The tools/call lane. The SDK transport answers only once a handler has returned a whole result, so a
 * single tools/call is answered here instead: the HTTP head goes out as soon as Freshservice's head has
 * arrived (carrying its rate-limit state), and the body streams inside the JSON-RPC result, as plain JSON
 * or as one SSE event, whichever the client's Accept ranks first.
 */
import { rateLimitHeaders } from "../upstream/rate-limit";
import { JSONRPC_INVALID_PARAMS, type JsonRpcId, jsonRpcError } from "./jsonrpc";
import { runTool, type ToolCallContext } from "./run-tool";
import { streamOf } from "./tool-result";

export async function answerToolCall(
  ctx: ToolCallContext,
  id: JsonRpcId,
  name: string,
  args: Record<string, unknown>,
  format: "json" | "sse",
): Promise<Response> {
  const outcome = await runTool(ctx, name, args);
  const headers = outcome ? rateLimitHeaders(outcome.rateLimit) : new Headers();
  headers.set("content-type", format === "sse" ? "text/event-stream" : "application/json");
  if (format === "sse") headers.set("cache-control", "no-cache");
  const message = outcome
    ? wrapResult(id, outcome.result)
    : streamOf(async function* () {
        // An unknown tool and one this URL's filters exclude look the same: the list is all a client may know.
        yield JSON.stringify(
          jsonRpcError(id, JSONRPC_INVALID_PARAMS, `Unknown tool: ${JSON.stringify(name.slice(0, 64))}`),
        );
      });
  return new Response(format === "sse" ? asSseEvent(message) : message, { status: 200, headers });
}

function wrapResult(id: JsonRpcId, result: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return concat([`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":`, result, "}"]);
}

/** One `message` event; the JSON has no raw newlines, so it fits one `data:` line. */
function asSseEvent(message: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return concat(["event: message\ndata: ", message, "\n\n"]);
}

function concat(parts: (string | ReadableStream<Uint8Array>)[]): ReadableStream<Uint8Array> {
  return streamOf(async function* () {
    for (const part of parts) {
      if (typeof part === "string") {
        yield part;
        continue;
      }
      const reader = part.getReader();
      let finished = false;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          yield value;
        }
        finished = true;
      } finally {
        // The client went away: cancel the inner stream, which cancels the upstream fetch.
        if (!finished) await reader.cancel().catch(() => {});
      }
    }
  });
}
