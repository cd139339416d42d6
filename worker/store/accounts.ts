/**
 * Integrated Freshservice accounts in KV: the API key is stored only encrypted and never leaves this module in clear
 * except to the upstream caller. A DELETE can't be undone: KV has no transactions, so a PATCH that read the record
 * before the DELETE writes it back after; a tombstone, written first and kept for good, hides the account from every
 * read and makes such a write remove itself (docs/storage.md), as MCP servers' revocations do.
 */
import { decryptSecret, type EncryptedSecret, encryptSecret } from "./crypto";
import { KV_MAX_BULK_GET_KEYS, kvKeys } from "./kv-keys";
import { listRecords } from "./kv-pages";

export interface AccountRecord {
  id: string;
  name: string;
  domain: string;
  /** Loopback simulator origin, only ever set where the environment allows it (dev and tests). */
  base_url: string | null;
  credential: EncryptedSecret;
  /** How agents may prove who they are on this account's OAuth servers; absent: the API key way only. */
  sign_in?: AccountSignIn;
  created_at: string;
  updated_at: string;
}

/** The ways an account's agents may sign in (docs/sign-in.md); the operator enables each. */
export interface AccountSignIn {
  /** The agent types their own Freshservice API key (every plan). */
  api_key: boolean;
  /** Freshworks org OAuth, when the operator registered a Freshworks OAuth client for the account. */
  freshworks: {
    /** `https://<org>.myfreshworks.com` (or the loopback simulator where allowed). */
    org_url: string;
    client_id: string;
    /** Encrypted like the API key, with `<account id>:freshworks` as its context. */
    client_secret: EncryptedSecret;
    /** The Freshworks scopes to ask for (those registered on the Freshworks client). */
    scopes: string[];
  } | null;
}

/** What an operator sends: the Freshworks client secret in clear, absent on a PATCH that keeps the stored one. */
export interface AccountSignInInput {
  api_key?: boolean;
  freshworks?: { org_url: string; client_id: string; client_secret?: string; scopes: string[] } | null;
}

/** An account written before sign-in settings existed: its agents may sign in with their API key only. */
export const DEFAULT_SIGN_IN: AccountSignIn = { api_key: true, freshworks: null };

/** The encryption context of an account's Freshworks client secret (never usable as the API key's, or another's). */
export const freshworksSecretContext = (accountId: string) => `${accountId}:freshworks`;

/** The stored key can't be decrypted: CREDENTIALS_KEY changed, or the record was tampered with. */
export class CredentialUnavailable extends Error {}

/** The sign-in settings as the admin API shows them: never the client secret, not even encrypted. */
export interface PublicSignIn {
  api_key: boolean;
  freshworks: { org_url: string; client_id: string; scopes: string[] } | null;
}

export type PublicAccount = Omit<AccountRecord, "credential" | "sign_in"> & { sign_in: PublicSignIn };

export function publicAccount({ credential: _credential, sign_in, ...rest }: AccountRecord): PublicAccount {
  const { api_key, freshworks } = sign_in ?? DEFAULT_SIGN_IN;
  return {
    ...rest,
    sign_in: {
      api_key,
      freshworks: freshworks
        ? { org_url: freshworks.org_url, client_id: freshworks.client_id, scopes: freshworks.scopes }
        : null,
    },
  };
}

export interface AccountStore {
  create(input: {
    name: string;
    domain: string;
    base_url: string | null;
    api_key: string;
    sign_in?: AccountSignInInput;
  }): Promise<AccountRecord>;
  /** The account, or null when there is none or its DELETE has begun. */
  get(id: string): Promise<AccountRecord | null>;
  list(cursor?: string, limit?: number): Promise<{ accounts: AccountRecord[]; next_cursor: string | null }>;
  /** Null when the account's DELETE began meanwhile: the write is undone, never left standing. */
  update(
    record: AccountRecord,
    changes: {
      name?: string;
      domain?: string;
      base_url?: string | null;
      api_key?: string;
      sign_in?: AccountSignInInput;
    },
  ): Promise<AccountRecord | null>;
  /** For a DELETE only: the record even when a DELETE has begun, so one that stopped halfway can be sent again. */
  stored(id: string): Promise<AccountRecord | null>;
  /** A DELETE's first step, for good: from here on no read sees the account and no write brings it back. */
  markDeleted(id: string): Promise<void>;
  /** Whether the account's DELETE has begun: a write that raced it removes what it wrote. */
  isDeleted(id: string): Promise<boolean>;
  /** A DELETE's last step: the record and its encrypted key. */
  delete(id: string): Promise<void>;
  apiKey(record: AccountRecord): Promise<string>;
  /** The Freshworks client secret, for the sign-in's code exchange and refreshes; null when none is set. */
  freshworksSecret(record: AccountRecord): Promise<string | null>;
}

