/**
 * The two discovery documents of an OAuth MCP server (docs/sign-in.md step 2): RFC 9728 protected resource metadata
 * (the MCP URL, its one authorization server, the baseline scope) and RFC 8414 authorization server metadata (S256
 * only, public and secret-holding clients, metadata documents and dynamic registration, `iss` in the response).
 */
import { oauthJson } from "./oauth-responses";
import { oauthPaths, READ_SCOPE, WRITE_SCOPE } from "./paths";

/** Every absolute URL of one server, built from the Worker's public origin. */
export function serverUrls(origin: string, mcpId: string) {
  return {
    resource: `${origin}${oauthPaths.mcp(mcpId)}`,
    issuer: `${origin}${oauthPaths.issuer(mcpId)}`,
    authorize: `${origin}${oauthPaths.authorize(mcpId)}`,
    token: `${origin}${oauthPaths.token(mcpId)}`,
    register: `${origin}${oauthPaths.register(mcpId)}`,
    revoke: `${origin}${oauthPaths.revoke(mcpId)}`,
    resourceMetadata: `${origin}${oauthPaths.protectedResourceMetadata(mcpId)}`,
  };
}

export function protectedResourceMetadata(origin: string, mcpId: string, name: string) {
  const urls = serverUrls(origin, mcpId);
  return {
    resource: urls.resource,
    authorization_servers: [urls.issuer],
    // The baseline only: write comes by step-up (2026-07-28 asks for the minimum here).
    scopes_supported: [READ_SCOPE],
    bearer_methods_supported: ["header"],
    resource_name: name,
  };
}

export function authorizationServerMetadata(origin: string, mcpId: string) {
  const urls = serverUrls(origin, mcpId);
  const clientAuth = ["none", "client_secret_basic", "client_secret_post"];
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    registration_endpoint: urls.register,
    revocation_endpoint: urls.revoke,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint_auth_methods_supported: clientAuth,
    scopes_supported: [READ_SCOPE, WRITE_SCOPE],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
  };
}

/** Not cached: a deleted server's documents must go with it. */
export function metadataResponse(document: unknown): Response {
  return oauthJson(document);
}
