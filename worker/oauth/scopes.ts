/** What an authorization request's `scope` grants: read always, write when asked, offline_access ignored. */
import { OFFLINE_ACCESS_SCOPE, READ_SCOPE, WRITE_SCOPE } from "./paths";

/** Anything but our two scopes and offline_access is refused (`invalid_scope`), never silently dropped. */
export function parseScopes(scope: string | null): { ok: true; scopes: string[] } | { ok: false; problem: string } {
  const asked = new Set((scope ?? "").split(" ").filter(Boolean));
  const unknown = [...asked].filter((s) => s !== READ_SCOPE && s !== WRITE_SCOPE && s !== OFFLINE_ACCESS_SCOPE);
  if (unknown.length)
    return {
      ok: false,
      problem: `Unknown scope ${unknown.slice(0, 3).join(", ").slice(0, 200)}; this server grants ${READ_SCOPE} and ${WRITE_SCOPE}.`,
    };
  return { ok: true, scopes: asked.has(WRITE_SCOPE) ? [READ_SCOPE, WRITE_SCOPE] : [READ_SCOPE] };
}
