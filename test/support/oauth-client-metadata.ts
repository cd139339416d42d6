/**
 * A Client ID Metadata Document server for tests: a small Node server on loopback that serves one client's
 * metadata at `/client.json`, its `client_id` being that very URL, and records how often it was fetched. The MCP
 * SDKs take only an https document URL, so it serves https with a loopback certificate the Worker's runtime was
 * told to trust (test/e2e/loopback-tls.ts); the Worker takes a loopback document only in local development, which is
 * what the tests run. Beside it, a loopback redirect URI that records the authorization responses a browser lands on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Certificate } from "./loopback-certificate";

export interface ClientMetadataServer {
  /** The document's URL, which is also the client's `client_id`. */
  clientId: string;
  /** Times the document was fetched. */
  fetches: number;
  close(): Promise<void>;
}

export interface ClientMetadata {
  client_name: string;
  redirect_uris: string[];
  client_uri?: string;
  grant_types?: string[];
  response_types?: string[];
  token_endpoint_auth_method?: string;
  scope?: string;
}

async function listen(server: Server, scheme = "http"): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** Serves `metadata` (a public client: `none`, authorization code and refresh) as a metadata document over https. */
export async function startClientMetadataServer(
  metadata: ClientMetadata,
  tls: Certificate,
): Promise<ClientMetadataServer> {
  let clientId = "";
  const served: ClientMetadataServer = { clientId, fetches: 0, close: async () => {} };
  const server = createTlsServer(tls, (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== "GET" || request.url !== "/client.json") {
      response.writeHead(404).end();
      return;
    }
    served.fetches++;
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(
      JSON.stringify({
        client_id: clientId,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
        ...metadata,
      }),
    );
  });
  clientId = `${await listen(server, "https")}/client.json`;
  served.clientId = clientId;
  served.close = closer(server);
  return served;
}

export interface RedirectListener {
  /** `http://127.0.0.1:<port>/callback` */
  redirectUri: string;
  /** Authorization responses received, newest last. */
  received: URLSearchParams[];
  /** The next response to land (or one that already did and was not taken yet). */
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

/** A loopback redirect URI (RFC 8252) that a browser lands on; answers a short page and records the query. */
export async function startRedirectListener(): Promise<RedirectListener> {
  const received: URLSearchParams[] = [];
  let taken = 0;
  const waiting: ((params: URLSearchParams) => void)[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      response.writeHead(404).end();
      return;
    }
    received.push(url.searchParams);
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Signed in</title><p>You can close this window.</p>");
    const resolve = waiting.shift();
    if (resolve) {
      taken++;
      resolve(url.searchParams);
    }
  });
  const origin = await listen(server);
  return {
    redirectUri: `${origin}/callback`,
    received,
    next() {
      const ready = received[taken];
      if (ready) {
        taken++;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: closer(server),
  };
}
