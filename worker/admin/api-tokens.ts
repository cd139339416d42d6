/**
 * `/integrated-account/{id}/mcp/{mcp_id}/api-tokens`: the scoped API tokens a URL with `require_api_token_auth`
 * demands. Minted here (the token is shown once), listed without it, revoked at once. A token opens only its
 * own URL; the admin API never accepts one.
 */
import type { IRequest } from "itty-router";
import { HttpError, jsonResponse } from "../http/responses";
import { type ApiTokenRecord, publicApiToken } from "../store/api-tokens";
import { isOAuth } from "../store/mcp-servers";
import { RECORD_ID } from "./accounts";
import type { AdminContext } from "./context";
import { checkExpiry, expiryNotes, requireServer } from "./mcp-servers";
import { listPaging, parseBody } from "./request-parsing";
import { adminBodies } from "./request-schemas";

export async function createApiToken(request: IRequest, ctx: AdminContext) {
  const server = await requireServer(request, ctx);
  // An OAuth server's agents sign in as themselves: a second factor for its URL would never be asked for.
  if (isOAuth(server))
    throw new HttpError(
      400,
      "not_applicable",
      'This MCP server is an OAuth server ("auth": "oauth"): its agents sign in, so API tokens don\'t apply.',
    );
  const body = await parseBody(request, adminBodies().CreateApiTokenBody);
  const expiresAt = checkExpiry(body.expires_at ?? null);
  const { record, token } = await ctx.apiTokens.create({
    account_id: server.account_id,
    mcp_id: server.id,
    name: body.name,
    expires_at: expiresAt,
  });
  const notes = server.config.require_api_token_auth
    ? []
    : ["this MCP server does not demand an API token yet: set config.require_api_token_auth to true"];
  const expiry = expiryNotes(expiresAt);
  return jsonResponse(
    { ...view(record), token, ...(notes.length + expiry.length ? { notes: [...notes, ...expiry] } : {}) },
    201,
  );
}

export async function listApiTokens(request: IRequest, ctx: AdminContext) {
  const server = await requireServer(request, ctx);
  const { cursor, limit } = listPaging(request);
  const page = await ctx.apiTokens.list(server.account_id, server.id, cursor, limit);
  return jsonResponse({ result: page.tokens.map(view), next_cursor: page.next_cursor });
}

export async function deleteApiToken(request: IRequest, ctx: AdminContext) {
  const server = await requireServer(request, ctx);
  const tokenId = request.params.token_id;
  const record =
    tokenId && RECORD_ID.test(tokenId) ? await ctx.apiTokens.get(server.account_id, server.id, tokenId) : null;
  if (!record) throw new HttpError(404, "not_found", "No API token with this id on this MCP server.");
  await ctx.apiTokens.delete(record);
  return new Response(null, { status: 204 });
}

function view(record: ApiTokenRecord) {
  const { account_id, mcp_id, ...rest } = publicApiToken(record);
  return { ...rest, integrated_account_id: account_id, mcp_server_id: mcp_id };
}
