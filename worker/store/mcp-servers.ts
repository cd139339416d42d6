/**
 * MCP server records and their tokens in KV. Only the SHA-256 of a token is stored; the token itself exists
 * once, in the create response. Expiry is enforced twice: KV `expiration` (lazy, eventually consistent) and
 * an `expires_at` check on every resolve. KV has no transactions, so a PATCH that read the record before a
 * DELETE writes it back after; a revocation can't be lost all the same (docs/storage.md): the token's pointer is
 * written once and never by a PATCH, so a record written back is unreachable by its token, and a tombstone keeps
 * it out of the admin API and makes the PATCH remove it again. An OAuth server has no token: its URL names it, and
 * its pointer (`oauth-server:<mcp_id>`, written once at mint, removed at revocation) plays the token pointer's part.
 */
import type { AccountRecord } from "./accounts";
import { apiTokenStore } from "./api-tokens";
import { mintToken, sha256Hex } from "./crypto";
import { kvExpiration } from "./kv-expiration";
import { kvKeys } from "./kv-keys";
import { listRecords } from "./kv-pages";

export interface McpServerConfig {
  methods?: string[];
  tags?: string[];
  require_api_token_auth?: boolean;
  max_requests_per_minute?: number;
  max_result_bytes?: number;
  workspace_id?: number;
  /** `all` (default): tools/list shows every tool the filters allow; `discovery`: three meta-tools reach them. */
  tool_exposure?: ToolExposure;
  /** Keep each call's arguments, redacted and capped, in the audit trail. */
  log_arguments?: boolean;
}

export const TOOL_EXPOSURES = ["all", "discovery"] as const;
export type ToolExposure = (typeof TOOL_EXPOSURES)[number];

/** `token` (default): the URL holds a secret. `oauth`: the URL holds none; each agent signs in (docs/sign-in.md). */
export const MCP_AUTH_MODES = ["token", "oauth"] as const;
export type McpAuthMode = (typeof MCP_AUTH_MODES)[number];

export interface McpServerRecord {
  id: string;
  account_id: string;
  name: string;
  /** Absent on records written before OAuth servers existed: those are `token`. */
  auth?: McpAuthMode;
  config: McpServerConfig;
  expires_at: string | null;
  /** Empty for an OAuth server (no token; no token ever hashes to it, and no pointer is written for it). */
  token_hash: string;
  created_at: string;
  updated_at: string;
}

export type PublicMcpServer = Omit<McpServerRecord, "token_hash">;

export const isOAuth = (record: Pick<McpServerRecord, "auth">) => record.auth === "oauth";

export function publicMcpServer({ token_hash: _hash, ...rest }: McpServerRecord): PublicMcpServer {
  return rest;
}

/** `oauth-server:<mcp_id>`: an OAuth server's URL names the server, not its account. */
export interface OAuthServerPointer {
  account_id: string;
}

interface TokenPointer {
  account_id: string;
  mcp_id: string;
  /** Written once at mint, without expiration (the record's own expiry decides); older pointers lack it. */
  permanent?: true;
}

export interface McpServerStore {
  /** A `token` server's token exists once, here; an `oauth` server has none (null). */
  create(input: {
    account_id: string;
    name: string;
    config: McpServerConfig;
    expires_at: string | null;
    auth?: McpAuthMode;
  }): Promise<{
    record: McpServerRecord;
    token: string | null;
  }>;
  get(accountId: string, mcpId: string): Promise<McpServerRecord | null>;
  list(
    accountId: string,
    cursor?: string,
    limit?: number,
  ): Promise<{ servers: McpServerRecord[]; next_cursor: string | null }>;
  /** Null when the server was revoked meanwhile: the write is undone, never left standing. */
  update(
    record: McpServerRecord,
    changes: { name?: string; config?: McpServerConfig; expires_at?: string | null },
  ): Promise<McpServerRecord | null>;
  delete(record: McpServerRecord): Promise<void>;
  deleteAllOf(accountId: string): Promise<void>;
  /** The live record behind a token, or null when unknown, revoked or expired (the caller can't tell which). */
  resolve(token: string): Promise<McpServerRecord | null>;
  /** The same, with its account's record read in the same KV call (null when the account is gone). */
  resolveWithAccount(token: string): Promise<{ server: McpServerRecord; account: AccountRecord | null } | null>;
  /** An OAuth server's live record by its id, with its account (null when gone): unknown, revoked, expired → null. */
  resolveOAuth(mcpId: string): Promise<{ server: McpServerRecord; account: AccountRecord | null } | null>;
}

