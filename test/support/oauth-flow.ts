/**
 * An OAuth client's side of the flow in plain fetch, for tests that need to hold each step in their hands (replay
 * a code, present an old refresh token, carry a token to another server): discovery from the MCP URL's 401,
 * dynamic registration, PKCE, the authorization URL, and the token and revocation endpoints.
 */
import { createHash, randomBytes } from "node:crypto";
import { testNetAddress } from "./oauth-sign-in";

export interface AuthorizationServer {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  code_challenge_methods_supported?: string[];
  client_id_metadata_document_supported?: boolean;
}

export interface Discovered {
  /** The protected resource (the MCP URL) as its metadata names it: the `resource` to send. */
  resource: string;
  server: AuthorizationServer;
  /** The `WWW-Authenticate` of the first, unauthenticated request. */
  challenge: string;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

/** Follows an MCP URL's 401 to its resource metadata and then its authorization server's metadata (RFC 9728, 8414). */
export async function discover(mcpUrl: string): Promise<Discovered> {
  const first = await fetch(mcpUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });
  await first.body?.cancel();
  const challenge = first.headers.get("www-authenticate") ?? "";
  if (first.status !== 401) throw new Error(`expected 401 from ${mcpUrl}, got ${first.status}`);
  const resourceMetadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
  if (!resourceMetadataUrl) throw new Error(`no resource_metadata in ${challenge}`);
  const resourceMetadata = (await (await fetch(resourceMetadataUrl)).json()) as {
    resource: string;
    authorization_servers: string[];
  };
  const issuer = new URL(resourceMetadata.authorization_servers[0] ?? "");
  const wellKnown = new URL(`/.well-known/oauth-authorization-server${issuer.pathname}`, issuer);
  const server = (await (await fetch(wellKnown)).json()) as AuthorizationServer;
  return { resource: resourceMetadata.resource, server, challenge };
}

/**
 * RFC 7591 registration of a public client; returns its client_id. Registrations are bounded per client address, so
 * each comes from an address of its own (`CF-Connecting-IP`, which the Worker takes locally), as different apps do.
 */
export async function register(
  server: AuthorizationServer,
  redirectUris: string[],
  clientName = "e2e dynamic client",
  clientAddress = testNetAddress(),
): Promise<string> {
  if (!server.registration_endpoint) throw new Error("no registration endpoint");
  const response = await fetch(server.registration_endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": clientAddress },
    body: JSON.stringify({
      client_name: clientName,
      redirect_uris: redirectUris,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    }),
  });
  const body = (await response.json()) as { client_id?: string };
  if (response.status !== 201 || !body.client_id) throw new Error(`register: ${response.status}`);
  return body.client_id;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  resource: string;
  scope?: string;
  state?: string;
  challenge: string;
}

export function authorizationUrl(server: AuthorizationServer, request: AuthorizationRequest): URL {
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    code_challenge: request.challenge,
    code_challenge_method: "S256",
    resource: request.resource,
    scope: request.scope ?? "freshservice:read",
    state: request.state ?? randomBytes(8).toString("hex"),
  }).toString();
  return url;
}

/** A token endpoint call; answers the status and the JSON body (tokens or an RFC 6749 error). */
export async function tokenRequest(
  server: AuthorizationServer,
  params: Record<string, string>,
): Promise<{ status: number; body: Partial<Tokens> & { error?: string; error_description?: string } }> {
  const response = await fetch(server.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: (await response.json()) as Partial<Tokens> };
}

export async function exchangeCode(
  server: AuthorizationServer,
  input: { code: string; verifier: string; clientId: string; redirectUri: string; resource: string },
) {
  return tokenRequest(server, {
    grant_type: "authorization_code",
    code: input.code,
    code_verifier: input.verifier,
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    resource: input.resource,
  });
}

export async function refresh(
  server: AuthorizationServer,
  input: { refreshToken: string; clientId: string; resource: string },
) {
  return tokenRequest(server, {
    grant_type: "refresh_token",
    refresh_token: input.refreshToken,
    client_id: input.clientId,
    resource: input.resource,
  });
}

/** The 2026-07-28 request envelope: stateless, so one request stands alone. */
const MODERN = "2026-07-28";

/** One MCP request with a bearer token; answers the HTTP status, the challenge (if any) and the body's text. */
async function mcpRequest(mcpUrl: string, accessToken: string, method: string, params: Record<string, unknown>) {
  const response = await fetch(mcpUrl, {
    method: "POST",
    headers: {
      authorization: `Bearer ${accessToken}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN,
      "mcp-method": method,
      ...(typeof params.name === "string" ? { "mcp-name": params.name } : {}),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": MODERN,
          "io.modelcontextprotocol/clientCapabilities": {},
        },
      },
    }),
  });
  return {
    status: response.status,
    challenge: response.headers.get("www-authenticate") ?? "",
    text: await response.text(),
  };
}

/** `tools/list` on the MCP URL with a bearer token. */
export async function listWith(mcpUrl: string, accessToken: string) {
  return mcpRequest(mcpUrl, accessToken, "tools/list", {});
}

/** `tools/call` on the MCP URL with a bearer token. */
export async function callWith(mcpUrl: string, accessToken: string, name: string, args: Record<string, unknown>) {
  return mcpRequest(mcpUrl, accessToken, "tools/call", { name, arguments: args });
}
