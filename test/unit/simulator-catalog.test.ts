import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

const findTicket = (subject: string) => [...sim.tenant().tickets.values()].find((t) => t.subject === subject);

describe("simulator service catalog: reads", () => {
  it("lists items by display id with category and workspace filters, and shows their form fields", async () => {
    const all = await api.get("/service_catalog/items");
    expect(all.body.service_items.map((i: { display_id: number }) => i.display_id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    const cats = (await api.get("/service_catalog/categories")).body.service_categories;
    expect(cats.map((c: { name: string }) => c.name)).toEqual([
      "Hardware",
      "Software",
      "Access & Accounts",
      "HR Services",
    ]);
    const access = await api.get("/service_catalog/items", { category_id: cats[2].id });
    expect(access.body.service_items.map((i: { name: string }) => i.name)).toEqual([
      "Shared drive access",
      "VPN access",
    ]);
    const item = (await api.get("/service_catalog/items/1")).body.service_item;
    expect(item).toMatchObject({ name: "MacBook Pro M3 14-inch", cost: "1999.0", visibility: 2, delivery_time: 72 });
    expect(item.custom_fields[0]).toMatchObject({
      name: "cf_reason",
      field_type: "custom_dropdown",
      required: true,
      choices: [
        ["New hire", "1"],
        ["Replacement", "2"],
        ["Upgrade", "3"],
      ],
      item_id: item.id,
    });
    expect(item.custom_fields[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await api.get("/service_catalog/items/99")).status).toBe(404);
  });

  it("searches published items only and requires search_term", async () => {
    expect((await api.get("/service_catalog/items/search")).status).toBe(400);
    const av = await api.get("/service_catalog/items/search", { search_term: "conference" });
    expect(av.body.service_items).toEqual([]);
    const monitor = await api.get("/service_catalog/items/search", { search_term: "4K monitor" });
    expect(monitor.body.service_items.map((i: { name: string }) => i.name)).toEqual(["Dell UltraSharp 27 monitor"]);
  });
});

describe("simulator service catalog: writes on the hyphenated path", () => {
  const item = {
    name: "Ergonomic chair",
    category_id: 0,
    short_description: "Adjustable office chair",
    description: "<p>Herman Miller Aeron</p>",
    visibility: 2,
    cost: 1200,
    custom_fields: [{ label: "Size", field_type: "custom_dropdown", required: true, choices: ["B", "C"] }],
  };

  it("creates `{service_item:{…}, workspace_id}` on /service-catalog/items, not on the read path", async () => {
    const category = (await api.get("/service_catalog/categories")).body.service_categories[0].id;
    const body = { service_item: { ...item, category_id: category }, workspace_id: 2 };
    expect((await api.post("/service_catalog/items", body)).status).toBe(405);
    expect((await api.get("/service-catalog/items")).status).toBe(405);
    expect((await api.post("/service-catalog/items", { ...item, category_id: category })).body.errors.at(-1)).toEqual({
      field: "service_item",
      message: "It should be a/an key/value pair",
      code: "missing_field",
    });
    expect((await api.post("/service-catalog/items", { ...body, workspace_id: 1 })).body.errors[0].field).toBe(
      "workspace_id",
    );
    const res = await api.post("/service-catalog/items", body);
    expect(res.status).toBe(201);
    expect(res.body.service_item).toMatchObject({ display_id: 10, cost: "1200.0", workspace_id: 2 });
    expect(res.body.service_item.custom_fields[0]).toMatchObject({ name: "cf_size", required: true });
    expect(res.headers.get("location")).toBe("http://simulator.test/api/v2/service-catalog/items/10");
    expect((await api.get("/service_catalog/items/10")).body.service_item.name).toBe("Ergonomic chair");
  });

  it("validates creatable field types and the required item attributes", async () => {
    const res = await api.post("/service-catalog/items", {
      service_item: { name: "x", custom_fields: [{ label: "Blob", field_type: "custom_blob" }] },
    });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "category_id",
      "short_description",
      "description",
      "visibility",
      "custom_fields.field_type",
    ]);
  });
});

describe("simulator place_request and requested items", () => {
  it("creates a Service Request ticket with requested items, enforcing the item's fields", async () => {
    const missing = await api.post("/service_catalog/items/1/place_request", { email: "john.smith@acme.example" });
    expect(missing.body.errors).toEqual([
      { field: "cf_reason", message: "It should not be blank as this is a mandatory field", code: "missing_field" },
    ]);
    const res = await api.post("/service_catalog/items/1/place_request", {
      email: "john.smith@acme.example",
      requested_for: "joanna.park@acme.example",
      quantity: 2,
      custom_fields: { cf_reason: "New hire", cf_needed_by: "2025-07-01" },
      child_items: [{ service_item_id: 2, quantity: 1, custom_fields: { cf_desk_location: "2-14" } }],
    });
    expect(res.status).toBe(201);
    const sr = res.body.service_request;
    expect(sr).toMatchObject({
      type: "Service Request",
      subject: "Request for MacBook Pro M3 14-inch",
      approval_status: 4,
    });
    expect(sim.tenant().tickets.get(sr.id)?.requested_for_id).toBe(21000000012);
    const items = (await api.get(`/tickets/${sr.id}/requested_items`)).body.requested_items;
    expect(
      items.map((i: { service_item_id: number; quantity: number; is_parent: boolean }) => [
        i.service_item_id,
        i.quantity,
        i.is_parent,
      ]),
    ).toEqual([
      [1, 2, true],
      [2, 1, false],
    ]);
    expect(items[0]).toMatchObject({ stage: 1, cost_per_request: 3998, custom_fields: { cf_reason: "New hire" } });
  });

  it("refuses drafts and unknown items, and 404s a deleted one", async () => {
    expect((await api.post("/service_catalog/items/8/place_request", {})).body.errors[0].field).toBe("display_id");
    expect((await api.post("/service_catalog/items/99/place_request", {})).status).toBe(404);
    expect((await api.delete("/service-catalog/items/5")).status).toBe(204);
    expect(
      (await api.post("/service_catalog/items/5/place_request", { custom_fields: { cf_justification: "x" } })).status,
    ).toBe(404);
    expect((await api.get("/service_catalog/items")).body.service_items).toHaveLength(8);
  });

  it("serves the seeded requests' items, 400s tickets without any, and updates one with its own shape", async () => {
    const finance = findTicket("Need access to the Finance shared drive");
    const res = await api.get(`/tickets/${finance?.id}/requested_items`);
    expect(res.body.requested_items[0].custom_fields).toEqual({
      cf_drive_name: "Finance",
      cf_access_level: "Read/write",
      cf_justification: "Joined the FP&A team",
    });
    expect((await api.get("/tickets/58/requested_items")).status).toBe(400);
    const id = res.body.requested_items[0].id;
    const bad = await api.put(`/tickets/${finance?.id}/requested_items/${id}`, {
      custom_fields: { cf_access_level: "Admin" },
    });
    expect(bad.body.errors[0].field).toBe("cf_access_level");
    const upd = await api.put(`/tickets/${finance?.id}/requested_items/${id}`, { stage: 4 });
    expect(upd.body.requested_item).toMatchObject({
      stage: { id: 4, name: "Fulfilled" },
      fulfilled: true,
      service_request_id: finance?.id,
      item: { name: "Shared drive access" },
    });
  });
});
