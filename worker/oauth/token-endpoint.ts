/**
 * `POST /oauth/<mcp_id>/token` (docs/sign-in.md step 8): the authorization code and refresh token grants. The code or
 * token names its grant's object, which does every check and rotation; this module parses the form, authenticates
 * the client, and answers RFC 6749 JSON, never cached. `resource` is echoed in the answer (RFC 8707; ChatGPT asks
 * servers to echo it throughout the flow).
 */
import { authenticateClient, clientRefused } from "./client-auth";
import { extendRegistration, extensionDue } from "./client-registration";
import { grantObject } from "./grant";
import type { OAuthFailure, TokenSet } from "./grant-types";
import { serverUrls } from "./metadata";
import { oauthError, oauthJson, readForm } from "./oauth-responses";
import { grantIdOf } from "./tokens";

export async function handleToken(request: Request, env: Env, mcpId: string, origin: string): Promise<Response> {
  const read = await readForm(request);
  if (!read.ok) return read.response;
  const { form } = read;
  const client = await authenticateClient(request, env, mcpId, form);
  if (!client.ok) return clientRefused(client, request.headers.has("authorization"));
  const { resource } = serverUrls(origin, mcpId);
  const askedResource = form.get("resource") ?? null;
  if (askedResource !== null && askedResource !== resource)
    return oauthError(400, "invalid_target", `resource must be this server's URL, ${resource}.`);
  const grantType = form.get("grant_type");
  let answer: TokenSet | OAuthFailure;
  if (grantType === "authorization_code") {
    const code = form.get("code");
    const verifier = form.get("code_verifier");
    const redirectUri = form.get("redirect_uri");
    if (!code || !verifier || !redirectUri)
      return oauthError(400, "invalid_request", "code, code_verifier and redirect_uri are required.");
    const grantId = grantIdOf(code);
    if (!grantId) return oauthError(400, "invalid_grant", "The authorization code is not valid.");
    answer = await grantObject(env, grantId).redeemCode({
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: client.client_id,
      resource: askedResource,
      mcp_id: mcpId,
    });
  } else if (grantType === "refresh_token") {
    const refreshToken = form.get("refresh_token");
    if (!refreshToken) return oauthError(400, "invalid_request", "refresh_token is required.");
    const grantId = grantIdOf(refreshToken);
    if (!grantId) return oauthError(400, "invalid_grant", "The refresh token is not valid.");
    answer = await grantObject(env, grantId).refresh({
      refresh_token: refreshToken,
      client_id: client.client_id,
      scope: form.get("scope") ?? null,
      resource: askedResource,
      mcp_id: mcpId,
    });
  } else {
    return oauthError(
      400,
      grantType ? "unsupported_grant_type" : "invalid_request",
      grantType ? "Only authorization_code and refresh_token are supported." : "grant_type is required.",
    );
  }
  if ("error" in answer) return oauthError(400, answer.error, answer.error_description);
  // A registration in use lives as long as its grants may (unused ones go after a day).
  if (client.registration && extensionDue(client.registration))
    await extendRegistration(env, client.client_id, client.registration).catch(() => {});
  return oauthJson({ ...answer, resource });
}
