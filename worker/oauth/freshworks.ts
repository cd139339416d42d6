/**
 * Freshworks org OAuth, the sign-in page's second way: the authorize redirect, the code exchange, and the refresh
 * that keeps an agent's 30-minute access token alive. The agent's Freshworks tokens never leave the Worker.
 *
 * CONTRACT (skeleton): the grant object calls `refreshFreshworksToken` before a token runs out.
 */

export interface FreshworksTokens {
  access_token: string;
  refresh_token: string;
  /** Epoch ms. */
  expires_at: number;
}

/** Refresh a little before the 30 minutes are up, so a call never starts with a token about to expire. */
export const FRESHWORKS_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * One refresh at the account's Freshworks org. Throws `FreshworksRejected` when Freshworks refuses the refresh
 * token (the grant must end) and any other error when it could not be reached (the grant stays).
 */
export async function refreshFreshworksToken(
  _env: Env,
  _accountId: string,
  _refreshToken: string,
): Promise<FreshworksTokens> {
  throw new Error("not implemented");
}

export class FreshworksRejected extends Error {}
