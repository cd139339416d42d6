import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, NOW, setTestClock, sim } from "../support/simulator-fixture";

const HOUR = 3_600_000;

freshSimulatorPerTest();

const relType = () => [...sim.tenant().relationshipTypes.keys()][0] as number;
const appNamed = (name: string) =>
  [...sim.tenant().collections.applications.values()].find((a) => a.name === name)?.id as number;

describe("simulator asset extras", () => {
  it("lists, adds and updates components with type-specific required keys", async () => {
    const list = await api.get("/assets/101/components");
    expect(list.body.components.map((c: { component_type: string }) => c.component_type)).toEqual([
      "Processor",
      "Memory",
      "Hard Disk",
    ]);
    const bad = await api.post("/assets/101/components", {
      component_type: "Memory",
      component_data: [{ capacity: "8 GB" }],
    });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "component_data[0].manufacturer",
      "component_data[0].model",
      "component_data[0].speed",
      "component_data[0].socket",
    ]);
    const added = await api.post("/assets/101/components", {
      component_type: "Logical Drive",
      component_data: [{ drive_name: "C:" }],
    });
    expect(added.status).toBe(201);
    const upd = await api.put(`/assets/101/components/${added.body.component.id}`, {
      component_data: [{ drive_name: "D:" }],
    });
    expect(upd.body.component.component_data).toEqual([{ drive_name: "D:" }]);
    expect((await api.delete(`/assets/101/components/${added.body.component.id}`)).status).toBe(405);
    expect((await api.get("/assets/140/components")).status).toBe(404);
  });

  it("shows requests, contracts and assignment history, and records reassignments", async () => {
    const requests = (await api.get("/assets/137/requests")).body.requests;
    expect(requests.map((r: { request_id: string }) => r.request_id)).toEqual(["PRB-1", "CHN-1"]);
    const contracts = (await api.get("/assets/101/contracts")).body.contracts;
    expect(contracts).toEqual([
      {
        id: expect.any(Number),
        contract_id: "CNTR-1",
        contract_type: "Lease",
        contract_name: "Apple laptop lease 2024",
        contract_status: "active",
      },
    ]);
    const before = (await api.get("/assets/103/assignment-history")).body.assignment_history;
    expect(before).toHaveLength(2);
    expect(before[1].unassigned_on).not.toBeNull();
    await api.put("/assets/103", { user_id: 21000000020 });
    const after = (await api.get("/assets/103/assignment-history")).body.assignment_history;
    expect(after).toHaveLength(3);
    expect(after[0]).toMatchObject({ user_id: 21000000020, unassigned_on: null, assigned_on: "2025-06-16T12:00:00Z" });
    const user = (await api.get("/users/21000000020/assignment-history")).body.assignment_history;
    expect(user[0]).toMatchObject({ asset_id: 103, asset_name: "MacBook Pro M3 14-inch", unassigned_on: null });
  });

  it("moves an asset to another workspace", async () => {
    const res = await api.put("/assets/101/move_workspace", { workspace_id: 3, group_id: null });
    expect(res.body.asset).toMatchObject({ display_id: 101, workspace_id: 3, group_id: null });
    expect((await api.put("/assets/101/move_workspace", { workspace_id: 1 })).status).toBe(400);
  });
});

describe("simulator asset types: writes", () => {
  it("creates a child type that inherits its parent's fields, updates it, and deletes only unused types", async () => {
    const res = await api.post("/asset_types", { name: "Tablet", parent_asset_type_id: 31, description: "iPads" });
    expect(res.status).toBe(201);
    const id = res.body.asset_type.id;
    const fields = (await api.get(`/asset_types/${id}/fields`)).body.asset_type_fields;
    expect(fields.map((g: { field_header: string }) => g.field_header)).toEqual([
      "General",
      "Assignment",
      "Hardware",
      "Mobile Device",
    ]);
    expect((await api.put(`/asset_types/${id}`, { visible: false })).body.asset_type.visible).toBe(false);
    expect((await api.post("/asset_types", { name: "laptop" })).body.errors[0].code).toBe("duplicate_value");
    expect((await api.put(`/asset_types/${id}`, { parent_asset_type_id: 25 })).body.errors[0].code).toBe(
      "invalid_field",
    );
    expect((await api.delete("/asset_types/27")).status).toBe(400);
    expect((await api.delete(`/asset_types/${id}`)).status).toBe(204);
    expect((await api.get(`/asset_types/${id}`)).status).toBe(404);
  });
});

