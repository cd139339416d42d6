/**
 * The Worker isolate's JS heap, measured through workerd's inspector (Chrome DevTools Protocol) after a full
 * garbage collection: what the Worker's code still holds, free of the allocator's and GC's timing. workerd does
 * not answer `HeapProfiler.collectGarbage`, but V8 collects fully before a heap snapshot, so one is taken (and
 * its chunks dropped) before reading `Runtime.getHeapUsage`.
 */
import { firstInspectorTarget, openInspectorSession } from "./inspector-session";

export interface IsolateHeap {
  /** Bytes in use after a full GC: the JS heap plus ArrayBuffer backing stores (where body chunks live). */
  usedAfterGc(): Promise<number>;
  close(): void;
}

export async function connectIsolateHeap(inspectorUrl: URL): Promise<IsolateHeap> {
  const session = await openInspectorSession(await firstInspectorTarget(inspectorUrl));
  return {
    async usedAfterGc() {
      await session.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      const usage = await session.send<{ usedSize: number; backingStorageSize?: number }>("Runtime.getHeapUsage");
      return usage.usedSize + (usage.backingStorageSize ?? 0);
    },
    close: () => session.close(),
  };
}
