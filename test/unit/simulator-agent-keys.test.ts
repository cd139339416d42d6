import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator, DEFAULT_API_KEY, userApiKey } from "../../simulator/simulator";
import { api, freshSimulatorPerTest, NOW, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

// The seeded people the README names for per-agent access.
const ALEX = 21000000001; // Account Admin, the tenant key's agent
const PRIYA = 21000000002; // SD Agent, API key on
const MARCUS = 21000000003; // SD Agent, API key off (the API's default)
const MEI = 21000000010; // Read-only Agent, API key on
const JOHN = 21000000011; // a requester
const TICKET = 58; // open, from John Smith

const key = (userId: number) => userApiKey(DEFAULT_API_KEY, userId);

describe("simulator per-user API keys and /agents/me", () => {
  it.each([
    ["the tenant key", DEFAULT_API_KEY, 200, ALEX],
    ["the admin's own key", key(ALEX), 200, ALEX],
    ["an SD Agent's key", key(PRIYA), 200, PRIYA],
    ["a read-only agent's key", key(MEI), 200, MEI],
  ])("%s: agents/me answers the key's agent", async (_label, apiKey, status, agentId) => {
    const res = await api.get("/agents/me", undefined, { apiKey });
    expect(res.status).toBe(status);
    expect(res.body.agent.id).toBe(agentId);
    expect(res.body.agent.email).toBe(sim.tenant().agents.get(agentId)?.email);
  });

  it.each([
    ["an agent whose API key is off", key(MARCUS)],
    ["an unknown user id", key(21000009999)],
    ["a leading zero", `${DEFAULT_API_KEY}-user-0${PRIYA}`],
    ["no id", `${DEFAULT_API_KEY}-user-`],
    ["trailing text", `${key(PRIYA)}x`],
    ["a trailing space", `${key(PRIYA)} `],
    ["another case", key(PRIYA).toUpperCase()],
    ["an unknown tenant", userApiKey("not-a-tenant", PRIYA)],
    ["the id alone", String(PRIYA)],
    ["an id past 2^53", `${DEFAULT_API_KEY}-user-99999999999999999`],
  ])("%s: 401 invalid_credentials, nothing charged", async (_label, apiKey) => {
    const res = await api.get("/agents/me", undefined, { apiKey });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: "invalid_credentials", message: expect.any(String) });
    expect(res.headers.get("x-ratelimit-remaining")).toBeNull();
  });

  it("a requester's key logs in but reaches nothing: 403 access_denied (an unknown URL is still 404)", async () => {
    for (const path of ["/agents/me", "/tickets", `/requesters/${JOHN}`]) {
      const res = await api.get(path, undefined, { apiKey: key(JOHN) });
      expect(res.status, path).toBe(403);
      expect(res.body).toEqual({ code: "access_denied", message: expect.any(String) });
      expect(res.headers.get("x-ratelimit-remaining")).not.toBeNull();
    }
    expect((await api.get("/no-such-thing", undefined, { apiKey: key(JOHN) })).status).toBe(404);
    expect(sim.requests.at(-1)).toMatchObject({ credential: "api_key", requester_id: JOHN });
  });

  it("a key stops working when the admin turns it off or deactivates the agent, and works once back on", async () => {
    // The switch is the admin's, in the agent's profile (the API only reports it).
    const priya = sim.tenant().agents.get(PRIYA);
    if (!priya) throw new Error("seed changed");
    priya.api_key_enabled = false;
    expect((await api.get("/agents/me", undefined, { apiKey: key(PRIYA) })).status).toBe(401);
    priya.api_key_enabled = true;
    expect((await api.get("/agents/me", undefined, { apiKey: key(PRIYA) })).status).toBe(200);
    expect((await api.delete(`/agents/${PRIYA}`)).status).toBe(200);
    expect((await api.get("/agents/me", undefined, { apiKey: key(PRIYA) })).status).toBe(401);
  });

  it("the tenant key keeps working whatever its agent's record says", async () => {
    const alex = sim.tenant().agents.get(ALEX);
    if (!alex) throw new Error("seed changed");
    alex.api_key_enabled = false;
    expect((await api.get("/agents/me")).body.agent.id).toBe(ALEX);
    expect((await api.get("/agents/me", undefined, { apiKey: key(ALEX) })).status).toBe(401);
  });

  it("keys name their tenant: the same user id in another tenant is that tenant's agent", async () => {
    const two = createSimulator({
      now: () => NOW,
      tenants: [
        { apiKey: DEFAULT_API_KEY, name: "acme" },
        { apiKey: "globex-key", name: "globex" },
      ],
    });
    const client = simulatorClient(two.handle);
    const acme = await client.get("/agents/me", undefined, { apiKey: key(PRIYA) });
    const globex = await client.get("/agents/me", undefined, { apiKey: userApiKey("globex-key", PRIYA) });
    expect([acme.body.agent.email, globex.body.agent.email]).toEqual([
      "priya.shah@acme.example",
      "priya.shah@globex.example",
    ]);
    expect(two.requests.map((r) => r.tenant)).toEqual([DEFAULT_API_KEY, "globex-key"]);
  });
});

