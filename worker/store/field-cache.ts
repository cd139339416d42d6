/**
 * Each account's field metadata in KV, per workspace and subject (a kind, or one service item), so Freshservice
 * is asked once per freshness window.
 */
import type { AccountField } from "../catalog/account-field";
import { kvKeys } from "./kv-keys";

/** Kept a day so a stale copy can serve while a refresh runs (or fails); freshness is decided by the reader. */
export const FIELD_CACHE_KEEP_SECONDS = 24 * 60 * 60;

export interface CachedFields {
  fetched_at: number;
  fields: AccountField[];
}

export interface FieldCache {
  get(accountId: string, workspace: string, subject: string): Promise<CachedFields | null>;
  /** Kept `keepSeconds` (default a day): an answer that the workspace doesn't exist is kept only briefly. */
  put(accountId: string, workspace: string, subject: string, value: CachedFields, keepSeconds?: number): Promise<void>;
  /** Every workspace's and every item's entries of the account (one prefix covers them all). */
  dropAccount(accountId: string): Promise<number>;
}

export function fieldCache(kv: KVNamespace): FieldCache {
  return {
    get(accountId, workspace, subject) {
      return kv.get<CachedFields>(kvKeys.fields(accountId, workspace, subject), "json");
    },
    async put(accountId, workspace, subject, value, keepSeconds = FIELD_CACHE_KEEP_SECONDS) {
      await kv.put(kvKeys.fields(accountId, workspace, subject), JSON.stringify(value), {
        expirationTtl: keepSeconds,
      });
    },
    async dropAccount(accountId) {
      let dropped = 0;
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix: kvKeys.fieldsPrefix(accountId), cursor });
        await Promise.all(page.keys.map((k) => kv.delete(k.name)));
        dropped += page.keys.length;
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return dropped;
    },
  };
}

/**
 * The cache for one request: reads of the same key share one KV read (a call is checked against the cache,
 * then loaded), and a write is what later reads in the request see.
 */
export function requestFieldCache(cache: FieldCache): FieldCache {
  const reads = new Map<string, Promise<CachedFields | null>>();
  const key = (accountId: string, workspace: string, subject: string) => `${accountId}:${workspace}:${subject}`;
  return {
    get(accountId, workspace, subject) {
      const k = key(accountId, workspace, subject);
      let read = reads.get(k);
      if (!read) {
        read = cache.get(accountId, workspace, subject);
        reads.set(k, read);
      }
      return read;
    },
    async put(accountId, workspace, subject, value, keepSeconds) {
      reads.set(key(accountId, workspace, subject), Promise.resolve(value));
      await cache.put(accountId, workspace, subject, value, keepSeconds);
    },
    dropAccount(accountId) {
      reads.clear();
      return cache.dropAccount(accountId);
    },
  };
}
