/**
 * Who is calling the token and revocation endpoints (RFC 6749 §2.3): a public client (a metadata document, or a
 * registration with method `none`) names itself with `client_id`; a confidential registration proves itself with its
 * secret, by HTTP Basic or in the form. A wrong secret, a secret from a public client, or an unknown registration is
 * `invalid_client`.
 */
import { sha256Hex } from "../store/crypto";
import { fromBase64 } from "../text/byte-encoding";
import { isMetadataDocumentUrl } from "./client-metadata-document";
import { type RegisteredClient, registeredClient } from "./client-registration";
import { oauthError } from "./oauth-responses";

export type ClientAuthResult =
  | { ok: true; client_id: string; registration?: RegisteredClient }
  | { ok: false; status: 400 | 401; error: "invalid_request" | "invalid_client"; description: string };

export async function authenticateClient(
  request: Request,
  env: Env,
  mcpId: string,
  form: Map<string, string>,
): Promise<ClientAuthResult> {
  const basic = basicCredentials(request);
  if (basic === "malformed") return refuse(401, "invalid_client", "The Basic client credentials are malformed.");
  const formId = form.get("client_id");
  const formSecret = form.get("client_secret");
  if (basic && formSecret !== undefined)
    return refuse(400, "invalid_request", "Send the client secret one way: Basic or the form, not both.");
  if (basic && formId !== undefined && formId !== basic.id)
    return refuse(400, "invalid_request", "client_id in the form is not the one in the Basic credentials.");
  const clientId = basic?.id ?? formId;
  const secret = basic?.secret ?? formSecret;
  if (!clientId) return refuse(400, "invalid_request", "client_id is required.");
  if (isMetadataDocumentUrl(clientId)) {
    // A metadata document client is public: it has no secret to send (an assertion, if any, adds nothing we check).
    if (secret !== undefined) return refuse(401, "invalid_client", "A metadata document client has no secret.");
    return { ok: true, client_id: clientId };
  }
  const record = await registeredClient(env, mcpId, clientId);
  if (!record) return refuse(401, "invalid_client", "This client is not registered with this server.");
  // A public registration has no secret: one sent anyway is not its own (RFC 6749 §2.3: one method, the registered one).
  if (record.client_secret_hash === null && secret)
    return refuse(401, "invalid_client", "This client registered without a secret; send only its client_id.");
  if (
    record.client_secret_hash !== null &&
    (secret === undefined || (await sha256Hex(secret)) !== record.client_secret_hash)
  )
    return refuse(401, "invalid_client", "The client secret is missing or wrong.");
  return { ok: true, client_id: clientId, registration: record };
}

function refuse(status: 400 | 401, error: "invalid_request" | "invalid_client", description: string): ClientAuthResult {
  return { ok: false, status, error, description };
}

/** RFC 6749 §2.3.1: Basic with the form-urlencoded id and secret. */
function basicCredentials(request: Request): { id: string; secret: string } | null | "malformed" {
  const header = request.headers.get("authorization");
  // Another scheme is not client authentication (RFC 6749 §2.3.1 names Basic); the form may still name the client.
  if (!header || !/^Basic\s/i.test(header)) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return "malformed";
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64(match[1]));
    const colon = text.indexOf(":");
    if (colon < 0) return "malformed";
    const id = decodeURIComponent(text.slice(0, colon).replace(/\+/g, " "));
    const secret = decodeURIComponent(text.slice(colon + 1).replace(/\+/g, " "));
    return id ? { id, secret } : "malformed";
  } catch {
    return "malformed";
  }
}

/** A refused client's answer; one that tried HTTP Basic is challenged to send it again (RFC 6749 §5.2). */
export function clientRefused(
  refused: Extract<ClientAuthResult, { ok: false }>,
  triedBasic: boolean,
): Promise<Response> | Response {
  return oauthError(
    refused.status,
    refused.error,
    refused.description,
    refused.status === 401 && triedBasic ? { "www-authenticate": 'Basic realm="freshservice-mcp"' } : {},
  );
}
