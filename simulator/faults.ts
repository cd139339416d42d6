// Fault injection: a queue of one-shot (or n-shot) misbehaviours applied to matching /api/v2 requests, and the
// body streams that act them out. Web streams only, so it also runs inside workerd.

export interface FaultMatch {
  /** Case-insensitive HTTP method. */
  method?: string;
  /** Matches the URL path, with or without the `/api/v2` prefix (`/tickets` ≡ `/api/v2/tickets`). */
  pathPrefix?: string;
}

interface FaultCommon {
  match?: FaultMatch;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

export type Fault = FaultCommon &
  (
    | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
    /** Waits, then answers normally. */
    | { kind: "delay"; ms: number }
    /** Default: no response at all (the handler rejects, the Node server destroys the socket). With
     * `afterHeaders`, the status and headers go out and then the body stream errors. */
    | { kind: "reset"; afterHeaders?: boolean }
    /** The real status and headers with a Content-Length for the whole body, half the body, then an error. */
    | { kind: "truncate" }
    /** The real status and headers with a body that is not valid JSON. */
    | { kind: "invalid_json" }
    /** The real response, dribbled out `chunkBytes` (default 16) at a time. */
    | { kind: "drip"; chunkDelayMs: number; chunkBytes?: number }
    /** A 200 with a valid JSON body of exactly `bytes` bytes, generated as it streams. */
    | { kind: "huge"; bytes: number }
  );

export type FaultKind = Fault["kind"];

const FAULT_KINDS: readonly FaultKind[] = ["status", "delay", "reset", "truncate", "invalid_json", "drip", "huge"];

/** Raised instead of answering when a `reset` fault fires before headers. */
export class SimulatedResetError extends Error {
  constructor() {
    super("Simulated connection reset");
    this.name = "SimulatedResetError";
  }
}

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault): void {
    this.queue.push({ fault, remaining: fault.times ?? 1 });
  }

  /** The first queued fault matching this request, consuming one of its uses. */
  take(method: string, pathname: string): Fault | undefined {
    const index = this.queue.findIndex((q) => matches(q.fault.match, method, pathname));
    if (index < 0) return undefined;
    const entry = this.queue[index] as QueuedFault;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  /**
   * Like take, for the org host: only a fault whose `pathPrefix` itself names this path applies (a fault
   * without one, or meant for `/api/v2`, is left for the API).
   */
  takeNamed(method: string, pathname: string): Fault | undefined {
    const index = this.queue.findIndex(
      (q) =>
        q.fault.match?.pathPrefix !== undefined &&
        pathname.startsWith(q.fault.match.pathPrefix) &&
        matches(q.fault.match, method, pathname),
    );
    if (index < 0) return undefined;
    const entry = this.queue[index] as QueuedFault;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  get pending(): readonly Fault[] {
    return this.queue.map((q) => q.fault);
  }

  clear(): void {
    this.queue = [];
  }
}

function matches(match: FaultMatch | undefined, method: string, pathname: string): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.pathPrefix) {
    const p = match.pathPrefix;
    if (!pathname.startsWith(p) && !pathname.startsWith(`/api/v2${p.startsWith("/") ? p : `/${p}`}`)) return false;
  }
  return true;
}

/** Checks a fault received over the control API; throws with a readable message when malformed. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Error("A fault is a JSON object");
  const f = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(f.kind as FaultKind)) throw new Error(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  const num = (key: string, min: number) => {
    if (typeof f[key] !== "number" || !Number.isFinite(f[key]) || (f[key] as number) < min) {
      throw new Error(`${key} must be a number ≥ ${min}`);
    }
  };
  if (f.times !== undefined) num("times", 1);
  if (f.match !== undefined && (typeof f.match !== "object" || f.match === null))
    throw new Error("match must be an object");
  switch (f.kind) {
    case "status":
      num("status", 100);
      if ((f.status as number) > 599) throw new Error("status must be ≤ 599");
      if (f.body !== undefined && typeof f.body !== "string") throw new Error("body must be a string");
      break;
    case "delay":
      num("ms", 0);
      break;
    case "drip":
      num("chunkDelayMs", 0);
      if (f.chunkBytes !== undefined) num("chunkBytes", 1);
      break;
    case "huge":
      num("bytes", 2);
      break;
  }
  return f as unknown as Fault;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Emits `prefix`, then errors on the next read (erroring in `start` would drop the queued prefix). */
export function erroringStream(prefix: Uint8Array): ReadableStream<Uint8Array> {
  let sent = prefix.length === 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(prefix);
        return;
      }
      controller.error(new SimulatedResetError());
    },
  });
}

export function dripStream(bytes: Uint8Array, chunkBytes: number, delayMs: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      if (offset > 0) await sleep(delayMs);
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

const HUGE_ITEM_BYTES = 1024;
const HUGE_ITEMS_PER_CHUNK = 64;

/** `{"<key>":[{"id":1,"padding":"xxx…"},…]}` of exactly `bytes` bytes (when bytes allows), made lazily. */
export function hugeJsonStream(bytes: number, key: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const head = `{"${key}":[`;
  const tail = "]}";
  let remaining = Math.max(0, bytes - head.length - tail.length);
  let started = false;
  let n = 0;
  const item = (size: number, last: boolean) => {
    n += 1;
    const bare = `{"id":${n},"padding":""}`;
    const pad = Math.max(0, size - bare.length - (last ? 0 : 1));
    return `{"id":${n},"padding":"${"x".repeat(pad)}"}${last ? "" : ","}`;
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = "";
      if (!started) {
        started = true;
        text += head;
      }
      for (let i = 0; i < HUGE_ITEMS_PER_CHUNK && remaining > 0; i++) {
        if (remaining >= 2 * HUGE_ITEM_BYTES) {
          text += item(HUGE_ITEM_BYTES, false);
          remaining -= HUGE_ITEM_BYTES;
        } else {
          text += item(remaining, true);
          remaining = 0;
        }
      }
      if (remaining === 0) {
        controller.enqueue(encoder.encode(text + tail));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}