describe("simulator relationship jobs", () => {
  it("bulk-creates through a job with per-item results and a partial status", async () => {
    const res = await api.post("/relationships/bulk-create", {
      relationships: [
        {
          relationship_type_id: relType(),
          primary_id: 101,
          primary_type: "asset",
          secondary_id: 21000000011,
          secondary_type: "requester",
        },
        {
          relationship_type_id: relType(),
          primary_id: 101,
          primary_type: "asset",
          secondary_id: 9999,
          secondary_type: "asset",
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.href).toBe(`http://simulator.test/api/v2/jobs/${res.body.job_id}`);
    const job = await api.get(`/jobs/${res.body.job_id}`);
    expect(job.body.status).toBe("partial");
    expect(job.body.relationships[0]).toMatchObject({
      success: true,
      relationship: { primary_id: 101, secondary_type: "requester" },
    });
    expect(job.body.relationships[1]).toEqual({
      success: false,
      errors: [
        { field: "secondary_id", message: "There is no asset matching the given secondary_id", code: "invalid_value" },
      ],
    });
    const rel = job.body.relationships[0].relationship;
    expect((await api.get(`/relationships/${rel.id}`)).body.relationship.id).toBe(rel.id);
    setTestClock(NOW + HOUR + 1000);
    expect((await api.get(`/jobs/${res.body.job_id}`)).status).toBe(404);
  });

  it("charges one extra credit per 5 relationships after the first 5", async () => {
    const item = (i: number) => ({
      relationship_type_id: relType(),
      primary_id: 101,
      primary_type: "asset",
      secondary_id: 110 + i,
      secondary_type: "asset",
    });
    const res = await api.post("/relationships/bulk-create", {
      relationships: Array.from({ length: 12 }, (_, i) => item(i)),
    });
    expect(res.headers.get("x-ratelimit-used-currentrequest")).toBe("3");
    expect((await api.get(`/jobs/${res.body.job_id}`)).body.status).toBe("success");
    expect((await api.post("/relationships/bulk-create", {})).body.errors[0]).toMatchObject({
      field: "relationships",
      code: "missing_field",
    });
  });
});

describe("simulator contracts", () => {
  const base = {
    name: "Printer maintenance",
    contract_number: "CNTR-9",
    contract_type_id: 2,
    approver_id: 21000000001,
    start_date: "2025-01-01",
    end_date: "2026-01-01",
    cost: 900,
  };

  it("lists types and their fields (with cf_ fields per type)", async () => {
    const types = (await api.get("/contract_types")).body.contract_types;
    expect(types.map((t: { id: number; name: string }) => [t.id, t.name])).toEqual([
      [1, "Lease"],
      [2, "Maintenance"],
      [3, "Software License"],
    ]);
    const fields = (await api.get("/contract_types/2/fields")).body.contract_type_fields;
    expect(fields.find((f: { name: string }) => f.name === "cf_support_level")).toMatchObject({
      field_type: "dropdown",
      default_field: false,
      choices: ["Basic", "Next business day", "24x7"],
    });
    const software = (await api.get("/contract_types/3/fields")).body.contract_type_fields;
    expect(software.find((f: { name: string }) => f.name === "start_date").required).toBe(false);
  });

  it("validates vendor, uniqueness, custom fields and the software-contract rules", async () => {
    const vendor = [...sim.tenant().vendors.values()][0]?.id;
    const res = await api.post("/contracts", {
      ...base,
      vendor_id: vendor,
      contract_number: "CNTR-1",
      custom_fields: { cf_support_level: "Gold" },
    });
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "contract_number:duplicate_value",
      "cf_support_level:invalid_value",
    ]);
    const sw = await api.post("/contracts", {
      name: "x",
      contract_number: "CNTR-10",
      contract_type_id: 3,
      vendor_id: vendor,
    });
    expect(sw.body.errors).toEqual([
      { field: "software_id", message: "It should not be blank", code: "missing_field" },
    ]);
    const ok = await api.post("/contracts", { ...base, vendor_id: vendor, associated_asset_ids: [120] });
    expect(ok.body.contract).toMatchObject({ status: "active", has_associated_assets: true });
    const assets = await api.get(`/contracts/${ok.body.contract.id}/associated-assets`);
    expect(assets.body.associated_assets.map((a: { display_id: number }) => a.display_id)).toEqual([120]);
    expect((await api.put(`/contracts/${ok.body.contract.id}`, { contract_type_id: 1 })).body.errors[0].code).toBe(
      "invalid_field",
    );
  });

  it("runs the approval workflow with ?operation= (204) and has no DELETE", async () => {
    const draft = [...sim.tenant().collections.contracts.values()].find((c) => c.contract_number === "CNTR-5")?.id;
    expect((await api.get(`/contracts/${draft}`)).body.contract.status).toBe("draft");
    expect((await api.put(`/contracts/${draft}`, {}, { query: { operation: "approve" } })).status).toBe(409);
    expect(
      (await api.put(`/contracts/${draft}`, undefined, { query: { operation: "submit-for-approval" } })).status,
    ).toBe(204);
    const reject = await api.put(`/contracts/${draft}`, {}, { query: { operation: "reject" } });
    expect(reject.body.errors[0]).toMatchObject({ field: "reason_to_reject", code: "missing_field" });
    expect(
      (await api.put(`/contracts/${draft}`, { reason_to_reject: "Too pricey" }, { query: { operation: "reject" } }))
        .status,
    ).toBe(204);
    expect((await api.get(`/contracts/${draft}`)).body.contract.status).toBe("rejected");
    await api.put(`/contracts/${draft}`, undefined, { query: { operation: "submit-for-approval" } });
    await api.put(`/contracts/${draft}`, undefined, { query: { operation: "approve" } });
    // Starts in 30 days, so approved but not yet active.
    expect((await api.get(`/contracts/${draft}`)).body.contract.status).toBe("approved");
    expect((await api.put(`/contracts/${draft}`, {}, { query: { operation: "renew" } })).status).toBe(400);
    expect((await api.delete(`/contracts/${draft}`)).status).toBe(405);
    const expired = [...sim.tenant().collections.contracts.values()].find((c) => c.contract_number === "CNTR-4")?.id;
    expect((await api.get(`/contracts/${expired}`)).body.contract.status).toBe("expired");
  });
});

describe("simulator software (/applications)", () => {
  it("wraps create/update bodies in `application` and reports user and installation counts", async () => {
    expect((await api.post("/applications", { name: "Notion" })).body.errors.at(-1).field).toBe("application");
    const res = await api.post("/applications", { application: { name: "Notion", application_type: "saas" } });
    expect(res.status).toBe(201);
    expect(res.body.application).toMatchObject({ name: "Notion", user_count: 0, installation_count: 0, source: "API" });
    const gp = (await api.get(`/applications/${appNamed("GlobalProtect")}`)).body.application;
    expect(gp.installation_count).toBeGreaterThan(5);
    const upd = await api.put(`/applications/${res.body.application.id}`, { application: { status: "ignored" } });
    expect(upd.body.application.status).toBe("ignored");
    expect(
      (await api.put(`/applications/${res.body.application.id}`, { application: { status: "banned" } })).status,
    ).toBe(400);
  });

  it("bulk-deletes with 204 when all ids exist and 207 with per-id results otherwise", async () => {
    const slack = appNamed("Slack");
    const zoom = appNamed("Zoom");
    const res = await api.delete("/applications", { query: { ids: `${slack},42` } });
    expect(res.status).toBe(207);
    expect(res.body).toEqual([
      { id: slack, http_code: 204 },
      {
        id: 42,
        http_code: 404,
        error: { code: "not_found", field: "id", nested_field: null, http_code: 404, message: expect.any(String) },
      },
    ]);
    expect((await api.delete("/applications", { query: { ids: String(zoom) } })).status).toBe(204);
    expect((await api.get(`/applications/${zoom}/users`)).status).toBe(404);
  });

  it("manages users (bulk add/update/delete), installations and licences", async () => {
    const app = appNamed("Adobe Acrobat Pro");
    const added = await api.post(`/applications/${app}/users`, {
      application_users: [{ user_id: 21000000011, source: "API" }],
    });
    expect(added.status).toBe(201);
    expect(added.body.application_users[0]).toMatchObject({ user_id: 21000000011, license_id: null });
    const dup = await api.post(`/applications/${app}/users`, { application_users: [{ user_id: 21000000011 }] });
    expect(dup.body.errors[0].code).toBe("duplicate_value");
    const upd = await api.put(`/applications/${app}/users`, {
      application_users: [{ user_id: 21000000011, last_used: "2025-06-15" }],
    });
    expect(upd.body.application_users[0].last_used).toBe("2025-06-15T00:00:00Z");
    const one = await api.get(`/applications/${app}/users/${added.body.application_users[0].id}`);
    expect(one.body.application_user.user_id).toBe(21000000011);
    expect((await api.delete(`/applications/${app}/users`, { query: { user_ids: "21000000011" } })).status).toBe(204);
    expect((await api.get(`/applications/${app}/users`)).body.application_users).toEqual([]);
    const inst = await api.post(`/applications/${app}/installations`, {
      installation_machine_id: 103,
      version: "24.1",
    });
    expect(inst.body.installation).toMatchObject({
      installation_machine_id: 103,
      user_id: sim.tenant().assets.get(103)?.user_id,
    });
    expect((await api.delete(`/applications/${app}/installations`, { query: { device_ids: "103" } })).status).toBe(204);
    const licences = await api.get(`/applications/${appNamed("Microsoft 365")}/licenses`);
    expect(licences.body.licenses).toEqual([
      {
        id: expect.any(Number),
        contract_id: "CNTR-3",
        created_time: expect.any(String),
        updated_time: expect.any(String),
      },
    ]);
  });
});

describe("simulator purchase orders, vendors and products", () => {
  it("computes totals, formats currency, and lists custom fields/items only when included", async () => {
    const list = await api.get("/purchase_orders");
    expect(list.body.purchase_orders[0]).not.toHaveProperty("purchase_items");
    const full = await api.get("/purchase_orders", { include: "custom_fields,purchase_items" });
    expect(full.headers.get("x-ratelimit-used-currentrequest")).toBe("5");
    const po = full.body.purchase_orders.find((p: { po_number: string }) => p.po_number === "PO-1001");
    expect(po).toMatchObject({
      total_cost: 21689.15,
      currency: { id: "USD", symbol: "$" },
      custom_fields: { terms_and_conditions: "Net 30" },
    });
    expect(po.purchase_items[0]).toMatchObject({ item_name: "MacBook Pro M3 14-inch", total_cost: 19990, received: 0 });
    const bad = await api.post("/purchase_orders", { name: "x", purchase_items: [{ item_name: "y" }] });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "vendor_id",
      "po_number",
      "vendor_details",
      "shipping_address",
      "currency_code",
      "purchase_items.item_type",
      "purchase_items.cost",
      "purchase_items.quantity",
      "purchase_items.tax_percentage",
      "billing_address",
    ]);
  });

  it("creates, updates and deletes vendors and products", async () => {
    const v = await api.post("/vendors", { name: "Logitech", address: { city: "Lausanne", country: "Switzerland" } });
    expect(v.body.vendor.address).toEqual({
      line1: null,
      city: "Lausanne",
      state: null,
      country: "Switzerland",
      zipcode: null,
    });
    expect((await api.post("/vendors", { name: "apple" })).body.errors[0].code).toBe("duplicate_value");
    const p = await api.post("/products", {
      name: "MX Master 3S",
      asset_type_id: 25,
      description: "<b>Mouse</b>",
      status: "In Pipeline",
    });
    expect(p.body.product).toMatchObject({ description_text: "Mouse", mode_of_procurement: "Buy" });
    expect((await api.post("/products", { name: "x", asset_type_id: 99 })).body.errors[0].field).toBe("asset_type_id");
    expect((await api.delete(`/products/${p.body.product.id}`)).status).toBe(204);
    expect((await api.delete(`/vendors/${v.body.vendor.id}`)).status).toBe(204);
  });
});
