import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

const ALEX = 21000000001;
const MARCUS = 21000000003;

freshSimulatorPerTest();

const child = {
  email: "john.smith@acme.example",
  subject: "Also affects my phone",
  description: "<p>VPN on iOS too</p>",
  status: 2,
  priority: 2,
};

describe("simulator ticket time entries", () => {
  it("needs the `time_entry` wrapper on tickets and records exactly what was sent", async () => {
    const flat = await api.post("/tickets/58/time_entries", { agent_id: MARCUS, time_spent: "01:00" });
    expect(flat.status).toBe(400);
    expect(flat.body.errors).toEqual([
      { field: "agent_id", message: "Unexpected/invalid field in request", code: "invalid_field" },
      { field: "time_spent", message: "Unexpected/invalid field in request", code: "invalid_field" },
      { field: "time_entry", message: "It should be a/an key/value pair", code: "missing_field" },
    ]);
    const body = { time_entry: { agent_id: MARCUS, time_spent: "01:15", note: "Call", billable: false } };
    const res = await api.post("/tickets/58/time_entries", body);
    expect(res.status).toBe(201);
    expect(res.body.time_entry).toMatchObject({ time_spent: "01:15", billable: false, workspace_id: 2 });
    const last = sim.requests.at(-1);
    expect(last).toMatchObject({ method: "POST", path: "/api/v2/tickets/58/time_entries", search: "", body });
  });

  it("validates hh:mm, one running timer per agent, and 'not the same value' on update", async () => {
    const bad = await api.post("/tickets/58/time_entries", { time_entry: { agent_id: MARCUS, time_spent: "1h" } });
    expect(bad.body.errors[0]).toMatchObject({ field: "time_spent", code: "invalid_value" });
    const running = await api.post("/tickets/58/time_entries", {
      time_entry: { agent_id: MARCUS, timer_running: true },
    });
    expect(running.body.time_entry).toMatchObject({
      timer_running: true,
      time_spent: "00:00",
      start_time: "2025-06-16T12:00:00Z",
    });
    const second = await api.post("/tickets/57/time_entries", {
      time_entry: { agent_id: MARCUS, timer_running: true },
    });
    expect(second.body.errors[0]).toMatchObject({ field: "timer_running", code: "invalid_value" });
    const same = await api.put(`/tickets/58/time_entries/${running.body.time_entry.id}`, {
      time_entry: { timer_running: true },
    });
    expect(same.body.errors[0]).toMatchObject({ field: "timer_running", code: "invalid_value" });
    expect((await api.delete(`/tickets/58/time_entries/${running.body.time_entry.id}`)).status).toBe(200);
  });
});

describe("simulator ticket tasks", () => {
  it("seeds two tasks on ticket 58, accepts status 4 (Blocked) and deletes with 204", async () => {
    expect((await api.get("/tickets/58/tasks")).body.tasks).toHaveLength(2);
    const res = await api.post("/tickets/58/tasks", { title: "Escalate to vendor", status: 4, agent_id: MARCUS });
    expect(res.body.task).toMatchObject({ status: 4, closed_at: null });
    const done = await api.put(`/tickets/58/tasks/${res.body.task.id}`, { status: 3 });
    expect(done.body.task.closed_at).toBe("2025-06-16T12:00:00Z");
    expect((await api.delete(`/tickets/58/tasks/${res.body.task.id}`)).status).toBe(204);
    expect((await api.get(`/tickets/57/tasks/${res.body.task.id}`)).status).toBe(404);
  });
});

