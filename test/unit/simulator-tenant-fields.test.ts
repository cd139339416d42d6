import { beforeEach, describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator, type Simulator } from "../../simulator/simulator";

const NOW = Date.UTC(2025, 5, 16, 12, 0, 0);
let sim: Simulator;
let acme: ReturnType<typeof simulatorClient>;
let globex: ReturnType<typeof simulatorClient>;

beforeEach(() => {
  sim = createSimulator({
    now: () => NOW,
    tenants: [
      {
        apiKey: "a",
        workspaceTicketCustomFields: {
          3: [{ name: "cf_hr_case", label: "HR case", type: "custom_dropdown", choices: ["Payroll", "Leave"] }],
        },
      },
      {
        apiKey: "b",
        name: "globex",
        ticketCustomFields: [
          {
            name: "cf_region",
            label: "Region",
            type: "custom_dropdown",
            choices: ["EMEA", "AMER", "APAC"],
            required_for_agents: true,
          },
        ],
        requesterCustomFields: [{ name: "cf_cost_centre", label: "Cost centre", type: "custom_text", required: true }],
        agentCustomFields: [{ name: "cf_badge", label: "Badge", type: "custom_number" }],
        departmentCustomFields: [],
        changeCustomFields: [{ name: "cf_ticket_ref", label: "Ticket ref", type: "custom_text", required: true }],
        assetTypeFields: {
          27: [
            {
              name: "screen_size",
              label: "Screen size",
              field_type: "dropdown",
              required: true,
              choices: ['13"', '14"', '16"'],
            },
          ],
        },
        onboardingForm: [
          {
            name: "cf_full_name",
            label: "Full name",
            placeholder: null,
            position: 1,
            required: true,
            default: false,
            field_type: "custom_text",
          },
          {
            name: "cf_team",
            label: "Team",
            placeholder: null,
            position: 2,
            required: true,
            default: false,
            field_type: "custom_dropdown",
            choices: ["Ops", "Dev"],
          },
        ],
      },
    ],
  });
  acme = simulatorClient(sim.handle, undefined, "a");
  globex = simulatorClient(sim.handle, undefined, "b");
});

const names = (list: Array<{ name: string }>) => list.map((f) => f.name);
const ticket = { email: "someone@example.com", subject: "Help", description: "<p>x</p>", status: 2, priority: 1 };

