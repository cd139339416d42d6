/**
 * The operator's index of an OAuth server's grants in KV (`oauth-grant:<account>:<mcp>:<grant>` → GrantSummary).
 * The grant object is the truth (a revoked grant is refused there at once); this index only lists them, so its
 * eventual consistency costs a listing a few seconds, never a revocation.
 *
 * CONTRACT: the grant object writes and removes its entry; the admin routes list and revoke.
 */
import { kvKeys } from "./kv-keys";

/**
 * One grant as the operator's routes and the console list it (no secret of any kind). Defined here, not in
 * oauth/grant-types.ts (which re-exports it): oauth/ builds on store/, so store/ never imports oauth/.
 */
export interface GrantSummary {
  grant_id: string;
  mcp_id: string;
  agent_id: number;
  agent_email: string;
  agent_name: string;
  client_id: string;
  client_name: string;
  /** As SignInClient["kind"]: a metadata document we fetched, or a dynamic registration (unverified). */
  client_kind: "metadata_document" | "registered";
  /** As SignInWay. */
  way: "api_key" | "freshworks";
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
}

export interface GrantIndex {
  put(accountId: string, summary: GrantSummary): Promise<void>;
  remove(accountId: string, mcpId: string, grantId: string): Promise<void>;
  /** Every grant of the server, oldest first (all pages of the KV listing). */
  list(accountId: string, mcpId: string): Promise<GrantSummary[]>;
  /** One grant's entry, or null when it isn't listed. */
  get(accountId: string, mcpId: string, grantId: string): Promise<GrantSummary | null>;
  /** Every grant of every server of the account (an account's DELETE ends them all). */
  listAccount(accountId: string): Promise<GrantSummary[]>;
}

export function grantIndex(kv: KVNamespace): GrantIndex {
  async function listUnder(prefix: string): Promise<GrantSummary[]> {
    const summaries: GrantSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await kv.list({ prefix, cursor });
      const read = await Promise.all(page.keys.map((k) => kv.get<GrantSummary>(k.name, "json")));
      // An entry removed between the list and the read is skipped.
      for (const summary of read) if (summary) summaries.push(summary);
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return summaries.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }
  return {
    async put(accountId, summary) {
      await kv.put(kvKeys.oauthGrant(accountId, summary.mcp_id, summary.grant_id), JSON.stringify(summary));
    },
    async remove(accountId, mcpId, grantId) {
      await kv.delete(kvKeys.oauthGrant(accountId, mcpId, grantId));
    },
    list: (accountId, mcpId) => listUnder(kvKeys.oauthGrantPrefix(accountId, mcpId)),
    get: (accountId, mcpId, grantId) => kv.get<GrantSummary>(kvKeys.oauthGrant(accountId, mcpId, grantId), "json"),
    listAccount: (accountId) => listUnder(kvKeys.oauthGrantAccountPrefix(accountId)),
  };
}
