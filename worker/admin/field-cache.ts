/** `POST /integrated-account/{id}/refresh-fields`: forget an account's cached field metadata; the next tools/list fetches it anew. */
import type { IRequest } from "itty-router";
import { forgetInFlight } from "../custom-fields/load-fields";
import { jsonResponse } from "../http/responses";
import { fieldCache } from "../store/field-cache";
import { metadataBackoff } from "../store/metadata-backoff";
import { requireAccount } from "./accounts";
import type { AdminContext } from "./context";

export async function refreshFields(request: IRequest, ctx: AdminContext) {
  const account = await requireAccount(ctx, request.params.id);
  forgetInFlight(account.id);
  // Failures too: after a form is fixed, it is read on the next list, not after the back-off.
  await metadataBackoff(ctx.env.STORE).dropAccount(account.id);
  const dropped = await fieldCache(ctx.env.STORE).dropAccount(account.id);
  return jsonResponse({ integrated_account_id: account.id, dropped_entries: dropped });
}
