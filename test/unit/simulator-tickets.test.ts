import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator, DEFAULT_API_KEY } from "../../simulator/simulator";
import { api, freshSimulatorPerTest, NOW, sim } from "../support/simulator-fixture";

const DAY = 86_400_000;

freshSimulatorPerTest();

const valid = {
  email: "john.smith@acme.example",
  subject: "Mouse broken",
  description: "<p>It clicks twice</p>",
  status: 2,
  priority: 1,
};

describe("simulator tickets: seed", () => {
  it("has ~60 tickets over ~90 days with mixed status and priority, incl. an open VPN ticket", () => {
    const tickets = [...sim.tenant().tickets.values()];
    expect(tickets.length).toBeGreaterThanOrEqual(60);
    const oldest = Math.min(...tickets.map((t) => Date.parse(t.created_at)));
    expect(NOW - oldest).toBeGreaterThan(85 * DAY);
    expect(new Set(tickets.map((t) => t.status))).toEqual(new Set([2, 3, 4, 5]));
    expect(new Set(tickets.map((t) => t.priority))).toEqual(new Set([1, 2, 3, 4]));
    const vpn = tickets.find((t) => /vpn/i.test(t.subject ?? "") && t.status === 2 && !t.deleted && !t.spam);
    expect(vpn).toBeDefined();
    expect(vpn?.custom_fields.cf_impacted_service).toBe("VPN");
  });
});

describe("simulator tickets: list", () => {
  it("defaults to tickets created in the last 30 days, newest first, excluding spam and deleted", async () => {
    const res = await api.get("/tickets", { per_page: 100 });
    const list = res.body.tickets as Array<{
      created_at: string;
      spam: boolean;
      deleted: boolean;
      workspace_id: number;
    }>;
    expect(list.length).toBeGreaterThan(10);
    for (const t of list) {
      expect(NOW - Date.parse(t.created_at)).toBeLessThanOrEqual(30 * DAY);
      expect(t.spam || t.deleted).toBe(false);
      expect(t.workspace_id).toBe(2);
    }
    const sorted = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
    expect(list).toEqual(sorted);
    expect(res.body.tickets[0]).not.toHaveProperty("stats");
    expect(res.body.tickets[0]).not.toHaveProperty("watcher_ids");
  });

  it("updated_since lifts the 30-day window", async () => {
    const recent = await api.get("/tickets", { per_page: 100 });
    const all = await api.get("/tickets", { per_page: 100, updated_since: "2025-01-01T00:00:00Z" });
    expect(all.body.tickets.length).toBeGreaterThan(recent.body.tickets.length);
    expect((await api.get("/tickets", { updated_since: "yesterday" })).status).toBe(400);
  });

  it("supports filter=spam|deleted|watching|new_and_my_open, requester_id, email, type and workspace_id", async () => {
    const since = { updated_since: "2024-01-01", per_page: 100 };
    const spam = await api.get("/tickets", { ...since, filter: "spam" });
    expect(spam.body.tickets.length).toBe(1);
    const deleted = await api.get("/tickets", { ...since, filter: "deleted" });
    expect(deleted.body.tickets.every((t: { deleted: boolean }) => t.deleted)).toBe(true);
    const watching = await api.get("/tickets", { ...since, filter: "watching" });
    expect(watching.body.tickets.length).toBeGreaterThan(0);
    const mine = await api.get("/tickets", { ...since, filter: "new_and_my_open" });
    const me = sim.tenant().currentAgentId;
    for (const t of mine.body.tickets)
      expect(t.status === 2 && (t.responder_id === null || t.responder_id === me)).toBe(true);
    const john = [...sim.tenant().requesters.values()].find((r) => r.first_name === "John");
    const byId = await api.get("/tickets", { ...since, requester_id: String(john?.id) });
    const byEmail = await api.get("/tickets", { ...since, email: "JOHN.SMITH@acme.example" });
    expect(byId.body.tickets.length).toBeGreaterThan(0);
    expect(byEmail.body.tickets).toEqual(byId.body.tickets);
    const srs = await api.get("/tickets", { ...since, type: "Service Request" });
    expect(srs.body.tickets.every((t: { type: string }) => t.type === "Service Request")).toBe(true);
    const hr = await api.get("/tickets", { ...since, workspace_id: 3 });
    expect(hr.body.tickets.length).toBe(3);
    const everything = await api.get("/tickets", { ...since, workspace_id: 0 });
    expect(everything.body.tickets.length).toBeGreaterThan(hr.body.tickets.length);
    expect((await api.get("/tickets", { filter: "bogus" })).status).toBe(400);
  });

  it("order_type=asc reverses the order; include=stats embeds stats", async () => {
    const res = await api.get("/tickets", { order_type: "asc", include: "stats,requester" });
    const dates = res.body.tickets.map((t: { created_at: string }) => t.created_at);
    expect(dates).toEqual([...dates].sort());
    expect(res.body.tickets[0].stats).toHaveProperty("resolved_at");
    expect(res.body.tickets[0].requester).toHaveProperty("email");
    expect((await api.get("/tickets", { include: "conversations" })).status).toBe(400);
  });
});

