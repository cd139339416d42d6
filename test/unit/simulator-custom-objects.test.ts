import { beforeEach, describe, expect, it } from "vitest";
import { parseRecordQuery, RecordQueryError } from "../../simulator/custom-object-query";
import { api, freshSimulatorPerTest } from "../support/simulator-fixture";

let licences: number;
let approvals: number;

freshSimulatorPerTest();
beforeEach(async () => {
  const objects = (await api.get("/objects")).body.custom_objects;
  approvals = objects.find((o: { title: string }) => o.title === "Service Item Approvals").id;
  licences = objects.find((o: { title: string }) => o.title === "Software Licences").id;
});

const names = (res: { body: { records: Array<{ data: { licence_name: string } }> } }) =>
  res.body.records.map((r) => r.data.licence_name);

describe("custom-object record query grammar", () => {
  it("parses AND-joined conditions, list values and all five operators, spaces allowed", () => {
    expect(
      parseRecordQuery("platform : ['PC','Mac'] AND seats:>20 AND seats<100 AND name:'O\\'Neil' AND auto_renew:true"),
    ).toEqual([
      { field: "platform", operator: "in", value: ["PC", "Mac"] },
      { field: "seats", operator: "gte", value: 20 },
      { field: "seats", operator: "lt", value: 100 },
      { field: "name", operator: "eq", value: "O'Neil" },
      { field: "auto_renew", operator: "eq", value: true },
    ]);
  });

  it.each([
    ['"seats:>20"', /not wrapped in double quotes/],
    ["seats:1 OR seats:2", /only support AND/],
    ["(seats:1)", /Parentheses/],
    ["seats:>['a']", /Lists can only be used with ':'/],
    ["platform:PC", /single quotes/],
  ])("rejects %s", (q, message) => {
    expect(() => parseRecordQuery(q)).toThrow(RecordQueryError);
    expect(() => parseRecordQuery(q)).toThrow(message);
  });
});

describe("simulator custom objects", () => {
  it("lists objects with meta and shows a schema", async () => {
    const res = await api.get("/objects");
    expect(res.body.meta).toEqual({ count: 2, page: 1, per_page: 30 });
    expect(res.body.custom_objects[0]).toHaveProperty("last_updated_by");
    const schema = (await api.get(`/objects/${approvals}`)).body.custom_object;
    expect(schema.fields.find((f: { name: string }) => f.name === "approver")).toMatchObject({
      type: "lookup",
      meta: { source_name: "all_users" },
    });
  });

  it("filters records with the object grammar and reports meta.total_records", async () => {
    const res = await api.get(`/objects/${licences}/records`, { query: "platform:['Mac','Linux'] AND seats:>20" });
    expect(names(res)).toEqual(["Adobe Acrobat Pro", "JetBrains All Products"]);
    expect(res.body.meta).toEqual({ total_records: 2 });
    const soon = await api.get(`/objects/${licences}/records`, { query: "renewal_date<'2025-07-01T00:00:00Z'" });
    expect(names(soon)).toEqual(["Figma Organization"]);
    expect((await api.get(`/objects/${licences}/records`, { query: '"seats:1"' })).status).toBe(400);
    expect((await api.get(`/objects/${licences}/records`, { query: "colour:'red'" })).body.errors[0]).toMatchObject({
      field: "colour",
      code: "invalid_value",
    });
  });

  it("pages with page_size and next_page_link, sorted by sort_field/sort_order", async () => {
    const first = await api.get(`/objects/${licences}/records`, {
      page_size: 2,
      sort_field: "seats",
      sort_order: "DESC",
    });
    expect(names(first)).toEqual(["Slack Business+", "Microsoft 365 E3"]);
    const next = new URL(first.body.next_page_link);
    const second = await api.get(`/objects/${licences}/records`, Object.fromEntries(next.searchParams));
    expect(names(second)).toEqual(["JetBrains All Products", "Adobe Acrobat Pro"]);
    const third = await api.get(
      `/objects/${licences}/records`,
      Object.fromEntries(new URL(second.body.next_page_link).searchParams),
    );
    expect(names(third)).toEqual(["Figma Organization"]);
    expect(third.body).not.toHaveProperty("next_page_link");
    expect((await api.get(`/objects/${licences}/records`, { page_size: 101 })).status).toBe(400);
  });

  it("expands lookups on reads but returns ids on writes", async () => {
    const read = await api.get(`/objects/${approvals}/records`);
    expect(read.body.records[0].data.approver).toEqual({
      id: 21000000001,
      value: "Alex Morgan <alex.morgan@acme.example>",
    });
    expect(read.body.records[0].data.item_name).toEqual({ id: 1, value: "MacBook Pro M3 14-inch" });
    const created = await api.post(`/objects/${approvals}/records`, {
      data: { item_name: "3", approver: "21000000004", category_dd1: "Hardware" },
    });
    expect(created.status).toBe(201);
    expect(created.body.custom_object.data).toMatchObject({
      item_name: "3",
      approver: "21000000004",
      bo_display_id: 4,
      bo_created_by: { id: 21000000001 },
      bo_created_at: "2025-06-16T12:00:00Z",
    });
  });

  it("validates `{data:{…}}`: wrapper, required fields, types, choices, lookups and read-only meta fields", async () => {
    expect(
      (await api.post(`/objects/${licences}/records`, { licence_name: "x" })).body.errors.map(
        (e: { field: string }) => e.field,
      ),
    ).toEqual(["licence_name", "data"]);
    const res = await api.post(`/objects/${licences}/records`, {
      data: { seats: "ten", platform: "Amiga", owner: "999", bo_display_id: 7 },
    });
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "seats:datatype_mismatch",
      "platform:invalid_value",
      "owner:invalid_value",
      "bo_display_id:readonly_field",
      "licence_name:missing_field",
    ]);
  });

  it("updates by bo_display_id and deletes with 202", async () => {
    const upd = await api.put(`/objects/${licences}/records/2`, { data: { seats: 30 } });
    expect(upd.body.custom_object.data).toMatchObject({
      licence_name: "Adobe Acrobat Pro",
      seats: 30,
      bo_display_id: 2,
    });
    const del = await api.delete(`/objects/${licences}/records/2`);
    expect([del.status, del.text]).toEqual([202, ""]);
    expect((await api.put(`/objects/${licences}/records/2`, { data: { seats: 1 } })).status).toBe(404);
    expect((await api.get(`/objects/${licences}/records/3`)).status).toBe(405);
    expect((await api.get(`/objects/${licences}/records`)).body.meta.total_records).toBe(4);
  });
});
