/** A Chrome DevTools Protocol session with one workerd isolate over its inspector WebSocket (heap and CPU measurements). */
import WebSocket from "ws";

const COMMAND_TIMEOUT_MS = 30_000;

export interface InspectorSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): void;
}

/** The first isolate an inspector lists (wrangler's inspector proxy lists only the Worker). */
export async function firstInspectorTarget(inspectorUrl: URL): Promise<string> {
  const listing = new URL("/json", inspectorUrl);
  listing.protocol = listing.protocol === "wss:" ? "https:" : listing.protocol === "ws:" ? "http:" : listing.protocol;
  const targets = (await (await fetch(listing)).json()) as { webSocketDebuggerUrl: string }[];
  const target = targets[0]?.webSocketDebuggerUrl;
  if (!target) throw new Error(`no inspector target at ${inspectorUrl}`);
  return target;
}

export async function openInspectorSession(webSocketUrl: string): Promise<InspectorSession> {
  const socket = new WebSocket(webSocketUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message); // events (snapshot chunks) have no id
  });
  return {
    send: <T>(method: string, params?: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), COMMAND_TIMEOUT_MS);
        pending.set(id, (message) => {
          clearTimeout(timer);
          pending.delete(id);
          if (message.error) reject(new Error(`inspector: ${method}: ${message.error.message}`));
          else resolve(message.result as T);
        });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}
