import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

const fields = {
  cf_employee_name: "Priya Raman",
  cf_job_title: "Data Engineer",
  cf_start_date: "2025-07-01",
  cf_department: "Engineering",
  cf_reporting_manager: "elena.petrova@acme.example",
  cf_laptop_asset_tag: "ASSET-101",
};

describe("simulator onboarding", () => {
  it("serves the form", async () => {
    const res = await api.get("/onboarding_requests/form");
    const byName = Object.fromEntries(res.body.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.cf_employee_name).toMatchObject({ field_type: "custom_text", required: true });
    expect(byName.cf_start_date).toMatchObject({ field_type: "custom_date", required: true });
    expect(byName.cf_department).toMatchObject({
      field_type: "custom_dropdown",
      choices: expect.arrayContaining(["Engineering", "Sales"]),
    });
    expect(byName.cf_reporting_manager).toMatchObject({ field_type: "custom_lookup_bigint", data_source: 3 });
    expect(byName.cf_laptop_asset_tag).toMatchObject({ field_type: "custom_text", required: false });
  });

  it("creates a request (201) with its onboarding tickets", async () => {
    const res = await api.post("/onboarding_requests", { fields });
    expect(res.status).toBe(201);
    const r = res.body.onboarding_request;
    const elena = [...sim.tenant().agents.values()].find((a) => a.first_name === "Elena");
    expect(r).toMatchObject({
      id: 2,
      status: 1,
      subject: "Employee Onboarding Request for Priya Raman",
      fields: { ...fields, cf_reporting_manager: elena?.id, cf_work_location: null },
      lookup_values: {
        cf_reporting_manager: { id: elena?.id, name: "Elena Petrova", email: "elena.petrova@acme.example" },
      },
      actors: {
        "Reporting Manager": { email: "elena.petrova@acme.example", name: "Elena Petrova", response_status: "pending" },
      },
      created_at: "2025-06-16T12:00:00Z",
    });
    expect(r).not.toHaveProperty("ticket_ids");
    const ticket = sim.tenant().tickets.get(r.ticket_id);
    expect(ticket).toMatchObject({ subject: r.subject, type: "Service Request", source: 13 });
    expect(sim.tenant().onboardingRequests.get(r.id)?.ticket_ids).toHaveLength(2);

    const tickets = await api.get(`/onboarding_requests/${r.id}/tickets`);
    expect(tickets.body.onboarding_tickets).toHaveLength(2);
    expect(tickets.body.onboarding_tickets[0]).toMatchObject({
      id: r.ticket_id,
      parent: true,
      onboarding_context: { fields: r.fields },
    });
    const child = sim.tenant().tickets.get(tickets.body.onboarding_tickets[1].id);
    expect(child?.asset_display_ids).toEqual([101]);

    const shown = await api.get(`/tickets/${r.ticket_id}`, { include: "onboarding_context" });
    expect(shown.body.ticket.onboarding_context).toMatchObject({ onboarding_request_id: r.id });
    expect((await api.get(`/onboarding_requests/${r.id}`)).body.onboarding_request).toEqual(r);
    const list = await api.get("/onboarding_requests");
    expect(list.body.onboarding_requests.map((x: { id: number }) => x.id)).toEqual([2, 1]);
  });

  it.each([
    ["missing required", { cf_job_title: "x" }, ["cf_employee_name", "cf_start_date"], "missing_field"],
    ["bad dropdown", { ...fields, cf_department: "Legal" }, ["cf_department"], "invalid_value"],
    ["bad date", { ...fields, cf_start_date: "01/07/2025" }, ["cf_start_date"], "invalid_value"],
    ["unknown field", { ...fields, cf_shoe_size: 42 }, ["cf_shoe_size"], "invalid_field"],
    [
      "unknown manager",
      { ...fields, cf_reporting_manager: "nobody@acme.example" },
      ["cf_reporting_manager"],
      "invalid_value",
    ],
    [
      "requester as agent lookup",
      { ...fields, cf_reporting_manager: "john.smith@acme.example" },
      ["cf_reporting_manager"],
      "invalid_value",
    ],
    ["wrong type", { ...fields, cf_employee_name: 7 }, ["cf_employee_name"], "datatype_mismatch"],
  ])("400 for %s", async (_label, body, badFields, code) => {
    const before = sim.tenant().tickets.size;
    const res = await api.post("/onboarding_requests", { fields: body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(badFields);
    expect(res.body.errors.every((e: { code: string }) => e.code === code)).toBe(true);
    expect(sim.tenant().tickets.size).toBe(before);
  });

  it("requires the fields wrapper", async () => {
    const flat = await api.post("/onboarding_requests", fields);
    expect(flat.status).toBe(400);
    expect(flat.body.errors).toContainEqual({ field: "fields", message: expect.any(String), code: "missing_field" });
    expect(flat.body.errors).toContainEqual({
      field: "cf_employee_name",
      message: expect.any(String),
      code: "invalid_field",
    });
  });
});
