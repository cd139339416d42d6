/** `GET /integrated-account/{id}/logs` and `…/mcp/{mcp_id}/logs`: the audit trail, newest first, paged and filtered. */
import type { IRequest } from "itty-router";
import * as z from "zod";
import { auditLog } from "../audit/audit-log";
import { CALL_OUTCOMES } from "../audit/call-record";
import { HttpError, jsonResponse } from "../http/responses";
import { RECORD_ID, requireAccount } from "./accounts";
import type { AdminContext } from "./context";
import { fieldProblems } from "./request-schemas";

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

let logQuery: ReturnType<typeof buildLogQuery> | undefined;

/** Built on the first trail request, not while the isolate starts (as the admin bodies: request-schemas.ts). */
function logQuerySchema() {
  logQuery ??= buildLogQuery();
  return logQuery;
}

function buildLogQuery() {
  const instant = z.iso
    .datetime({ offset: true })
    .transform((value) => Date.parse(value))
    .optional();

  return z
    .object({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
      cursor: z
        .string()
        .regex(/^[1-9]\d{0,15}$/, "is not a valid cursor")
        .transform(Number)
        .optional(),
      tool: z.string().min(1).max(64).optional(),
      outcome: z.enum(CALL_OUTCOMES).optional(),
      /** One signed-in agent's calls (OAuth servers). */
      agent_id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      since: instant,
      until: instant,
    })
    .strict();
}

/** The whole account's calls, every URL's (revoked ones included, until retention purges them). */
export function accountLogs(request: IRequest, ctx: AdminContext) {
  return logs(request, ctx);
}

/** One URL's calls. The URL itself may be revoked: its trail stays readable until retention purges it. */
export function serverLogs(request: IRequest, ctx: AdminContext) {
  const mcpId = request.params.mcp_id;
  if (!mcpId || !RECORD_ID.test(mcpId))
    throw new HttpError(404, "not_found", "No MCP server with this id on this account.");
  return logs(request, ctx, mcpId);
}

async function logs(request: IRequest, ctx: AdminContext, mcpServerId?: string) {
  const account = await requireAccount(ctx, request.params.id);
  const parsed = logQuerySchema().safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    throw new HttpError(400, "validation_failed", "The query is invalid.", fieldProblems(parsed.error));
  const { cursor, ...filters } = parsed.data;
  const page = await auditLog(ctx.env.AUDIT_DB).query({
    ...filters,
    account_id: account.id,
    mcp_server_id: mcpServerId,
    before_id: cursor,
  });
  return jsonResponse({
    result: page.entries,
    next_cursor: page.next_before_id === null ? null : String(page.next_before_id),
  });
}
