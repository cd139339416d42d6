/** `/integrated-account` handlers: register a Freshservice account, list, read, rotate its key, delete it. */
import type { IRequest } from "itty-router";
import { HttpError, jsonResponse } from "../http/responses";
import { publicAccount } from "../store/accounts";
import { fieldCache } from "../store/field-cache";
import { metadataBackoff } from "../store/metadata-backoff";
import type { AdminContext } from "./context";
import { listPaging, parseBody } from "./request-parsing";
import { CreateAccountBody, UpdateAccountBody } from "./request-schemas";

export async function createAccount(request: IRequest, ctx: AdminContext) {
  const body = await parseBody(request, CreateAccountBody);
  if (body.base_url && !ctx.allowLoopback) throw loopbackRefused();
  const record = await ctx.accounts.create({
    name: body.name ?? body.domain,
    domain: body.domain,
    base_url: body.base_url ?? null,
    api_key: body.api_key,
  });
  return jsonResponse(publicAccount(record), 201);
}

export async function listAccounts(request: IRequest, ctx: AdminContext) {
  const { cursor, limit } = listPaging(request);
  const page = await ctx.accounts.list(cursor, limit);
  return jsonResponse({ result: page.accounts.map(publicAccount), next_cursor: page.next_cursor });
}

export async function getAccount(request: IRequest, ctx: AdminContext) {
  return jsonResponse(publicAccount(await requireAccount(ctx, request.params.id)));
}

export async function updateAccount(request: IRequest, ctx: AdminContext) {
  const record = await requireAccount(ctx, request.params.id);
  const body = await parseBody(request, UpdateAccountBody);
  if (body.base_url && !ctx.allowLoopback) throw loopbackRefused();
  return jsonResponse(publicAccount(await ctx.accounts.update(record, body)));
}

export async function deleteAccount(request: IRequest, ctx: AdminContext) {
  const record = await requireAccount(ctx, request.params.id);
  // Revoke every URL first: a half-finished delete must never leave a URL pointing at a live key.
  await ctx.servers.deleteAllOf(record.id);
  await fieldCache(ctx.env.STORE).dropAccount(record.id);
  await metadataBackoff(ctx.env.STORE).dropAccount(record.id);
  await ctx.accounts.delete(record.id);
  return new Response(null, { status: 204 });
}

/** Ids are UUIDs we minted; anything else can't exist (and a huge one would exceed KV's key size). */
export const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function requireAccount(ctx: AdminContext, id: string | undefined) {
  const record = id && RECORD_ID.test(id) ? await ctx.accounts.get(id) : null;
  if (!record) throw new HttpError(404, "not_found", "No integrated account with this id.");
  return record;
}

function loopbackRefused() {
  return new HttpError(400, "validation_failed", "The request body is invalid.", [
    { path: "base_url", message: "a loopback upstream is only allowed in local development and tests" },
  ]);
}