export function accountStore(kv: KVNamespace, credentialsKey: string, now = () => new Date()): AccountStore {
  const put = (record: AccountRecord) => kv.put(kvKeys.account(record.id), JSON.stringify(record));
  const isDeleted = async (id: string) => (await kv.get(kvKeys.deletedAccount(id))) !== null;
  /**
   * The settings a change leaves: keys merged shallowly, a Freshworks object without a secret keeps the stored
   * one (the caller checked there is one), null removes the Freshworks way.
   */
  async function nextSignIn(
    id: string,
    stored: AccountSignIn | undefined,
    input: AccountSignInInput,
  ): Promise<AccountSignIn> {
    const base = stored ?? DEFAULT_SIGN_IN;
    let freshworks = base.freshworks;
    if (input.freshworks === null) freshworks = null;
    else if (input.freshworks) {
      const { client_secret, ...rest } = input.freshworks;
      const secret = client_secret
        ? await encryptSecret(client_secret, credentialsKey, freshworksSecretContext(id))
        : base.freshworks?.client_secret;
      if (!secret) throw new Error("a Freshworks client secret is required");
      freshworks = { ...rest, client_secret: secret };
    }
    return { api_key: input.api_key ?? base.api_key, freshworks };
  }
  return {
    async create({ name, domain, base_url, api_key, sign_in }) {
      const id = crypto.randomUUID();
      const at = now().toISOString();
      const credential = await encryptSecret(api_key, credentialsKey, id);
      const record: AccountRecord = { id, name, domain, base_url, credential, created_at: at, updated_at: at };
      if (sign_in) record.sign_in = await nextSignIn(id, undefined, sign_in);
      await put(record);
      return record;
    },
    async get(id) {
      // The record and its tombstone in one KV call.
      const [recordKey, tombstoneKey] = [kvKeys.account(id), kvKeys.deletedAccount(id)];
      const read = await kv.get<unknown>([recordKey, tombstoneKey], "json");
      return read.get(tombstoneKey) == null
        ? ((read.get(recordKey) as AccountRecord | null | undefined) ?? null)
        : null;
    },
    async list(cursor, limit = 100) {
      // A page's tombstones are read in one bulk read, so a page is at most as long as one can be.
      const pageSize = Math.min(limit, KV_MAX_BULK_GET_KEYS);
      const { records, next_cursor } = await listRecords<AccountRecord>(kv, kvKeys.accountPrefix, cursor, pageSize);
      if (!records.length) return { accounts: records, next_cursor };
      const tombstones = await kv.get(
        records.map((r) => kvKeys.deletedAccount(r.id)),
        "text",
      );
      return { accounts: records.filter((r) => tombstones.get(kvKeys.deletedAccount(r.id)) == null), next_cursor };
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
      if (changes.sign_in) next.sign_in = await nextSignIn(record.id, record.sign_in, changes.sign_in);
      if (await isDeleted(record.id)) return null;
      await put(next);
      // A DELETE that landed between our check and our write removed the record before we wrote it back (with its
      // key): remove it again.
      if (await isDeleted(record.id)) {
        await kv.delete(kvKeys.account(record.id));
        return null;
      }
      return next;
    },
    async stored(id) {
      return kv.get<AccountRecord>(kvKeys.account(id), "json");
    },
    async markDeleted(id) {
      await kv.put(kvKeys.deletedAccount(id), JSON.stringify({ deleted_at: now().toISOString() }));
    },
    isDeleted,
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
    async freshworksSecret(record) {
      const stored = record.sign_in?.freshworks?.client_secret;
      if (!stored) return null;
      try {
        return await decryptSecret(stored, credentialsKey, freshworksSecretContext(record.id));
      } catch {
        throw new CredentialUnavailable("the stored Freshworks client secret can't be decrypted");
      }
    },
  };
}
