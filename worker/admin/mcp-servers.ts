/** `/integrated-account/{id}/mcp` handlers: mint a scoped MCP URL (shown once), list, read, change, revoke. */
import type { IRequest } from "itty-router";
import * as z from "zod";
import { auditLog } from "../audit/audit-log";
import { bundledToolEntries } from "../catalog/bundled-catalog";
import { filterVocabulary, selectTools } from "../catalog/select-tools";
import { type FieldProblem, HttpError, jsonResponse } from "../http/responses";
import { oauthPaths } from "../oauth/paths";
import { KV_MIN_EXPIRATION_SECONDS } from "../store/kv-keys";
import {
  isOAuth,
  type McpAuthMode,
  type McpServerConfig,
  type McpServerRecord,
  publicMcpServer,
  TOOL_EXPOSURES,
} from "../store/mcp-servers";
import { toolCount } from "../tools/tool-count";
import { accountNotFound, RECORD_ID, requireAccount } from "./accounts";
import type { AdminContext } from "./context";
import { endServerGrants } from "./end-grants";
import { publicOrigin } from "./public-origin";
import { listPaging, parseBody } from "./request-parsing";
import { adminBodies } from "./request-schemas";
import { clientsCutting, toolCountNotes } from "./tool-count-notes";

export async function createMcpServer(request: IRequest, ctx: AdminContext) {
  const account = await requireAccount(ctx, request.params.id);
  const body = await parseBody(request, adminBodies().CreateMcpBody);
  // Before anything is stored: a mint that can't hand out its URL must leave nothing behind.
  const origin = publicOrigin(request as unknown as Request, ctx.env);
  const config = withoutNulls(body.config);
  const auth = body.auth ?? "token";
  checkConfig(config, auth);
  const expiresAt = checkExpiry(body.expires_at ?? null);
  const { record, token } = await ctx.servers.create({
    account_id: account.id,
    name: body.name,
    config,
    expires_at: expiresAt,
    auth,
  });
  // The account's DELETE began meanwhile and may have missed this server: revoke it, as if the mint came after.
  if (await ctx.accounts.isDeleted(account.id)) {
    await ctx.servers.delete(record);
    throw accountNotFound();
  }
  const listed = notes([...expiryNotes(expiresAt), ...toolCountNotes(config)]);
  if (token === null) return jsonResponse({ ...view(record, origin), ...listed }, 201);
  const url = `${origin}/mcp/${token}`;
  return jsonResponse({ ...view(record), url, ...listed }, 201);
}

/**
 * `GET /integrated-account/{id}/tools?methods=…&tags=…&tool_exposure=…`: what a server with this config would
 * list (the console's live count, by tools/list's own rule), how many bundled tools its filters reach, the clients
 * that would cut the list, and every method and tag the filters accept.
 */
export async function previewTools(request: IRequest, ctx: AdminContext) {
  await requireAccount(ctx, request.params.id);
  const query = new URL(request.url).searchParams;
  const listed = (name: string) =>
    query
      .get(name)
      ?.split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  const exposure = PreviewExposure.safeParse(query.get("tool_exposure") ?? undefined);
  if (!exposure.success)
    throw new HttpError(400, "validation_failed", "The query is invalid.", [
      { path: "tool_exposure", message: `must be one of ${TOOL_EXPOSURES.join(", ")}` },
    ]);
  const catalog = bundledToolEntries();
  const vocabulary = filterVocabulary(catalog);
  const count = toolCount({ methods: listed("methods"), tags: listed("tags"), tool_exposure: exposure.data });
  return jsonResponse({
    count: count.listed,
    reachable: count.reachable,
    total: catalog.length,
    cut_by: clientsCutting(count.listed).map(({ client, maxTools }) => ({ client, max_tools: maxTools })),
    methods: [...vocabulary.methods].sort(),
    tags: [...vocabulary.tags].sort(),
  });
}

const PreviewExposure = z.enum(TOOL_EXPOSURES).optional();

export async function listMcpServers(request: IRequest, ctx: AdminContext) {
  const account = await requireAccount(ctx, request.params.id);
  const { cursor, limit } = listPaging(request);
  const page = await ctx.servers.list(account.id, cursor, limit);
  const used = await lastUse(ctx, page.servers);
  const origin = shownOrigin(request, ctx);
  return jsonResponse({
    result: page.servers.map((s) => ({ ...view(s, origin), last_used_at: used.get(s.id) ?? null })),
    next_cursor: page.next_cursor,
  });
}

export async function getMcpServer(request: IRequest, ctx: AdminContext) {
  const record = await requireServer(request, ctx);
  const used = await lastUse(ctx, [record]);
  return jsonResponse({ ...view(record, shownOrigin(request, ctx)), last_used_at: used.get(record.id) ?? null });
}

/** An OAuth server's URL holds no secret, so reads show it again; none when no origin can be named here. */
function shownOrigin(request: IRequest, ctx: AdminContext): string | null {
  try {
    return publicOrigin(request as unknown as Request, ctx.env);
  } catch {
    return null;
  }
}

/** When each server last answered a tools/call, from the audit trail; none known when the trail can't be read. */
async function lastUse(ctx: AdminContext, servers: McpServerRecord[]): Promise<Map<string, string>> {
  try {
    return await auditLog(ctx.env.AUDIT_DB).lastUse(servers.map((s) => s.id));
  } catch {
    return new Map();
  }
}

