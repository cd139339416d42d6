import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator } from "../../simulator/simulator";
import { api, freshSimulatorPerTest, NOW, sim } from "../support/simulator-fixture";

const JOHN = 21000000011;

freshSimulatorPerTest();

const roleId = (name: string) =>
  [...sim.tenant().collections.roles.values()].find((r) => r.name === name)?.id as number;
const groupId = (name: string) => [...sim.tenant().groups.values()].find((g) => g.name === name)?.id as number;

describe("simulator agents: writes", () => {
  const agent = () => ({
    first_name: "Nora",
    last_name: "Quinn",
    email: "nora.quinn@acme.example",
    roles: [{ role_id: roleId("SD Agent"), assignment_scope: "member_groups" }],
    member_of: [groupId("Service Desk")],
  });

  it("creates an agent, keeping group membership in step", async () => {
    const res = await api.post("/agents", agent());
    expect(res.status).toBe(201);
    expect(res.body.agent).toMatchObject({ active: true, occasional: false, custom_fields: { cf_shift: null } });
    expect(sim.tenant().groups.get(groupId("Service Desk"))?.members).toContain(res.body.agent.id);
    expect((await api.post("/agents", agent())).body.errors[0]).toMatchObject({
      field: "email",
      code: "duplicate_value",
    });
  });

  it("rejects the removed attributes and needs roles", async () => {
    const res = await api.post("/agents", {
      first_name: "X",
      email: "x@acme.example",
      group_ids: [1],
      ticket_scope: 1,
    });
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "ticket_scope:invalid_field",
      "group_ids:invalid_field",
      "roles:missing_field",
    ]);
  });

  it("gates specified_groups to Pro/Enterprise with 403 require_feature", async () => {
    const starter = createSimulator({ now: () => NOW, tenants: [{ apiKey: "s", plan: "starter" }] });
    const s = simulatorClient(starter.handle, undefined, "s");
    const role = [...starter.tenant().collections.roles.values()].find((r) => r.name === "SD Agent")?.id;
    const res = await s.post("/agents", {
      first_name: "Y",
      email: "y@acme.example",
      roles: [
        { role_id: role, assignment_scope: "specified_groups", groups: [[...starter.tenant().groups.keys()][0]] },
      ],
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("require_feature");
  });

  it("DELETE deactivates and answers 200 with the agent; reactivate and forget", async () => {
    const del = await api.delete("/agents/21000000005");
    expect(del.status).toBe(200);
    expect(del.body.agent).toMatchObject({ id: 21000000005, active: false });
    expect((await api.put("/agents/21000000005/reactivate")).body.agent.active).toBe(true);
    expect((await api.delete("/agents/21000000005/forget")).status).toBe(204);
    expect((await api.get("/agents/21000000005")).status).toBe(404);
  });

  it("resets can_see_all_tickets_from_associated_departments unless sent as true", async () => {
    await api.put("/agents/21000000002", { can_see_all_tickets_from_associated_departments: true });
    const res = await api.put("/agents/21000000002", { job_title: "Lead" });
    expect(res.body.agent.can_see_all_tickets_from_associated_departments).toBe(false);
  });

  it("converts an agent to a requester, keeping the id", async () => {
    const res = await api.put("/agents/21000000010/convert_to_requester");
    expect(res.body.requester).toMatchObject({
      id: 21000000010,
      primary_email: "mei.chen@acme.example",
      is_agent: false,
    });
    expect(res.body.requester.custom_fields).toEqual({ employee_id: null });
    expect((await api.get("/requesters/21000000010")).status).toBe(200);
    expect(sim.tenant().groups.get(groupId("Service Desk"))?.members).not.toContain(21000000010);
  });
});

