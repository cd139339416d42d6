/**
 * A tools/call result (MCP `CallToolResult`) as a byte stream. A successful Freshservice body is piped into
 * the result's text as it arrives, escaped chunk by chunk, so memory stays flat whatever its size; what is
 * only known at the end (cut-off, a body that broke off, came too slowly or is not JSON) is written after the
 * text, with `isError` set for the last three.
 */
import { answeredRecordId } from "../audit/call-record";
import { FRESHSERVICE_DEFAULT_PER_PAGE } from "../catalog/build-tools";
import { UpstreamError } from "../upstream/fetch-freshservice";
import type { RateLimitState } from "../upstream/rate-limit";
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

export interface ResultMeta {
  http_status?: number;
  ratelimit?: RateLimitState;
  next_cursor?: string;
  /** Set on the last page Freshservice serves for a search (requester, agent and asset filters stop at 40). */
  last_page?: number;
  truncated?: boolean;
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
  const result = {
    content: [{ type: "text", text: notes ? `${text}\n${notes}` : text }],
    _meta: withRateLimit(meta, rateLimit),
    isError: true,
  };
  const httpStatus = failure.kind === "upstream_status" ? failure.status : meta.http_status;
  return {
    rateLimit,
    failure,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    result: streamOf(async function* () {
      yield JSON.stringify(result);
    }),
  };
}

/**
 * A result whose one text item is exactly this JSON (ChatGPT's search and fetch parse it): notes about the rate
 * limit go in `_meta` only, never into the text.
 */
export function jsonOutcome(
  value: unknown,
  rateLimit: RateLimitState = {},
  read: Pick<ToolOutcome, "httpStatus" | "readIds"> = {},
): ToolOutcome {
  const result = {
    content: [{ type: "text", text: JSON.stringify(value) }],
    _meta: withRateLimit({}, rateLimit),
    isError: false,
  };
  return {
    rateLimit,
    ...read,
    result: streamOf(async function* () {
      yield JSON.stringify(result);
    }),
  };
}

export function streamedOutcome(
  upstream: Response,
  rateLimit: RateLimitState,
  meta: ResultMeta,
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
        let bytes = 0;
        let cutOff = false;
        let failure: BodyFailure | undefined;
        let recordId: number | string | undefined;
        // The text so far (at most maxBytes), to check that a complete body is JSON once it has all arrived.
        const received: string[] = [];
        const decoder = new TextDecoder();
        const reader = body?.getReader();
        try {
          while (reader) {
            const { done, value } = await reader.read();
            if (done) break;
            const room = maxBytes - bytes;
            const chunk = value.byteLength > room ? value.subarray(0, room) : value;
            bytes += chunk.byteLength;
            const text = decoder.decode(chunk, { stream: true });
            if (text) {
              received.push(text);
              yield escapeJsonText(text);
            }
            if (chunk !== value) {
              cutOff = true;
              break;
            }
          }
        } catch (error) {
          failure = error instanceof UpstreamError && error.reason === "timeout" ? "timeout" : "broken";
        } finally {
          await reader?.cancel().catch(() => {});
        }
        if (!cutOff && !failure) {
          const tail = decoder.decode();
          if (tail) {
            received.push(tail);
            yield escapeJsonText(tail);
          }
          const parsed = bytes > 0 ? parseJson(received.join("")) : { ok: true };
          if (!parsed.ok) failure = "invalid_json";
          else if (isWrite) recordId = answeredRecordId(parsed.value);
          else if (parsed.value !== undefined && !meta.next_cursor && cursorFromBody) {
            const next = cursorFromBody(parsed.value);
            if (next) meta = { ...meta, next_cursor: next };
          }
        }
        received.length = 0;
        if (bytes === 0 && !failure)
          yield escapeJsonText(`Done: Freshservice answered ${upstream.status} with no body.`);
        if (cutOff) yield escapeJsonText(`\n[${cutOffNote(maxBytes, paginated, fixedPageSize)}]`);
        if (failure)
          yield escapeJsonText(
            `\n[${failureMessage({ kind: "body_failed", failure, status: upstream.status, isWrite })}]`,
          );
        yield '"}';
        const notes = [
          meta.next_cursor ? `More results: call again with next_cursor="${meta.next_cursor}".` : "",
          meta.last_page
            ? `This is page ${meta.last_page}, the last one Freshservice serves for a search: if more records match, narrow the search instead of paging.`
            : "",
          rateLimitNote(rateLimit),
        ]
          .filter(Boolean)
          .join("\n");
        if (notes) yield `,${JSON.stringify({ type: "text", text: notes })}`;
        const finalMeta = withRateLimit({ ...meta, ...(cutOff ? { truncated: true } : {}) }, rateLimit);
        yield `],"_meta":${JSON.stringify(finalMeta)},"isError":${failure !== undefined}}`;
        settle({ cut: cutOff, failure, recordId });
      },
      () => settle({ cut: false, failure: "cancelled" }),
    ),
  };
}

function cutOffNote(maxBytes: number, paginated: boolean, fixedPageSize: boolean): string {
  const cut = `Result cut off at ${maxBytes} bytes`;
  if (paginated && fixedPageSize)
    return `${cut}, part-way through this page. A search returns a fixed ${FRESHSERVICE_DEFAULT_PER_PAGE} records per page whatever the limit, so to see the records cut off here, narrow the search (add conditions); a next_cursor always starts after the whole page.`;
  if (paginated)
    return `${cut}, part-way through this page. To see the records cut off here, call again with the same arguments and a smaller limit; a next_cursor always starts after the whole page.`;
  return `${cut}: this answer is larger than this connection's result cap. Ask for less where the tool allows it (fewer include= extras), or ask the operator to raise the connection's max_result_bytes.`;
}

function parseJson(text: string): { ok: boolean; value?: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function withRateLimit(meta: ResultMeta, rateLimit: RateLimitState) {
  return Object.keys(rateLimit).length ? { ...meta, ratelimit: rateLimit } : meta;
}

function rateLimitNote(state: RateLimitState): string {
  if (state.retryAfterSeconds !== undefined) return "";
  if (state.remaining === undefined || state.limit === undefined) return "";
  if (state.remaining > state.limit * LOW_REMAINING_SHARE) return "";
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
