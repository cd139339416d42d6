/** Forgets an account's cached forms and remembered failed reads: after an admin changes a form, after a re-point, on delete. */
import { forgetInFlight } from "../custom-fields/load-fields";
import { fieldCache } from "../store/field-cache";
import { metadataBackoff } from "../store/metadata-backoff";

/** How many cached forms were dropped; the next tools/list or call reads them again. */
export async function forgetAccountFields(kv: KVNamespace, accountId: string): Promise<number> {
  forgetInFlight(accountId);
  // Failures too: a form fixed, or a Freshservice that answers, is read on the next list, not after the back-off.
  await metadataBackoff(kv).dropAccount(accountId);
  return fieldCache(kv).dropAccount(accountId);
}
