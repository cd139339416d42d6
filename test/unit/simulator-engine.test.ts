import { describe, expect, it } from "vitest";
import { resourceRoutes, unwrapBody } from "../../simulator/engine/crud-routes";
import { validateFields } from "../../simulator/engine/field-spec";
import type { ResourceSpec } from "../../simulator/engine/resource";
import type { FieldError } from "../../simulator/errors";
import { ApiError } from "../../simulator/errors";
import { type RouteContext, Router } from "../../simulator/router";
import { createTenantState, type TenantState } from "../../simulator/tenant-state";

const NOW = Date.UTC(2025, 5, 16, 12);

function tenant(): TenantState {
  const s = createTenantState({ apiKey: "k" });
  s.workspaces.set(2, {
    id: 2,
    name: "IT",
    description: null,
    type: "workspace",
    primary: true,
    restricted: false,
    state: "active",
    template_name: null,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
  });
  return s;
}

/** A toy resource: widgets under /widgets, wrapped in `widget`, trashed on delete (200), restorable. */
const widgetSpec: ResourceSpec = {
  label: "widget",
  store: (s) => s.collections.cabs,
  path: "/widgets",
  single: "widget",
  plural: "widgets",
  wrapper: "widget",
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 10 },
    size: { kind: "integer", choices: [1, 2, 3] },
    due: { kind: "datetime" },
    workspace_id: { kind: "integer", ref: "workspace", createOnly: true },
  }),
  customFields: () => [
    { name: "cf_colour", label: "Colour", type: "custom_dropdown", choices: ["red", "blue"], required: true },
  ],
  build: (ctx, v) => ({
    id: ctx.tenant.nextId("cabs"),
    name: v.name,
    size: v.size ?? 1,
    workspace_id: v.workspace_id ?? 2,
    custom_fields: v.custom_fields ?? {},
    deleted: false,
    created_at: "2025-06-01T00:00:00Z",
    updated_at: "2025-06-01T00:00:00Z",
    _secret: "internal",
  }),
  delete: { mode: "trash", status: 200, body: "empty" },
  restore: true,
  list: { workspaceScoped: true },
};

function driver(state = tenant()) {
  const router = new Router(resourceRoutes(widgetSpec));
  return async (method: string, path: string, body: unknown = null, query = "") => {
    const match = router.match(method, path);
    if (match.kind !== "found") return { status: match.kind === "method_not_allowed" ? 405 : 404, body: match };
    const url = new URL(`http://sim.test/api/v2${path}${query}`);
    const ctx: RouteContext = { tenant: state, url, query: url.searchParams, params: match.params, body, now: NOW };
    try {
      return await match.route.handler(ctx);
    } catch (e) {
      if (e instanceof ApiError) return { status: e.status, body: e.body };
      throw e;
    }
  };
}

describe("resource engine: field validation", () => {
  const s = tenant();
  const specs = widgetSpec.fields(s, "create");

  it("reports every problem at once with the documented codes", () => {
    const errors: FieldError[] = [];
    validateFields(s, { size: "big", due: "tomorrow", colour: "x" }, specs, "create", errors);
    expect(errors).toEqual([
      { field: "size", message: expect.stringContaining("It should be a/an Integer"), code: "datatype_mismatch" },
      { field: "due", message: "It should be in the 'valid date time' format", code: "invalid_value" },
      { field: "colour", message: "Unexpected/invalid field in request", code: "invalid_field" },
      { field: "name", message: "It should be a/an String", code: "missing_field" },
    ]);
  });

  it("checks enums, lengths and references, and normalizes datetimes", () => {
    const errors: FieldError[] = [];
    const v = validateFields(
      s,
      { name: "x".repeat(11), size: 9, workspace_id: 99, due: "2025-06-20" },
      specs,
      "create",
      errors,
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ["name", "invalid_value"],
      ["size", "invalid_value"],
      ["workspace_id", "invalid_value"],
    ]);
    expect(v.due).toBe("2025-06-20T00:00:00Z");
  });

  it("accepts null only for nullable attributes", () => {
    const errors: FieldError[] = [];
    const v = validateFields(
      s,
      { name: null, size: null, due: null },
      { ...specs, due: { kind: "datetime", nullable: true } },
      "create",
      errors,
    );
    expect(errors).toEqual([
      { field: "name", message: "It should not be blank", code: "missing_field" },
      {
        field: "size",
        message: "Value set is of type Null.It should be a/an Positive Integer",
        code: "datatype_mismatch",
      },
    ]);
    expect(v).toEqual({ due: null });
  });

  it("rejects create-only attributes on update", () => {
    const errors: FieldError[] = [];
    validateFields(s, { workspace_id: 2 }, widgetSpec.fields(s, "update"), "update", errors);
    expect(errors).toEqual([
      { field: "workspace_id", message: "workspace_id can't be updated", code: "invalid_field" },
    ]);
  });

  it("unwraps body wrappers and rejects what sits beside them", () => {
    const errors: FieldError[] = [];
    expect(unwrapBody({ widget: { name: "a" } }, "widget", undefined, errors).inner).toEqual({ name: "a" });
    unwrapBody({ name: "a" }, "widget", undefined, errors);
    expect(errors).toEqual([
      { field: "name", message: "Unexpected/invalid field in request", code: "invalid_field" },
      { field: "widget", message: "It should be a/an key/value pair", code: "missing_field" },
    ]);
  });
});