describe("simulator tickets: filter endpoint", () => {
  it("returns tickets and total for a quoted query", async () => {
    const res = await api.get("/tickets/filter", { query: "\"status:2 AND tag:'vpn'\"" });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.tickets.length);
    expect(res.body.tickets.map((t: { subject: string }) => t.subject)).toContain(
      "VPN keeps disconnecting when working from home",
    );
  });

  it("filters on custom fields and dates", async () => {
    const res = await api.get("/tickets/filter", {
      query: "\"cf_impacted_service:'VPN' AND created_at:>'2025-01-01'\"",
    });
    expect(res.body.total).toBeGreaterThan(0);
    for (const t of res.body.tickets) expect(t.custom_fields.cf_impacted_service).toBe("VPN");
    const urgent = await api.get("/tickets/filter", { query: '"priority:4 OR priority:3"' });
    expect(urgent.body.tickets.every((t: { priority: number }) => t.priority >= 3)).toBe(true);
  });

  it.each([
    ["priority:3", "query"],
    [`"status:'open'"`, "status"],
    ['"status:open"', "query"],
    ['"time_period:3"', "time_period"],
    ["\"cf_impacted_service:'Fax'\"", "cf_impacted_service"],
    ['"status:2 AND"', "query"],
  ])("400 for %s (field %s)", async (query, field) => {
    const res = await api.get("/tickets/filter", { query });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe(field);
  });

  it("searches the primary workspace unless a workspace is named", async () => {
    const hr = await api.get("/tickets/filter", { query: '"workspace_id:3"' });
    expect(hr.body.total).toBe(3);
    const all = await api.get("/tickets/filter", { query: '"priority:>1"', workspace_id: 0 });
    const primary = await api.get("/tickets/filter", { query: '"priority:>1"' });
    expect(all.body.total).toBeGreaterThan(primary.body.total);
  });

  it("reports an unknown field the Freshservice way", async () => {
    const res = await api.get("/tickets/filter", { query: '"time_period:3"' });
    expect(res.body).toEqual({
      description: "Validation failed",
      errors: [{ field: "time_period", message: "[:invalid_field]", code: "invalid_value" }],
    });
  });
});

