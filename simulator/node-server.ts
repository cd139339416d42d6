// Node http adapter for the simulator: turns IncomingMessage into a Web Request and streams the Response back
// (never buffering it, so drip/huge/truncate faults reach the client as they would over a real network).

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createSimulator, type Simulator, type SimulatorOptions } from "./simulator";

export interface SimulatorServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:54321`; the API is under `${url}/api/v2`. */
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, body: Buffer, fallbackHost: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) headers.append(k, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && body.length > 0;
  return new Request(`http://${req.headers.host ?? fallbackHost}${req.url ?? "/"}`, {
    method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
  });
}

async function pipeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  let closed = false;
  const gone = new Promise<void>((resolve) =>
    res.once("close", () => {
      closed = true;
      reader.cancel().catch(() => {});
      resolve();
    }),
  );
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed) break;
      // Wait until each chunk is handed to the socket: this is the backpressure, and it guarantees that a
      // partial body really reaches the client before a failing stream makes us cut the connection.
      await Promise.race([new Promise<void>((resolve) => res.write(value, () => resolve())), gone]);
    }
    res.end();
  } catch {
    // The body stream failed on purpose (reset/truncate faults) or the client went away: cut the connection.
    res.destroy();
  }
}

export async function startSimulatorServer(
  opts: SimulatorOptions & { port?: number; host?: string } = {},
): Promise<SimulatorServer> {
  const { port = 0, host = "127.0.0.1", ...simulatorOptions } = opts;
  const simulator = createSimulator(simulatorOptions);
  let hostPort = `${host}:${port}`;

  const server = createServer((req, res) => {
    void (async () => {
      let response: Response;
      try {
        response = await simulator.handle(toRequest(req, await readBody(req), hostPort));
      } catch {
        // A `reset` fault (or a broken request): drop the connection without answering.
        req.socket.destroy();
        return;
      }
      await pipeResponse(response, res);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  hostPort = `${urlHost}:${address.port}`;

  return {
    url: `http://${hostPort}`,
    simulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Don't wait for keep-alive sockets or slow (drip) responses.
        server.closeAllConnections();
      }),
  };
}
