/** The KV `expiration` for a record that ends at `expires_at`, within what KV accepts. */
import { KV_MAX_EXPIRATION_SECONDS, KV_MIN_EXPIRATION_SECONDS } from "./kv-keys";

/**
 * KV needs expiration ≥ 60 s ahead; an earlier `expires_at` is still enforced by the reader's own check. KV
 * also refuses expirations past 2^31 - 1 seconds (2038-01-19): a later one is left to that check alone.
 */
export function kvExpiration(expiresAt: string | null, now: () => Date = () => new Date()): KVNamespacePutOptions {
  if (!expiresAt) return {};
  const seconds = Math.ceil(Date.parse(expiresAt) / 1000);
  if (seconds > KV_MAX_EXPIRATION_SECONDS) return {};
  const earliest = Math.ceil(now().getTime() / 1000) + KV_MIN_EXPIRATION_SECONDS;
  return { expiration: Math.max(seconds, earliest) };
}
