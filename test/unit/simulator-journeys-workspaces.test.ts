import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

const configNamed = async (name: string) =>
  (await api.get("/journeys/configs")).body.journey_configs.find((c: { name: string }) => c.name === name);

describe("simulator journeys", () => {
  it("lists configs and their data fields", async () => {
    const newHire = await configNamed("New hire journey");
    const fields = (await api.get(`/journeys/configs/${newHire.id}/data-fields`)).body.fields;
    expect(fields.map((f: { name: string; required: boolean }) => [f.name, f.required])).toEqual([
      ["cf_start_date", true],
      ["cf_laptop", true],
      ["cf_buddy", false],
      ["cf_notes", false],
    ]);
    expect(fields[2]).toMatchObject({ type: "custom_lookup_bigint", data_source: "5", deleted: false });
  });

  it("creates requests validated against the config and numbers them JNY-n", async () => {
    const newHire = await configNamed("New hire journey");
    const bad = await api.post("/journeys/requests", {
      journey_id: newHire.id,
      initiator_data: { request_for: "nobody@x.example", custom_fields: { cf_laptop: "Chromebook", cf_colour: "red" } },
    });
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "initiator_data.request_for:invalid_value",
      "cf_laptop:invalid_value",
      "cf_colour:invalid_field",
      "cf_start_date:missing_field",
    ]);
    const res = await api.post("/journeys/requests", {
      journey_id: newHire.id,
      initiator_data: {
        request_for: "john.smith@acme.example",
        custom_fields: {
          cf_start_date: "2025-07-01",
          cf_laptop: "MacBook Pro M3",
          cf_buddy: "joanna.park@acme.example",
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.journey_request).toMatchObject({
      human_display_id: "JNY-4",
      status: "INITIATED",
      initiator_data: { request_for: 21000000011 },
    });
    expect((await api.post("/journeys/requests", { journey_id: 1 })).status).toBe(400);
  });

  it("lists with filter/order_type and filters with the JSON view body", async () => {
    const completed = await api.get("/journeys/requests", { filter: "completed" });
    expect(completed.body.journey_requests.map((r: { human_display_id: string }) => r.human_display_id)).toEqual([
      "JNY-1",
    ]);
    const asc = await api.get("/journeys/requests", { order_type: "asc" });
    expect(asc.body.journey_requests.map((r: { human_display_id: string }) => r.human_display_id)).toEqual([
      "JNY-1",
      "JNY-3",
      "JNY-2",
    ]);
    // Paged as documented: a meta object, no Link header.
    expect(asc.body.meta).toEqual({ page: 1, per_page: 30, count: 3, has_next: false });
    const first = await api.get("/journeys/requests", { order_type: "asc", per_page: "2" });
    expect(first.body.meta).toEqual({ page: 1, per_page: 2, count: 2, has_next: true });
    expect(first.headers.get("link")).toBeNull();
    const second = await api.get("/journeys/requests", { order_type: "asc", per_page: "2", page: "2" });
    expect(second.body.journey_requests.map((r: { human_display_id: string }) => r.human_display_id)).toEqual([
      "JNY-2",
    ]);
    expect(second.body.meta).toMatchObject({ page: 2, count: 1, has_next: false });
    const view = await api.post("/journeys/requests/view", {
      data: { query: { filter: [{ attributes: [{ field: "status", operator: "is_in", value: [1, 3] }] }] } },
    });
    expect(view.body.journey_requests.map((r: { status: string }) => r.status).sort()).toEqual([
      "FAILED",
      "IN_PROGRESS",
    ]);
    // 30 per page with a meta object, as documented; page 2 of two matches is empty.
    expect(view.body.meta).toEqual({ page: 1, per_page: 30, count: 2, has_next: false });
    const beyond = await api.post("/journeys/requests/view?page=2", {
      data: { query: { filter: [{ attributes: [{ field: "status", operator: "is_in", value: [1, 3] }] }] } },
    });
    expect(beyond.body).toMatchObject({ journey_requests: [], meta: { page: 2, count: 0, has_next: false } });
    const window = await api.post("/journeys/requests/view", {
      data: {
        query: {
          filter: [
            { attributes: [{ field: "created_at", operator: "is_between", value: ["2025-06-01", "2025-06-30"] }] },
          ],
        },
      },
    });
    expect(window.body.journey_requests.map((r: { human_display_id: string }) => r.human_display_id)).toEqual([
      "JNY-2",
      "JNY-3",
    ]);
    const bad = await api.post("/journeys/requests/view", {
      data: { query: { filter: [{ attributes: [{ field: "colour", operator: "is", value: 1 }] }] } },
    });
    expect(bad.status).toBe(400);
  });

  it("updates with PUT or PATCH, cancels only running journeys, shows activities and deletes (204)", async () => {
    const running = [...sim.tenant().collections.journeyRequests.values()].find((r) => r.status === "IN_PROGRESS")?.id;
    const patched = await api.request("PATCH", `/journeys/requests/${running}`, {
      body: { initiator_data: { custom_fields: { cf_notes: "Prefers a standing desk" } } },
    });
    expect(patched.body.journey_request.initiator_data.custom_fields.cf_notes).toBe("Prefers a standing desk");
    expect((await api.put(`/journeys/requests/${running}/cancel`)).body.journey_request.status).toBe("CANCELLED");
    expect((await api.put(`/journeys/requests/${running}/cancel`)).status).toBe(409);
    const acts = (await api.get(`/journeys/requests/${running}/activities`)).body.activities;
    expect(acts.at(-1).title).toBe("Journey cancelled");
    const tasks = (await api.get(`/journeys/requests/${running}/activities`, { activity_type: "TASK" })).body
      .activities;
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks)
      expect(task).toMatchObject({ activity_type: "TASK", title: expect.any(String), status: expect.any(String) });
    expect(tasks[0]).toHaveProperty("assignee.id");
    expect(tasks[0]).toHaveProperty("due_date");
    expect(tasks[0]).toHaveProperty("phase.name");
    expect((await api.delete(`/journeys/requests/${running}`)).status).toBe(204);
    expect((await api.get(`/journeys/requests/${running}`)).status).toBe(404);
  });
});

