import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest } from "../support/simulator-fixture";

freshSimulatorPerTest();

const problem = {
  subject: "Badge readers offline",
  description: "<p>Doors on floor 2 don't open</p>",
  email: "john.smith@acme.example",
  priority: 3,
  status: 1,
  impact: 2,
  due_by: "2025-06-20T17:00:00Z",
};

const change = {
  subject: "Patch badge controller",
  description: "<p>Firmware 2.1</p>",
  requester_id: 21000000011,
  priority: 2,
  impact: 2,
  status: 1,
  risk: 1,
  change_type: 2,
  planned_start_date: "2025-06-18T20:00:00Z",
  planned_end_date: "2025-06-18T22:00:00Z",
};

describe("simulator problems", () => {
  it("seeds PRB-1 about the VPN with its gateway asset, and hides the trashed duplicate", async () => {
    const res = await api.get("/problems");
    expect(res.body.problems.map((p: { id: number }) => p.id)).toEqual([1, 2, 3]);
    const prb1 = (await api.get("/problems/1")).body.problem;
    expect(prb1.subject).toMatch(/VPN/);
    expect(prb1.assets[0].name).toMatch(/vpn-gw-01/);
    expect(prb1.custom_fields).toEqual({ cf_root_cause_category: "Capacity", cf_vendor_case_number: "PAN-00981234" });
    expect(prb1.analysis_fields.problem_cause.description_text).toMatch(/session table/);
  });

  it("creates with the form's required fields, resolving the requester e-mail", async () => {
    const res = await api.post("/problems", problem);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`http://simulator.test/api/v2/problems/${res.body.problem.id}`);
    expect(res.body.problem).toMatchObject({ id: 5, requester_id: 21000000011, known_error: false, deleted: false });
    expect(res.body.problem.custom_fields).toEqual({ cf_root_cause_category: null, cf_vendor_case_number: null });
    const missing = await api.post("/problems", { subject: "x" });
    expect(missing.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      "description:missing_field",
      "due_by:missing_field",
      "impact:missing_field",
      "priority:missing_field",
      "requester_id:missing_field",
      "status:missing_field",
    ]);
  });

  it("rejects bad enums, unknown attributes, custom dropdown values and a bad category path", async () => {
    const res = await api.post("/problems", {
      ...problem,
      status: 4,
      owner: 1,
      custom_fields: { cf_root_cause_category: "Aliens" },
      category: "Network",
      sub_category: "Printers",
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "status:invalid_value",
      "owner:invalid_field",
      "cf_root_cause_category:invalid_value",
      "sub_category:invalid_value",
    ]);
  });

  it("DELETE trashes with 200 and no body; restore answers 204", async () => {
    const del = await api.delete("/problems/2");
    expect([del.status, del.text]).toEqual([200, ""]);
    expect((await api.get("/problems")).body.problems.map((p: { id: number }) => p.id)).toEqual([1, 3]);
    expect((await api.put("/problems/2", { priority: 1 })).status).toBe(404);
    expect((await api.put("/problems/2/restore")).status).toBe(204);
    expect((await api.get("/problems/2")).body.problem.deleted).toBe(false);
  });

  it("move_workspace maps owner_id to agent_id; workspace_id can't be updated directly", async () => {
    const moved = await api.put("/problems/1/move_workspace", { workspace_id: 3, owner_id: 21000000008 });
    expect(moved.body.problem).toMatchObject({ workspace_id: 3, agent_id: 21000000008 });
    expect((await api.get("/problems")).body.problems.map((p: { id: number }) => p.id)).toEqual([2, 3]);
    expect((await api.get("/problems", { workspace_id: 3 })).body.problems.map((p: { id: number }) => p.id)).toEqual([
      1,
    ]);
    const bad = await api.put("/problems/1", { workspace_id: 2 });
    expect(bad.body.errors).toEqual([
      { field: "workspace_id", message: "workspace_id can't be updated", code: "invalid_field" },
    ]);
  });

  it("notes, tasks (status 1–3) and flat time entries (DELETE 200) hang off a problem", async () => {
    const note = await api.post("/problems/1/notes", { body: "<b>Found it</b>" });
    expect(note.status).toBe(201);
    expect(note.body.note).toMatchObject({ body_text: "Found it", user_id: 21000000001 });
    expect((await api.get("/problems/1/notes")).body.notes).toHaveLength(2);
    expect((await api.delete(`/problems/1/notes/${note.body.note.id}`)).status).toBe(204);
    expect((await api.post("/problems/1/tasks", { title: "t", status: 4 })).body.errors[0].field).toBe("status");
    // Flat body: a `time_entry` wrapper is an unknown attribute here.
    const wrapped = await api.post("/problems/1/time_entries", {
      time_entry: { agent_id: 21000000003, time_spent: "00:30" },
    });
    expect(wrapped.body.errors[0]).toMatchObject({ field: "time_entry", code: "invalid_field" });
    const entry = await api.post("/problems/1/time_entries", { agent_id: 21000000003, time_spent: "00:30" });
    expect(entry.body.time_entry).toMatchObject({ time_spent: "00:30", billable: true, timer_running: false });
    const del = await api.delete(`/problems/1/time_entries/${entry.body.time_entry.id}`);
    expect([del.status, del.text]).toEqual([200, ""]);
    expect((await api.get("/problems/99/notes")).status).toBe(404);
  });

  it("serves the problem form with the tenant's custom fields", async () => {
    const res = await api.get("/problem_form_fields");
    const byName = Object.fromEntries(res.body.problem_fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.subject).toMatchObject({ label: "Title", required: true, default_field: true });
    expect(byName.due_by.required).toBe(true);
    expect(byName.cf_root_cause_category).toMatchObject({
      field_type: "custom_dropdown",
      required: false,
      default_field: false,
    });
    expect(byName.cf_root_cause_category.choices.map((c: { value: string }) => c.value)).toContain("Capacity");
  });
});

