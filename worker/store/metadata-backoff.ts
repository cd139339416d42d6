/**
 * Failed field-metadata reads, remembered briefly per account, workspace and subject, so a form that can't be
 * read (invalid JSON, 5xx, 429, a timeout, an answer of the wrong shape) is not asked again by every tools/list.
 */
import { KV_MIN_EXPIRATION_SECONDS, kvKeys } from "./kv-keys";

/** How long a failure stands: KV can't expire a key sooner, and it is Freshservice's rate-limit window. */
export const METADATA_BACKOFF_SECONDS = KV_MIN_EXPIRATION_SECONDS;

interface FailureEntry {
  failed_at: number;
  /** Safe to show: a MetadataError message, never Freshservice's text. */
  reason: string;
}

export interface MetadataBackoff {
  /** Why the last read failed, while its back-off lasts; null when a read may be tried. */
  failure(accountId: string, workspace: string, subject: string): Promise<string | null>;
  noteFailure(accountId: string, workspace: string, subject: string, reason: string): Promise<void>;
  /** Every back-off of the account (its forms were changed: try them all now). */
  dropAccount(accountId: string): Promise<void>;
}

export function metadataBackoff(kv: KVNamespace, now = () => Date.now()): MetadataBackoff {
  return {
    async failure(accountId, workspace, subject) {
      const entry = await kv.get<FailureEntry>(kvKeys.metadataBackoff(accountId, workspace, subject), "json");
      // KV expiry is lazy: the entry's own time decides.
      return entry && now() - entry.failed_at < METADATA_BACKOFF_SECONDS * 1000 ? entry.reason : null;
    },
    async noteFailure(accountId, workspace, subject, reason) {
      const entry: FailureEntry = { failed_at: now(), reason };
      await kv.put(kvKeys.metadataBackoff(accountId, workspace, subject), JSON.stringify(entry), {
        expirationTtl: METADATA_BACKOFF_SECONDS,
      });
    },
    async dropAccount(accountId) {
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix: kvKeys.metadataBackoffPrefix(accountId), cursor });
        await Promise.all(page.keys.map((k) => kv.delete(k.name)));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
    },
  };
}