export function mcpServerStore(kv: KVNamespace, now = () => new Date()): McpServerStore {
  const putRecord = (record: McpServerRecord) =>
    kv.put(
      kvKeys.mcpServer(record.account_id, record.id),
      JSON.stringify(record),
      kvExpiration(record.expires_at, now),
    );
  const putPointer = (record: McpServerRecord) => {
    const pointer: TokenPointer = { account_id: record.account_id, mcp_id: record.id, permanent: true };
    return kv.put(kvKeys.token(record.token_hash), JSON.stringify(pointer));
  };
  async function removeKeys(record: McpServerRecord) {
    await Promise.all([
      isOAuth(record) ? kv.delete(kvKeys.oauthServer(record.id)) : kv.delete(kvKeys.token(record.token_hash)),
      kv.delete(kvKeys.mcpServer(record.account_id, record.id)),
    ]);
  }
  /** The server and its account in one KV call; null when the record is gone or expired. */
  async function withAccount(accountId: string, mcpId: string) {
    const recordKey = kvKeys.mcpServer(accountId, mcpId);
    const accountKey = kvKeys.account(accountId);
    const read = await kv.get<McpServerRecord | AccountRecord>([recordKey, accountKey], "json");
    const server = read.get(recordKey) as McpServerRecord | null | undefined;
    const account = read.get(accountKey) as AccountRecord | null | undefined;
    return server && !isExpired(server) ? { server, account: account ?? null } : null;
  }
  const isRevoked = async (accountId: string, mcpId: string) =>
    (await kv.get(kvKeys.revokedMcpServer(accountId, mcpId))) !== null;
  /** For the admin API: the record if it is present, not expired and not revoked (read side by side). */
  async function live(accountId: string, mcpId: string): Promise<McpServerRecord | null> {
    const [record, revoked] = await Promise.all([
      kv.get<McpServerRecord>(kvKeys.mcpServer(accountId, mcpId), "json"),
      isRevoked(accountId, mcpId),
    ]);
    return record && !revoked && !isExpired(record) ? record : null;
  }
  const isExpired = (record: McpServerRecord) =>
    record.expires_at !== null && Date.parse(record.expires_at) <= now().getTime();
  const store: McpServerStore = {
    async create({ account_id, name, config, expires_at, auth = "token" }) {
      const token = auth === "token" ? mintToken() : null;
      const at = now().toISOString();
      const record: McpServerRecord = {
        id: crypto.randomUUID(),
        account_id,
        name,
        ...(auth === "oauth" ? { auth } : {}),
        config,
        expires_at,
        token_hash: token === null ? "" : await sha256Hex(token),
        created_at: at,
        updated_at: at,
      };
      const pointer =
        token === null
          ? kv.put(kvKeys.oauthServer(record.id), JSON.stringify({ account_id } satisfies OAuthServerPointer))
          : putPointer(record);
      await Promise.all([putRecord(record), pointer]);
      return { record, token };
    },
    get: live,
    async list(accountId, cursor, limit = 100) {
      const prefix = kvKeys.mcpServerPrefix(accountId);
      const { records, next_cursor } = await listRecords<McpServerRecord>(kv, prefix, cursor, limit);
      const revoked = await Promise.all(records.map((r) => isRevoked(r.account_id, r.id)));
      return { servers: records.filter((r, i) => !revoked[i] && !isExpired(r)), next_cursor };
    },
    async update(record, changes) {
      const next: McpServerRecord = {
        ...record,
        name: changes.name ?? record.name,
        config: changes.config ?? record.config,
        expires_at: changes.expires_at === undefined ? record.expires_at : changes.expires_at,
        updated_at: now().toISOString(),
      };
      if (await isRevoked(record.account_id, record.id)) return null;
      // A pointer from before pointers were permanent carries the old expiry: it is made permanent once.
      if (next.expires_at !== record.expires_at && !isOAuth(record)) {
        const pointer = await kv.get<TokenPointer>(kvKeys.token(record.token_hash), "json");
        if (pointer && !pointer.permanent) await putPointer(next);
      }
      await putRecord(next);
      // A DELETE that landed between our read and our write removed the record we just wrote back (the pointer
      // stays gone, so its token opens nothing): remove it again.
      if (await isRevoked(record.account_id, record.id)) {
        await removeKeys(next);
        return null;
      }
      return next;
    },
    async delete(record) {
      // The tombstone first and for good: it is what outlives a concurrent PATCH's write.
      await kv.put(
        kvKeys.revokedMcpServer(record.account_id, record.id),
        JSON.stringify({ revoked_at: now().toISOString() }),
      );
      await removeKeys(record);
      await apiTokenStore(kv, now).deleteAllOf(record.account_id, record.id);
    },
    async deleteAllOf(accountId) {
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix: kvKeys.mcpServerPrefix(accountId), cursor });
        const records = await Promise.all(page.keys.map((k) => kv.get<McpServerRecord>(k.name, "json")));
        await Promise.all(records.map((r) => (r ? store.delete(r) : undefined)));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
    },
    async resolve(token) {
      return (await store.resolveWithAccount(token))?.server ?? null;
    },
    async resolveWithAccount(token) {
      const pointer = await kv.get<TokenPointer>(kvKeys.token(await sha256Hex(token)), "json");
      if (!pointer) return null;
      // One bulk read for both: every KV call costs the request CPU, whatever it reads.
      const found = await withAccount(pointer.account_id, pointer.mcp_id);
      // An OAuth server is never opened by a token, whatever a pointer says.
      return found && !isOAuth(found.server) ? found : null;
    },
    async resolveOAuth(mcpId) {
      const pointer = await kv.get<OAuthServerPointer>(kvKeys.oauthServer(mcpId), "json");
      if (!pointer) return null;
      const found = await withAccount(pointer.account_id, mcpId);
      return found && isOAuth(found.server) ? found : null;
    },
  };
  return store;
}