describe("simulator changes", () => {
  it("lists with `query` (30 per page, total) or `view`, never both", async () => {
    const q = await api.get("/changes", { query: '"risk:>3 OR change_type:3"' });
    expect(q.body.changes.map((c: { id: number }) => c.id)).toEqual([4, 3]);
    expect(q.body.total).toBe(2);
    const unassigned = await api.get("/changes", { view: "unassigned" });
    expect(unassigned.body.changes.map((c: { id: number }) => c.id)).toEqual([4]);
    expect(unassigned.body).not.toHaveProperty("total");
    expect((await api.get("/changes", { view: "my_open", query: '"status:1"' })).status).toBe(400);
    expect((await api.get("/changes", { query: "status:1" })).status).toBe(400);
    expect((await api.get("/changes", { query: '"colour:1"' })).body.errors[0]).toEqual({
      field: "colour",
      message: "[:invalid_field]",
      code: "invalid_value",
    });
  });

  it("orders by order_by/order_type and filters by requester", async () => {
    const asc = await api.get("/changes", { order_by: "planned_start_date", order_type: "asc" });
    expect(asc.body.changes.map((c: { id: number }) => c.id)).toEqual([3, 4, 1, 2]);
    expect(
      (await api.get("/changes", { requester_id: 21000000001 })).body.changes.map((c: { id: number }) => c.id),
    ).toEqual([1]);
  });

  it("requires change_type, risk and the planned window; end must follow start", async () => {
    const res = await api.post("/changes", { ...change, planned_end_date: "2025-06-17T00:00:00Z", risk: undefined });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["risk", "planned_end_date"]);
    const ok = await api.post("/changes", change);
    expect(ok.status).toBe(201);
    expect(ok.body.change).toMatchObject({ id: 5, approval_status: 4, approval_status_name: "Not Requested" });
  });

  it("won't close without the closure-required custom field", async () => {
    const close = await api.put("/changes/1", { status: 6 });
    expect(close.body.errors).toEqual([
      {
        field: "cf_change_result_explanation",
        message: "It should not be blank as this is a mandatory field",
        code: "missing_field",
      },
    ]);
    const ok = await api.put("/changes/1", { status: 6, custom_fields: { cf_change_result_explanation: "Done" } });
    expect(ok.body.change.status).toBe(6);
    expect((await api.get("/changes/1", { include: "stats" })).body.change.stats.closed_at).toBe(
      "2025-06-16T12:00:00Z",
    );
  });

  it("DELETE is permanent (204) and there is no restore", async () => {
    expect((await api.delete("/changes/2")).status).toBe(204);
    expect((await api.get("/changes/2")).status).toBe(404);
    expect((await api.put("/changes/2/restore")).status).toBe(404);
  });

  it("has change approvals mirroring ticket approvals", async () => {
    const list = await api.get("/changes/1/approvals");
    expect(list.body.approvals.map((a: { approver_name: string }) => a.approver_name)).toEqual([
      "Alex Morgan",
      "Elena Petrova",
    ]);
    expect(list.body.approvals[0]).not.toHaveProperty("email_content");
    const one = await api.get(`/changes/1/approvals/${list.body.approvals[0].id}`);
    expect(one.body.approval).toHaveProperty("email_content");
  });
});