describe("per-tenant custom fields", () => {
  it("each tenant's ticket form carries only its own custom fields", async () => {
    const a = names((await acme.get("/ticket_form_fields")).body.ticket_fields);
    const b = names((await globex.get("/ticket_form_fields")).body.ticket_fields);
    expect(a).toContain("cf_impacted_service");
    expect(a).not.toContain("cf_region");
    expect(b).toContain("cf_region");
    expect(b).not.toContain("cf_impacted_service");
    const region = (await globex.get("/ticket_form_fields")).body.ticket_fields.find(
      (f: { name: string }) => f.name === "cf_region",
    );
    expect(region).toMatchObject({ required_for_agents: true, field_type: "custom_dropdown" });
  });

  it("ticket_form_fields lists a workspace's own fields only for that workspace (§8.1)", async () => {
    const fields = async (query: string) => (await acme.get(`/ticket_form_fields${query}`)).body.ticket_fields;
    const hr = await fields("?workspace_id=3");
    expect(names(hr)).toEqual(expect.arrayContaining(["cf_impacted_service", "cf_hr_case"]));
    expect(hr.find((f: { name: string }) => f.name === "cf_hr_case")).toMatchObject({
      workspace_id: 3,
      choices: [
        { id: expect.any(Number), value: "Payroll" },
        { id: expect.any(Number), value: "Leave" },
      ],
    });
    expect(names(await fields(""))).not.toContain("cf_hr_case");
    expect(names(await fields("?workspace_id=2"))).not.toContain("cf_hr_case");
    expect((await acme.get("/ticket_form_fields?workspace_id=x")).status).toBe(400);
  });

  it("ticket create enforces the tenant's required fields and dropdown choices with the documented 400", async () => {
    const missing = await globex.post("/tickets", ticket);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      description: "Validation failed",
      errors: [
        { field: "cf_region", message: "It should not be blank as this is a mandatory field", code: "missing_field" },
      ],
    });
    const wrong = await globex.post("/tickets", { ...ticket, custom_fields: { cf_region: "Mars" } });
    expect(wrong.body.errors).toEqual([
      { field: "cf_region", message: "It should be one of these values: 'EMEA,AMER,APAC'", code: "invalid_value" },
    ]);
    expect(
      (await globex.post("/tickets", { ...ticket, custom_fields: { cf_impacted_service: "VPN" } })).body.errors[0].code,
    ).toBe("invalid_field");
    expect((await globex.post("/tickets", { ...ticket, custom_fields: { cf_region: "EMEA" } })).status).toBe(201);
    expect((await acme.post("/tickets", ticket)).status).toBe(201);
  });

  it("requesters: fields endpoint, required on create, seeded records carry the tenant's keys", async () => {
    const fields = (await globex.get("/requester_fields")).body.requester_fields;
    expect(fields.at(-1)).toMatchObject({ name: "cf_cost_centre", required_for_agents: true, default: false });
    expect(names(fields)).not.toContain("employee_id");
    expect(names((await acme.get("/requester_fields")).body.requester_fields)).toContain("employee_id");
    const missing = await globex.post("/requesters", { first_name: "Li", primary_email: "li@globex.example" });
    expect(missing.body.errors).toEqual([
      {
        field: "cf_cost_centre",
        message: "It should not be blank as this is a mandatory field",
        code: "missing_field",
      },
    ]);
    expect(
      (
        await globex.post("/requesters", {
          first_name: "Li",
          primary_email: "li@globex.example",
          custom_fields: { cf_cost_centre: "G-1" },
        })
      ).status,
    ).toBe(201);
    const john = (await globex.get("/requesters", { email: "john.smith@globex.example" })).body.requesters[0];
    expect(john.custom_fields).toEqual({ cf_cost_centre: null });
    expect((await globex.get("/requesters", { query: "\"cf_cost_centre:'G-1'\"" })).body.requesters).toHaveLength(1);
    expect((await acme.get("/requesters", { query: "\"cf_cost_centre:'G-1'\"" })).status).toBe(400);
  });

  it("agents and departments expose the tenant's own fields", async () => {
    const agentFields = (await globex.get("/agent_fields")).body.agent_fields;
    expect(agentFields.at(-1)).toMatchObject({ name: "cf_badge", type: "custom_number", default_field: false });
    expect(names((await acme.get("/agent_fields")).body.agent_fields)).toContain("cf_shift");
    expect(names((await globex.get("/department_fields")).body.department_fields)).not.toContain("cf_cost_center");
  });

  it("asset type fields: shown under the defining type and required when creating that type", async () => {
    const fields = (await globex.get("/asset_types/27/fields")).body.asset_type_fields;
    const laptop = fields.find((g: { field_header: string }) => g.field_header === "Laptop");
    expect(laptop.fields[0]).toMatchObject({
      name: "screen_size_27",
      required: true,
      choices: [
        ['13"', 1],
        ['14"', 2],
        ['16"', 3],
      ],
    });
    expect(
      (await acme.get("/asset_types/27/fields")).body.asset_type_fields.find(
        (g: { field_header: string }) => g.field_header === "Laptop",
      ),
    ).toBeUndefined();
    const missing = await globex.post("/assets", { name: "New laptop", asset_type_id: 27 });
    expect(missing.body.errors).toEqual([
      {
        field: "screen_size_27",
        message: "It should not be blank as this is a mandatory field",
        code: "missing_field",
      },
    ]);
    const wrong = await globex.post("/assets", {
      name: "New laptop",
      asset_type_id: 27,
      type_fields: { screen_size_27: "15" },
    });
    expect(wrong.body.errors[0]).toMatchObject({ field: "screen_size_27", code: "invalid_value" });
    expect(
      (await globex.post("/assets", { name: "New laptop", asset_type_id: 27, type_fields: { screen_size_27: '14"' } }))
        .status,
    ).toBe(201);
    // Monitors don't inherit the laptop field, and unrelated edits of seeded laptops still work.
    expect((await globex.post("/assets", { name: "Screen", asset_type_id: 30 })).status).toBe(201);
    expect((await globex.put("/assets/101", { description: "Spare" })).status).toBe(200);
    expect((await acme.post("/assets", { name: "New laptop", asset_type_id: 27 })).status).toBe(201);
  });

  it("onboarding: the tenant's own form replaces the default and is enforced", async () => {
    expect(names((await globex.get("/onboarding_requests/form")).body.fields)).toEqual(["cf_full_name", "cf_team"]);
    expect(sim.tenant("b").onboardingRequests.size).toBe(0);
    const bad = await globex.post("/onboarding_requests", {
      fields: { cf_full_name: "Ada", cf_team: "Sales", cf_start_date: "2025-07-01" },
    });
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "cf_start_date:invalid_field",
      "cf_team:invalid_value",
    ]);
    expect(
      (await globex.post("/onboarding_requests", { fields: { cf_full_name: "Ada", cf_team: "Dev" } })).status,
    ).toBe(201);
    expect(names((await acme.get("/onboarding_requests/form")).body.fields)).toContain("cf_employee_name");
  });

  it("ITIL forms: the tenant's change fields are required on create and drive the form metadata", async () => {
    const change = {
      subject: "x",
      description: "y",
      requester_id: [...sim.tenant("b").requesters.keys()][0],
      priority: 1,
      impact: 1,
      status: 1,
      risk: 1,
      change_type: 1,
      planned_start_date: "2025-06-20T10:00:00Z",
      planned_end_date: "2025-06-20T11:00:00Z",
    };
    expect((await globex.post("/changes", change)).body.errors).toEqual([
      { field: "cf_ticket_ref", message: "It should not be blank as this is a mandatory field", code: "missing_field" },
    ]);
    expect((await globex.post("/changes", { ...change, custom_fields: { cf_ticket_ref: "INC-1" } })).status).toBe(201);
    // Globex has no closure-required field, so closing works without one.
    expect((await globex.put("/changes/1", { status: 6 })).status).toBe(200);
    const fields = (await globex.get("/change_form_fields")).body.change_fields;
    expect(
      fields.filter((f: { default_field: boolean }) => !f.default_field).map((f: { name: string }) => f.name),
    ).toEqual(["cf_ticket_ref"]);
  });

  it("keeps data apart: each tenant sees its own records and e-mail domain", async () => {
    await globex.post("/problems", {
      subject: "Globex only",
      description: "z",
      email: "john.smith@globex.example",
      priority: 1,
      status: 1,
      impact: 1,
      due_by: "2025-06-30",
    });
    expect((await globex.get("/problems")).body.problems.map((p: { subject: string }) => p.subject)).toContain(
      "Globex only",
    );
    expect((await acme.get("/problems")).body.problems.map((p: { subject: string }) => p.subject)).not.toContain(
      "Globex only",
    );
    expect(
      (
        await acme.post("/problems", {
          subject: "x",
          description: "y",
          email: "john.smith@globex.example",
          priority: 1,
          status: 1,
          impact: 1,
          due_by: "2025-06-30",
        })
      ).body.errors[0],
    ).toMatchObject({
      field: "email",
      code: "invalid_value",
    });
  });

  it("an unseeded tenant still has the account metadata", async () => {
    const bare = createSimulator({ now: () => NOW, tenants: [{ apiKey: "z", seed: false }] });
    const api = simulatorClient(bare.handle, undefined, "z");
    expect((await api.get("/roles")).body.roles.length).toBeGreaterThan(0);
    expect((await api.get("/contract_types")).body.contract_types).toHaveLength(3);
    expect((await api.get("/problems")).body.problems).toEqual([]);
    expect((await api.get("/service_catalog/items")).body.service_items).toEqual([]);
  });
});

