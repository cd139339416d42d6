/**
 * What the audit trail keeps of one tools/call (pure): its outcome, the ids it touched, and its arguments in a
 * redacted, size-capped form. Nothing here ever sees a key or a token: only the model's arguments, redacted.
 */

/** How a call ended; `http_status` beside it carries Freshservice's status where one came back. */
export const CALL_OUTCOMES = [
  "ok",
  "cut",
  "invalid_arguments",
  "unknown_tool",
  "budget_refused",
  "rate_limited",
  "upstream_error",
  "timeout",
  "unreachable",
  "broken",
  "credential_unavailable",
  "cancelled",
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** One line of the call log and one row of the trail, before the server's identity is added. */
export interface ToolCallLog {
  event: "tool_call";
  /** When the call arrived, epoch milliseconds. */
  at: number;
  tool: string;
  outcome: CallOutcome;
  ms: number;
  http_status?: number;
  ratelimit_remaining?: number;
  touched_ids: Record<string, number | string>;
  /** Only where the URL's config keeps arguments; already redacted and capped. */
  arguments?: string;
}

/**
 * Who made a call through an OAuth server: the signed-in agent and the MCP client they use. A secret URL's calls
 * have none (their columns stay null): they run as the account.
 */
export interface CallCaller {
  agent_id: number;
  agent_email: string;
  client_id: string;
  client_name: string;
}

/** Argument names whose values are never kept, whatever the operator chose. */
const SECRET_NAME = /passw(or)?d|passphrase|secret|token|api[_-]?key|authorization|credential|private[_-]?key/i;
/** A kept string longer than this is cut: descriptions and bodies are not what an audit needs. */
export const MAX_ARGUMENT_STRING_CHARS = 200;
/** The whole kept text; past it, the JSON is cut with a marker. */
export const MAX_ARGUMENTS_CHARS = 2048;
const REDACTED = "[redacted]";
const CUT_MARK = "…[cut]";

/** The arguments as JSON text with secret-named values replaced, long strings shortened and the whole capped. */
export function redactArguments(args: Record<string, unknown>): string {
  const text = JSON.stringify(redactValue(args, 0));
  return text.length > MAX_ARGUMENTS_CHARS
    ? `${text.slice(0, MAX_ARGUMENTS_CHARS - CUT_MARK.length)}${CUT_MARK}`
    : text;
}

/** Deeper than this, a value is only marked: arguments nest a few levels at most. */
const MAX_DEPTH = 6;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string")
    return value.length > MAX_ARGUMENT_STRING_CHARS ? `${value.slice(0, MAX_ARGUMENT_STRING_CHARS)}${CUT_MARK}` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return CUT_MARK;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_NAME.test(key) ? REDACTED : (fileValue(key, item) ?? redactValue(item, depth + 1)),
    ]),
  );
}

/**
 * A file's content is not what an audit needs (its size is), and a file URL's query may be a signature that
 * grants access (an S3 pre-signed URL): kept without it.
 */
function fileValue(key: string, item: unknown): string | undefined {
  if (typeof item !== "string") return undefined;
  if (key === "content_base64") return `[${item.length} base64 characters]`;
  if (key === "url") return item.replace(/[?#].*$/s, (rest) => (rest ? "?[redacted]" : ""));
  return undefined;
}

/** At most this many ids per call: a bulk call is summarised, not copied. */
const MAX_TOUCHED_IDS = 16;
const ID_NAME = /^(id|display_id|.+_id)$/;
const ID_TEXT = /^[A-Za-z0-9_-]{1,64}$/;

/** The record ids a call names at its top level (`id`, `display_id`, `…_id`): whole numbers or short id strings. */
export function touchedIds(args: Record<string, unknown>): Record<string, number | string> {
  const ids: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(args)) {
    if (Object.keys(ids).length >= MAX_TOUCHED_IDS) break;
    if (!ID_NAME.test(key) || SECRET_NAME.test(key)) continue;
    if (
      (typeof value === "number" && Number.isSafeInteger(value)) ||
      (typeof value === "string" && ID_TEXT.test(value))
    )
      ids[key] = value;
  }
  return ids;
}

/**
 * The id of the record a write answered with: Freshservice wraps one record in one key (`{"ticket":{"id":…}}`).
 * Undefined for anything else.
 */
export function answeredRecordId(body: unknown): number | string | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const values = Object.values(body);
  if (values.length !== 1) return undefined;
  const record = values[0];
  if (record === null || typeof record !== "object" || Array.isArray(record)) return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === "number" || (typeof id === "string" && ID_TEXT.test(id)) ? id : undefined;
}
