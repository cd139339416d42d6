/**
 * The operator's index of an OAuth server's grants in KV (`oauth-grant:<account>:<mcp>:<grant>` → GrantSummary).
 * The grant object is the truth (a revoked grant is refused there at once); this index only lists them, so its
 * eventual consistency costs a listing a few seconds, never a revocation.
 *
 * CONTRACT (skeleton): the grant object writes and removes its entry; the admin routes list and revoke.
 */
import type { GrantSummary } from "../oauth/grant-types";

export interface GrantIndex {
  put(accountId: string, summary: GrantSummary): Promise<void>;
  remove(accountId: string, mcpId: string, grantId: string): Promise<void>;
  list(accountId: string, mcpId: string): Promise<GrantSummary[]>;
}

export function grantIndex(_kv: KVNamespace): GrantIndex {
  throw new Error("not implemented");
}
