/**
 * MCP server records and their tokens in KV. Only the SHA-256 of a token is stored; the token itself exists
 * once, in the create response. Expiry is enforced twice: KV `expiration` (lazy, eventually consistent) and
 * an `expires_at` check on every resolve.
 */
import { mintToken, sha256Hex } from "./crypto";
import { KV_MAX_EXPIRATION_SECONDS, KV_MIN_EXPIRATION_SECONDS, kvKeys } from "./kv-keys";
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

export interface McpServerRecord {
  id: string;
  account_id: string;
  name: string;
  config: McpServerConfig;
  expires_at: string | null;
  token_hash: string;
  created_at: string;
  updated_at: string;
}

export type PublicMcpServer = Omit<McpServerRecord, "token_hash">;

export function publicMcpServer({ token_hash: _hash, ...rest }: McpServerRecord): PublicMcpServer {
  return rest;
}

interface TokenPointer {
  account_id: string;
  mcp_id: string;
}

export interface McpServerStore {
  create(input: { account_id: string; name: string; config: McpServerConfig; expires_at: string | null }): Promise<{
    record: McpServerRecord;
    token: string;
  }>;
  get(accountId: string, mcpId: string): Promise<McpServerRecord | null>;
  list(
    accountId: string,
    cursor?: string,
    limit?: number,
  ): Promise<{ servers: McpServerRecord[]; next_cursor: string | null }>;
  update(
    record: McpServerRecord,
    changes: { name?: string; config?: McpServerConfig; expires_at?: string | null },
  ): Promise<McpServerRecord>;
  delete(record: McpServerRecord): Promise<void>;
  deleteAllOf(accountId: string): Promise<void>;
  /** The live record behind a token, or null when unknown, revoked or expired (the caller can't tell which). */
  resolve(token: string): Promise<McpServerRecord | null>;
}

export function mcpServerStore(kv: KVNamespace, now = () => new Date()): McpServerStore {
  /**
   * KV needs expiration ≥ 60 s ahead; an earlier `expires_at` is still enforced by `resolve`. KV also refuses
   * expirations past 2^31 - 1 seconds (2038-01-19): a later one is left to `resolve` alone.
   */
  function kvExpiration(expiresAt: string | null): KVNamespacePutOptions {
    if (!expiresAt) return {};
    const seconds = Math.ceil(Date.parse(expiresAt) / 1000);
    if (seconds > KV_MAX_EXPIRATION_SECONDS) return {};
    const earliest = Math.ceil(now().getTime() / 1000) + KV_MIN_EXPIRATION_SECONDS;
    return { expiration: Math.max(seconds, earliest) };
  }
  async function put(record: McpServerRecord) {
    const options = kvExpiration(record.expires_at);
    const pointer: TokenPointer = { account_id: record.account_id, mcp_id: record.id };
    await Promise.all([
      kv.put(kvKeys.mcpServer(record.account_id, record.id), JSON.stringify(record), options),
      kv.put(kvKeys.token(record.token_hash), JSON.stringify(pointer), options),
    ]);
  }
  const isExpired = (record: McpServerRecord) =>
    record.expires_at !== null && Date.parse(record.expires_at) <= now().getTime();
  const store: McpServerStore = {
    async create({ account_id, name, config, expires_at }) {
      const token = mintToken();
      const at = now().toISOString();
      const record: McpServerRecord = {
        id: crypto.randomUUID(),
        account_id,
        name,
        config,
        expires_at,
        token_hash: await sha256Hex(token),
        created_at: at,
        updated_at: at,
      };
      await put(record);
      return { record, token };
    },
    async get(accountId, mcpId) {
      const record = await kv.get<McpServerRecord>(kvKeys.mcpServer(accountId, mcpId), "json");
      return record && !isExpired(record) ? record : null;
    },
    async list(accountId, cursor, limit = 100) {
      const prefix = kvKeys.mcpServerPrefix(accountId);
      const { records, next_cursor } = await listRecords<McpServerRecord>(kv, prefix, cursor, limit);
      return { servers: records.filter((r) => !isExpired(r)), next_cursor };
    },
    async update(record, changes) {
      const next: McpServerRecord = {
        ...record,
        name: changes.name ?? record.name,
        config: changes.config ?? record.config,
        expires_at: changes.expires_at === undefined ? record.expires_at : changes.expires_at,
        updated_at: now().toISOString(),
      };
      await put(next);
      return next;
    },
    async delete(record) {
      await Promise.all([
        kv.delete(kvKeys.token(record.token_hash)),
        kv.delete(kvKeys.mcpServer(record.account_id, record.id)),
      ]);
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
      const pointer = await kv.get<TokenPointer>(kvKeys.token(await sha256Hex(token)), "json");
      if (!pointer) return null;
      const record = await kv.get<McpServerRecord>(kvKeys.mcpServer(pointer.account_id, pointer.mcp_id), "json");
      return record && !isExpired(record) ? record : null;
    },
  };
  return store;
}
