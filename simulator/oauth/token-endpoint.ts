// `POST /org/oauth/v2/token`: the authorization-code and refresh-token grants (RFC 6749 §4.1.3, §6) for a
// client authenticated with Basic. Codes are single-use and short-lived, PKCE verifiers and redirect URIs are
// checked, refresh tokens rotate (the previous one stops working). Errors are RFC 6749 §5.2 JSON.

import { mintAccessToken } from "./access-token";
import { authenticateClient } from "./client-auth";
import type { OAuthClient } from "./clients";
import type { Grant } from "./grants";
import { ACCESS_TOKEN_TTL_SECONDS } from "./lifetimes";
import type { OrgOAuth } from "./org-oauth";
import type { OrgRequest } from "./org-request";
import { bodyParams, type Params, param } from "./params";
import { verifierMatches } from "./pkce";
import { oauthError, oauthJson } from "./responses";

export async function handleToken(org: OrgOAuth, req: OrgRequest): Promise<Response> {
  const params = bodyParams(req.headers.get("content-type"), req.body);
  if ("problem" in params) return oauthError(400, "invalid_request", params.problem);
  const client = authenticateClient(org, req.headers.get("authorization"), params);
  if (!client) return oauthError(401, "invalid_client", "Client authentication failed (use client_secret_basic)");
  // Freshworks refuses RFC 8707's resource parameter with this error.
  if (params.has("resource")) return oauthError(400, "invalid_id", "invalid identifier value");
  switch (param(params, "grant_type")) {
    case "authorization_code":
      return exchangeCode(org, client, params);
    case "refresh_token":
      return refresh(org, client, params);
    case null:
      return oauthError(400, "invalid_request", "grant_type is missing");
    default:
      return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
  }
}

async function exchangeCode(org: OrgOAuth, client: OAuthClient, params: Params): Promise<Response> {
  const value = param(params, "code");
  if (value === null) return oauthError(400, "invalid_request", "code is missing");
  const now = org.now();
  const code = org.grants.redeemCode(value, client.id, now);
  if (code === "replayed") return oauthError(400, "invalid_grant", "The authorization code was already used");
  if (code === "invalid") return oauthError(400, "invalid_grant", "The authorization code is invalid or expired");
  if (param(params, "redirect_uri") !== code.redirectUri)
    return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
  const verifier = param(params, "code_verifier");
  if (code.codeChallenge === null || code.codeChallengeMethod === null) {
    if (verifier !== null) return oauthError(400, "invalid_grant", "No code_challenge was sent with this code");
  } else if (verifier === null || !(await verifierMatches(verifier, code.codeChallenge, code.codeChallengeMethod))) {
    return oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
  }
  const tenant = org.tenant(code.tenant);
  if (!tenant?.agents.get(code.agentId)?.active)
    return oauthError(400, "invalid_grant", "The user can no longer sign in");
  const grant = org.grants.startGrant(code, now);
  return tokenAnswer(org, grant, grant.scopes, org.grants.newRefreshToken(grant, now));
}

async function refresh(org: OrgOAuth, client: OAuthClient, params: Params): Promise<Response> {
  const value = param(params, "refresh_token");
  if (value === null) return oauthError(400, "invalid_request", "refresh_token is missing");
  const now = org.now();
  const grant = org.grants.refreshGrant(value, client.id, now);
  if (!grant) return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked");
  // A narrower scope may be asked for (RFC 6749 §6); the grant keeps its own.
  const scopeText = param(params, "scope");
  const scopes = scopeText === null ? grant.scopes : [...new Set(scopeText.split(" ").filter((s) => s !== ""))];
  if (scopes.length === 0 || scopes.some((s) => !grant.scopes.includes(s)))
    return oauthError(400, "invalid_scope", "scope must be among the scopes of the grant");
  const tenant = org.tenant(grant.tenant);
  if (!tenant?.agents.get(grant.agentId)?.active) {
    org.grants.revoke(grant.id, now);
    return oauthError(400, "invalid_grant", "The user can no longer sign in");
  }
  return tokenAnswer(org, grant, scopes, org.grants.rotateRefreshToken(value, grant, now));
}

async function tokenAnswer(org: OrgOAuth, grant: Grant, scopes: string[], refreshToken: string): Promise<Response> {
  const tenant = org.tenant(grant.tenant);
  if (!tenant) return oauthError(400, "invalid_grant", "The org is gone");
  const { token } = await mintAccessToken(org, tenant, grant, scopes);
  return oauthJson(200, {
    access_token: token,
    refresh_token: refreshToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    scope: scopes.join(" "),
  });
}
