/**
 * The shapes the OAuth pieces hand each other: a validated authorization request waiting for its agent, the
 * agent's identity and upstream credential, tokens, and what an MCP request learns from its access token.
 * docs/sign-in.md has the flow these travel through.
 */
import type { EncryptedSecret } from "../store/crypto";

/** How the client was identified at the authorization endpoint. */
export interface SignInClient {
  client_id: string;
  /** The metadata document's `client_name`, or the registration's; shown to the agent, never trusted as HTML. */
  name: string;
  /** `metadata_document`: client_id is an https URL we fetched; `registered`: dynamic registration (unverified). */
  kind: "metadata_document" | "registered";
  /** For a metadata document: the host of its URL (the only part of a client's identity anyone verified). */
  host: string | null;
}

/** An authorization request that passed every check, waiting for the agent to sign in (10 minutes at most). */
export interface PendingSignIn {
  grant_id: string;
  account_id: string;
  mcp_id: string;
  client: SignInClient;
  redirect_uri: string;
  /** The client's `state`, echoed back; absent when it sent none. */
  state: string | null;
  code_challenge: string;
  /** What the grant will hold (a subset of GRANTABLE_SCOPES; read is always included). */
  scopes: string[];
  /** The canonical resource URL (`<origin>/mcp/oauth/<mcp_id>`), also the token's audience. */
  resource: string;
  /** The issuer URL (`<origin>/oauth/<mcp_id>`), for `iss` in the authorization response (RFC 9207). */
  issuer: string;
  created_at: number;
  expires_at: number;
}

/** The signed-in agent, as Freshservice's `GET /api/v2/agents/me` answered for their own credential. */
export interface AgentIdentity {
  id: number;
  email: string;
  name: string;
}

export type SignInWay = "api_key" | "freshworks";

/** The agent's own credential, encrypted under CREDENTIALS_KEY with the grant id as context. */
export type StoredCredential =
  | { way: "api_key"; api_key: EncryptedSecret }
  | {
      way: "freshworks";
      access_token: EncryptedSecret;
      refresh_token: EncryptedSecret;
      /** Epoch ms when the access token expires (Freshworks: 30 minutes after issue). */
      expires_at: number;
    };

/** What an upstream call sends: the agent's key (Basic `key:X`) or their Freshworks access token (Bearer). */
export type UpstreamCredential = { kind: "api_key"; apiKey: string } | { kind: "bearer"; accessToken: string };

export interface TokenSet {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** An OAuth error the token endpoint answers with (RFC 6749 §5.2). */
export interface OAuthFailure {
  error: "invalid_grant" | "invalid_request" | "invalid_client" | "invalid_scope" | "invalid_target";
  error_description: string;
}

/** What a valid access token gives an MCP request. */
export interface GrantSession {
  grant_id: string;
  account_id: string;
  mcp_id: string;
  agent: AgentIdentity;
  client: SignInClient;
  scopes: string[];
  way: SignInWay;
  credential: UpstreamCredential;
}

/** One grant as the operator's routes and the console list it (defined beside its KV index: store/ can't import oauth/). */
export type { GrantSummary } from "../store/oauth-grants";
