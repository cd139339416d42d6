import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

const project = (key: string) =>
  [...sim.tenant().collections.projects.values()].find((p) => p.key === key)?.id as number;

describe("simulator projects (/pm)", () => {
  it("lists with filters, creates with a derived key, archives and restores (200)", async () => {
    expect(
      (await api.get("/pm/projects", { filter: "in_progress" })).body.projects.map((p: { key: string }) => p.key),
    ).toEqual(["WIFI"]);
    const res = await api.post("/pm/projects", {
      name: "Data centre exit",
      project_type: 1,
      custom_fields: { cf_business_unit: "IT" },
    });
    expect(res.body.project).toMatchObject({
      key: "DCE",
      status_id: 1,
      priority_id: 2,
      visibility: 1,
      archived: false,
    });
    expect((await api.post("/pm/projects", { name: "x", project_type: 1, key: "wifi" })).body.errors[0].code).toBe(
      "duplicate_value",
    );
    expect(
      (await api.post("/pm/projects", { name: "x", project_type: 2, key: "1AB" })).body.errors.map(
        (e: { field: string }) => e.field,
      ),
    ).toEqual(["project_type", "key"]);
    // The key is not read-only: an update changes it under the create rules (uppercased, unique, letter first).
    const renamed = await api.put(`/pm/projects/${res.body.project.id}`, { key: "dcx" });
    expect([renamed.status, renamed.body.project.key]).toEqual([200, "DCX"]);
    expect((await api.put(`/pm/projects/${res.body.project.id}`, { key: "Spr" })).body.errors[0].code).toBe(
      "duplicate_value",
    );
    expect((await api.put(`/pm/projects/${res.body.project.id}`, { key: "9X" })).status).toBe(400);
    const archived = await api.post(`/pm/projects/${res.body.project.id}/archive`);
    expect([archived.status, archived.body.project.archived]).toEqual([200, true]);
    expect((await api.get("/pm/projects", { filter: "archived" })).body.projects).toHaveLength(1);
    expect((await api.post(`/pm/projects/${res.body.project.id}/restore`)).body.project.archived).toBe(false);
    expect(
      (await api.get("/pm/project-fields")).body.project_fields.find((f: { name: string }) => f.name === "name")
        .mandatory,
    ).toBe(true);
  });

  it("creates tasks with display keys and searches them with `tasks/filter` (total)", async () => {
    const wifi = project("WIFI");
    const types = (await api.get(`/pm/projects/${wifi}/task-types`)).body.task_types;
    const res = await api.post(`/pm/projects/${wifi}/tasks`, {
      title: "Decommission old APs",
      type_id: types[0].id,
      planned_effort: "1d 4h",
    });
    expect(res.body.task).toMatchObject({ display_key: "WIFI-4", project_id: wifi, priority_id: 2 });
    expect(
      (await api.post(`/pm/projects/${wifi}/tasks`, { title: "x", type_id: types[0].id, planned_effort: "soon" }))
        .status,
    ).toBe(400);
    const high = await api.get(`/pm/projects/${wifi}/tasks/filter`, { query: '"priority_id:3"' });
    expect(high.body.total).toBe(1);
    expect(high.body.tasks[0].title).toBe("Install and configure access points");
    expect((await api.get(`/pm/projects/${wifi}/tasks/filter`, { query: "priority_id:3" })).status).toBe(400);
    expect((await api.get(`/pm/projects/${wifi}/tasks`, { filter: "unresolved" })).body.tasks).toHaveLength(3);
    const spr = project("SPR");
    const sprints = (await api.get(`/pm/projects/${spr}/sprints`)).body.sprints;
    expect(
      (await api.post(`/pm/projects/${wifi}/tasks`, { title: "x", type_id: types[0].id, sprint_id: sprints[0].id }))
        .body.errors[0].field,
    ).toBe("sprint_id");
  });

  it("keeps task notes in a `notes` list even for one note", async () => {
    const wifi = project("WIFI");
    const task = [...sim.tenant().collections.projectTasks.values()].find((t) => t.display_key === "WIFI-2")?.id;
    const created = await api.post(`/pm/projects/${wifi}/tasks/${task}/notes`, { content: "<p>PO approved</p>" });
    expect(created.body.notes).toHaveLength(1);
    expect((await api.get(`/pm/projects/${wifi}/tasks/${task}/notes`)).body.notes).toHaveLength(2);
    expect((await api.delete(`/pm/projects/${wifi}/tasks/${task}/notes/${created.body.notes[0].id}`)).status).toBe(204);
  });

  it("associates tickets, problems, changes and assets with projects and tasks", async () => {
    const wifi = project("WIFI");
    // Seeded: the Wi-Fi ticket is already linked to the project.
    const wifiTicket = [...sim.tenant().tickets.values()].find(
      (t) => t.subject === "Wi-Fi drops in the 3rd floor meeting rooms",
    )?.id;
    const linked = await api.post(`/pm/projects/${wifi}/tickets`, { ids: [58, 9999] });
    expect(linked.body).toEqual([
      { id: 58, http_code: 201 },
      { id: 9999, http_code: 404 },
    ]);
    expect((await api.post(`/pm/projects/${wifi}/tickets`, { ids: [58] })).body).toEqual([{ id: 58, http_code: 409 }]);
    expect((await api.get(`/pm/projects/${wifi}/tickets`)).body.tickets.map((t: { id: number }) => t.id)).toEqual([
      wifiTicket,
      58,
    ]);
    expect((await api.delete(`/pm/projects/${wifi}/tickets/58`)).status).toBe(204);
    expect((await api.delete(`/pm/projects/${wifi}/tickets/58`)).status).toBe(404);
    const task = [...sim.tenant().collections.projectTasks.values()].find((t) => t.display_key === "WIFI-3")?.id;
    await api.post(`/pm/projects/${wifi}/tasks/${task}/assets`, { ids: [137] });
    expect((await api.get(`/pm/projects/${wifi}/tasks/${task}/assets`)).body.assets[0].display_id).toBe(137);
    expect((await api.post(`/pm/projects/${wifi}/changes`, {})).body.errors[0]).toMatchObject({
      field: "ids",
      code: "missing_field",
    });
    expect((await api.delete(`/pm/projects/${wifi}/attachments/1`)).status).toBe(404);
    // The seeded plan on the project: deleted once, then gone.
    const plan = (sim.tenant().collections.projects.get(wifi)?._attachments as { id: number }[] | undefined)?.[0]?.id;
    expect(plan).toBeDefined();
    expect((await api.delete(`/pm/projects/${wifi}/attachments/${plan}`)).status).toBe(204);
    expect((await api.delete(`/pm/projects/${wifi}/attachments/${plan}`)).status).toBe(404);
  });

  it("adds members through a job", async () => {
    const wifi = project("WIFI");
    const res = await api.post(`/pm/projects/${wifi}/members`, {
      members: [{ email: "priya.shah@acme.example", role: "viewer" }, { email: "nobody@x.example" }],
    });
    const jobUrl = new URL(res.body.scheduled_process_status);
    const job = await api.get(jobUrl.pathname.replace("/api/v2", ""));
    expect(job.body.status).toBe("partial");
    const members = (await api.get(`/pm/projects/${wifi}/memberships`)).body.memberships;
    expect(members.find((m: { email: string }) => m.email === "priya.shah@acme.example").access_type).toBe(1);
  });
});

