/** `POST /integrated-account/{id}/refresh-fields`: forget an account's cached field metadata; the next tools/list fetches it anew. */
import type { IRequest } from "itty-router";
import { jsonResponse } from "../http/responses";
import { requireAccount } from "./accounts";
import type { AdminContext } from "./context";
import { forgetAccountFields } from "./forget-fields";

export async function refreshFields(request: IRequest, ctx: AdminContext) {
  const account = await requireAccount(ctx, request.params.id);
  const dropped = await forgetAccountFields(ctx.env.STORE, account.id);
  return jsonResponse({ integrated_account_id: account.id, dropped_entries: dropped });
}