describe("simulator ticket actions", () => {
  it("creates child tickets but not under a child", async () => {
    const res = await api.post("/tickets/58/create_child_ticket", child);
    expect(res.status).toBe(201);
    const id = res.body.ticket.id;
    const parent = await api.get("/tickets/58", { include: "related_tickets" });
    expect(parent.body.ticket.related_tickets.child_ids).toContain(id);
    expect((await api.post(`/tickets/${id}/create_child_ticket`, child)).status).toBe(400);
  });

  it("moves a ticket to another workspace, checking the group belongs there", async () => {
    const badGroup = await api.put("/tickets/58/move_workspace", {
      workspace_id: 3,
      group_id: [...sim.tenant().groups.keys()][0],
    });
    expect(badGroup.body.errors[0].field).toBe("group_id");
    const res = await api.put("/tickets/58/move_workspace", { workspace_id: 3 });
    expect(res.body.ticket).toMatchObject({ workspace_id: 3, group_id: null, responder_id: null });
    expect((await api.put("/tickets/58/move_workspace", {})).body.errors[0]).toMatchObject({
      field: "workspace_id",
      code: "missing_field",
    });
  });

  it("promotes an incident to a major incident and back", async () => {
    expect((await api.put("/tickets/58/promote", { type: "Incident" })).status).toBe(400);
    const up = await api.put("/tickets/58/promote", { type: "Major Incident" });
    expect(up.body.ticket.type).toBe("Major Incident");
    expect((await api.put("/tickets/58/promote", { type: "Major Incident" })).status).toBe(400);
    expect((await api.put("/tickets/58/demote", { type: "Incident" })).body.ticket.type).toBe("Incident");
  });

  it("lists activities newest first, 20 at a time, continued through next_page_url", async () => {
    for (let i = 0; i < 25; i++) await api.put("/tickets/58", { priority: 1 + (i % 4) });
    const first = await api.get("/tickets/58/activities");
    expect(first.body.activities).toHaveLength(20);
    expect(first.body.activities[0]).toMatchObject({
      actor: { id: ALEX, name: "Alex Morgan" },
      content: "updated priority",
    });
    const next = new URL(first.body.next_page_url);
    expect(next.searchParams.get("start_token")).toBeTruthy();
    const second = await api.get(`/tickets/58/activities`, {
      start_token: next.searchParams.get("start_token") as string,
    });
    expect(second.body.activities.length).toBeGreaterThan(0);
    expect(second.body.activities.at(-1).content).toBe("created a new ticket");
    expect(second.body.next_page_url).toBeNull();
  });

  it("answers the CSAT response of a closed ticket and 404 elsewhere", async () => {
    const rated = [...sim.tenant().collections.csatResponses.values()][0]?._parent_id as number;
    const res = await api.get(`/tickets/${rated}/csat_response`);
    expect(res.body.csat_response).toMatchObject({ overall_rating: 103, overall_rating_text: "Extremely satisfied" });
    expect(res.body.csat_response.questionnaire_responses[0].answers[0].answer_text).toBe("Extremely satisfied");
    expect((await api.get("/tickets/58/csat_response")).status).toBe(404);
  });

  it("adds custom ticket sources (ids from 1001) that tickets then accept", async () => {
    const res = await api.post("/ticket_fields/sources", { name: "Kiosk" });
    expect(res.status).toBe(201);
    expect(res.body.source).toMatchObject({ choice_id: 1001, value: "Kiosk", default: false, visible: true });
    expect((await api.post("/ticket_fields/sources", { name: "phone" })).body.errors[0].code).toBe("duplicate_value");
    const fields = (await api.get("/ticket_form_fields")).body.ticket_fields;
    expect(fields.find((f: { name: string }) => f.name === "source").choices.at(-1)).toEqual({
      id: 1001,
      value: "Kiosk",
    });
    expect((await api.put("/tickets/58", { source: 1001 })).body.ticket.source).toBe(1001);
  });
});

describe("simulator ticket approvals", () => {
  it("requests, reminds and cancels approvals; only cancellation is allowed", async () => {
    const req = await api.post("/tickets/58/approvals", {
      approver_id: 21000000004,
      approval_type: 2,
      email_content: "Please approve",
    });
    expect(req.status).toBe(201);
    const a = req.body.approvals[0];
    expect(a).toMatchObject({
      approver_name: "Elena Petrova",
      approval_status: { id: 0, name: "requested" },
      level: 1,
    });
    expect((await api.get("/tickets/58")).body.ticket).toMatchObject({
      approval_status: 0,
      approval_status_name: "Requested",
    });
    const remind = await api.put(`/tickets/58/approvals/${a.id}/remind`);
    expect([remind.status, remind.text]).toEqual([200, ""]);
    expect((await api.put(`/tickets/58/approvals/${a.id}`, { approval_status: { id: 1 } })).status).toBe(400);
    const cancelled = await api.put(`/tickets/58/approvals/${a.id}`, { approval_status: { id: 3 } });
    expect(cancelled.body.approval.approval_status).toEqual({ id: 3, name: "cancelled" });
    expect((await api.put(`/tickets/58/approvals/${a.id}/remind`)).status).toBe(409);
  });

  it("creates approval groups (levels), cancels with either documented body, and sets the chain rule", async () => {
    const g1 = await api.post("/tickets/58/approval-groups", {
      name: "Managers",
      approval_type: 1,
      notified_to: [21000000004, 21000000007],
    });
    expect(g1.body.approval_group).toMatchObject({
      name: "Managers",
      rule: 1,
      level: 1,
      status: { id: 0, name: "requested" },
    });
    expect(g1.body.approval_group.approvals).toHaveLength(2);
    const g2 = await api.post("/tickets/58/approval-groups", {
      name: "Finance",
      approval_type: 2,
      notified_to: [21000000011],
    });
    expect(g2.body.approval_group.level).toBe(2);
    const chain = await api.put("/tickets/58/approval-chain-rule", { rule: 2 });
    expect(chain.body.approval_chain).toMatchObject({ level: 1, rule: 2, status: { id: 0 } });
    expect(chain.body.approval_chain.approval_groups.map((g: { name: string }) => g.name)).toEqual([
      "Managers",
      "Finance",
    ]);
    const cancel = await api.put(`/tickets/58/approval-groups/${g1.body.approval_group.id}`, { status: 3 });
    expect(cancel.body.approval_group.status).toEqual({ id: 3, name: "cancelled" });
    const cancel2 = await api.put(`/tickets/58/approval-groups/${g2.body.approval_group.id}`, {
      approval_status: { id: 3 },
    });
    expect(cancel2.body.approval_group.status.id).toBe(3);
  });

  it("lists approvals across tickets with a total, and needs a filter besides parent", async () => {
    expect((await api.get("/approvals")).status).toBe(400);
    expect((await api.get("/approvals", { parent: "ticket" })).status).toBe(400);
    const res = await api.get("/approvals", { parent: "ticket", status: "requested" });
    expect(res.body.total).toBe(1);
    expect(res.body.approvals[0]).toMatchObject({ parent: "ticket", approval_group: { name: "Data owner approval" } });
    expect(res.headers.get("link")).toBeNull();
  });
});