describe("simulator account configuration", () => {
  it("uses the same `business_hours` key for one and many", async () => {
    const list = (await api.get("/business_hours")).body.business_hours;
    expect(list.map((b: { name: string }) => b.name)).toEqual(["Default business hours", "London office hours"]);
    const one = await api.get(`/business_hours/${list[0].id}`);
    expect(one.body.business_hours.service_desk_hours.monday).toEqual({
      beginning_of_workday: "08:00",
      end_of_workday: "17:00",
    });
    expect(one.body.business_hours.service_desk_hours).not.toHaveProperty("saturday");
    expect((await api.get("/business_hours", { workspace_id: 1 })).body.business_hours).toHaveLength(1);
  });

  it("lists SLA policies (global + primary by default, 1 = global only)", async () => {
    expect((await api.get("/sla_policies")).body.sla_policies).toHaveLength(2);
    const global = (await api.get("/sla_policies", { workspace_id: 1 })).body.sla_policies;
    expect(global.map((p: { name: string }) => p.name)).toEqual(["Default SLA Policy"]);
    expect(global[0].sla_targets[0]).toEqual({
      priority: 4,
      respond_within: 3600,
      resolve_within: 14400,
      business_hours: true,
      escalation_enabled: true,
    });
    expect((await api.get(`/sla_policies/${global[0].id}`)).status).toBe(404);
  });

  it("serves canned responses and folders read-only", async () => {
    const folders = (await api.get("/canned_response_folders")).body.canned_response_folders;
    const network = folders.find((f: { name: string }) => f.name === "Network & VPN");
    expect(network.responses_count).toBe(1);
    expect((await api.get(`/canned_response_folders/${network.id}`)).body.canned_response_folder.name).toBe(
      "Network & VPN",
    );
    const inFolder = (await api.get(`/canned_response_folders/${network.id}/canned_responses`)).body.canned_responses;
    expect(inFolder[0].title).toBe("VPN reset steps");
    expect((await api.get(`/canned_responses/${inFolder[0].id}`)).body.canned_response.content_html).toMatch(
      /GlobalProtect/,
    );
    expect((await api.get("/canned_responses", { workspace_id: 1 })).body.canned_responses).toHaveLength(2);
    expect((await api.post("/canned_responses", { title: "x" })).status).toBe(405);
  });

  it("creates announcements, filters by state and deletes with 200", async () => {
    expect(
      (await api.get("/announcements", { state: "scheduled" })).body.announcements.map(
        (a: { title: string }) => a.title,
      ),
    ).toEqual(["Laptop refresh programme opens next week"]);
    const res = await api.post("/announcements", {
      title: "Fire drill",
      body_html: "<p>At <b>3pm</b></p>",
      visible_from: "2025-06-16T00:00:00Z",
    });
    expect(res.body.announcement).toMatchObject({
      body: "At 3pm",
      state: "active",
      visibility: "everyone",
      created_by: 21000000001,
    });
    const bad = await api.post("/announcements", {
      title: "x",
      body_html: "y",
      visible_from: "2025-06-16",
      visible_till: "2025-06-01",
      visibility: "all",
    });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["visibility", "visible_till"]);
    const del = await api.delete(`/announcements/${res.body.announcement.id}`);
    expect([del.status, del.text]).toEqual([200, ""]);
  });

  it("starts an audit-log export with POST and validates its window and filters", async () => {
    const res = await api.post("/audit_log/export", {
      since: "2025-06-01T00:00:00Z",
      before: "2025-06-15T00:00:00Z",
      filters: { type: ["agent"] },
    });
    expect(res.status).toBe(200);
    const bad = await api.post("/audit_log/export", {
      since: "2025-06-15",
      before: "2025-06-01",
      filters: { type: ["tickets"], colour: 1 },
    });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "before",
      "filters.colour",
      "filters.type",
    ]);
    expect((await api.get("/audit_log/export")).status).toBe(405);
  });
});

