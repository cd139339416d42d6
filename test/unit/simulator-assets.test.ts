import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

type AssetJson = { display_id: number; name: string; asset_tag: string; type_fields?: Record<string, unknown> };

describe("simulator assets: seed", () => {
  it("has ~40 assets incl. MacBook Pro M3 laptops in stock and in use", () => {
    const assets = [...sim.tenant().assets.values()];
    expect(assets.length).toBeGreaterThanOrEqual(40);
    const macs = assets.filter((a) => a.name.startsWith("MacBook Pro M3"));
    expect(macs.length).toBeGreaterThanOrEqual(3);
    expect(macs.filter((a) => a.type_fields.asset_state_25 === "In Stock").length).toBeGreaterThanOrEqual(2);
    expect(macs.filter((a) => a.type_fields.asset_state_25 === "In Use").length).toBeGreaterThanOrEqual(1);
    expect(sim.tenant().assets.get(101)?.asset_tag).toBe("ASSET-101");
  });
});

describe("simulator assets: list, filter and search", () => {
  it("finds available MacBooks with filter + search combined", async () => {
    const res = await api.get("/assets", {
      filter: "\"asset_state:'IN STOCK'\"",
      search: "\"name:'macbook pro'\"",
      include: "type_fields",
    });
    expect(res.status).toBe(200);
    const assets = res.body.assets as AssetJson[];
    expect(assets.map((a) => a.asset_tag).sort()).toEqual(["ASSET-101", "ASSET-102"]);
    for (const a of assets) expect(a.type_fields?.asset_state_25).toBe("In Stock");
    // include=type_fields on a list costs 1 + 2 credits.
    expect(res.headers.get("x-ratelimit-used-currentrequest")).toBe("3");
  });

  it("omits type_fields unless included", async () => {
    const res = await api.get("/assets");
    expect(res.body.assets[0]).not.toHaveProperty("type_fields");
    expect(res.body.assets[0]).not.toHaveProperty("trashed");
    expect(res.body.assets).toHaveLength(30);
  });

  it.each([
    ["filter", '"asset_type_id:27"', (a: AssetJson) => a.name.length > 0, 19],
    ["filter", "\"asset_state:'in use' AND asset_type_id:30\"", () => true, 4],
    ["search", "\"asset_tag:'ASSET-13'\"", (a: AssetJson) => a.asset_tag.startsWith("ASSET-13"), 10],
    ["search", "\"name:'vpn'\"", (a: AssetJson) => a.name.includes("vpn"), 1],
  ])("%s=%s", async (param, value, predicate, count) => {
    const res = await api.get("/assets", { [param]: value });
    expect(res.status).toBe(200);
    expect(res.body.assets.every(predicate)).toBe(true);
    expect(res.body.assets).toHaveLength(count);
  });

  it("a filter or search carries its total in the headers, as documented; a plain list does not", async () => {
    const liveOfType27 = [...sim.tenant().assets.values()].filter(
      (a) => !a.trashed && a.asset_type_id === 27 && a.workspace_id === 2,
    ).length;
    const filtered = await api.get("/assets", { filter: '"asset_type_id:27"', page: "1" });
    expect(filtered.body.assets).toHaveLength(19);
    expect(filtered.headers.get("x-total-count")).toBe(String(liveOfType27));
    const past = await api.get("/assets", { filter: "\"created_at:>'1970-01-01'\"", page: "2" });
    expect(past.headers.get("x-total-count")).toBe("39");
    expect((await api.get("/assets", { search: "\"name:'vpn'\"" })).headers.get("x-total-count")).toBe("1");
    expect((await api.get("/assets")).headers.get("x-total-count")).toBeNull();
  });

  it("searches serial numbers partially", async () => {
    const serial = String(sim.tenant().assets.get(101)?.type_fields.serial_number_25);
    const res = await api.get("/assets", { search: `"serial_number:'${serial.slice(0, 6)}'"` });
    expect(res.body.assets.map((a: AssetJson) => a.display_id)).toContain(101);
  });

  it.each([
    ["\"colour:'red'\"", "colour"],
    ["\"asset_state:'Lost'\"", "asset_state"],
    ["asset_state:'In Stock'", "filter"],
  ])("400 for filter=%s", async (filter, field) => {
    const res = await api.get("/assets", { filter });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe(field);
  });

  it("lists trashed assets only with trashed=true", async () => {
    const trashed = await api.get("/assets", { trashed: "true" });
    expect(trashed.body.assets.map((a: AssetJson) => a.name)).toEqual(["Dell Latitude 5420"]);
  });

  it("orders by order_by/order_type", async () => {
    const res = await api.get("/assets", { order_by: "created_at", order_type: "asc", per_page: 100 });
    const dates = res.body.assets.map((a: { created_at: string }) => a.created_at);
    expect(dates).toEqual([...dates].sort());
    expect((await api.get("/assets", { order_by: "name" })).status).toBe(400);
  });
});

