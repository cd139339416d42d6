/**
 * The files a call attaches, made ready before anything is sent to Freshservice: each entry of the `attachments`
 * argument checked (a name, one source, a media type), base64 decoded with the shared helper, a URL downloaded
 * through fetch-file.ts, and the call's total held within Freshservice's limit. The first problem refuses the
 * whole call, in words that say which file and why; nothing is half-sent.
 */
import {
  FRESHSERVICE_MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME_CHARS,
  MAX_ATTACHMENTS_PER_CALL,
} from "../catalog/attachments-argument";
import { fromBase64 } from "../text/byte-encoding";
import { isCleanValue } from "../text/untrusted-text";
import type { UploadFile } from "../upstream/multipart-body";
import { fetchFile } from "./fetch-file";
import { MEDIA_TYPE, mediaTypeOfName } from "./media-types";

export type CollectedFiles = { ok: true; files: UploadFile[]; bytes: number } | { ok: false; problem: string };

export interface CollectOptions {
  /** Files may come from loopback only where loopback upstreams are allowed (local development and tests). */
  allowLoopback: boolean;
  signal?: AbortSignal;
  /** Overrides for tests. */
  maxTotalBytes?: number;
  timeoutMs?: number;
}

/** `data:<type>;base64,` before the content, as models often write it. */
const DATA_URL = /^data:([^;,]*)(?:;[^,]*)?;base64,/i;
/** Base64 or base64url, padded or not, once whitespace is gone. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const WHITESPACE = /\s+/g;
/** A name Freshservice shows as a file name: no path separators (checked besides the sanitiser's rules). */
const PATH_SEPARATOR = /[/\\]/;

export async function collectFiles(entries: unknown[], options: CollectOptions): Promise<CollectedFiles> {
  const maxTotal = options.maxTotalBytes ?? FRESHSERVICE_MAX_ATTACHMENT_BYTES;
  if (entries.length > MAX_ATTACHMENTS_PER_CALL)
    return { ok: false, problem: `at most ${MAX_ATTACHMENTS_PER_CALL} files can be attached in one call` };
  const files: UploadFile[] = [];
  let total = 0;
  for (const [i, entry] of entries.entries()) {
    const { name, content_type, content_base64, url } = (entry ?? {}) as Record<string, unknown>;
    const label = `attachments[${i}]${typeof name === "string" ? ` (${JSON.stringify(name.slice(0, 80))})` : ""}`;
    const refuse = (problem: string): CollectedFiles => ({ ok: false, problem: `${label}: ${problem}` });
    if (typeof name !== "string" || !isCleanValue(name, MAX_ATTACHMENT_NAME_CHARS) || PATH_SEPARATOR.test(name))
      return refuse(
        `name must be a plain file name of 1 to ${MAX_ATTACHMENT_NAME_CHARS} visible characters, without / or \\ or markup`,
      );
    if (content_type !== undefined && (typeof content_type !== "string" || !MEDIA_TYPE.test(content_type)))
      return refuse("content_type must be a media type such as text/plain or image/png");
    const hasBase64 = typeof content_base64 === "string";
    const hasUrl = typeof url === "string";
    if (hasBase64 === hasUrl) return refuse("give either content_base64 or url (exactly one)");
    const room = maxTotal - total;
    const capWords = `${megabytes(maxTotal)} MB for all of a call's files (Freshservice's limit for a ticket's attachments)${total ? `, of which the files before it take ${megabytes(total)} MB` : ""}`;
    let data: Blob;
    let size: number;
    let detected: string | undefined;
    if (hasBase64) {
      const decoded = decodeBase64(content_base64 as string);
      if (typeof decoded === "string") return refuse(decoded);
      if (decoded.bytes.length > room) return refuse(`is ${megabytes(decoded.bytes.length)} MB, more than ${capWords}`);
      data = new Blob([decoded.bytes]);
      size = decoded.bytes.length;
      detected = decoded.type;
    } else {
      const fetched = await fetchFile(url as string, {
        allowLoopback: options.allowLoopback,
        maxBytes: room,
        capWords,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
      if (!fetched.ok) return refuse(fetched.problem);
      data = new Blob(fetched.file.chunks);
      size = fetched.file.size;
      detected = fetched.file.contentType;
    }
    if (size === 0) return refuse("is empty");
    total += size;
    files.push({ name, contentType: (content_type as string | undefined) ?? detected ?? mediaTypeOfName(name), data });
  }
  return { ok: true, files, bytes: total };
}

/** The bytes of base64 text (and a data: URL's declared type), or the problem with it. */
function decodeBase64(text: string): { bytes: Uint8Array; type?: string } | string {
  const dataUrl = DATA_URL.exec(text);
  const body = (dataUrl ? text.slice(dataUrl[0].length) : text).replace(WHITESPACE, "");
  // fromBase64 skips what isn't base64 (as Buffer does); a file must not lose bytes silently, so check first.
  if (!BASE64.test(body) || body.replace(/=+$/, "").length % 4 === 1)
    return "content_base64 is not base64 (only A-Z, a-z, 0-9, +, / or - and _, with = padding at the end)";
  const type = dataUrl?.[1]?.toLowerCase();
  return { bytes: fromBase64(body), ...(type && MEDIA_TYPE.test(type) ? { type } : {}) };
}

/** Megabytes for a message, one decimal, as Freshservice counts them (10^6 bytes). */
function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1).replace(/\.0$/, "");
}
