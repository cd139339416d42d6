// `POST /org/oauth/v2/revoke`, after RFC 7009 (Freshworks documents no revocation endpoint; this path sits beside
// its token endpoint): a refresh token or an access token of the authenticated client ends that whole grant,
// its refresh token and every access token issued from it. 200 whether or not the token was known.

import { authenticateClient } from "./client-auth";
import { verifyJwt } from "./jwt";
import type { OrgOAuth } from "./org-oauth";
import type { OrgRequest } from "./org-request";
import { bodyParams, param } from "./params";
import { oauthError, oauthJson } from "./responses";

export async function handleRevoke(org: OrgOAuth, req: OrgRequest): Promise<Response> {
  const params = bodyParams(req.headers.get("content-type"), req.body);
  if ("problem" in params) return oauthError(400, "invalid_request", params.problem);
  const client = authenticateClient(org, req.headers.get("authorization"), params);
  if (!client) return oauthError(401, "invalid_client", "Client authentication failed (use client_secret_basic)");
  const token = param(params, "token");
  if (token === null) return oauthError(400, "invalid_request", "token is missing");
  const claims = await verifyJwt(await org.signingKey, token);
  const jti = typeof claims?.jti === "string" ? claims.jti : null;
  const grant = org.grants.grantOfToken(token, jti);
  // Another client's token is left alone, and the answer doesn't say whether it exists (RFC 7009 §2.2).
  if (grant && grant.clientId === client.id) org.grants.revoke(grant.id, org.now());
  return oauthJson(200, {});
}
