/** `/integrated-account` handlers: register a Freshservice account, list, read, rotate its key, delete it. */
import type { IRequest } from "itty-router";
import { type FieldProblem, HttpError, jsonResponse } from "../http/responses";
import {
  type AccountRecord,
  type AccountSignInInput,
  CredentialUnavailable,
  DEFAULT_SIGN_IN,
  publicAccount,
} from "../store/accounts";
import { type GrantSummary, grantIndex } from "../store/oauth-grants";
import { LOOPBACK_HOSTS } from "../upstream/loopback";
import { verifyAccount } from "../upstream/verify-account";
import type { AdminContext } from "./context";
import { endAccountGrants, endGrants } from "./end-grants";
import { forgetAccountFields } from "./forget-fields";
import { listPaging, parseBody } from "./request-parsing";
import { adminBodies } from "./request-schemas";

export async function createAccount(request: IRequest, ctx: AdminContext) {
  const body = await parseBody(request, adminBodies().CreateAccountBody);
  if (body.base_url && !ctx.allowLoopback) throw loopbackRefused();
  if (body.sign_in) checkSignIn(ctx, undefined, body.sign_in);
  const notes = body.verify === false ? [] : await verify(body.domain, body.base_url ?? null, body.api_key);
  const record = await ctx.accounts.create({
    name: body.name ?? body.domain,
    domain: body.domain,
    base_url: body.base_url ?? null,
    api_key: body.api_key,
    sign_in: body.sign_in,
  });
  return jsonResponse(withNotes(publicAccount(record), notes), 201);
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
  const { verify: check, ...body } = await parseBody(request, adminBodies().UpdateAccountBody);
  if (body.base_url && !ctx.allowLoopback) throw loopbackRefused();
  if (body.sign_in) checkSignIn(ctx, record, body.sign_in);
  // Where Freshservice is reached, or with which key, changes: check the pair that will be stored.
  const reachChanges = body.api_key !== undefined || body.domain !== undefined || body.base_url !== undefined;
  const notes =
    check === false || !reachChanges
      ? []
      : await verify(
          body.domain ?? record.domain,
          body.base_url === undefined ? record.base_url : body.base_url,
          body.api_key ?? (await storedKey(ctx, record)),
        );
  await endSignInsOfChangedWays(ctx.env, record, body);
  const updated = await ctx.accounts.update(record, body);
  if (!updated) throw accountNotFound();
  // Another Freshservice has other forms: the old one's must not be served for the rest of their 15 minutes.
  if (updated.domain !== record.domain || updated.base_url !== record.base_url)
    await forgetAccountFields(ctx.env.STORE, updated.id);
  return jsonResponse(withNotes(publicAccount(updated), notes));
}

/**
 * An agent's credential was checked against the account's Freshservice: a re-pointed account must not send it to
 * another, so every sign-in ends. A way turned off (or a Freshworks client moved to another org or client id)
 * ends the sign-ins made that way. Before the change is stored: if ending them fails, nothing has changed, and
 * the PATCH can be sent again.
 */
async function endSignInsOfChangedWays(
  env: Env,
  record: AccountRecord,
  changes: { domain?: string; base_url?: string | null; sign_in?: AccountSignInInput },
) {
  const moved =
    (changes.domain !== undefined && changes.domain !== record.domain) ||
    (changes.base_url !== undefined && changes.base_url !== record.base_url);
  const was = record.sign_in ?? DEFAULT_SIGN_IN;
  const next = changes.sign_in?.freshworks;
  const ended = new Set<GrantSummary["way"]>();
  if (moved || (was.api_key && changes.sign_in?.api_key === false)) ended.add("api_key");
  if (
    moved ||
    (was.freshworks &&
      (next === null ||
        (next !== undefined &&
          (next.org_url !== was.freshworks.org_url || next.client_id !== was.freshworks.client_id))))
  )
    ended.add("freshworks");
  if (!ended.size) return;
  const grants = await grantIndex(env.STORE).listAccount(record.id);
  await endGrants(
    env,
    record.id,
    grants.filter((g) => ended.has(g.way)),
    "operator",
  );
}

