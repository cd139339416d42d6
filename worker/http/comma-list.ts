/** A comma-separated var (`ALLOWED_ORIGINS`, `ALLOWED_HOSTS`) as a list, split once per isolate per value. */

/** The items, trimmed, without empty ones; the vars are the same on every request, so each is split once. */
export function commaList(commaSeparated: string): readonly string[] {
  let items = lists.get(commaSeparated);
  if (!items) {
    items = Object.freeze(
      commaSeparated
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    );
    if (lists.size >= MAX_REMEMBERED_LISTS) lists.clear();
    lists.set(commaSeparated, items);
  }
  return items;
}

const lists = new Map<string, readonly string[]>();
/** ALLOWED_ORIGINS and ALLOWED_HOSTS: a few per deployment (more only while vars change under a live isolate). */
const MAX_REMEMBERED_LISTS = 8;
