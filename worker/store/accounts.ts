/** Integrated Freshservice accounts in KV: the API key is stored only encrypted and never leaves this module in clear except to the upstream caller. */
import { decryptSecret, type EncryptedSecret, encryptSecret } from "./crypto";
import { kvKeys } from "./kv-keys";
import { listRecords } from "./kv-pages";

export interface AccountRecord {
  id: string;
  name: string;
  domain: string;
  /** Loopback simulator origin, only ever set where the environment allows it (dev and tests). */
  base_url: string | null;
  credential: EncryptedSecret;
  created_at: string;
  updated_at: string;
}

/** The stored key can't be decrypted: CREDENTIALS_KEY changed, or the record was tampered with. */
export class CredentialUnavailable extends Error {}

export type PublicAccount = Omit<AccountRecord, "credential">;

export function publicAccount({ credential: _credential, ...rest }: AccountRecord): PublicAccount {
  return rest;
}

export interface AccountStore {
  create(input: { name: string; domain: string; base_url: string | null; api_key: string }): Promise<AccountRecord>;
  get(id: string): Promise<AccountRecord | null>;
  list(cursor?: string, limit?: number): Promise<{ accounts: AccountRecord[]; next_cursor: string | null }>;
  update(
    record: AccountRecord,
    changes: { name?: string; domain?: string; base_url?: string | null; api_key?: string },
  ): Promise<AccountRecord>;
  delete(id: string): Promise<void>;
  apiKey(record: AccountRecord): Promise<string>;
}

export function accountStore(kv: KVNamespace, credentialsKey: string, now = () => new Date()): AccountStore {
  const put = (record: AccountRecord) => kv.put(kvKeys.account(record.id), JSON.stringify(record));
  return {
    async create({ name, domain, base_url, api_key }) {
      const id = crypto.randomUUID();
      const at = now().toISOString();
      const credential = await encryptSecret(api_key, credentialsKey, id);
      const record: AccountRecord = { id, name, domain, base_url, credential, created_at: at, updated_at: at };
      await put(record);
      return record;
    },
    async get(id) {
      return kv.get<AccountRecord>(kvKeys.account(id), "json");
    },
    async list(cursor, limit = 100) {
      const { records, next_cursor } = await listRecords<AccountRecord>(kv, kvKeys.accountPrefix, cursor, limit);
      return { accounts: records, next_cursor };
    },
    async update(record, changes) {
      const next: AccountRecord = {
        ...record,
        name: changes.name ?? record.name,
        domain: changes.domain ?? record.domain,
        base_url: changes.base_url === undefined ? record.base_url : changes.base_url,
        credential: changes.api_key
          ? await encryptSecret(changes.api_key, credentialsKey, record.id)
          : record.credential,
        updated_at: now().toISOString(),
      };
      await put(next);
      return next;
    },
    async delete(id) {
      await kv.delete(kvKeys.account(id));
    },
    async apiKey(record) {
      try {
        return await decryptSecret(record.credential, credentialsKey, record.id);
      } catch {
        throw new CredentialUnavailable("the stored API key can't be decrypted");
      }
    },
  };
}