describe("simulator tickets: filter on a workspace's own custom fields", () => {
  // HR (3) has its own dropdown and number; IT, the primary workspace (2), its own checkbox.
  freshSimulatorPerTest(NOW, {
    workspaceTicketCustomFields: {
      3: [
        { name: "cf_hr_case", label: "HR case", type: "custom_dropdown", choices: ["Payroll", "Leave"] },
        { name: "cf_days", label: "Days off", type: "custom_number" },
      ],
      2: [{ name: "cf_on_site", label: "On site", type: "custom_checkbox" }],
    },
  });
  const filter = (query: string, workspace_id?: number) =>
    api.get("/tickets/filter", { query: `"${query}"`, ...(workspace_id === undefined ? {} : { workspace_id }) });
  const ids = (res: { body: { tickets: { id: number }[] } }) => res.body.tickets.map((t) => t.id).sort();
  const create = async (body: Record<string, unknown>) => {
    const res = await api.post("/tickets", { ...valid, ...body });
    expect(res.status).toBe(201);
    return res.body.ticket.id as number;
  };
  const unknownField = (field: string) => ({
    description: "Validation failed",
    errors: [{ field, message: "[:invalid_field]", code: "invalid_value" }],
  });

  it("takes the global fields and that workspace's own, their choices checked", async () => {
    const payroll = await create({
      workspace_id: 3,
      custom_fields: { cf_hr_case: "Payroll", cf_days: 4, cf_impacted_service: "HR Portal" },
    });
    const leave = await create({ workspace_id: 3, custom_fields: { cf_hr_case: "Leave", cf_days: 2 } });
    expect(ids(await filter("cf_hr_case:'Payroll' AND cf_days:>3", 3))).toEqual([payroll]);
    expect(ids(await filter("cf_days:<3 OR cf_impacted_service:'HR Portal'", 3))).toEqual([payroll, leave].sort());
    expect(ids(await filter("cf_hr_case:'Leave' AND priority:1", 3))).toEqual([leave]);
    const bad = await filter("cf_hr_case:'Bonus'", 3);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("cf_hr_case");
    // Another workspace's field is unknown there.
    expect((await filter("cf_on_site:true", 3)).body).toEqual(unknownField("cf_on_site"));
  });

  it("without workspace_id (or with 2), the primary workspace's fields", async () => {
    const onSite = await create({ custom_fields: { cf_on_site: true } });
    await create({ workspace_id: 3, custom_fields: { cf_hr_case: "Leave" } });
    for (const workspace of [undefined, 2]) {
      const res = await filter("cf_on_site:true", workspace);
      expect(res.status, String(workspace)).toBe(200);
      expect(ids(res)).toEqual([onSite]);
      expect((await filter("cf_hr_case:'Leave'", workspace)).body).toEqual(unknownField("cf_hr_case"));
    }
  });

  it("with workspace_id=0, every workspace but only the global fields", async () => {
    const hr = await create({ workspace_id: 3, custom_fields: { cf_hr_case: "Payroll", cf_impacted_service: "VPN" } });
    const all = await filter("cf_impacted_service:'VPN'", 0);
    expect(all.status).toBe(200);
    expect(ids(all)).toContain(hr);
    expect(ids(all).length).toBeGreaterThan(ids(await filter("cf_impacted_service:'VPN'")).length);
    expect((await filter("cf_hr_case:'Payroll'", 0)).body).toEqual(unknownField("cf_hr_case"));
    expect((await filter("cf_on_site:true", 0)).body).toEqual(unknownField("cf_on_site"));
  });
});

