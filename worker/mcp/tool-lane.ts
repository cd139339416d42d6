/**
 * The tools/call lane. The SDK answers only once a handler has returned a whole result, so a tools/call the
 * SDK has admitted (protocol-lane.ts) is answered here instead: the HTTP head goes out as soon as Freshservice's
 * head has arrived (carrying its rate-limit state), and the body streams inside the JSON-RPC result.
 */

import { streamOf } from "../tools/tool-result";
import type { UrlTools } from "../tools/url-tools";
import { rateLimitHeaders } from "../upstream/rate-limit";
import { JSONRPC_INVALID_PARAMS, jsonRpcError } from "./jsonrpc";
import type { AdmittedCall } from "./protocol-lane";

export async function answerToolCall(callTool: UrlTools["call"], call: AdmittedCall): Promise<Response> {
  const outcome = await callTool(call.name, call.arguments);
  const headers = outcome ? rateLimitHeaders(outcome.rateLimit) : new Headers();
  headers.set("content-type", "application/json");
  // An unknown tool and one this URL's filters exclude look the same: the list is all a client may know.
  const message = outcome
    ? wrapResult(call, outcome.result)
    : streamOf(async function* () {
        yield JSON.stringify(
          jsonRpcError(call.id, JSONRPC_INVALID_PARAMS, `Unknown tool: ${JSON.stringify(call.name.slice(0, 64))}`),
        );
      });
  return new Response(message, { status: 200, headers });
}

/** 2026-07-28 results say they are complete (not waiting for input); 2025-era results stay as they were. */
const MODERN_RESULT_FIELDS = '{"resultType":"complete",';

function wrapResult(call: AdmittedCall, result: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(call.id)},"result":`;
  if (call.era === "legacy") return concat([head, result, "}"]);
  return concat([head + MODERN_RESULT_FIELDS, withoutOpeningBrace(result), "}"]);
}

/** A result object's stream without its opening `{`, so fields can be put in front of its own. */
function withoutOpeningBrace(result: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let first = true;
  return result.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (first && chunk.byteLength > 0) {
          first = false;
          if (chunk[0] !== OPENING_BRACE) throw new Error("a tool result is not a JSON object");
          chunk = chunk.subarray(1);
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

const OPENING_BRACE = 0x7b;

/** The same JSON answer as one SSE `message` event; the JSON has no raw newlines, so it fits one `data:` line. */
export function asSseEvent(message: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
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
