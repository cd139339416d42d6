/**
 * Who a `client_id` is: an https URL is a Client ID Metadata Document we fetch; anything else is a dynamic
 * registration, which must have been made at this same server. One answer shape for the authorization endpoint.
 */

import { fetchClientMetadataDocument, isMetadataDocumentUrl } from "./client-metadata-document";
import { type ClientAuthMethod, registeredClient } from "./client-registration";
import type { SignInClient } from "./grant-types";

export interface KnownClient {
  sign_in: SignInClient;
  redirect_uris: string[];
  token_endpoint_auth_method: ClientAuthMethod;
}

export type ClientLookup = { ok: true; client: KnownClient } | { ok: false; problem: string };

/** Long enough for any metadata document URL or registered id. */
const MAX_CLIENT_ID_CHARS = 2000;

export async function lookUpClient(env: Env, mcpId: string, clientId: string): Promise<ClientLookup> {
  if (!clientId || clientId.length > MAX_CLIENT_ID_CHARS) return { ok: false, problem: "The client_id is not valid." };
  if (isMetadataDocumentUrl(clientId)) {
    const fetched = await fetchClientMetadataDocument(env, clientId);
    if (!fetched.ok) return fetched;
    const { client } = fetched;
    return {
      ok: true,
      client: {
        sign_in: { client_id: clientId, name: client.client_name, kind: "metadata_document", host: client.host },
        redirect_uris: client.redirect_uris,
        token_endpoint_auth_method: "none",
      },
    };
  }
  const record = await registeredClient(env, mcpId, clientId);
  if (!record)
    return {
      ok: false,
      problem: "This client is not registered with this server (or its registration expired). Register it again.",
    };
  return {
    ok: true,
    client: {
      sign_in: { client_id: clientId, name: record.client_name, kind: "registered", host: null },
      redirect_uris: record.redirect_uris,
      token_endpoint_auth_method: record.token_endpoint_auth_method,
    },
  };
}