describe("simulator tickets: create", () => {
  it("creates with 201, Location and defaults", async () => {
    const res = await api.post("/tickets", { ...valid, tags: ["hardware"], cc_emails: ["boss@acme.example"] });
    expect(res.status).toBe(201);
    const t = res.body.ticket;
    expect(res.headers.get("location")).toBe(`http://simulator.test/api/v2/tickets/${t.id}`);
    expect(t).toMatchObject({
      subject: "Mouse broken",
      description_text: "It clicks twice",
      source: 2,
      type: "Incident",
      status: 2,
      deleted: false,
    });
    expect(t.created_at).toBe("2025-06-16T12:00:00Z");
    expect(t.custom_fields).toEqual({
      cf_impacted_service: null,
      cf_device_type: null,
      cf_device_model: null,
      cf_affected_users: null,
      cf_vip: false,
    });
    expect(sim.tenant().tickets.get(t.id)?.tags).toEqual(["hardware"]);
  });

  it("auto-creates a requester for an unknown e-mail", async () => {
    const res = await api.post("/tickets", { ...valid, email: "newbie@acme.example" });
    expect(res.status).toBe(201);
    const requester = sim.tenant().requesters.get(res.body.ticket.requester_id);
    expect(requester?.primary_email).toBe("newbie@acme.example");
  });

  it.each([
    ["no requester", { subject: "s", description: "d", status: 2, priority: 1 }, "requester_id", "missing_field"],
    ["no description", { email: "a@b.co", subject: "s", status: 2, priority: 1 }, "description", "missing_field"],
    ["no subject", { email: "a@b.co", description: "d", status: 2, priority: 1 }, "subject", "missing_field"],
    ["no status", { email: "a@b.co", subject: "s", description: "d", priority: 1 }, "status", "missing_field"],
    ["no priority", { email: "a@b.co", subject: "s", description: "d", status: 2 }, "priority", "missing_field"],
    ["bad status", { ...valid, status: 9 }, "status", "invalid_value"],
    ["bad priority", { ...valid, priority: 5 }, "priority", "invalid_value"],
    ["status as string", { ...valid, status: "open" }, "status", "datatype_mismatch"],
    ["bad source", { ...valid, source: 99 }, "source", "invalid_value"],
    ["bad type", { ...valid, type: "Problem" }, "type", "invalid_value"],
    ["unknown attribute", { ...valid, ticket_scope: 1 }, "ticket_scope", "invalid_field"],
    ["unknown requester", { ...valid, email: undefined, requester_id: 42 }, "requester_id", "invalid_value"],
    ["unknown agent", { ...valid, responder_id: 42 }, "responder_id", "invalid_value"],
    ["bad e-mail", { ...valid, email: "not-an-email" }, "email", "invalid_value"],
    ["unknown custom field", { ...valid, custom_fields: { cf_nope: 1 } }, "cf_nope", "invalid_field"],
    [
      "bad dropdown choice",
      { ...valid, custom_fields: { cf_impacted_service: "Fax" } },
      "cf_impacted_service",
      "invalid_value",
    ],
    [
      "bad nested child",
      { ...valid, custom_fields: { cf_device_type: "Phone", cf_device_model: "MacBook Pro M3" } },
      "cf_device_model",
      "invalid_value",
    ],
    ["bad category", { ...valid, category: "Hardware", sub_category: "VPN" }, "sub_category", "invalid_value"],
    ["unknown asset", { ...valid, assets: [{ display_id: 9999 }] }, "assets", "invalid_value"],
    ["tags not strings", { ...valid, tags: [1] }, "tags", "datatype_mismatch"],
  ])("400 for %s", async (_label, body, field, code) => {
    const res = await api.post("/tickets", body);
    expect(res.status).toBe(400);
    expect(res.body.description).toBe("Validation failed");
    expect(res.body.errors).toContainEqual({ field, message: expect.any(String), code });
  });

  it("reports every problem at once and creates nothing", async () => {
    const before = sim.tenant().tickets.size;
    const res = await api.post("/tickets", { priority: 7, bogus: true });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ["bogus", "description", "priority", "requester_id", "status", "subject"].sort(),
    );
    expect(sim.tenant().tickets.size).toBe(before);
  });

  it("links assets and echoes them back", async () => {
    const res = await api.post("/tickets", { ...valid, assets: [{ display_id: 101 }] });
    expect(res.status).toBe(201);
    expect(res.body.ticket.assets).toEqual([
      expect.objectContaining({ display_id: 101, name: "MacBook Pro M3 14-inch" }),
    ]);
  });
});

