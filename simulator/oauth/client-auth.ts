// Client authentication at the token and revocation endpoints: `Authorization: Basic base64(id:secret)`
// (client_secret_basic), the one method Freshworks' endpoints are documented to take.

import type { OAuthClient } from "./clients";
import type { OrgOAuth } from "./org-oauth";
import type { Params } from "./params";

/** The authenticated client, or null: no or malformed header, unknown id, wrong secret, or a secret in the body. */
export function authenticateClient(org: OrgOAuth, header: string | null, params: Params): OAuthClient | null {
  // Only one method per request (RFC 6749 §2.3): a secret in the body is client_secret_post, not taken here.
  if (params.has("client_secret")) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return null;
  let decoded: string;
  try {
    decoded = atob(m[1] as string);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const client = org.clients.get(decoded.slice(0, colon));
  if (!client || client.secret !== decoded.slice(colon + 1)) return null;
  // A client_id in the body too must name the same client.
  const bodyId = params.get("client_id");
  return bodyId === undefined || bodyId === client.id ? client : null;
}

/** The client id a Basic header claims, authenticated or not (for the request log). */
export function claimedClientId(header: string | null): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return undefined;
  try {
    const decoded = atob(m[1] as string);
    return decoded.includes(":") ? decoded.slice(0, decoded.indexOf(":")) : undefined;
  } catch {
    return undefined;
  }
}
