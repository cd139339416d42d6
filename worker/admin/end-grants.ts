/**
 * Ending OAuth grants from the admin side: the grant object first (the truth: it refuses the next call at once),
 * then the index entry, so a failure halfway leaves the entry listed for the next attempt.
 */
import type { McpServerRecord } from "../store/mcp-servers";
import { type GrantSummary, grantIndex } from "../store/oauth-grants";

export type RevokeReason = "operator" | "server_deleted" | "account_deleted";

/** A few at a time: a server with many sign-ins must not open hundreds of object calls at once. */
const REVOKE_BATCH = 10;

export async function endGrants(env: Env, accountId: string, grants: GrantSummary[], reason: RevokeReason) {
  const index = grantIndex(env.STORE);
  for (let i = 0; i < grants.length; i += REVOKE_BATCH)
    await Promise.all(
      grants.slice(i, i + REVOKE_BATCH).map(async (grant) => {
        await env.OAUTH_GRANT.getByName(grant.grant_id).revoke(reason);
        await index.remove(accountId, grant.mcp_id, grant.grant_id);
      }),
    );
}

/** Every listed grant of a server that is going away. */
export async function endServerGrants(env: Env, server: McpServerRecord) {
  const grants = await grantIndex(env.STORE).list(server.account_id, server.id);
  await endGrants(env, server.account_id, grants, "server_deleted");
}

/** Every listed grant of every server of an account that is going away. */
export async function endAccountGrants(env: Env, accountId: string) {
  await endGrants(env, accountId, await grantIndex(env.STORE).listAccount(accountId), "account_deleted");
}
