/**
 * A tools/call result (MCP `CallToolResult`) as a byte stream. A successful result's content is one text item
 * holding one JSON document, which agent libraries hand a model as it is: Freshservice's body, piped into the
 * text as it arrives (escaped chunk by chunk, memory bounded by the result cap), with what the model needs next
 * added before its final `}` (the cursor, the notes) by spliced-json.ts. Failures are plain text with `isError`.
 * `_meta` is written only when it holds something a client can act on.
 */
import { answeredRecordId } from "../audit/call-record";
import { FRESHSERVICE_DEFAULT_PER_PAGE } from "../catalog/build-tools";
import { UpstreamError } from "../upstream/fetch-freshservice";
import type { RateLimitState } from "../upstream/rate-limit";
import { SplicedJson } from "./spliced-json";
import { type BodyFailure, failureMessage, type ToolFailure } from "./tool-failure";

/**
 * Claude Code refuses a tool result over 25,000 tokens, the smallest budget of the common clients. Freshservice's
 * JSON measured 2.9 to 3.1 bytes a token (a page of the simulator's tickets, assets, requesters, agents, changes
 * with Claude's tokenizer), so 64 KiB is at most about 23,000 tokens, with room for the notes after it: a default
 * page of 30 tickets (about 34 KB) fits whole; a page of 100 is cut with a marker that says to ask for fewer.
 */
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024;
/** Below this share of the account's limit, the model is told how many calls are left. */
const LOW_REMAINING_SHARE = 0.1;

export interface ToolOutcome {
  rateLimit: RateLimitState;
  /** The serialized CallToolResult. */
  result: ReadableStream<Uint8Array>;
  /** For a streamed body: settles once the result has been read to its end, or the reader went away. */
  ended?: Promise<BodyEnd>;
  /** Why the call failed (tool-failure.ts decides its audit outcome); absent when it succeeded. */
  failure?: ToolFailure;
  /** Freshservice's status for the call, where it answered. */
  httpStatus?: number;
  /** The records the call read that its arguments don't name (a fetched `ticket:58` → `{"ticket_id":58}`). */
  readIds?: Record<string, number | string>;
  /** The call ran another tool that wrote the call's one audit row itself (call_tool). */
  loggedByInnerCall?: boolean;
}

/** How a streamed body ended, for the call's log: what the head alone could not tell. */
export interface BodyEnd {
  cut: boolean;
  failure?: BodyFailure | "cancelled";
  /** The id of the one record a write answered with. */
  recordId?: number | string;
}

/** What a failed call's `_meta` may carry besides the rate limit. */
export interface ResultMeta {
  /** Freshservice's status, where it answered. */
  http_status?: number;
}

/** Where the next page is, known from the answer's head: written into the result's document for the model. */
export interface Paging {
  next_cursor?: string;
  /** Set on the last page Freshservice serves for a search (requester, agent and asset filters stop at 40). */
  last_page?: number;
}

/** What the caller knows about the answer being streamed: its cap, and what kind of call it came from. */
export interface ResultShape {
  maxBytes?: number;
  isWrite?: boolean;
  /** A list page: a cut-off page is fetched again with a smaller limit, not continued. */
  paginated?: boolean;
  /** A search page of fixed size: a smaller limit can't help, only a narrower search. */
  fixedPageSize?: boolean;
  /**
   * The next page's cursor from the whole parsed body, where the head had none (a filter that counts its matches
   * in `total` instead of sending a Link header); not asked when the body was cut off or failed.
   */
  cursorFromBody?: (body: unknown) => string | undefined;
}

/** A failed call's result: the failure's words (tool-failure.ts), with `isError` set. */
export function failedOutcome(
  failure: ToolFailure,
  rateLimit: RateLimitState = {},
  meta: ResultMeta = {},
): ToolOutcome {
  const text = failureMessage(failure, rateLimit);
  const notes = rateLimitNote(rateLimit);
  const httpStatus = failure.kind === "upstream_status" ? failure.status : meta.http_status;
  const result = {
    content: [{ type: "text", text: notes ? `${text}\n${notes}` : text }],
    ...metaEntry(httpStatus, rateLimit),
    isError: true,
  };
  return {
    rateLimit,
    failure,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    result: streamOf(async function* () {
      yield JSON.stringify(result);
    }),
  };
}

