/**
 * The account-wide ceiling on field-metadata reads per minute: whatever the URLs and workspaces, an account's
 * form reads can't use up its Freshservice rate limit. Counted by the same fixed-window object as URL budgets,
 * one per account.
 */

/** A cold tools/list of a URL with every tool reads at most about 60 forms (9 kinds, 1 + 50 asset types). */
export const MAX_METADATA_READS_PER_MINUTE = 120;

export function metadataReadBudget(env: Env, accountId: string): () => Promise<boolean> {
  return async () =>
    (await env.URL_BUDGET.getByName(`metadata:${accountId}`).take(MAX_METADATA_READS_PER_MINUTE)).allowed;
}