describe("simulator releases", () => {
  it("creates with the release form's required fields and trashes with 200", async () => {
    const missing = await api.post("/releases", { subject: "x" });
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "description",
      "planned_end_date",
      "planned_start_date",
      "priority",
      "release_type",
      "status",
    ]);
    expect((await api.delete("/releases/1")).status).toBe(200);
    expect((await api.put("/releases/1/restore")).status).toBe(204);
  });

  it("shows associated assets and changes, and serves the legacy `filter_name` list as a bare array", async () => {
    const rel1 = (await api.get("/releases/1")).body.release;
    expect(rel1.associated_assets.map((a: { display_id: number }) => a.display_id)).toEqual([101, 102]);
    expect((await api.get("/releases/2")).body.release.associated_changes[0].id).toBe(2);
    const legacy = await api.get("/releases", { filter_name: "completed" });
    expect(Array.isArray(legacy.body)).toBe(true);
    expect(legacy.body).toEqual([
      expect.objectContaining({
        display_id: 2,
        status_name: "Completed",
        custom_field_values: { cf_release_train: "Hotfix" },
      }),
    ]);
  });

  it("serves change and release form fields", async () => {
    const changes = (await api.get("/change_form_fields")).body.change_fields;
    expect(changes.find((f: { name: string }) => f.name === "change_plan")).toMatchObject({
      position: null,
      required: false,
    });
    expect(changes.find((f: { name: string }) => f.name === "cf_change_result_explanation")).toMatchObject({
      required: false,
      required_for_closure: true,
    });
    const releases = (await api.get("/release_form_fields")).body.release_fields;
    expect(releases.filter((f: { required: boolean }) => f.required).map((f: { name: string }) => f.name)).toEqual([
      "workspace_id",
      "subject",
      "description",
      "planned_start_date",
      "planned_end_date",
      "status",
      "priority",
      "release_type",
    ]);
  });
});

describe("simulator CABs", () => {
  it("updates with PATCH (add/remove members), rejects PUT with 405 and charges member_details as 3 calls", async () => {
    const cabs = (await api.get("/cabs")).body.cabs;
    const standard = cabs.find((c: { name: string }) => c.name === "Standard CAB");
    const patched = await api.request("PATCH", `/cabs/${standard.id}`, {
      body: { add_members: [21000000010], remove_members: [21000000001] },
    });
    expect(patched.body.cab.members).not.toContain(21000000001);
    expect(patched.body.cab.members).toContain(21000000010);
    const put = await api.put(`/cabs/${standard.id}`, { name: "x" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, PATCH, DELETE");
    const details = await api.get(`/cabs/${standard.id}`, { include: "member_details" });
    expect(details.headers.get("x-ratelimit-used-currentrequest")).toBe("3");
    expect(details.body.cab.member_details[0]).toEqual({
      id: expect.any(Number),
      name: expect.any(String),
      email: expect.any(String),
    });
    expect((await api.delete(`/cabs/${standard.id}`)).status).toBe(204);
  });
});
