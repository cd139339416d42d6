/** `GET /integrated-account/{id}/usage` and `…/mcp/{mcp_id}/usage`: the audit trail aggregated for the console's charts. */
import type { IRequest } from "itty-router";
import * as z from "zod";
import { usageReport } from "../audit/usage-report";
import { USAGE_WINDOW_NAMES } from "../audit/usage-series";
import { HttpError, jsonResponse } from "../http/responses";
import { RECORD_ID, requireAccount } from "./accounts";
import type { AdminContext } from "./context";
import { fieldProblems } from "./request-schemas";

let usageQuery: ReturnType<typeof buildUsageQuery> | undefined;

/** Built on the first usage request, not while the isolate starts (as the admin bodies: request-schemas.ts). */
function usageQuerySchema() {
  usageQuery ??= buildUsageQuery();
  return usageQuery;
}

function buildUsageQuery() {
  return z.object({ window: z.enum(USAGE_WINDOW_NAMES).default("24h") }).strict();
}

/** Every URL of the account, revoked ones included until retention purges their calls. */
export function accountUsage(request: IRequest, ctx: AdminContext) {
  return usage(request, ctx);
}

/** One URL's calls. The URL may be revoked: like its logs, its usage stays readable until retention purges it. */
export function serverUsage(request: IRequest, ctx: AdminContext) {
  const mcpId = request.params.mcp_id;
  if (!mcpId || !RECORD_ID.test(mcpId))
    throw new HttpError(404, "not_found", "No MCP server with this id on this account.");
  return usage(request, ctx, mcpId);
}

async function usage(request: IRequest, ctx: AdminContext, mcpServerId?: string) {
  const account = await requireAccount(ctx, request.params.id);
  const parsed = usageQuerySchema().safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    throw new HttpError(400, "validation_failed", "The query is invalid.", fieldProblems(parsed.error));
  return jsonResponse(
    await usageReport(ctx.env.AUDIT_DB, {
      account_id: account.id,
      mcp_server_id: mcpServerId,
      window: parsed.data.window,
      now: Date.now(),
    }),
  );
}
