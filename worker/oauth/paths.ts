/**
 * Where an OAuth MCP server lives. Each server is its own resource and its own issuer (a token minted for one is
 * refused by every other, and a client binds its credentials to the issuer): the resource is `/mcp/oauth/<mcp_id>`,
 * the issuer `/oauth/<mcp_id>`, and the metadata documents sit at the RFC 9728 / RFC 8414 well-known paths built
 * from them. The Freshworks callback is one URL for the whole Worker, so an operator registers it once.
 */

export const oauthPaths = {
  /** The MCP endpoint of an OAuth server (the protected resource). */
  mcp: (mcpId: string) => `/mcp/oauth/${mcpId}`,
  issuer: (mcpId: string) => `/oauth/${mcpId}`,
  authorize: (mcpId: string) => `/oauth/${mcpId}/authorize`,
  /** The sign-in page's form posts here (the API key way, the Freshworks way's start, and Deny). */
  signIn: (mcpId: string) => `/oauth/${mcpId}/sign-in`,
  token: (mcpId: string) => `/oauth/${mcpId}/token`,
  register: (mcpId: string) => `/oauth/${mcpId}/register`,
  revoke: (mcpId: string) => `/oauth/${mcpId}/revoke`,
  /** RFC 9728 §3.1: the well-known segment inserted before the resource's path. */
  protectedResourceMetadata: (mcpId: string) => `/.well-known/oauth-protected-resource/mcp/oauth/${mcpId}`,
  /** RFC 8414 §3.1: the same for the issuer. */
  authorizationServerMetadata: (mcpId: string) => `/.well-known/oauth-authorization-server/oauth/${mcpId}`,
  /** Where Freshworks sends the agent back (the redirect URL an operator registers with their Freshworks client). */
  freshworksCallback: "/oauth/freshworks/callback",
} as const;

/** Server ids are UUIDs we mint; anything else in the path is not a server. */
export const MCP_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Read by default; write is asked for by step-up (a 403 `insufficient_scope` naming it). */
export const READ_SCOPE = "freshservice:read";
export const WRITE_SCOPE = "freshservice:write";
/** Accepted and ignored: every grant gets a refresh token. Some clients always ask for it. */
export const OFFLINE_ACCESS_SCOPE = "offline_access";
export const GRANTABLE_SCOPES = [READ_SCOPE, WRITE_SCOPE] as const;
