/**
 * The Worker isolate's JS heap, measured through workerd's inspector (Chrome DevTools Protocol) after a full
 * garbage collection: what the Worker's code still holds, free of the allocator's and GC's timing. workerd does
 * not answer `HeapProfiler.collectGarbage`, but V8 collects fully before a heap snapshot, so one is taken (and
 * its chunks dropped) before reading `Runtime.getHeapUsage`.
 */
import WebSocket from "ws";

export interface IsolateHeap {
  /** Bytes in use after a full GC: the JS heap plus ArrayBuffer backing stores (where body chunks live). */
  usedAfterGc(): Promise<number>;
  close(): void;
}

export async function connectIsolateHeap(inspectorUrl: URL): Promise<IsolateHeap> {
  const targets = (await (await fetch(new URL("/json", inspectorUrl))).json()) as { webSocketDebuggerUrl: string }[];
  const target = targets[0]?.webSocketDebuggerUrl;
  if (!target) throw new Error(`no inspector target at ${inspectorUrl}`);
  const socket = new WebSocket(target);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message); // snapshot chunks have no id
  });
  const send = (method: string, params?: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), 30_000);
      pending.set(id, (message) => {
        clearTimeout(timer);
        pending.delete(id);
        if (message.error) reject(new Error(`inspector: ${method}: ${message.error.message}`));
        else resolve(message.result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    async usedAfterGc() {
      await send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      const usage = (await send("Runtime.getHeapUsage")) as { usedSize: number; backingStorageSize?: number };
      return usage.usedSize + (usage.backingStorageSize ?? 0);
    },
    close: () => socket.close(),
  };
}