export async function updateMcpServer(request: IRequest, ctx: AdminContext) {
  const record = await requireServer(request, ctx);
  const body = await parseBody(request, adminBodies().UpdateMcpBody);
  // Like Truto: config keys are merged shallowly, so a PATCH can change just one of them; null removes one.
  const config = body.config ? withoutNulls({ ...record.config, ...body.config }) : undefined;
  if (config) checkConfig(config, record.auth ?? "token");
  const expiresAt = body.expires_at === undefined ? undefined : checkExpiry(body.expires_at);
  const next = await ctx.servers.update(record, { name: body.name, config, expires_at: expiresAt });
  if (!next) throw serverNotFound();
  const changed = [...(expiresAt ? expiryNotes(expiresAt) : []), ...(config ? toolCountNotes(config) : [])];
  return jsonResponse({ ...view(next, shownOrigin(request, ctx)), ...notes(changed) });
}

export async function deleteMcpServer(request: IRequest, ctx: AdminContext) {
  const record = await requireServer(request, ctx);
  // An OAuth server's grants before its record, so a DELETE that fails halfway is sent again and still finds the
  // server; and once more after, for a sign-in that finished meanwhile (the dead server already refuses its calls).
  if (isOAuth(record)) await endServerGrants(ctx.env, record);
  await ctx.servers.delete(record);
  if (isOAuth(record)) await endServerGrants(ctx.env, record);
  return new Response(null, { status: 204 });
}

function withoutNulls(config: Record<string, unknown>): McpServerConfig {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== null)) as McpServerConfig;
}

export async function requireServer(request: IRequest, ctx: AdminContext): Promise<McpServerRecord> {
  const account = await requireAccount(ctx, request.params.id);
  const mcpId = request.params.mcp_id;
  const record = mcpId && RECORD_ID.test(mcpId) ? await ctx.servers.get(account.id, mcpId) : null;
  if (!record) throw serverNotFound();
  return record;
}

const serverNotFound = () => new HttpError(404, "not_found", "No MCP server with this id on this account.");

/**
 * A server as the admin API shows it. An OAuth server also shows its URL (`url`, and `mcp_url` as the sign-in
 * design names it) and its issuer, which hold no secret; a token server's URL exists only in its mint answer.
 */
function view(record: McpServerRecord, origin: string | null = null) {
  const { account_id, ...rest } = publicMcpServer(record);
  const shown = { ...rest, auth: record.auth ?? "token", integrated_account_id: account_id };
  if (!isOAuth(record) || origin === null) return shown;
  const url = `${origin}${oauthPaths.mcp(record.id)}`;
  return { ...shown, url, mcp_url: url, authorization_server: `${origin}${oauthPaths.issuer(record.id)}` };
}

/** Refuse filters with unknown values or that match no tool: an empty server is always a mistake. */
function checkConfig(config: McpServerConfig, auth: McpAuthMode) {
  const catalog = bundledToolEntries();
  const vocabulary = filterVocabulary(catalog);
  const problems: FieldProblem[] = [];
  if (auth === "oauth" && config.require_api_token_auth)
    throw new HttpError(400, "validation_failed", "The request body is invalid.", [
      {
        path: "config.require_api_token_auth",
        message: "an OAuth server's agents sign in as themselves: API tokens don't apply (leave it out, or false)",
      },
    ]);
  config.methods?.forEach((m, i) => {
    if (!vocabulary.methods.has(m))
      problems.push({
        path: `config.methods.${i}`,
        message: `unknown method "${m}"; use read, write, custom or a method name`,
      });
  });
  config.tags?.forEach((t, i) => {
    if (!vocabulary.tags.has(t))
      problems.push({
        path: `config.tags.${i}`,
        message: `unknown tag "${t}"; known tags: ${[...vocabulary.tags].join(", ")}`,
      });
  });
  if (problems.length) throw new HttpError(400, "validation_failed", "The request body is invalid.", problems);
  if (selectTools(catalog, config).length === 0)
    throw new HttpError(400, "no_matching_tools", "No tool matches both config.methods and config.tags.", [
      { path: "config", message: "the methods and tags filters together match no tool" },
    ]);
}

export function checkExpiry(expiresAt: string | null): string | null {
  if (expiresAt === null) return null;
  const at = Date.parse(expiresAt);
  if (at <= Date.now())
    throw new HttpError(400, "validation_failed", "The request body is invalid.", [
      { path: "expires_at", message: "must be in the future" },
    ]);
  return new Date(at).toISOString();
}

/** KV can't expire a key sooner than 60 s ahead; the Worker's own check still ends the URL at expires_at. */
export function expiryNotes(expiresAt: string | null): string[] {
  if (!expiresAt || Date.parse(expiresAt) - Date.now() >= KV_MIN_EXPIRATION_SECONDS * 1000) return [];
  return [
    `expires_at is less than ${KV_MIN_EXPIRATION_SECONDS} s ahead: the URL stops working at expires_at, and its stored record is removed ${KV_MIN_EXPIRATION_SECONDS} s from now.`,
  ];
}

/** `notes` in an answer only when there is something to say. */
function notes(list: string[]) {
  return list.length ? { notes: list } : {};
}
