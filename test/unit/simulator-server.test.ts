import { spawn } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { basicAuth, simulatorClient } from "../../simulator/client";
import { type SimulatorServer, startSimulatorServer } from "../../simulator/node-server";
import { DEFAULT_API_KEY } from "../../simulator/simulator";

let server: SimulatorServer;
let api: ReturnType<typeof simulatorClient>;

beforeAll(async () => {
  server = await startSimulatorServer({
    tenants: [
      { apiKey: DEFAULT_API_KEY, name: "acme", plan: "pro" },
      { apiKey: "globex-key", name: "globex", plan: "growth", seed: false },
    ],
  });
  api = simulatorClient(fetch, server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await api.post("/_simulator/reset");
});

describe("node server", () => {
  it("listens on an ephemeral loopback port and passes request bodies through", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await api.post("/tickets", {
      email: "john.smith@acme.example",
      subject: "Over HTTP",
      description: "<p>via node</p>",
      status: 2,
      priority: 2,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${server.url}/api/v2/tickets/${created.body.ticket.id}`);
    expect(server.simulator.tenant().tickets.get(created.body.ticket.id)?.subject).toBe("Over HTTP");
  });

  it("builds link headers from the Host it was called on", async () => {
    const res = await api.get("/tickets", { per_page: 2 });
    expect(res.headers.get("link")).toBe(`<${server.url}/api/v2/tickets?per_page=2&page=2>; rel="next"`);
  });
});

describe("control API", () => {
  it("GET /_simulator/requests returns the log", async () => {
    await api.get("/tickets", { per_page: 3 });
    await api.post("/tickets/58/notes", { body: "n" });
    const log = await api.get("/_simulator/requests");
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject([
      {
        method: "GET",
        path: "/api/v2/tickets",
        search: "?per_page=3",
        query: { per_page: "3" },
        status: 200,
        tenant: DEFAULT_API_KEY,
      },
      { method: "POST", path: "/api/v2/tickets/58/notes", body: { body: "n" }, status: 201 },
    ]);
    expect(log.body[0].headers.authorization).toBe(basicAuth(DEFAULT_API_KEY));
  });

  it("POST /_simulator/reset reseeds and clears", async () => {
    await api.delete("/tickets/58");
    expect((await api.post("/_simulator/reset")).status).toBe(204);
    expect((await api.get("/_simulator/requests")).body).toEqual([]);
    expect((await api.get("/tickets/58")).body.ticket.deleted).toBe(false);
  });

  it("POST /_simulator/faults queues one fault or several, and validates them", async () => {
    const one = await api.post("/_simulator/faults", {
      kind: "status",
      status: 502,
      match: { pathPrefix: "/tickets" },
    });
    expect(one.status).toBe(201);
    expect(one.body).toEqual({ queued: 1 });
    expect((await api.get("/groups")).status).toBe(200);
    expect((await api.get("/tickets")).status).toBe(502);
    const two = await api.post("/_simulator/faults", [
      { kind: "status", status: 500 },
      { kind: "status", status: 503 },
    ]);
    expect(two.body).toEqual({ queued: 2 });
    expect((await api.get("/_simulator/faults")).body).toHaveLength(2);
    expect((await api.get("/groups")).status).toBe(500);
    expect((await api.get("/groups")).status).toBe(503);
    expect((await api.post("/_simulator/faults", { kind: "nope" })).status).toBe(400);
    expect((await api.post("/_simulator/faults", "{broken")).status).toBe(400);
  });

  it("faults never hit the control API", async () => {
    await api.post("/_simulator/faults", { kind: "status", status: 500 });
    expect((await api.get("/_simulator/requests")).status).toBe(200);
    expect((await api.get("/groups")).status).toBe(500);
  });

  it("GET /_simulator/state snapshots a tenant's collections", async () => {
    const acme = await api.get("/_simulator/state", { tenant: DEFAULT_API_KEY });
    expect(acme.status).toBe(200);
    expect(acme.body).toMatchObject({ name: "acme", companyName: "Acme Corp", plan: "pro", rateLimitPerMinute: 400 });
    expect(acme.body.tickets.length).toBeGreaterThanOrEqual(60);
    expect(acme.body.assets.length).toBeGreaterThanOrEqual(40);
    expect(acme.body.onboardingRequests).toHaveLength(1);
    const globex = await api.get("/_simulator/state", { tenant: "globex-key" });
    expect(globex.body).toMatchObject({ name: "globex", plan: "growth", tickets: [] });
    expect(globex.body.agents).toHaveLength(1);
    expect((await api.get("/_simulator/state", { tenant: "nope" })).status).toBe(404);
    expect((await api.get("/_simulator/unknown")).status).toBe(404);
  });
});

describe("CLI", () => {
  it("prints the URL and key, serves, and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "simulator/main.ts"], {
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/api\/v2/.exec(out);
        if (m && out.includes(DEFAULT_API_KEY)) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      });
      child.once("exit", (code) => reject(new Error(`exited early (${code}): ${out}`)));
    });
    const res = await fetch(`${url}/api/v2/groups`, { headers: { authorization: basicAuth(DEFAULT_API_KEY) } });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});