describe("simulator tickets: per-tenant custom fields", () => {
  const strict = () =>
    createSimulator({
      now: () => NOW,
      tenants: [
        {
          apiKey: "strict",
          ticketCustomFields: [
            {
              name: "cf_business_unit",
              label: "Business unit",
              type: "custom_dropdown",
              choices: ["Retail", "Wholesale"],
              required_for_agents: true,
            },
            { name: "cf_root_cause", label: "Root cause", type: "custom_text", required_for_closure: true },
          ],
        },
      ],
    });

  it("shows them in ticket_form_fields and enforces required_for_agents and choices", async () => {
    const s = strict();
    const c = simulatorClient(s.handle, undefined, "strict");
    const fields = (await c.get("/ticket_form_fields")).body.ticket_fields;
    expect(fields.find((f: { name: string }) => f.name === "cf_business_unit")).toMatchObject({
      field_type: "custom_dropdown",
      required_for_agents: true,
      choices: [
        { id: expect.any(Number), value: "Retail" },
        { id: expect.any(Number), value: "Wholesale" },
      ],
    });
    const missing = await c.post("/tickets", valid);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: "cf_business_unit", message: expect.any(String), code: "missing_field" },
    ]);
    const bad = await c.post("/tickets", { ...valid, custom_fields: { cf_business_unit: "Online" } });
    expect(bad.body.errors).toEqual([
      {
        field: "cf_business_unit",
        message: "It should be one of these values: 'Retail,Wholesale'",
        code: "invalid_value",
      },
    ]);
    const ok = await c.post("/tickets", { ...valid, custom_fields: { cf_business_unit: "Retail" } });
    expect(ok.status).toBe(201);
    // Closure needs the root cause; bypass_mandatory skips it.
    const close = await c.put(`/tickets/${ok.body.ticket.id}`, { status: 5 });
    expect(close.body.errors).toEqual([{ field: "cf_root_cause", message: expect.any(String), code: "missing_field" }]);
    const bypass = await c.request("PUT", `/tickets/${ok.body.ticket.id}`, {
      body: { status: 5 },
      query: { bypass_mandatory: "true" },
    });
    expect(bypass.status).toBe(200);
  });
});

describe("simulator tickets: show, update, delete, restore", () => {
  it("shows a ticket with includes", async () => {
    const res = await api.get("/tickets/58", { include: "conversations,requester,stats,assets,department" });
    const t = res.body.ticket;
    expect(t.subject).toBe("VPN keeps disconnecting when working from home");
    expect(t.requester).toMatchObject({ name: "John Smith", email: "john.smith@acme.example" });
    expect(t.conversations.length).toBeGreaterThan(0);
    expect(t.stats).toHaveProperty("first_responded_at");
    expect(t).toHaveProperty("sla_policy_id");
    expect(t.department).toMatchObject({ name: expect.any(String) });
  });

  it("updates with replace-all tags, stats and updated_at", async () => {
    const res = await api.put("/tickets/58", { tags: ["network"], status: 4, custom_fields: { cf_affected_users: 3 } });
    expect(res.status).toBe(200);
    const t = sim.tenant().tickets.get(58);
    expect(t?.tags).toEqual(["network"]);
    expect(t?.status).toBe(4);
    expect(t?.stats.resolved_at).toBe("2025-06-16T12:00:00Z");
    expect(t?.custom_fields.cf_impacted_service).toBe("VPN");
    expect(t?.custom_fields.cf_affected_users).toBe(3);
    expect(res.body.ticket.updated_at).toBe("2025-06-16T12:00:00Z");
  });

  it("rejects unknown attributes and workspace changes on update", async () => {
    expect((await api.put("/tickets/58", { cc_emails: ["a@b.co"] })).body.errors[0].code).toBe("invalid_field");
    expect((await api.put("/tickets/58", { workspace_id: 3 })).body.errors[0]).toMatchObject({
      field: "workspace_id",
      code: "invalid_field",
    });
  });

  it("replaces linked assets on update", async () => {
    await api.put("/tickets/58", { assets: [{ display_id: 101 }, { display_id: 102 }] });
    await api.put("/tickets/58", { assets: [{ display_id: 103 }] });
    expect(sim.tenant().tickets.get(58)?.asset_display_ids).toEqual([103]);
  });

  it("soft-deletes (204) and restores (204)", async () => {
    expect((await api.delete("/tickets/58")).status).toBe(204);
    expect(sim.tenant().tickets.get(58)?.deleted).toBe(true);
    expect((await api.get("/tickets/58")).body.ticket.deleted).toBe(true);
    expect((await api.put("/tickets/58", { priority: 1 })).status).toBe(404);
    expect((await api.put("/tickets/58/restore")).status).toBe(204);
    expect(sim.tenant().tickets.get(58)?.deleted).toBe(false);
    expect((await api.delete("/tickets/424242")).status).toBe(404);
  });
});

