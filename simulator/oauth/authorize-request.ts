// Checking an authorization request (RFC 6749 §4.1.1 with Freshworks' rules: `state` and `scope` mandatory,
// scopes from the client's registered ones, no `resource`). What can't safely go back to the client (an
// unknown client, a redirect URI it didn't register) is a page; everything else goes back as an error redirect.

import type { OAuthClient } from "./clients";
import { matchRedirectUri } from "./clients";
import type { OrgOAuth } from "./org-oauth";
import { type Params, param } from "./params";
import { type ChallengeMethod, readChallenge } from "./pkce";

export interface AuthorizeRequest {
  client: OAuthClient;
  redirectUri: string;
  state: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: ChallengeMethod | null;
}

export type AuthorizeCheck =
  | { kind: "ok"; request: AuthorizeRequest }
  | { kind: "page"; status: number; message: string }
  | { kind: "redirect"; redirectUri: string; error: string; description: string; state: string | null };

export function checkAuthorizeRequest(org: OrgOAuth, params: Params): AuthorizeCheck {
  const clientId = param(params, "client_id");
  const client = clientId === null ? undefined : org.clients.get(clientId);
  if (!client) return { kind: "page", status: 400, message: "invalid_client: the client does not exist" };
  const redirectUri = param(params, "redirect_uri");
  if (redirectUri === null) return { kind: "page", status: 400, message: "invalid_request: redirect_uri is missing" };
  if (!matchRedirectUri(client, redirectUri))
    return { kind: "page", status: 400, message: "invalid_request: redirect_uri is not registered for this client" };

  const state = param(params, "state");
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: "redirect",
    redirectUri,
    error,
    description,
    state,
  });
  if (param(params, "response_type") !== "code") return fail("unsupported_response_type", "response_type must be code");
  // Freshworks refuses RFC 8707's resource parameter with this error.
  if (params.has("resource")) return fail("invalid_id", "invalid identifier value");
  if (state === null) return fail("invalid_request", "state is mandatory");
  const scopeText = param(params, "scope");
  if (scopeText === null) return fail("invalid_request", "scope is mandatory");
  const scopes = [...new Set(scopeText.split(" ").filter((s) => s !== ""))];
  const unknown = scopes.filter((s) => !client.scopes.includes(s));
  if (scopes.length === 0 || unknown.length > 0)
    return fail("invalid_scope", `Not among the client's scopes: ${unknown.join(" ") || "(none asked)"}`);
  const pkce = readChallenge(param(params, "code_challenge"), param(params, "code_challenge_method"));
  if ("problem" in pkce) return fail("invalid_request", pkce.problem);
  return {
    kind: "ok",
    request: { client, redirectUri, state, scopes, codeChallenge: pkce.challenge, codeChallengeMethod: pkce.method },
  };
}

/** The parameters a sign-in form carries along so that its POST is the same authorization request. */
export function authorizeFields(r: AuthorizeRequest): Record<string, string> {
  const fields: Record<string, string> = {
    response_type: "code",
    client_id: r.client.id,
    redirect_uri: r.redirectUri,
    state: r.state,
    scope: r.scopes.join(" "),
  };
  if (r.codeChallenge !== null) fields.code_challenge = r.codeChallenge;
  if (r.codeChallengeMethod !== null) fields.code_challenge_method = r.codeChallengeMethod;
  return fields;
}
