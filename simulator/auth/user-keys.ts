// Per-user API keys: every agent and requester has one, named from the tenant's key and the user id
// (`<tenant key>-user-<id>`) so that tests and the README can name it without a lookup table.

/** Agents and requesters share one id space (convert_to_agent keeps the id), so the key belongs to the user. */
export function userApiKey(tenantKey: string, userId: number): string {
  return `${tenantKey}-user-${userId}`;
}

// Canonical digits only: `…-user-021000000002` is another (unknown) key, as any other near miss would be.
const USER_KEY = /^(.+)-user-([1-9][0-9]{0,15})$/;

/** The tenant key and user id a per-user key names, or null when the text is not shaped like one. */
export function parseUserApiKey(key: string): { tenantKey: string; userId: number } | null {
  const m = USER_KEY.exec(key);
  if (!m) return null;
  const userId = Number(m[2]);
  return Number.isSafeInteger(userId) ? { tenantKey: m[1] as string, userId } : null;
}