/** An image a client can show (MCP `image` content): base64 data and its media type. */
export interface ImageItem {
  type: "image";
  data: string;
  mimeType: string;
}

/**
 * A result whose one text item is exactly this JSON (ChatGPT's search and fetch parse it): a low rate limit goes in
 * `_meta` only, never into the text. With a `failure`, the JSON is a partial answer (a count stopped part-way):
 * `isError` is set, `_meta` carries Freshservice's status as a failure's does, and the call is logged with that
 * failure's outcome. An attachment's image follows the text as an `image` item.
 */
export function jsonOutcome(
  value: unknown,
  rateLimit: RateLimitState = {},
  read: Pick<ToolOutcome, "httpStatus" | "readIds" | "failure"> = {},
  images: ImageItem[] = [],
): ToolOutcome {
  const result = {
    content: [{ type: "text", text: JSON.stringify(value) }, ...images],
    ...metaEntry(read.failure ? read.httpStatus : undefined, rateLimit),
    isError: read.failure !== undefined,
  };
  return {
    rateLimit,
    ...read,
    result: streamOf(async function* () {
      yield JSON.stringify(result);
    }),
  };
}

/**
 * A 2xx Freshservice answer streamed into the result as one JSON document: Freshservice's object (anything else is
 * `{"result": …}`), then the keys the Worker adds, after Freshservice's own:
 * - `next_cursor`: the next page, to pass back as the tool's `next_cursor`;
 * - `truncated: true`: the body passed the result cap; only whole records (of a page) or whole fields (of one
 *   record) are kept, never part of a value;
 * - `notice`: what the model should know (cut off and what to do, the last page a search serves, an empty
 *   answer, a low rate limit);
 * - `error`: the body broke off, came too slowly or is not JSON (`isError` is set); what was whole before it is kept.
 */
export function streamedOutcome(
  upstream: Response,
  rateLimit: RateLimitState,
  paging: Paging,
  {
    maxBytes = DEFAULT_MAX_RESULT_BYTES,
    isWrite = false,
    paginated = false,
    fixedPageSize = false,
    cursorFromBody,
  }: ResultShape = {},
): ToolOutcome {
  const body = upstream.body;
  let settle: (end: BodyEnd) => void = () => {};
  const ended = new Promise<BodyEnd>((resolve) => {
    settle = resolve;
  });
  return {
    rateLimit,
    ended,
    httpStatus: upstream.status,
    result: streamOf(
      async function* () {
        yield '{"content":[{"type":"text","text":"';
        const doc = new SplicedJson();
        let nextCursor = paging.next_cursor;
        let bytes = 0;
        let cutOff = false;
        let failure: BodyFailure | undefined;
        let recordId: number | string | undefined;
        // The whole body (at most maxBytes) only where a value must be read from it: a write's record id, or the
        // next page of a filter that counts its matches in the body.
        const keep = isWrite || (!nextCursor && cursorFromBody !== undefined);
        const received: string[] = [];
        const decoder = new TextDecoder();
        const reader = body?.getReader();
        const take = (text: string) => {
          if (!text) return "";
          if (keep) received.push(text);
          return escapeJsonText(doc.push(text));
        };
        try {
          while (reader && !doc.failed) {
            const { done, value } = await reader.read();
            if (done) break;
            const room = maxBytes - bytes;
            const chunk = value.byteLength > room ? value.subarray(0, room) : value;
            bytes += chunk.byteLength;
            const written = take(decoder.decode(chunk, { stream: true }));
            if (written) yield written;
            if (chunk !== value) {
              cutOff = !doc.failed;
              break;
            }
          }
        } catch (error) {
          failure = error instanceof UpstreamError && error.reason === "timeout" ? "timeout" : "broken";
        } finally {
          await reader?.cancel().catch(() => {});
        }
        if (!cutOff && !failure) {
          const written = take(decoder.decode());
          if (written) yield written;
          if (bytes > 0 && !doc.finish()) failure = "invalid_json";
          else if (bytes > 0 && keep) {
            const value = JSON.parse(received.join("")) as unknown;
            if (isWrite) recordId = answeredRecordId(value);
            else nextCursor = cursorFromBody?.(value);
          }
        }
        received.length = 0;
        const notice = [
          bytes === 0 && !failure ? `Done: Freshservice answered ${upstream.status} with no body.` : "",
          cutOff ? cutOffNote(maxBytes, paginated, fixedPageSize) : "",
          paging.last_page
            ? `This is page ${paging.last_page}, the last one Freshservice serves for a search: if more records match, narrow the search instead of paging.`
            : "",
          rateLimitNote(rateLimit),
        ]
          .filter(Boolean)
          .join(" ");
        const added = failure
          ? { error: failureMessage({ kind: "body_failed", failure, status: upstream.status, isWrite }) }
          : { next_cursor: nextCursor, truncated: cutOff || undefined, notice: notice || undefined };
        yield escapeJsonText(doc.close(added));
        const meta = metaEntry(failure ? upstream.status : undefined, rateLimit);
        yield `"}]${meta._meta ? `,"_meta":${JSON.stringify(meta._meta)}` : ""},"isError":${failure !== undefined}}`;
        settle({ cut: cutOff, failure, recordId });
      },
      () => settle({ cut: false, failure: "cancelled" }),
    ),
  };
}

