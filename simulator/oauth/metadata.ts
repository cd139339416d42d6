// `GET /.well-known/oauth-authorization-server` (RFC 8414), which Freshservice serves on the product domain to
// point at the org's endpoints. The simulator serves product and org on one origin, so every URL is on it.

import { ROUTE_SCOPES } from "./route-scopes";

export function authorizationServerMetadata(origin: string): Record<string, unknown> {
  const scopes = [...new Set(Object.values(ROUTE_SCOPES).filter((s): s is string => s !== null))].sort();
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/org/oauth/v2/authorize`,
    token_endpoint: `${origin}/org/oauth/v2/token`,
    // The simulator's own (Freshworks publishes none).
    revocation_endpoint: `${origin}/org/oauth/v2/revoke`,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    token_endpoint_auth_methods_supported: ["client_secret_basic"],
    revocation_endpoint_auth_methods_supported: ["client_secret_basic"],
    code_challenge_methods_supported: ["plain", "S256"],
    scopes_supported: scopes,
  };
}
