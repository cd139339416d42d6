/**
 * The ceiling on an account's field-metadata reads per minute, counted in this isolate in fixed one-minute
 * windows: whatever its URLs and workspaces, an account's form reads can't use up its Freshservice rate limit
 * from here. In memory, not in a Durable Object: it guards a cost the KV back-off and the URL budgets already
 * bound, and needs no round trip (several isolates each count their own).
 */

/** Freshservice's limits are per minute, so this ceiling is too. */
const WINDOW_MS = 60_000;
/**
 * Form reads (one per kind, workspace or service item; the asset kind's type list and its types' fields are one)
 * an account may start per minute. A cold tools/list of a URL with every tool starts 10; forms are cached for
 * 15 minutes, so only callers walking workspaces or items come near this.
 */
export const MAX_METADATA_READS_PER_MINUTE = 60;
/** Accounts tracked at once; past this the oldest windows are forgotten (they are a minute long anyway). */
const MAX_TRACKED_ACCOUNTS = 1000;

const windows = new Map<string, { start: number; count: number }>();

export function metadataReadBudget(accountId: string, now: () => number = Date.now): () => Promise<boolean> {
  return async () => {
    const at = now();
    const start = at - (at % WINDOW_MS);
    let window = windows.get(accountId);
    if (!window || window.start !== start) {
      if (windows.size >= MAX_TRACKED_ACCOUNTS) windows.clear();
      window = { start, count: 0 };
      windows.set(accountId, window);
    }
    if (window.count >= MAX_METADATA_READS_PER_MINUTE) return false;
    window.count += 1;
    return true;
  };
}
