/**
 * `POST /oauth/<mcp_id>/revoke` (RFC 7009): either of a grant's tokens ends the whole grant. The answer is 200
 * whatever the token was (unknown, expired, already revoked, another server's), so it tells a caller nothing; only a
 * confidential client's wrong secret is refused.
 */
import { authenticateClient, clientRefused } from "./client-auth";
import { grantObject } from "./grant";
import { oauthError, oauthJson, readForm } from "./oauth-responses";
import { grantIdOf } from "./tokens";

export async function handleRevoke(request: Request, env: Env, mcpId: string): Promise<Response> {
  const read = await readForm(request);
  if (!read.ok) return read.response;
  const { form } = read;
  const token = form.get("token");
  if (!token) return oauthError(400, "invalid_request", "token is required.");
  // A public client may revoke without naming itself: holding the token is the proof. A client that names itself
  // revokes only its own grants (RFC 7009 §2.1); another's token is answered like an unknown one.
  let clientId: string | undefined;
  const basic = /^Basic\s/i.test(request.headers.get("authorization") ?? "");
  if (form.has("client_id") || basic) {
    const client = await authenticateClient(request, env, mcpId, form);
    if (!client.ok) return clientRefused(client, basic);
    clientId = client.client_id;
  }
  const grantId = grantIdOf(token);
  if (grantId) await grantObject(env, grantId).revokeToken(token, mcpId, clientId);
  return oauthJson({});
}
