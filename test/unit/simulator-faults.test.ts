import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { basicAuth, simulatorClient } from "../../simulator/client";
import { FaultQueue, hugeJsonStream, parseFault } from "../../simulator/faults";
import { type SimulatorServer, startSimulatorServer } from "../../simulator/node-server";
import { createSimulator, DEFAULT_API_KEY, SimulatedResetError } from "../../simulator/simulator";

const auth = { authorization: basicAuth(DEFAULT_API_KEY) };

describe("fault queue", () => {
  it("matches by method and path prefix (with or without /api/v2) and counts uses", () => {
    const q = new FaultQueue();
    q.add({ kind: "status", status: 500, match: { method: "post", pathPrefix: "/tickets" }, times: 2 });
    expect(q.take("GET", "/api/v2/tickets")).toBeUndefined();
    expect(q.take("POST", "/api/v2/assets")).toBeUndefined();
    expect(q.take("POST", "/api/v2/tickets/1/notes")?.kind).toBe("status");
    expect(q.take("POST", "/api/v2/tickets")?.kind).toBe("status");
    expect(q.take("POST", "/api/v2/tickets")).toBeUndefined();
    q.add({ kind: "delay", ms: 1, match: { pathPrefix: "/api/v2/agents" } });
    expect(q.take("GET", "/api/v2/agents/1")?.kind).toBe("delay");
  });

  it.each([
    [{ kind: "explode" }, /kind/],
    [{ kind: "status" }, /status/],
    [{ kind: "status", status: 700 }, /status/],
    [{ kind: "delay", ms: -1 }, /ms/],
    [{ kind: "drip" }, /chunkDelayMs/],
    [{ kind: "huge", bytes: "lots" }, /bytes/],
    [{ kind: "reset", times: 0 }, /times/],
    [[1], /object/],
  ])("parseFault rejects %j", (input, message) => {
    expect(() => parseFault(input)).toThrow(message);
  });

  it("hugeJsonStream yields exactly the requested number of bytes of valid JSON", async () => {
    for (const bytes of [100, 4096, 300_000]) {
      const text = await new Response(hugeJsonStream(bytes, "tickets")).text();
      expect(text.length).toBe(bytes);
      expect(Array.isArray(JSON.parse(text).tickets)).toBe(true);
    }
  });
});

describe("faults through handle()", () => {
  const sim = createSimulator();
  const api = simulatorClient(sim.handle);
  beforeEach(() => sim.reset());

  it("status: answers with the given status, body and headers, then recovers", async () => {
    sim.injectFault({ kind: "status", status: 503, body: "upstream down", headers: { "Retry-After": "7" }, times: 2 });
    const first = await api.get("/tickets");
    expect(first.status).toBe(503);
    expect(first.text).toBe("upstream down");
    expect(first.headers.get("retry-after")).toBe("7");
    expect((await api.get("/tickets")).status).toBe(503);
    expect((await api.get("/tickets")).status).toBe(200);
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("status: the default body is JSON", async () => {
    sim.injectFault({ kind: "status", status: 500 });
    const res = await api.get("/groups");
    expect(res.body).toEqual({ code: "simulated_fault", message: "Simulated HTTP 500" });
  });

  it("status: applies only to matching requests, even unauthenticated ones", async () => {
    sim.injectFault({ kind: "status", status: 429, match: { method: "GET", pathPrefix: "/assets" } });
    expect((await api.get("/tickets")).status).toBe(200);
    expect((await api.get("/assets", undefined, { apiKey: null })).status).toBe(429);
  });

  it("delay: waits, then answers normally", async () => {
    sim.injectFault({ kind: "delay", ms: 60 });
    const started = performance.now();
    const res = await api.get("/groups");
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("reset: rejects before any response; afterHeaders errors the body", async () => {
    sim.injectFault({ kind: "reset" });
    await expect(sim.handle(new Request("http://h/api/v2/groups", { headers: auth }))).rejects.toBeInstanceOf(
      SimulatedResetError,
    );
    sim.injectFault({ kind: "reset", afterHeaders: true });
    const res = await sim.handle(new Request("http://h/api/v2/groups", { headers: auth }));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it("truncate: promises the full length, delivers half, then errors", async () => {
    const full = (await api.get("/groups")).text;
    sim.injectFault({ kind: "truncate" });
    const res = await sim.handle(new Request("http://h/api/v2/groups", { headers: auth }));
    expect(res.headers.get("content-length")).toBe(String(new TextEncoder().encode(full).length));
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(first?.value?.length).toBe(Math.floor(full.length / 2));
    await expect(reader?.read()).rejects.toThrow();
  });

  it("invalid_json: the real status with an unparsable body", async () => {
    sim.injectFault({ kind: "invalid_json" });
    const res = await api.get("/groups");
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("drip and huge: stream the body", async () => {
    sim.injectFault({ kind: "drip", chunkDelayMs: 1, chunkBytes: 64 });
    const dripped = await api.get("/groups");
    expect(dripped.body.groups).toHaveLength(4);
    sim.injectFault({ kind: "huge", bytes: 10_000 });
    const huge = await api.get("/tickets");
    expect(huge.text.length).toBe(10_000);
    expect(huge.body.tickets.length).toBeGreaterThan(1);
  });
});

describe("faults over HTTP (node server)", () => {
  let server: SimulatorServer;
  beforeAll(async () => {
    server = await startSimulatorServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.simulator.reset());
  const get = (path: string) => fetch(`${server.url}/api/v2${path}`, { headers: auth });

  it("reset drops the connection", async () => {
    server.simulator.injectFault({ kind: "reset" });
    await expect(get("/groups")).rejects.toThrow();
    expect((await get("/groups")).status).toBe(200);
  });

  it("truncate fails the body read after headers", async () => {
    server.simulator.injectFault({ kind: "truncate" });
    const res = await get("/groups");
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(100);
    await expect(res.text()).rejects.toThrow();
  });

  it("drip delivers the body in spaced chunks", async () => {
    server.simulator.injectFault({ kind: "drip", chunkDelayMs: 15, chunkBytes: 400 });
    const started = performance.now();
    const res = await get("/groups");
    const reader = res.body?.getReader();
    let chunks = 0;
    let text = "";
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      chunks += 1;
      text += new TextDecoder().decode(r.value);
    }
    expect(JSON.parse(text).groups).toHaveLength(4);
    expect(chunks).toBeGreaterThan(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15 * (chunks - 1) - 5);
  });

  it("huge streams megabytes without trouble", async () => {
    server.simulator.injectFault({ kind: "huge", bytes: 5_000_000 });
    const res = await get("/tickets");
    let total = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      total += r.value.length;
    }
    expect(total).toBe(5_000_000);
  });

  it("a client that stops reading a huge body does not wedge the server", async () => {
    server.simulator.injectFault({ kind: "huge", bytes: 50_000_000 });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v2/tickets`, { headers: auth, signal: controller.signal });
    await res.body?.getReader().read();
    controller.abort();
    expect((await get("/groups")).status).toBe(200);
  });
});