describe("workspace ticket fields on ticket writes (§8.1)", () => {
  // Workspace 3 (HR) requires its own field; the primary workspace (2) adds an optional one.
  const hrCase = {
    name: "cf_hr_case",
    label: "HR case",
    type: "custom_dropdown" as const,
    choices: ["Payroll", "Leave"],
    required_for_agents: true,
  };
  const itTag = { name: "cf_it_tag", label: "IT tag", type: "custom_text" as const };
  const api = () =>
    simulatorClient(
      createSimulator({
        now: () => NOW,
        tenants: [{ apiKey: "w", workspaceTicketCustomFields: { 3: [hrCase], 2: [itTag] } }],
      }).handle,
      undefined,
      "w",
    );

  it("create in a workspace enforces that workspace's required fields and choices", async () => {
    const w = api();
    const missing = await w.post("/tickets", { ...ticket, workspace_id: 3 });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: "cf_hr_case", message: "It should not be blank as this is a mandatory field", code: "missing_field" },
    ]);
    const wrong = await w.post("/tickets", { ...ticket, workspace_id: 3, custom_fields: { cf_hr_case: "Bonus" } });
    expect(wrong.body.errors).toEqual([
      { field: "cf_hr_case", message: "It should be one of these values: 'Payroll,Leave'", code: "invalid_value" },
    ]);
    const made = await w.post("/tickets", { ...ticket, workspace_id: 3, custom_fields: { cf_hr_case: "Payroll" } });
    expect(made.status).toBe(201);
    expect(made.body.ticket.workspace_id).toBe(3);
    expect(made.body.ticket.custom_fields).toMatchObject({ cf_hr_case: "Payroll", cf_impacted_service: null });
    expect(made.body.ticket.custom_fields).not.toHaveProperty("cf_it_tag");
    // Another workspace's field is unknown here.
    const foreign = await w.post("/tickets", {
      ...ticket,
      workspace_id: 3,
      custom_fields: { cf_hr_case: "Leave", cf_it_tag: "x" },
    });
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: "cf_it_tag", code: "invalid_field" })]);
  });

  it("a ticket without workspace_id is in the primary workspace and gets its fields only", async () => {
    const w = api();
    const made = await w.post("/tickets", { ...ticket, custom_fields: { cf_it_tag: "laptop" } });
    expect(made.status).toBe(201);
    expect(made.body.ticket.custom_fields).toMatchObject({ cf_it_tag: "laptop" });
    expect(made.body.ticket.custom_fields).not.toHaveProperty("cf_hr_case");
    const foreign = await w.post("/tickets", { ...ticket, custom_fields: { cf_hr_case: "Leave" } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: "cf_hr_case", code: "invalid_field" })]);
  });

  it("update checks the fields of the ticket's own workspace", async () => {
    const w = api();
    const hr = (await w.post("/tickets", { ...ticket, workspace_id: 3, custom_fields: { cf_hr_case: "Payroll" } })).body
      .ticket;
    const it2 = (await w.post("/tickets", ticket)).body.ticket;
    const changed = await w.put(`/tickets/${hr.id}`, { custom_fields: { cf_hr_case: "Leave" } });
    expect(changed.status).toBe(200);
    expect(changed.body.ticket.custom_fields.cf_hr_case).toBe("Leave");
    const cleared = await w.put(`/tickets/${hr.id}`, { custom_fields: { cf_hr_case: null } });
    expect(cleared.body.errors).toEqual([expect.objectContaining({ field: "cf_hr_case", code: "missing_field" })]);
    const foreign = await w.put(`/tickets/${it2.id}`, { custom_fields: { cf_hr_case: "Leave" } });
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: "cf_hr_case", code: "invalid_field" })]);
  });
});