describe("simulator offboarding", () => {
  it("serves the offboarding form and creates a request with its tickets (source 18)", async () => {
    const form = (await api.get("/offboarding_requests/form")).body.fields;
    expect(form.map((f: { name: string }) => f.name)).toEqual([
      "cf_employee",
      "cf_last_working_day",
      "cf_offboarding_reason",
      "actor_2",
      "cf_recover_laptop",
    ]);
    const missing = await api.post("/offboarding_requests", { fields: { cf_employee: "john.smith@acme.example" } });
    expect(missing.body.errors).toEqual([
      {
        field: "cf_last_working_day",
        message: "It should not be blank as this is a mandatory field",
        code: "missing_field",
      },
    ]);
    const res = await api.post("/offboarding_requests", {
      fields: {
        cf_employee: "john.smith@acme.example",
        cf_last_working_day: "2025-06-30",
        actor_2: 21000000004,
        cf_recover_laptop: true,
      },
    });
    expect(res.status).toBe(201);
    // Request 1 is the seeded one.
    expect(res.body.offboarding_request).toMatchObject({
      id: 2,
      subject: "Employee Offboarding Request for John Smith",
      status: 1,
    });
    expect(res.body.offboarding_request.actors["Reporting Manager"].name).toBe("Elena Petrova");
    const tickets = (await api.get("/offboarding_requests/2/tickets")).body.offboarding_tickets;
    expect(tickets.map((t: { parent: boolean }) => t.parent)).toEqual([true, false]);
    const parent = await api.get(`/tickets/${tickets[0].id}`, { include: "offboarding_context" });
    expect(parent.body.ticket).toMatchObject({ source: 18, offboarding_context: { offboarding_request_id: 2 } });
    expect((await api.get("/offboarding_requests")).body.offboarding_requests).toHaveLength(2);
  });
});

describe("simulator solution article approval", () => {
  it("sends a draft article for approval and refuses published ones", async () => {
    const draft = [...sim.tenant().solutionArticles.values()].find((a) => a.status === 1);
    const res = await api.put(`/solutions/articles/${draft?.id}/send_for_approval`);
    expect(res.body.article).toMatchObject({ id: draft?.id, approval_status: 0 });
    expect(res.body.article.approvals).toEqual([
      expect.objectContaining({ approver_id: 21000000001, approval_status: { id: 0, name: "requested" } }),
    ]);
    expect((await api.put(`/solutions/articles/${draft?.id}/send_for_approval`)).status).toBe(400);
    expect((await api.put("/solutions/articles/21000150001/send_for_approval")).status).toBe(400);
  });
});