describe("resource engine: generic handlers", () => {
  it("creates with 201 + Location, wrapped body, required custom fields and no internal keys", async () => {
    const call = driver();
    const bad = await call("POST", "/widgets", { widget: { name: "a", custom_fields: { cf_colour: "green" } } });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: FieldError[] }).errors).toEqual([
      { field: "cf_colour", message: "It should be one of these values: 'red,blue'", code: "invalid_value" },
    ]);
    const missing = await call("POST", "/widgets", { widget: { name: "a" } });
    expect((missing.body as { errors: FieldError[] }).errors[0]).toMatchObject({
      field: "cf_colour",
      code: "missing_field",
    });
    const res = await call("POST", "/widgets", { widget: { name: "a", custom_fields: { cf_colour: "red" } } });
    expect(res.status).toBe(201);
    const w = (res.body as { widget: Record<string, unknown> }).widget;
    expect(w).toMatchObject({ name: "a", size: 1 });
    expect(w).not.toHaveProperty("_secret");
    expect((res as { headers: Record<string, string> }).headers.Location).toBe(
      `http://sim.test/api/v2/widgets/${w.id}`,
    );
  });

  it("trashes with the configured status, hides trashed records from lists and restores with 204", async () => {
    const call = driver();
    const created = (await call("POST", "/widgets", { widget: { name: "a", custom_fields: { cf_colour: "red" } } }))
      .body as {
      widget: { id: number };
    };
    const id = created.widget.id;
    const del = await call("DELETE", `/widgets/${id}`);
    expect(del).toEqual({ status: 200 });
    expect(((await call("GET", "/widgets")).body as { widgets: unknown[] }).widgets).toEqual([]);
    expect((await call("PUT", `/widgets/${id}`, { widget: { name: "b" } })).status).toBe(404);
    expect((await call("GET", `/widgets/${id}`)).status).toBe(200);
    expect(await call("PUT", `/widgets/${id}/restore`)).toEqual({ status: 204 });
    expect(((await call("GET", "/widgets")).body as { widgets: unknown[] }).widgets).toHaveLength(1);
  });

  it("pages with a link header only when another page exists and scopes lists to the primary workspace", async () => {
    const state = tenant();
    const call = driver(state);
    for (let i = 0; i < 3; i++)
      await call("POST", "/widgets", { widget: { name: `w${i}`, custom_fields: { cf_colour: "red" } } });
    const first = (await call("GET", "/widgets", null, "?per_page=2")) as { headers: Record<string, string> };
    expect(first.headers.link).toBe('<http://sim.test/api/v2/widgets?per_page=2&page=2>; rel="next"');
    const last = (await call("GET", "/widgets", null, "?per_page=2&page=2")) as { headers: Record<string, string> };
    expect(last.headers.link).toBeUndefined();
    for (const w of state.collections.cabs.values()) w.workspace_id = 3;
    expect(((await call("GET", "/widgets")).body as { widgets: unknown[] }).widgets).toEqual([]);
    expect(
      ((await call("GET", "/widgets", null, "?workspace_id=0")).body as { widgets: unknown[] }).widgets,
    ).toHaveLength(3);
  });

  it("404s unknown ids and answers 405 for verbs the resource lacks", async () => {
    const call = driver();
    expect((await call("GET", "/widgets/999")).status).toBe(404);
    expect((await call("GET", "/widgets/abc")).status).toBe(404);
    expect((await call("PATCH", "/widgets/1")).status).toBe(405);
  });
});
