import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator } from "../../simulator/simulator";

const sim = createSimulator({ now: () => Date.UTC(2025, 5, 16, 12, 0, 0) });
const api = simulatorClient(sim.handle);
const names = (list: Array<{ first_name: string; last_name: string }>) =>
  list.map((u) => `${u.first_name} ${u.last_name}`);

describe("simulator people", () => {
  it("seeds ~10 agents, ~30 requesters, 4 groups, 5 departments, 4 locations", () => {
    const s = sim.tenant();
    expect([s.agents.size, s.requesters.size, s.groups.size, s.departments.size, s.locations.size]).toEqual([
      10, 30, 4, 5, 4,
    ]);
  });

  it("lists requesters sorted by first name and filters by email", async () => {
    const res = await api.get("/requesters", { per_page: 100 });
    const firsts = res.body.requesters.map((r: { first_name: string }) => r.first_name);
    expect(firsts).toEqual([...firsts].sort((a: string, b: string) => a.localeCompare(b)));
    const john = await api.get("/requesters", { email: "John.Smith@acme.example" });
    expect(names(john.body.requesters)).toEqual(["John Smith"]);
  });

  it.each([
    [`"~[first_name]:'Jo'"`, ["Jose Alvarez", "Jordan Reyes", "Joanna Park", "John Smith"]],
    [`"~[name]:'john s'"`, ["John Smith"]],
    [`"first_name:'john' OR last_name:'Park'"`, ["Joanna Park", "John Smith"]],
    [`"job_title:'Recruiter'"`, ["Laura Martinez"]],
  ])("query=%s", async (query, expected) => {
    const res = await api.get("/requesters", { query });
    expect(res.status).toBe(200);
    expect(names(res.body.requesters)).toEqual(expected);
  });

  it("rejects unknown requester query fields with [:invalid_field]", async () => {
    const res = await api.get("/requesters", { query: '"time_period:3"' });
    expect(res.body.errors).toEqual([{ field: "time_period", message: "[:invalid_field]", code: "invalid_value" }]);
  });

  it("include_agents=true adds agents as requesters", async () => {
    const res = await api.get("/requesters", { include_agents: "true", per_page: 100 });
    expect(res.body.requesters).toHaveLength(40);
    expect(res.body.requesters.filter((r: { is_agent: boolean }) => r.is_agent)).toHaveLength(10);
  });

  it("lists and filters agents", async () => {
    expect((await api.get("/agents")).body.agents).toHaveLength(10);
    expect(names((await api.get("/agents", { query: `"email:'marcus.lee@acme.example'"` })).body.agents)).toEqual([
      "Marcus Lee",
    ]);
    expect(names((await api.get("/agents", { query: `"~[last_name]:'O\\'Con'"` })).body.agents)).toEqual([
      "James O'Connor",
    ]);
    expect(names((await api.get("/agents", { state: "occasional" })).body.agents)).toEqual(["Mei Chen"]);
    expect((await api.get("/agents", { query: `"primary_email:'x'"` })).status).toBe(400);
  });

  it("shows single records and 404s unknown ids", async () => {
    const agent = [...sim.tenant().agents.values()][1];
    expect((await api.get(`/agents/${agent?.id}`)).body.agent.email).toBe(agent?.email);
    const req = [...sim.tenant().requesters.values()][0];
    expect((await api.get(`/requesters/${req?.id}`)).body.requester.primary_email).toBe(req?.primary_email);
    expect((await api.get(`/requesters/${agent?.id}`)).status).toBe(404);
  });

  it("serves groups, departments and locations with name queries", async () => {
    expect((await api.get("/groups")).body.groups.map((g: { name: string }) => g.name)).toContain(
      "Network & Infrastructure",
    );
    const sales = await api.get("/departments", { query: `"name:'Sales'"` });
    expect(sales.body.departments.map((d: { name: string }) => d.name)).toEqual(["Sales"]);
    const london = await api.get("/locations", { query: `"name:'London Office'"` });
    expect(london.body.locations).toHaveLength(1);
    expect((await api.get(`/locations/${london.body.locations[0].id}`)).body.location.address.city).toBe("London");
    expect((await api.get("/departments", { query: `"head_user_id:1"` })).status).toBe(400);
  });
});