describe("simulator assets: show and writes", () => {
  it("shows by display_id with optional type_fields", async () => {
    const plain = await api.get("/assets/101");
    expect(plain.body.asset).toMatchObject({ display_id: 101, asset_tag: "ASSET-101", asset_type_id: 27 });
    expect(plain.body.asset).not.toHaveProperty("type_fields");
    const full = await api.get("/assets/101", { include: "type_fields" });
    expect(full.body.asset.type_fields).toMatchObject({ asset_state_25: "In Stock", hostname_26: expect.any(String) });
    expect(full.headers.get("x-ratelimit-used-currentrequest")).toBe("2");
    expect((await api.get("/assets/1")).status).toBe(404);
  });

  it("creates an asset (201) with generated tag and validated type fields", async () => {
    const res = await api.post("/assets", {
      name: "MacBook Pro M3 14-inch",
      asset_type_id: 27,
      type_fields: { asset_state_25: "In Stock", serial_number_25: "C02NEW", memory_26: 36 },
    });
    expect(res.status).toBe(201);
    expect(res.body.asset).toMatchObject({
      display_id: 141,
      asset_tag: "ASSET-141",
      type_fields: { asset_state_25: "In Stock" },
    });
    expect(res.headers.get("location")).toBe("http://simulator.test/api/v2/assets/141");
    expect(sim.tenant().assets.get(141)?.type_fields.memory_26).toBe(36);
  });

  it.each([
    [{ asset_type_id: 27 }, "name", "missing_field"],
    [{ name: "x" }, "asset_type_id", "missing_field"],
    [{ name: "x", asset_type_id: 999 }, "asset_type_id", "invalid_value"],
    [{ name: "x", asset_type_id: 27, colour: "red" }, "colour", "invalid_field"],
    [{ name: "x", asset_type_id: 27, type_fields: { asset_state_25: "Lost" } }, "asset_state_25", "invalid_value"],
    [{ name: "x", asset_type_id: 27, type_fields: { imei_number_31: "1" } }, "imei_number_31", "invalid_field"],
    [{ name: "x", asset_type_id: 27, asset_tag: "ASSET-101" }, "asset_tag", "duplicate_value"],
    [{ name: "x", asset_type_id: 27, impact: 3 }, "impact", "datatype_mismatch"],
  ])("400 for %j", async (body, field, code) => {
    const res = await api.post("/assets", body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field, message: expect.any(String), code });
  });

  it("updates (merging type fields), trashes, restores and deletes forever", async () => {
    const john = [...sim.tenant().requesters.values()].find((r) => r.first_name === "John");
    const upd = await api.put("/assets/101", { user_id: john?.id, type_fields: { asset_state_25: "In Use" } });
    expect(upd.status).toBe(200);
    const a = sim.tenant().assets.get(101);
    expect(a?.type_fields.asset_state_25).toBe("In Use");
    expect(a?.type_fields.serial_number_25).toEqual(expect.any(String));
    expect(a?.assigned_on).toBe("2025-06-16T12:00:00Z");

    expect((await api.delete("/assets/101")).status).toBe(204);
    expect((await api.get("/assets/101")).status).toBe(404);
    expect((await api.get("/assets", { trashed: "true" })).body.assets.map((x: AssetJson) => x.display_id)).toContain(
      101,
    );
    expect((await api.put("/assets/101/restore")).status).toBe(204);
    expect((await api.get("/assets/101")).status).toBe(200);
    expect((await api.put("/assets/124/delete_forever")).status).toBe(204);
    expect(sim.tenant().assets.has(124)).toBe(false);
    expect([...sim.tenant().relationships.values()].some((r) => r.primary_id === 124 || r.secondary_id === 124)).toBe(
      false,
    );
    expect((await api.delete("/assets/124/delete_forever")).status).toBe(405);
  });
});

describe("simulator assets: types and relationships", () => {
  it("serves asset types and their grouped fields", async () => {
    const types = await api.get("/asset_types");
    expect(types.body.asset_types.map((t: { name: string }) => t.name)).toContain("Laptop");
    expect((await api.get("/asset_types/27")).body.asset_type).toMatchObject({
      name: "Laptop",
      parent_asset_type_id: 26,
    });
    const fields = await api.get("/asset_types/27/fields");
    const groups = fields.body.asset_type_fields as Array<{
      field_header: string;
      fields: Array<{ name: string; choices: unknown[] }>;
    }>;
    expect(groups.map((g) => g.field_header)).toEqual(["General", "Assignment", "Hardware", "Computer"]);
    const state = groups[2]?.fields.find((f) => f.name === "asset_state_25");
    expect(state?.choices).toContainEqual(["In Stock", 4]);
    expect((await api.get("/asset_types/999/fields")).status).toBe(404);
  });

  it("serves relationships, relationship types and per-asset relationships", async () => {
    const all = await api.get("/relationships");
    expect(all.body.relationships.length).toBeGreaterThan(3);
    const types = await api.get("/relationship_types");
    expect(types.body.relationship_types[0]).toHaveProperty("downstream_relation");
    const core = [...sim.tenant().assets.values()].find((a) => a.name === "core-sw-01");
    const rel = await api.get(`/assets/${core?.display_id}/relationships`);
    expect(rel.body.relationships.length).toBe(3);
    const one = all.body.relationships[0];
    expect((await api.get(`/relationships/${one.id}`)).body.relationship).toEqual(one);
  });
});
