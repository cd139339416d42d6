/**
 * One attachment's bytes from Freshservice's download endpoint (`GET /api/v2/attachments/{id}`, or
 * `/itil_attachments/{id}` for contracts): one call from the URL's budget, the account's key sent to the account's
 * own origin only. The endpoint may answer with the file or redirect to storage: a redirect on the same origin is
 * followed with the key; one to Amazon S3 (pre-signed, as Freshservice's samples show) without it, through the
 * file fetcher's checks and caps; any other host is not followed, and the answer says so.
 */
import { MAX_FILE_REDIRECTS } from "../catalog/attachments-argument";
import { fetchFile } from "../files/fetch-file";
import { isAttachmentStorageHost } from "../files/file-url";
import { CredentialUnavailable } from "../store/accounts";
import { fetchFreshservice, UpstreamError, type UpstreamTarget } from "../upstream/fetch-freshservice";
import { type RateLimitState, readRateLimit } from "../upstream/rate-limit";
import { readCappedText, readPrefix } from "../upstream/read-capped";
import { spendBudget, type ToolCallContext } from "./run-tool";
import { failedOutcome, type ToolOutcome } from "./tool-result";

export type Downloaded =
  /** The file's first bytes (all of it unless `truncated`). */
  | { ok: true; bytes: Uint8Array; truncated: boolean; status: number; rateLimit: RateLimitState }
  /** Why the content can't be had although nothing failed (a storage host this server doesn't fetch from). */
  | { ok: true; note: string; rateLimit: RateLimitState }
  | { ok: false; outcome: ToolOutcome };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Error bodies are small; a bigger one is not worth reading to build a message. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/** At most `maxBytes` of the file: of a larger one, its beginning, marked `truncated` (the caller decides if that will do). */
export async function downloadAttachment(
  ctx: ToolCallContext,
  downloadPath: string,
  attachmentId: number,
  maxBytes: number,
): Promise<Downloaded> {
  const refused = await spendBudget(ctx);
  if (refused) return { ok: false, outcome: refused };
  let target: UpstreamTarget;
  try {
    target = await ctx.target();
  } catch (error) {
    if (error instanceof CredentialUnavailable)
      return { ok: false, outcome: failedOutcome({ kind: "credential_unavailable" }) };
    throw error;
  }
  let path = `${downloadPath}/${attachmentId}`;
  let rateLimit: RateLimitState = {};
  for (let hop = 0; hop <= MAX_FILE_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await fetchFreshservice(
        target,
        { method: "GET", pathAndQuery: path, accept: "any" },
        { signal: ctx.signal, timeoutMs: ctx.timeoutMs },
      );
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      const failure =
        error.reason === "timeout"
          ? ({ kind: "timeout", isWrite: false } as const)
          : ({ kind: "unreachable", isWrite: false, origin: target.origin } as const);
      return { ok: false, outcome: failedOutcome(failure, rateLimit) };
    }
    if (hop === 0) rateLimit = readRateLimit(response.headers);
    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      const next = redirectTarget(response, `${target.origin}${path}`);
      if (!next)
        return {
          ok: true,
          note: "Not shown: Freshservice's download answered a redirect without a usable Location.",
          rateLimit,
        };
      // The key goes to the account's own origin only.
      if (next.origin === target.origin) {
        path = `${next.pathname}${next.search}`;
        continue;
      }
      if (!isAttachmentStorageHost(next))
        return {
          ok: true,
          note: `Not shown: Freshservice serves this file from ${next.hostname}, which this server does not fetch from (only the account's own Freshservice and Amazon S3). Open attachment_url to see it.`,
          rateLimit,
        };
      // Read as far as the cap either way: the caller decides what a file that goes on past it means.
      const stored = await fetchFile(next.href, {
        allowLoopback: ctx.allowLoopbackFiles ?? false,
        maxBytes,
        cut: true,
        capWords: `${maxBytes} bytes`,
        signal: ctx.signal,
      });
      if (!stored.ok)
        return { ok: true, note: `Not shown: the file could not be read from storage: ${stored.problem}.`, rateLimit };
      const { chunks, size, truncated } = stored.file;
      return { ok: true, bytes: join(chunks, size), truncated: truncated ?? false, status: 200, rateLimit };
    }
    if (response.status < 200 || response.status >= 300) {
      const body = (await readCappedText(response, MAX_ERROR_BODY_BYTES)) ?? "";
      const failure = { kind: "upstream_status", status: response.status, body, isWrite: false } as const;
      return { ok: false, outcome: failedOutcome(failure, rateLimit, { http_status: response.status }) };
    }
    const read = await readPrefix(response, maxBytes);
    if (!read)
      return {
        ok: false,
        outcome: failedOutcome({ kind: "unreadable_answer", reason: "too_large_or_broken" }, rateLimit),
      };
    return { ok: true, bytes: read.bytes, truncated: read.truncated, status: response.status, rateLimit };
  }
  return {
    ok: true,
    note: `Not shown: Freshservice redirected the download more than ${MAX_FILE_REDIRECTS} times.`,
    rateLimit,
  };
}

function redirectTarget(response: Response, base: string): URL | undefined {
  const location = response.headers.get("location");
  if (!location) return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
