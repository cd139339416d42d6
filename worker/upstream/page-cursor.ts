/**
 * Opaque list cursors: the model passes back `next_cursor` and never does page arithmetic.
 * A cursor is the next page number taken from Freshservice's `link: <…>; rel="next"` header.
 */
import { isPositiveId } from "../catalog/ids";
import { fromBase64, toBase64Url, utf8Bytes, utf8Text } from "../text/byte-encoding";

const CURSOR_VERSION = 1;

export function encodeCursor(page: number): string {
  return toBase64Url(utf8Bytes(JSON.stringify({ v: CURSOR_VERSION, page })));
}

/** The page a cursor points at, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(utf8Text(fromBase64(cursor))) as { v?: unknown; page?: unknown };
    return parsed.v === CURSOR_VERSION && isPositiveId(parsed.page) ? parsed.page : null;
  } catch {
    return null;
  }
}

/** The `page` of the `rel="next"` target in a `link` header, if there is one. */
export function nextPageFromLink(link: string | null): number | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match?.[1] || !/\brel\s*=\s*"?next"?/i.test(match[2] ?? "")) continue;
    try {
      const page = Number(new URL(match[1]).searchParams.get("page"));
      return isPositiveId(page) ? page : null;
    } catch {
      return null;
    }
  }
  return null;
}
