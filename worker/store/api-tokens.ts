/**
 * Scoped API tokens in KV: the second factor of an MCP URL with `require_api_token_auth`. Each belongs to one
 * MCP server and is good on that URL alone. Only its SHA-256 is stored; the token exists once, in the mint
 * response. Expiry is enforced like a URL's: KV `expiration` (lazy) and an `expires_at` check on every use.
 */
import { mintToken, sha256Hex } from "./crypto";
import { kvExpiration } from "./kv-expiration";
import { kvKeys } from "./kv-keys";
import { listRecords } from "./kv-pages";

export interface ApiTokenRecord {
  id: string;
  account_id: string;
  mcp_id: string;
  name: string;
  expires_at: string | null;
  token_hash: string;
  created_at: string;
}

export type PublicApiToken = Omit<ApiTokenRecord, "token_hash">;

export function publicApiToken({ token_hash: _hash, ...rest }: ApiTokenRecord): PublicApiToken {
  return rest;
}

/** What the hash key holds: enough to decide a request without reading the listing record. */
interface ApiTokenPointer {
  account_id: string;
  mcp_id: string;
  id: string;
  expires_at: string | null;
}

export interface ApiTokenStore {
  create(input: { account_id: string; mcp_id: string; name: string; expires_at: string | null }): Promise<{
    record: ApiTokenRecord;
    token: string;
  }>;
  get(accountId: string, mcpId: string, id: string): Promise<ApiTokenRecord | null>;
  list(
    accountId: string,
    mcpId: string,
    cursor?: string,
    limit?: number,
  ): Promise<{ tokens: ApiTokenRecord[]; next_cursor: string | null }>;
  delete(record: ApiTokenRecord): Promise<void>;
  /** Every token of one MCP server (it is being revoked). */
  deleteAllOf(accountId: string, mcpId: string): Promise<void>;
  /** True only for a live token of exactly this MCP server. */
  admits(token: string, accountId: string, mcpId: string): Promise<boolean>;
}

export function apiTokenStore(kv: KVNamespace, now = () => new Date()): ApiTokenStore {
  const isExpired = (expiresAt: string | null) => expiresAt !== null && Date.parse(expiresAt) <= now().getTime();
  const store: ApiTokenStore = {
    async create({ account_id, mcp_id, name, expires_at }) {
      const token = mintToken();
      const record: ApiTokenRecord = {
        id: crypto.randomUUID(),
        account_id,
        mcp_id,
        name,
        expires_at,
        token_hash: await sha256Hex(token),
        created_at: now().toISOString(),
      };
      const pointer: ApiTokenPointer = { account_id, mcp_id, id: record.id, expires_at };
      const options = kvExpiration(expires_at, now);
      await Promise.all([
        kv.put(kvKeys.apiToken(account_id, mcp_id, record.id), JSON.stringify(record), options),
        kv.put(kvKeys.apiTokenHash(record.token_hash), JSON.stringify(pointer), options),
      ]);
      return { record, token };
    },
    async get(accountId, mcpId, id) {
      const record = await kv.get<ApiTokenRecord>(kvKeys.apiToken(accountId, mcpId, id), "json");
      return record && !isExpired(record.expires_at) ? record : null;
    },
    async list(accountId, mcpId, cursor, limit = 100) {
      const prefix = kvKeys.apiTokenPrefix(accountId, mcpId);
      const { records, next_cursor } = await listRecords<ApiTokenRecord>(kv, prefix, cursor, limit);
      return { tokens: records.filter((r) => !isExpired(r.expires_at)), next_cursor };
    },
    async delete(record) {
      // The hash key first: it is what admits a request.
      await kv.delete(kvKeys.apiTokenHash(record.token_hash));
      await kv.delete(kvKeys.apiToken(record.account_id, record.mcp_id, record.id));
    },
    async deleteAllOf(accountId, mcpId) {
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix: kvKeys.apiTokenPrefix(accountId, mcpId), cursor });
        const records = await Promise.all(page.keys.map((k) => kv.get<ApiTokenRecord>(k.name, "json")));
        await Promise.all(records.map((r) => (r ? store.delete(r) : undefined)));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
    },
    async admits(token, accountId, mcpId) {
      const pointer = await kv.get<ApiTokenPointer>(kvKeys.apiTokenHash(await sha256Hex(token)), "json");
      return (
        pointer !== null &&
        pointer.account_id === accountId &&
        pointer.mcp_id === mcpId &&
        !isExpired(pointer.expires_at)
      );
    },
  };
  return store;
}