describe("simulator workspaces", () => {
  it("filters the list by name and state with the quoted query", async () => {
    const hr = await api.get("/workspaces", { query: `"name:'HR'"` });
    expect(hr.body.workspaces.map((w: { id: number }) => w.id)).toEqual([3]);
    expect((await api.get("/workspaces", { query: `"state:'archived'"` })).status).toBe(400);
  });

  it("creates on the singular path, updates and deletes, protecting the system workspaces", async () => {
    const res = await api.post("/workspace", {
      name: "Facilities",
      state: "active",
      metadata: {
        email_domains: ["facilities.acme.example"],
        primary_contact: { first_name: "Zoe", email: "zoe.martin@acme.example" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.workspace).toMatchObject({ id: 4, name: "Facilities", primary: false });
    expect(res.headers.get("location")).toBe("http://simulator.test/api/v2/workspaces/4");
    expect((await api.post("/workspaces", { name: "x" })).status).toBe(405);
    expect((await api.post("/workspace", { name: "x", metadata: { colour: 1 } })).body.errors[0].field).toBe(
      "metadata.colour",
    );
    expect((await api.put("/workspaces/4", { state: "inactive" })).body.workspace.state).toBe("inactive");
    expect((await api.put("/workspaces/2", { name: "Tech" })).status).toBe(400);
    expect((await api.delete("/workspaces/3")).status).toBe(400);
    expect((await api.delete("/workspaces/4")).status).toBe(204);
    const fields = (await api.get("/workspace_form_fields")).body.workspace_form_fields;
    expect(fields[0]).toMatchObject({ name: "name", type: "text", required: true });
    expect(fields.find((f: { name: string }) => f.name === "state").choices[0]).toMatchObject({
      value: "active",
      custom: false,
    });
  });
});