describe("simulator roles: what each agent's role lets them do", () => {
  it("an SD Agent closes a ticket; a read-only agent gets 403 access_denied and the ticket is unchanged", async () => {
    const denied = await api.put(`/tickets/${TICKET}`, { status: 5 }, { apiKey: key(MEI) });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ code: "access_denied", message: "You are not authorized to perform this action." });
    expect(sim.tenant().tickets.get(TICKET)?.status).toBe(2);
    expect((await api.get(`/tickets/${TICKET}`, undefined, { apiKey: key(MEI) })).status).toBe(200);

    const closed = await api.put(`/tickets/${TICKET}`, { status: 5 }, { apiKey: key(PRIYA) });
    expect(closed.status).toBe(200);
    expect(closed.body.ticket.status).toBe(5);
  });

  it.each([
    // [what, method, path, body, Priya (SD Agent), Mei (Read-only Agent)]
    ["list tickets", "GET", "/tickets", undefined, 200, 200],
    [
      "filter journeys (a read sent as POST)",
      "POST",
      "/journeys/requests/view",
      { data: { query: { filter: [] } } },
      200,
      200,
    ],
    ["add a note", "POST", `/tickets/${TICKET}/notes`, { body: "<p>On it</p>" }, 201, 403],
    ["delete a ticket", "DELETE", `/tickets/${TICKET}`, undefined, 204, 403],
    ["create an agent (admin API)", "POST", "/agents", { first_name: "N", email: "n@acme.example" }, 403, 403],
    ["export the audit log (admin API)", "POST", "/audit_log/export", {}, 403, 403],
  ])("%s", async (_what, method, path, body, priya, mei) => {
    const asPriya = await api.request(method, path, { body, apiKey: key(PRIYA) });
    const asMei = await api.request(method, path, { body, apiKey: key(MEI) });
    expect([asPriya.status, asMei.status]).toEqual([priya, mei]);
  });

  it("the permission check comes after routing and before the body is read", async () => {
    expect((await api.put("/tickets/999999", { status: 5 }, { apiKey: key(MEI) })).status).toBe(403);
    expect((await api.request("PATCH", `/tickets/${TICKET}`, { apiKey: key(MEI) })).status).toBe(405);
    expect((await api.put(`/tickets/${TICKET}`, "{not json", { apiKey: key(MEI) })).status).toBe(403);
    expect((await api.put(`/tickets/${TICKET}`, "{not json", { apiKey: key(PRIYA) })).status).toBe(400);
  });

  it("roles list the custom read-only role beside the default ones, without internal keys", async () => {
    const roles = (await api.get("/roles")).body.roles as Array<Record<string, unknown>>;
    expect(roles.find((r) => r.name === "Read-only Agent")).toMatchObject({ default: false, role_type: 2 });
    expect(roles.every((r) => !Object.keys(r).some((k) => k.startsWith("_")))).toBe(true);
    const agents = (await api.get("/agents", { per_page: 100 })).body.agents as Array<Record<string, unknown>>;
    expect(agents.filter((a) => a.api_key_enabled).map((a) => a.id)).toEqual(
      expect.arrayContaining([ALEX, PRIYA, MEI]),
    );
    expect(agents.filter((a) => a.api_key_enabled)).toHaveLength(3);
  });
});

describe("simulator attribution: writes are made by the caller's agent", () => {
  it("ticket activities, notes and the request log name the agent whose key made the change", async () => {
    await api.put(`/tickets/${TICKET}`, { priority: 4 }, { apiKey: key(PRIYA) });
    const note = await api.post(
      `/tickets/${TICKET}/notes`,
      { body: "<p>Restarted the gateway</p>" },
      { apiKey: key(PRIYA) },
    );
    expect(note.body.conversation.user_id).toBe(PRIYA);
    await api.put(`/tickets/${TICKET}`, { priority: 3 });

    const activities = (await api.get(`/tickets/${TICKET}/activities`)).body.activities;
    expect(activities.slice(0, 3).map((a: { actor: { id: number; name: string } }) => a.actor)).toEqual([
      { id: ALEX, name: "Alex Morgan" },
      { id: PRIYA, name: "Priya Shah" },
      { id: PRIYA, name: "Priya Shah" },
    ]);
    const writes = sim.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => [r.credential, r.agent_id])).toEqual([
      ["api_key", PRIYA],
      ["api_key", PRIYA],
      ["tenant_key", ALEX],
    ]);
    // Between requests the tenant acts as its key's agent again.
    expect(sim.tenant().currentAgentId).toBe(ALEX);
  });

  it("'my' views follow the caller: new_and_my_open differs between two agents", async () => {
    const mine = async (apiKey: string) =>
      (
        (await api.get("/tickets", { filter: "new_and_my_open", per_page: 100 }, { apiKey })).body.tickets as Array<{
          responder_id: number | null;
        }>
      ).map((t) => t.responder_id);
    const asAlex = await mine(DEFAULT_API_KEY);
    const asPriya = await mine(key(PRIYA));
    expect(asAlex.every((r) => r === null || r === ALEX)).toBe(true);
    expect(asPriya.every((r) => r === null || r === PRIYA)).toBe(true);
  });

  it("the control API's log carries the acting agent too", async () => {
    await api.get("/agents/me", undefined, { apiKey: key(MEI) });
    const log = (await api.get("/_simulator/requests")).body;
    expect(log.at(-1)).toMatchObject({ path: "/api/v2/agents/me", credential: "api_key", agent_id: MEI, status: 200 });
  });
});
