import { describe, expect, it } from "vitest";
import { basicAuth, simulatorClient } from "../../simulator/client";
import { createSimulator, DEFAULT_API_KEY } from "../../simulator/simulator";
import { advanceTestClock, api, freshSimulatorPerTest, sim, testClock } from "../support/simulator-fixture";

const T0 = Date.UTC(2025, 5, 16, 12, 0, 15); // 15 s into a minute

freshSimulatorPerTest(T0);

describe("simulator: authentication", () => {
  it("accepts the API key as the Basic username with any password", async () => {
    const res = await api.get("/agents/me", undefined, {
      headers: { authorization: `Basic ${btoa(`${DEFAULT_API_KEY}:anything`)}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.agent.email).toBe("alex.morgan@acme.example");
  });

  it.each([
    ["missing", null],
    ["wrong key", basicAuth("nope")],
    ["bearer token", "Bearer abc"],
    ["garbage", "Basic %%%"],
  ])("401 for %s credentials", async (_label, header) => {
    const res = await api.get("/tickets", undefined, {
      apiKey: null,
      headers: header ? { authorization: header } : {},
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: "invalid_credentials", message: expect.any(String) });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("selects the tenant by API key", async () => {
    const multi = createSimulator({
      tenants: [
        { apiKey: "key-a", name: "acme" },
        { apiKey: "key-b", name: "globex", plan: "starter", seed: false },
      ],
    });
    const a = await simulatorClient(multi.handle, undefined, "key-a").get("/tickets", { updated_since: "2000-01-01" });
    const b = await simulatorClient(multi.handle, undefined, "key-b").get("/tickets", { updated_since: "2000-01-01" });
    expect(a.body.tickets.length).toBeGreaterThan(0);
    expect(b.body.tickets).toEqual([]);
    expect(b.headers.get("x-ratelimit-total")).toBe("100");
    expect(multi.tenant("key-b").name).toBe("globex");
    expect(multi.requests.map((r) => r.tenant)).toEqual(["key-a", "key-b"]);
  });
});

describe("simulator: media types and routing", () => {
  it.each([
    [undefined, 200],
    ["application/json", 200],
    ["*/*", 200],
    ["application/json; charset=utf-8", 200],
    ["text/html, application/json;q=0.9", 200],
    ["application/xml", 406],
    ["text/html", 406],
    ["application/json;q=0", 406],
  ])("Accept %s → %i", async (accept, status) => {
    const res = await api.get("/groups", undefined, { headers: accept ? { accept } : {} });
    expect(res.status).toBe(status);
  });

  it.each([
    ["application/xml", "<ticket/>", 415],
    ["text/plain", "{}", 415],
    ["application/x-www-form-urlencoded", "a=b", 415],
    ["application/json; charset=utf-8", "{not json", 400],
  ])("Content-Type %s with %j → %i", async (contentType, body, status) => {
    const res = await api.post("/tickets", body, { headers: { "content-type": contentType } });
    expect(res.status).toBe(status);
  });

  it("reports invalid JSON with code invalid_json", async () => {
    const res = await api.post("/tickets", "{oops");
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe("invalid_json");
  });

  it("404s unknown URLs and unknown ids, 405s wrong verbs with Allow", async () => {
    expect((await api.get("/no_such_thing")).status).toBe(404);
    expect((await api.get("/tickets/999999")).body).toEqual({ code: "not_found", message: expect.any(String) });
    expect((await api.get("/tickets/abc")).status).toBe(404);
    const wrong = await api.put("/tickets", {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    const outside = await sim.handle(new Request("http://x.test/other"));
    expect(outside.status).toBe(404);
  });

  it("serves any host and tolerates a trailing slash", async () => {
    const res = await simulatorClient(sim.handle, "http://127.0.0.1:1234").get("/groups/");
    expect(res.status).toBe(200);
    expect(res.body.groups).toHaveLength(4);
  });

  it("sends the standard headers on every response", async () => {
    for (const res of [await api.get("/tickets"), await api.get("/nope"), await api.post("/tickets", {})]) {
      expect(res.headers.get("x-freshservice-api-version")).toBe("latest=v2; requested=v2");
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("x-ratelimit-total")).toBe("400");
      expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
      expect(res.headers.get("x-ratelimit-used-currentrequest")).toMatch(/^\d+$/);
    }
  });
});

describe("simulator: rate limiting", () => {
  it("counts every request (invalid ones too) in a per-minute window", async () => {
    const res1 = await api.get("/tickets");
    expect(res1.headers.get("x-ratelimit-remaining")).toBe("399");
    await api.post("/tickets", "{bad");
    const res3 = await api.get("/nope");
    expect(res3.headers.get("x-ratelimit-remaining")).toBe("397");
    expect(res3.headers.get("retry-after")).toBeNull();
  });

  it("charges include embeds: +1 each on show, +2 each on list", async () => {
    const show = await api.get("/tickets/1", { include: "conversations,requester" });
    expect(show.headers.get("x-ratelimit-used-currentrequest")).toBe("3");
    const list = await api.get("/tickets", { include: "stats" });
    expect(list.headers.get("x-ratelimit-used-currentrequest")).toBe("3");
    const plain = await api.get("/tickets/1");
    expect(plain.headers.get("x-ratelimit-used-currentrequest")).toBe("1");
    expect(plain.headers.get("x-ratelimit-remaining")).toBe(String(400 - 7));
  });

  it("answers 429 with Retry-After until the minute ends, then recovers", async () => {
    const small = createSimulator({
      tenants: [{ apiKey: "k", plan: "starter", rateLimitPerMinute: 3 }],
      now: testClock,
    });
    const c = simulatorClient(small.handle, undefined, "k");
    for (let i = 0; i < 3; i++) expect((await c.get("/groups")).status).toBe(200);
    const limited = await c.get("/groups");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("45");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.body).toEqual({ code: "rate_limit_exceeded", message: expect.any(String) });
    advanceTestClock(44_500);
    expect((await c.get("/groups")).headers.get("retry-after")).toBe("1");
    advanceTestClock(1_000);
    const again = await c.get("/groups");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-ratelimit-remaining")).toBe("2");
  });

  it("uses the plan's limit", async () => {
    for (const [plan, limit] of [
      ["starter", 100],
      ["growth", 200],
      ["pro", 400],
      ["enterprise", 500],
    ] as const) {
      const s = createSimulator({ tenants: [{ apiKey: "k", plan, seed: false }] });
      const res = await simulatorClient(s.handle, undefined, "k").get("/groups");
      expect(res.headers.get("x-ratelimit-total")).toBe(String(limit));
    }
  });
});

describe("simulator: request log", () => {
  it("records method, path, raw search, decoded query, body, headers, status and tenant", async () => {
    await api.get("/tickets/filter", { query: '"priority:3"' });
    await api.post("/tickets/1/notes", { body: "<p>hi</p>" });
    const [filter, note] = sim.requests;
    expect(filter).toMatchObject({
      method: "GET",
      path: "/api/v2/tickets/filter",
      search: "?query=%22priority%3A3%22",
      query: { query: '"priority:3"' },
      body: null,
      status: 200,
      tenant: DEFAULT_API_KEY,
    });
    expect(filter?.headers.authorization).toBe(basicAuth(DEFAULT_API_KEY));
    expect(note).toMatchObject({ method: "POST", body: { body: "<p>hi</p>" }, status: 201 });
  });

  it("records the route that matched, also for a missing record, and none for an unknown URL or verb", async () => {
    await api.get("/tickets/filter", { query: '"priority:3"' });
    await api.put("/assets/999999/delete_forever");
    await api.get("/no_such_thing");
    await api.request("PATCH", "/tickets/1", { body: {} });
    const [filter, missing, unknown, wrongVerb] = sim.requests;
    expect(filter?.route).toBe("GET /api/v2/tickets/filter");
    expect(missing).toMatchObject({ status: 404, route: "PUT /api/v2/assets/:id/delete_forever" });
    expect(unknown?.status).toBe(404);
    expect(unknown?.route).toBeUndefined();
    expect(wrongVerb?.status).toBe(405);
    expect(wrongVerb?.route).toBeUndefined();
  });

  it("reset() reseeds, clears the log and the rate-limit window", async () => {
    await api.delete("/tickets/1");
    expect(sim.tenant().tickets.get(1)?.deleted).toBe(true);
    sim.reset();
    expect(sim.requests).toEqual([]);
    expect(sim.tenant().tickets.get(1)?.deleted).toBe(false);
    const res = await api.get("/groups");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("399");
  });

  it("seeds deterministically for the same clock", () => {
    const a = createSimulator({ now: () => T0 }).tenant();
    const b = createSimulator({ now: () => T0 }).tenant();
    expect([...a.tickets.values()]).toEqual([...b.tickets.values()]);
    expect([...a.assets.values()]).toEqual([...b.assets.values()]);
  });
});