describe("simulator requesters: writes", () => {
  it("creates with one of e-mail/phone, validating custom fields", async () => {
    expect((await api.post("/requesters", { first_name: "Ann" })).body.errors[0]).toMatchObject({
      field: "primary_email",
      code: "missing_field",
    });
    const res = await api.post("/requesters", {
      first_name: "Ann",
      work_phone_number: "+1-415-555-0199",
      custom_fields: { employee_id: "E9" },
    });
    expect(res.status).toBe(201);
    expect(res.body.requester).toMatchObject({ primary_email: null, custom_fields: { employee_id: "E9" } });
    const bad = await api.post("/requesters", {
      first_name: "Ann",
      primary_email: "john.smith@acme.example",
      custom_fields: { badge: 1 },
    });
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "primary_email:duplicate_value",
      "badge:invalid_field",
    ]);
  });

  it("DELETE deactivates with 204; reactivate answers the requester", async () => {
    expect((await api.delete(`/requesters/${JOHN}`)).status).toBe(204);
    expect((await api.get(`/requesters/${JOHN}`)).body.requester.active).toBe(false);
    expect((await api.put(`/requesters/${JOHN}/reactivate`)).body.requester.active).toBe(true);
  });

  it("forget removes the requester and their tickets", async () => {
    expect((await api.delete(`/requesters/${JOHN}/forget`)).status).toBe(204);
    expect(sim.tenant().tickets.get(58)).toBeUndefined();
    expect((await api.get(`/requesters/${JOHN}`)).status).toBe(404);
  });

  it("converts to an occasional SD Agent with no groups", async () => {
    const res = await api.put(`/requesters/${JOHN}/convert_to_agent`);
    expect(res.body.agent).toMatchObject({
      id: JOHN,
      email: "john.smith@acme.example",
      occasional: true,
      member_of: [],
    });
    expect(res.body.agent.roles).toEqual([
      { role_id: roleId("SD Agent"), assignment_scope: "assigned_items", groups: [] },
    ]);
  });

  it("merges secondary requesters into the primary", async () => {
    const joanna = 21000000012;
    const res = await api.put(`/requesters/${JOHN}/merge`, undefined, { query: { secondary_requesters: `${joanna}` } });
    expect(res.body.requester.secondary_emails).toEqual(["joanna.park@acme.example"]);
    expect([...sim.tenant().tickets.values()].some((t) => t.requester_id === joanna)).toBe(false);
    expect(
      (await api.put(`/requesters/${JOHN}/merge`, undefined, { query: { secondary_requesters: `${JOHN}` } })).status,
    ).toBe(400);
  });
});

describe("simulator structure: locations, departments, groups, requester groups, roles", () => {
  it("creates, updates and deletes locations and departments", async () => {
    const loc = await api.post("/locations", {
      name: "Austin Office",
      address: { city: "Austin", country: "United States" },
    });
    expect(loc.body.location.address).toMatchObject({ city: "Austin", line1: null });
    expect(
      (await api.put(`/locations/${loc.body.location.id}`, { address: { zipcode: "78701" } })).body.location.address
        .city,
    ).toBe("Austin");
    expect((await api.delete(`/locations/${loc.body.location.id}`)).status).toBe(204);
    const dept = await api.post("/departments", { name: "Legal", custom_fields: { cf_cost_center: "CC-400" } });
    expect(dept.body.department.custom_fields).toEqual({ cf_cost_center: "CC-400" });
    expect((await api.post("/departments", { name: "sales" })).body.errors[0].code).toBe("duplicate_value");
    const fields = (await api.get("/department_fields")).body.department_fields;
    expect(fields.at(-1)).toMatchObject({ name: "cf_cost_center", mandatory: false, is_default_field: false });
  });

  it("replaces group member lists and refuses agent_ids", async () => {
    const sd = groupId("Service Desk");
    expect((await api.put(`/groups/${sd}`, { agent_ids: [1] })).body.errors[0].field).toBe("agent_ids");
    const res = await api.put(`/groups/${sd}`, { members: [21000000006] });
    expect(res.body.group.members).toEqual([21000000006]);
    expect(sim.tenant().agents.get(21000000001)?.member_of).not.toContain(sd);
    expect(sim.tenant().agents.get(21000000006)?.member_of).toContain(sd);
    const g = await api.post("/groups", { name: "Facilities", members: [21000000009] });
    expect(g.body.group.workspace_id).toBe(2);
    expect((await api.delete(`/groups/${g.body.group.id}`)).status).toBe(204);
    expect(sim.tenant().agents.get(21000000009)?.member_of).not.toContain(g.body.group.id);
  });

  it("manages manual requester-group members one at a time; rule-based groups are read-only", async () => {
    const groups = (await api.get("/requester_groups")).body.requester_groups;
    const manual = groups.find((g: { type: string }) => g.type === "manual");
    const rule = groups.find((g: { type: string }) => g.type === "rule_based");
    const add = await api.post(`/requester_groups/${manual.id}/members/${JOHN}`);
    expect([add.status, add.text]).toEqual([200, ""]);
    const members = (await api.get(`/requester_groups/${manual.id}/members`)).body.requesters;
    expect(members.map((m: { email: string }) => m.email)).toContain("john.smith@acme.example");
    expect((await api.delete(`/requester_groups/${manual.id}/members/${JOHN}`)).status).toBe(204);
    expect((await api.post(`/requester_groups/${rule.id}/members/${JOHN}`)).status).toBe(400);
    expect((await api.put(`/requester_groups/${rule.id}`, { name: "x" })).status).toBe(400);
    const london = (await api.get(`/requester_groups/${rule.id}/members`)).body.requesters;
    expect(london.length).toBeGreaterThan(0);
  });

  it("serves read-only roles", async () => {
    const roles = (await api.get("/roles")).body.roles;
    expect(roles.map((r: { name: string }) => r.name)).toContain("SD Agent");
    expect((await api.get(`/roles/${roles[0].id}`)).body.role).toMatchObject({ role_type: 1, default: true });
    expect((await api.post("/roles", { name: "x" })).status).toBe(405);
    expect(sim.tenant().agents.get(21000000001)?.roles[0]?.role_id).toBe(roles[0].id);
  });
});
