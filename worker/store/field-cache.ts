/** Each account's field metadata in KV, per workspace and kind, so Freshservice is asked once per freshness window. */
import type { AccountField } from "../custom-fields/account-field";
import { kvKeys } from "./kv-keys";

/** Kept a day so a stale copy can serve while a refresh runs (or fails); freshness is decided by the reader. */
export const FIELD_CACHE_KEEP_SECONDS = 24 * 60 * 60;

export interface CachedFields {
  fetched_at: number;
  fields: AccountField[];
}

export interface FieldCache {
  get(accountId: string, workspace: string, kind: string): Promise<CachedFields | null>;
  put(accountId: string, workspace: string, kind: string, value: CachedFields): Promise<void>;
  dropAccount(accountId: string): Promise<number>;
}

export function fieldCache(kv: KVNamespace): FieldCache {
  return {
    get(accountId, workspace, kind) {
      return kv.get<CachedFields>(kvKeys.fields(accountId, workspace, kind), "json");
    },
    async put(accountId, workspace, kind, value) {
      await kv.put(kvKeys.fields(accountId, workspace, kind), JSON.stringify(value), {
        expirationTtl: FIELD_CACHE_KEEP_SECONDS,
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
