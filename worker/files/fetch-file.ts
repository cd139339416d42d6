/**
 * Downloads one file the Worker was pointed at (a file to attach, or Freshservice's storage after a download
 * redirect), within caps: every URL (each redirect target too) passes file-url.ts, at most MAX_FILE_REDIRECTS
 * redirects, a byte cap checked against Content-Length before the body and while reading it, and one deadline
 * for head and body. No credentials are ever sent: no Authorization, no cookies. Failures come back as a problem
 * in words for the model, naming the URL without its query (which may hold a signature).
 */
import { FILE_FETCH_TIMEOUT_MS, MAX_FILE_REDIRECTS } from "../catalog/attachments-argument";
import { checkFileUrl } from "./file-url";
import { MEDIA_TYPE } from "./media-types";

export interface FetchedFile {
  /** The body, in the chunks it arrived in (a Blob is made from them without joining them first). */
  chunks: Uint8Array[];
  size: number;
  /** The answer's media type essence (`text/csv`), when it sent a well-formed one. */
  contentType?: string;
  /** With `cut`: the file went on past `maxBytes`, and only its beginning is here. */
  truncated?: boolean;
}

export type FileFetch = { ok: true; file: FetchedFile } | { ok: false; problem: string };

export interface FileFetchOptions {
  allowLoopback: boolean;
  /** Bytes the file may have; past this the download stops and the file is refused (or, with `cut`, kept so far). */
  maxBytes: number;
  /** Keep the first `maxBytes` of a larger file instead of refusing it (a file read for its beginning). */
  cut?: boolean;
  /** How to say the cap in the refusal (e.g. "the 40 MB Freshservice takes per call, less the files before it"). */
  capWords: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchFile(address: string, options: FileFetchOptions): Promise<FileFetch> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? FILE_FETCH_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = address;
  for (let hop = 0; ; hop++) {
    const checked = checkFileUrl(current, options);
    if (!checked.ok)
      return fail(hop === 0 ? checked.problem : `it redirected to a URL the server won't fetch: ${checked.problem}`);
    const shown = shownUrl(checked.url);
    let response: Response;
    try {
      response = await fetch(checked.url.href, {
        method: "GET",
        headers: { accept: "*/*", "user-agent": "freshservice-mcp-worker" },
        redirect: "manual",
        signal,
      });
    } catch {
      return fail(
        timeout.aborted ? `${shown} did not answer within ${seconds(options)} s` : `${shown} could not be reached`,
      );
    }
    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      const location = response.headers.get("location");
      if (!location) return fail(`${shown} answered ${response.status} without a Location`);
      if (hop >= MAX_FILE_REDIRECTS) return fail(`${shown} redirected more than ${MAX_FILE_REDIRECTS} times`);
      try {
        current = new URL(location, checked.url).href;
      } catch {
        return fail(`${shown} redirected to something that is not a URL`);
      }
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      return fail(`${shown} answered ${response.status}, not the file`);
    }
    return readBody(response, shown, options, signal, timeout);
  }
}

async function readBody(
  response: Response,
  shown: string,
  options: FileFetchOptions,
  signal: AbortSignal,
  timeout: AbortSignal,
): Promise<FileFetch> {
  const tooLarge = () => fail(`${shown} is larger than ${options.capWords}`);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > options.maxBytes && !options.cut) {
    await response.body?.cancel().catch(() => {});
    return tooLarge();
  }
  const type = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  // The deadline holds for the body too, whatever the runtime does with a fetch's signal once the head is in.
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error("aborted"));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    for (;;) {
      const next = await Promise.race([reader?.read(), aborted]);
      if (!next || next.done) break;
      const room = options.maxBytes - size;
      if (next.value.byteLength > room) {
        if (!options.cut) return tooLarge();
        chunks.push(next.value.subarray(0, room));
        size += room;
        return done({ chunks, size, truncated: true });
      }
      size += next.value.byteLength;
      chunks.push(next.value);
    }
  } catch {
    return fail(timeout.aborted ? `${shown} did not finish within ${seconds(options)} s` : `${shown} broke off`);
  } finally {
    signal.removeEventListener("abort", onAbort);
    await reader?.cancel().catch(() => {});
  }
  return done({ chunks, size });

  function done(file: FetchedFile): FileFetch {
    return { ok: true, file: { ...file, ...(type && MEDIA_TYPE.test(type) ? { contentType: type } : {}) } };
  }
}

function fail(problem: string): FileFetch {
  return { ok: false, problem };
}

function seconds(options: FileFetchOptions): number {
  return (options.timeoutMs ?? FILE_FETCH_TIMEOUT_MS) / 1000;
}

/** The URL as a refusal shows it: no query or fragment (a signed URL's signature is a secret), at most 120 characters. */
export function shownUrl(url: URL): string {
  const text = `${url.origin}${url.pathname}`;
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