/** One read against the Freshservice this account will use, with this key; throws an HttpError if it fails. */
function verify(domain: string, baseUrl: string | null, apiKey: string): Promise<string[]> {
  return verifyAccount({ origin: baseUrl ?? `https://${domain}`, apiKey }, baseUrl ?? domain);
}

async function storedKey(ctx: AdminContext, record: AccountRecord): Promise<string> {
  try {
    return await ctx.accounts.apiKey(record);
  } catch (error) {
    if (!(error instanceof CredentialUnavailable)) throw error;
    throw new HttpError(400, "validation_failed", "The request body is invalid.", [
      {
        path: "api_key",
        message: "the stored key can't be read (was CREDENTIALS_KEY changed?): send api_key with this change",
      },
    ]);
  }
}

function withNotes<T extends object>(body: T, notes: string[]) {
  return notes.length ? { ...body, notes } : body;
}

export async function deleteAccount(request: IRequest, ctx: AdminContext) {
  const id = request.params.id;
  // The record as stored, even under a tombstone: a DELETE that stopped halfway (a KV failure) is finished by
  // sending it again; once the record is gone, a DELETE is a 404.
  const record = id && RECORD_ID.test(id) ? await ctx.accounts.stored(id) : null;
  if (!record) throw accountNotFound();
  // The tombstone first and for good: a PATCH or a mint racing this DELETE can't bring the account back.
  await ctx.accounts.markDeleted(record.id);
  // Then every URL and every sign-in, and the key last: a half-finished delete must never leave a URL pointing
  // at a live key. Grants before the URLs, so a DELETE sent again finds what is left of both.
  await endAccountGrants(ctx.env, record.id);
  await ctx.servers.deleteAllOf(record.id);
  await endAccountGrants(ctx.env, record.id);
  await forgetAccountFields(ctx.env.STORE, record.id);
  await ctx.accounts.delete(record.id);
  return new Response(null, { status: 204 });
}

/** Ids are UUIDs we minted; anything else can't exist (and a huge one would exceed KV's key size). */
export const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function requireAccount(ctx: AdminContext, id: string | undefined) {
  const record = id && RECORD_ID.test(id) ? await ctx.accounts.get(id) : null;
  if (!record) throw accountNotFound();
  return record;
}

export const accountNotFound = () => new HttpError(404, "not_found", "No integrated account with this id.");

/**
 * What the schema can't see: the environment's loopback rule, the stored settings a PATCH merges with, and that
 * some way stays enabled. Moving the Freshworks client (another org or client id) needs its secret in the same
 * request: the Worker sends the secret to org_url, so a stolen admin token can't redirect a stored one.
 */
function checkSignIn(ctx: AdminContext, record: AccountRecord | undefined, input: AccountSignInInput) {
  const stored = record?.sign_in ?? DEFAULT_SIGN_IN;
  const problems: FieldProblem[] = [];
  const freshworks = input.freshworks;
  if (freshworks) {
    if (!ctx.allowLoopback && LOOPBACK_HOSTS.has(new URL(freshworks.org_url).hostname))
      problems.push({
        path: "sign_in.freshworks.org_url",
        message: "a loopback Freshworks org is only allowed in local development and tests",
      });
    const moved =
      !stored.freshworks ||
      stored.freshworks.org_url !== freshworks.org_url ||
      stored.freshworks.client_id !== freshworks.client_id;
    if (freshworks.client_secret === undefined && moved)
      problems.push({
        path: "sign_in.freshworks.client_secret",
        message: stored.freshworks
          ? "changing org_url or client_id requires client_secret in the same request"
          : "required: the secret of your Freshworks OAuth client",
      });
  }
  const apiKeyWay = input.api_key ?? stored.api_key;
  const freshworksWay = freshworks === undefined ? stored.freshworks !== null : freshworks !== null;
  if (!apiKeyWay && !freshworksWay)
    problems.push({
      path: "sign_in",
      message: "enable at least one way to sign in: api_key true, or a freshworks client",
    });
  if (problems.length) throw new HttpError(400, "validation_failed", "The request body is invalid.", problems);
}

function loopbackRefused() {
  return new HttpError(400, "validation_failed", "The request body is invalid.", [
    { path: "base_url", message: "a loopback upstream is only allowed in local development and tests" },
  ]);
}