function cutOffNote(maxBytes: number, paginated: boolean, fixedPageSize: boolean): string {
  const cut = `Result cut off at ${maxBytes} bytes`;
  if (paginated && fixedPageSize)
    return `${cut}, part-way through this page: the records after the cut are left out. A search returns a fixed ${FRESHSERVICE_DEFAULT_PER_PAGE} records per page whatever the limit, so to see them, narrow the search (add conditions); a next_cursor always starts after the whole page.`;
  if (paginated)
    return `${cut}, part-way through this page: the records after the cut are left out. To see them, call again with the same arguments and a smaller limit; a next_cursor always starts after the whole page.`;
  return `${cut}: this answer is larger than this connection's result cap, and the fields after the cut are left out. Ask for less where the tool allows it (fewer include= extras), or ask the operator to raise the connection's max_result_bytes.`;
}

/**
 * `_meta`, left out when there is nothing in it (LangChain's MCP adapters hand the model a result with `_meta` as
 * a stringified content block, the text escaped inside). It holds Freshservice's status on a failure, and the
 * rate-limit state only when a client can act on it: a wait is known (a 429, this URL's budget) or few calls are
 * left. Every tools/call answer carries the full state in its HTTP headers.
 */
function metaEntry(httpStatus: number | undefined, rateLimit: RateLimitState): { _meta?: Record<string, unknown> } {
  const actionable = rateLimit.retryAfterSeconds !== undefined || isLow(rateLimit);
  const meta = {
    ...(httpStatus !== undefined ? { http_status: httpStatus } : {}),
    ...(actionable ? { ratelimit: rateLimit } : {}),
  };
  return Object.keys(meta).length ? { _meta: meta } : {};
}

function isLow(state: RateLimitState): boolean {
  if (state.remaining === undefined || state.limit === undefined) return false;
  return state.remaining <= state.limit * LOW_REMAINING_SHARE;
}

function rateLimitNote(state: RateLimitState): string {
  if (state.retryAfterSeconds !== undefined || !isLow(state)) return "";
  return `Note: only ${state.remaining} of ${state.limit} Freshservice API calls are left in this minute for the whole account.`;
}

/** The inside of a JSON string literal: JSON.stringify escapes quotes, backslashes and control characters. */
function escapeJsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * A byte stream pulled from a generator: nothing is produced before the reader asks, and cancelling stops the
 * generator (and calls `onCancel`).
 */
export function streamOf(
  produce: () => AsyncGenerator<string | Uint8Array>,
  onCancel?: () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const parts = produce();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await parts.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
    },
    async cancel() {
      onCancel?.();
      await parts.return(undefined);
    },
  });
}