describe("simulator tickets: conversations", () => {
  it("replies (201) and adds private notes by default", async () => {
    const reply = await api.post("/tickets/58/reply", { body: "<p>Try reinstalling GlobalProtect.</p>" });
    expect(reply.status).toBe(201);
    expect(reply.body.conversation).toMatchObject({
      ticket_id: 58,
      private: false,
      incoming: false,
      source: 0,
      body_text: "Try reinstalling GlobalProtect.",
    });
    expect(reply.body.conversation.user_id).toBe(sim.tenant().currentAgentId);
    const note = await api.post("/tickets/58/notes", { body: "internal" });
    expect(note.body.conversation).toMatchObject({ private: true, source: 2 });
    const publicNote = await api.post("/tickets/58/notes", { body: "fyi", private: false });
    expect(publicNote.body.conversation.private).toBe(false);
    const list = await api.get("/tickets/58/conversations");
    const ids = list.body.conversations.map((c: { id: number }) => c.id);
    expect(ids.slice(-3)).toEqual([
      reply.body.conversation.id,
      note.body.conversation.id,
      publicNote.body.conversation.id,
    ]);
    expect(sim.tenant().conversations.get(note.body.conversation.id)?.body).toBe("internal");
  });

  it("validates bodies", async () => {
    expect((await api.post("/tickets/58/reply", {})).body.errors[0]).toMatchObject({
      field: "body",
      code: "missing_field",
    });
    expect((await api.post("/tickets/58/notes", { body: "x", private: "yes" })).body.errors[0]).toMatchObject({
      field: "private",
      code: "datatype_mismatch",
    });
    expect((await api.post("/tickets/58/notes", { body: "x", sneaky: 1 })).body.errors[0]).toMatchObject({
      field: "sneaky",
      code: "invalid_field",
    });
    expect((await api.post("/tickets/99999/reply", { body: "x" })).status).toBe(404);
  });

  it("edits notes only, and deletes conversations", async () => {
    const note = (await api.post("/tickets/58/notes", { body: "v1" })).body.conversation;
    const edited = await api.put(`/conversations/${note.id}`, { body: "v2" });
    expect(edited.body.conversation.body).toBe("v2");
    const reply = (await api.post("/tickets/58/reply", { body: "r" })).body.conversation;
    expect((await api.put(`/conversations/${reply.id}`, { body: "x" })).status).toBe(400);
    expect((await api.delete(`/conversations/${note.id}`)).status).toBe(204);
    expect(sim.tenant().conversations.has(note.id)).toBe(false);
  });
});

describe("simulator tickets: metadata", () => {
  it("ticket_form_fields lists the defaults with the right required flags", async () => {
    const fields = (await api.get("/ticket_form_fields")).body.ticket_fields as Array<{
      name: string;
      required_for_agents: boolean;
      field_type: string;
    }>;
    const required = fields.filter((f) => f.required_for_agents).map((f) => f.name);
    expect(required).toEqual(["workspace_id", "requester", "subject", "status", "priority", "description"]);
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "ticket_type",
        "agent",
        "group",
        "department",
        "category",
        "cf_impacted_service",
        "cf_device_type",
      ]),
    );
    expect(fields.find((f) => f.name === "cf_device_type")).toMatchObject({
      field_type: "nested_field",
      nested_fields: [expect.objectContaining({ name: "cf_device_model", level: 2 })],
    });
  });

  it("requester_fields and agent_fields are served", async () => {
    expect((await api.get("/requester_fields")).body.requester_fields.length).toBeGreaterThan(5);
    expect((await api.get("/agent_fields")).body.agent_fields.length).toBeGreaterThan(5);
    expect(DEFAULT_API_KEY).toBe("sim-api-key");
  });
});
