/**
 * The bundled API description (schemas/*.json): every file passes the contract in
 * worker/catalog/schema-format.ts, tool names are valid and unique, the tools users rely on exist, and the
 * argument schemas stay within what the Worker's validator (@cfworker/json-schema) understands.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import {
  GENERATED_MODULE,
  loadValidatedSchemas,
  REGENERATE,
  renderCatalogModule,
  SCHEMA_FILE_ORDER,
} from "../../scripts/build-catalog";
import { loadLeftOut, renderCoverage } from "../../scripts/coverage-table";
import { buildCatalog } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { CRUD_METHODS, type Operation, type Resource, SchemaFile } from "../../worker/catalog/schema-format";
import { MAX_TOOL_NAME_LENGTH, TOOL_NAME_PATTERN, toolName } from "../../worker/catalog/tool-names";

const SCHEMA_DIR = new URL("../../schemas/", import.meta.url);
const FILE_NAMES = readdirSync(SCHEMA_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort();

/** Tools that users, docs and the reference platform name directly: they must never disappear or be renamed. */
const HERO_TOOLS = [
  "list_all_freshservice_tickets",
  "get_single_freshservice_ticket_by_id",
  "update_a_freshservice_ticket_by_id",
  "list_all_freshservice_assets",
  "freshservice_solution_article_search",
  "create_a_freshservice_onboarding_request",
  "list_all_freshservice_problems",
  "create_a_freshservice_problem",
  "list_all_freshservice_changes",
  "create_a_freshservice_change",
  "list_all_freshservice_releases",
  "freshservice_service_item_place_request",
  "list_all_freshservice_approvals",
];

/** The catalog must cover the API broadly (docs/coverage.md lists what is left out and why). */
const MIN_TOOLS = 250;

/** Every family of the reference that has a file; docs/coverage.md lists the rest. */
const FAMILIES = [
  "alerts",
  "announcements",
  "assets",
  "audit_log",
  "business_hours",
  "cabs",
  "canned_responses",
  "changes",
  "contracts",
  "custom_objects",
  "journeys",
  "onboarding",
  "oncall",
  "people",
  "problems",
  "products",
  "projects",
  "purchase_orders",
  "releases",
  "service_catalog",
  "sla_policies",
  "software",
  "solutions",
  "status_pages",
  "tickets",
  "vendors",
  "workspaces",
];

/** Create/update tools whose body carries account-specific fields: the Worker merges this account's fields into `into`. */
const ACCOUNT_FIELD_TOOLS: Record<string, { kind: string; into: string }> = {
  create_a_freshservice_ticket: { kind: "ticket", into: "custom_fields" },
  update_a_freshservice_ticket_by_id: { kind: "ticket", into: "custom_fields" },
  freshservice_ticket_create_child: { kind: "ticket", into: "custom_fields" },
  create_a_freshservice_problem: { kind: "problem", into: "custom_fields" },
  update_a_freshservice_problem_by_id: { kind: "problem", into: "custom_fields" },
  create_a_freshservice_change: { kind: "change", into: "custom_fields" },
  update_a_freshservice_change_by_id: { kind: "change", into: "custom_fields" },
  create_a_freshservice_release: { kind: "release", into: "custom_fields" },
  update_a_freshservice_release_by_id: { kind: "release", into: "custom_fields" },
  create_a_freshservice_requester: { kind: "requester", into: "custom_fields" },
  update_a_freshservice_requester_by_id: { kind: "requester", into: "custom_fields" },
  create_a_freshservice_agent: { kind: "agent", into: "custom_fields" },
  update_a_freshservice_agent_by_id: { kind: "agent", into: "custom_fields" },
  create_a_freshservice_department: { kind: "department", into: "custom_fields" },
  update_a_freshservice_department_by_id: { kind: "department", into: "custom_fields" },
  create_a_freshservice_asset: { kind: "asset", into: "type_fields" },
  update_a_freshservice_asset_by_id: { kind: "asset", into: "type_fields" },
  create_a_freshservice_onboarding_request: { kind: "onboarding", into: "fields" },
  create_a_freshservice_offboarding_request: { kind: "offboarding", into: "fields" },
  freshservice_service_item_place_request: { kind: "service_item", into: "custom_fields" },
};

/** A delete must tell the model whether it can be undone: trash + restore tool, deactivate, or permanent. */
const RESTORABILITY = /restor|permanent|cannot be undone|deactivat|add them back|link it again/i;

/** JSON Schema keywords the argument schemas may use: ones @cfworker/json-schema implements and models read well. */
const ALLOWED_KEYWORDS = new Set([
  "type",
  "description",
  "enum",
  "const",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "maxProperties",
  "anyOf",
]);
/** Formats @cfworker/json-schema checks (others would be silently ignored). */
const ALLOWED_FORMATS = new Set(["date-time", "date", "email", "uri"]);
/** Arguments the Worker adds to paginated list tools itself. */
const WORKER_PAGING_ARGS = ["limit", "next_cursor"];

interface LoadedFile {
  fileName: string;
  parsed: ReturnType<typeof SchemaFile.safeParse>;
}

const loaded: LoadedFile[] = FILE_NAMES.map((fileName) => {
  const raw: unknown = JSON.parse(readFileSync(new URL(fileName, SCHEMA_DIR), "utf8"));
  return { fileName, parsed: SchemaFile.safeParse(raw) };
});

interface Tool {
  fileName: string;
  family: string;
  resource: Resource;
  op: Operation;
  name: string;
}

const files = loaded.flatMap(({ fileName, parsed }) => (parsed.success ? [{ fileName, file: parsed.data }] : []));
const tools: Tool[] = files.flatMap(({ fileName, file }) =>
  file.resources.flatMap((resource) =>
    resource.operations.map((op) => ({ fileName, family: file.family, resource, op, name: toolName(resource, op) })),
  ),
);
const toolByName = new Map(tools.map((tool) => [tool.name, tool]));

function describeIssues(parsed: LoadedFile["parsed"]): string {
  if (parsed.success) return "";
  return parsed.error.issues.map((issue) => `  at ${issue.path.join(".") || "(root)"}: ${issue.message}`).join("\n");
}

/** The tool's flat input schema, assembled the way the Worker does (path ids, query, body, paging). */
function inputSchema(op: Operation) {
  const properties: Record<string, unknown> = {};
  for (const [name, param] of Object.entries(op.path_params))
    properties[name] = { type: "integer", minimum: 1, description: param.description };
  Object.assign(properties, op.query, op.body);
  if (op.paginated) {
    properties.limit = { type: "integer", minimum: 1, maximum: 100 };
    properties.next_cursor = { type: "string", minLength: 1 };
  }
  return {
    type: "object",
    properties,
    required: [...Object.keys(op.path_params), ...op.required],
    additionalProperties: false,
  };
}

function validate(toolNameToCheck: string, args: Record<string, unknown>) {
  const tool = toolByName.get(toolNameToCheck);
  if (!tool) throw new Error(`no tool ${toolNameToCheck}`);
  return new Validator(inputSchema(tool.op) as never, "2020-12", false).validate(args);
}

/** Every keyword and format used anywhere inside one argument's schema that the validator would not honour. */
function unsupported(schema: unknown, at: string): string[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [`${at}: not a schema object`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (!ALLOWED_KEYWORDS.has(key)) problems.push(`${at}: keyword ${key}`);
    if (key === "format" && !ALLOWED_FORMATS.has(String(value))) problems.push(`${at}: format ${String(value)}`);
    if (key === "properties")
      for (const [name, sub] of Object.entries(value as Record<string, unknown>))
        problems.push(...unsupported(sub, `${at}.${name}`));
    if ((key === "items" || key === "additionalProperties") && typeof value === "object")
      problems.push(...unsupported(value, `${at}.${key}`));
    if (key === "anyOf")
      for (const [i, sub] of (value as unknown[]).entries()) problems.push(...unsupported(sub, `${at}.anyOf[${i}]`));
  }
  return problems;
}

describe("schemas/*.json", () => {
  it("has the bundled families", () => {
    expect(FILE_NAMES).toEqual(FAMILIES.map((family) => `${family}.json`));
  });

  it(`offers at least ${MIN_TOOLS} tools`, () => {
    expect(tools.length).toBeGreaterThanOrEqual(MIN_TOOLS);
  });

  it("ships every file in schemas/ exactly once (SCHEMA_FILE_ORDER)", () => {
    const bundled = loadValidatedSchemas().map((file) => file.family);
    expect(bundled).toEqual(SCHEMA_FILE_ORDER);
    expect(bundled.filter((family, i) => bundled.indexOf(family) !== i)).toEqual([]);
    expect([...bundled].sort()).toEqual(FILE_NAMES.map((name) => name.replace(/\.json$/, "")));
  });

  it("ships the validated files as generated from schemas/ (bundled-schemas.generated.ts is up to date)", () => {
    expect(
      readFileSync(GENERATED_MODULE, "utf8"),
      `worker/catalog/bundled-schemas.generated.ts is out of date with schemas/. Regenerate it and commit:\n  ${REGENERATE}\n`,
    ).toBe(renderCatalogModule());
  });

  it("gives the Worker the catalog built from the validated files", () => {
    expect(bundledCatalog()).toEqual(buildCatalog(loadValidatedSchemas()));
  });

  it.each(FILE_NAMES)("%s passes the SchemaFile contract", (fileName) => {
    const entry = loaded.find((l) => l.fileName === fileName);
    if (!entry) return expect.fail(`${fileName} was not loaded`);
    if (!entry.parsed.success) expect.fail(`${fileName} does not match SchemaFile:\n${describeIssues(entry.parsed)}`);
  });

  it.each(FILE_NAMES)("%s: family equals the file name", (fileName) => {
    const file = files.find((f) => f.fileName === fileName)?.file;
    expect(file?.family).toBe(fileName.replace(/\.json$/, ""));
  });

  it("gives every tool a valid name of at most 64 characters", () => {
    const bad = tools.filter((t) => !TOOL_NAME_PATTERN.test(t.name) || t.name.length > MAX_TOOL_NAME_LENGTH);
    expect(bad.map((t) => t.name)).toEqual([]);
  });

  it("gives every tool a unique name across all files", () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const tool of tools) {
      const where = `${tool.fileName}:${tool.resource.name}.${tool.op.method}`;
      const earlier = seen.get(tool.name);
      if (earlier) duplicates.push(`${tool.name} (${earlier} and ${where})`);
      else seen.set(tool.name, where);
    }
    expect(duplicates).toEqual([]);
  });

  it.each(HERO_TOOLS)("has the tool %s", (name) => {
    expect(toolByName.has(name)).toBe(true);
  });

  it("keeps resource names unique", () => {
    const names = files.flatMap(({ file }) => file.resources.map((r) => r.name));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("uses rooted paths without parent segments", () => {
    const bad = tools.flatMap(({ name, op }) =>
      [op.path, ...Object.values(op.path_when)]
        .filter((p) => !p.startsWith("/") || p.includes("..") || p.includes("//"))
        .map((p) => `${name}: ${p}`),
    );
    expect(bad).toEqual([]);
  });

  it("lets the Worker own paging on paginated lists", () => {
    const bad = tools
      .filter(({ op }) => op.paginated)
      .flatMap(({ name, op }) =>
        ["page", "per_page", ...WORKER_PAGING_ARGS]
          .filter((arg) => arg in op.query || arg in op.body)
          .map((arg) => `${name} declares ${arg}`),
      );
    expect(bad).toEqual([]);
  });

  it("marks only list operations and list-like reads as paginated", () => {
    // The legacy release view answers with a bare array, paged like any list (its link header), so no envelope key.
    const bareLists = new Set(["freshservice_release_list_view"]);
    const bad = tools.filter(
      ({ name, op }) => op.paginated && (op.http_method !== "GET" || (!op.response_key && !bareLists.has(name))),
    );
    expect(bad.map((t) => t.name)).toEqual([]);
  });

  it("never declares one argument name twice in a tool's flat input", () => {
    const bad = tools.flatMap(({ name, op }) => {
      const all = [...Object.keys(op.path_params), ...Object.keys(op.query), ...Object.keys(op.body)];
      return all.filter((arg, i) => all.indexOf(arg) !== i).map((arg) => `${name}: ${arg}`);
    });
    expect(bad).toEqual([]);
  });

  it("describes every argument for the model", () => {
    const bad = tools.flatMap(({ name, op }) =>
      Object.entries({ ...op.query, ...op.body })
        .filter(([, schema]) => typeof schema.description !== "string" || schema.description.length < 10)
        .map(([arg]) => `${name}.${arg}`),
    );
    expect(bad).toEqual([]);
  });

  it("uses only JSON Schema keywords and formats the validator supports", () => {
    const bad = tools.flatMap(({ name, op }) =>
      Object.entries({ ...op.query, ...op.body }).flatMap(([arg, schema]) => unsupported(schema, `${name}.${arg}`)),
    );
    expect(bad).toEqual([]);
  });

  it("compiles every tool's input schema", () => {
    for (const { name, op } of tools) {
      const result = new Validator(inputSchema(op) as never, "2020-12", false).validate({});
      const missing = result.errors.filter((e) => e.keyword === "required").length;
      const expectedMissing = Object.keys(op.path_params).length + op.required.length;
      expect(missing > 0, name).toBe(expectedMissing > 0);
    }
  });

  it("teaches the filter grammar on every filter argument", () => {
    const filters = tools.flatMap(({ name, op }) =>
      op.filter_params.map((arg) => ({ name, arg, schema: op.query[arg] })),
    );
    expect(filters.length).toBeGreaterThan(0);
    for (const { name, arg, schema } of filters) {
      const text = String(schema?.description);
      expect(schema?.type, `${name}.${arg}`).toBe("string");
      expect(text, `${name}.${arg}`).toContain("WITHOUT surrounding double quotes");
      expect(text, `${name}.${arg}`).toContain("single quotes");
      expect(text, `${name}.${arg}`).toMatch(/:>value means greater than OR EQUAL/);
      expect(text, `${name}.${arg}`).toMatch(/field/i);
    }
  });

  it("keeps every delete-like operation reachable as a write tool", () => {
    const deleteLike = tools.filter(
      ({ op }) => op.method === "delete" || op.http_method === "DELETE" || op.effect?.destructive,
    );
    expect(deleteLike.length).toBeGreaterThan(0);
    for (const { name, op } of deleteLike) {
      const isCrud = (CRUD_METHODS as readonly string[]).includes(op.method);
      const category = op.category ?? (op.method === "list" || op.method === "get" ? "read" : "write");
      expect(category, `${name} must be filtered as a write`).toBe("write");
      expect(isCrud || Boolean(op.tool_name), `${name} needs an explicit name`).toBe(true);
      expect(toolByName.get(name)?.op).toBe(op);
    }
  });

  it("explains every effect that differs from the verb", () => {
    for (const { name, op } of tools.filter((t) => t.op.effect))
      expect(op.effect?.reason.length, name).toBeGreaterThan(10);
    expect(toolByName.get("freshservice_asset_delete_forever")?.op.effect?.destructive).toBe(true);
    expect(toolByName.get("update_a_freshservice_ticket_by_id")?.op.effect?.destructive).toBe(true);
  });

  it("routes ticket queries to the filter endpoint", () => {
    const op = toolByName.get("list_all_freshservice_tickets")?.op;
    expect(op?.path).toBe("/tickets");
    expect(op?.path_when).toEqual({ query: "/tickets/filter" });
    expect(op?.filter_params).toContain("query");
  });

  it("accepts realistic arguments and rejects wrong ones", () => {
    expect(validate("list_all_freshservice_tickets", { query: "status:2 AND priority:>3", limit: 50 }).valid).toBe(
      true,
    );
    expect(validate("list_all_freshservice_tickets", { include: "requester,stats" }).valid).toBe(true);
    expect(validate("list_all_freshservice_tickets", { include: "requester, bogus" }).valid).toBe(false);
    expect(validate("list_all_freshservice_tickets", { page: 2 }).valid).toBe(false);
    expect(validate("list_all_freshservice_tickets", { updated_since: "2024-01-31" }).valid).toBe(true);
    expect(validate("list_all_freshservice_tickets", { updated_since: "2024-01-31T08:00:00Z" }).valid).toBe(true);
    expect(validate("list_all_freshservice_tickets", { updated_since: "2024-02-30" }).valid).toBe(false);
    expect(validate("list_all_freshservice_tickets", { updated_since: "last week" }).valid).toBe(false);
    // Freshservice clears a group's escalation contact with null (its documentation says "user id or null").
    expect(validate("update_a_freshservice_agent_group_by_id", { id: 3, escalate_to: null }).valid).toBe(true);
    expect(validate("update_a_freshservice_agent_group_by_id", { id: 3, escalate_to: 0 }).valid).toBe(false);
    expect(validate("update_a_freshservice_agent_group_by_id", { id: 3, name: null }).valid).toBe(false);
    expect(validate("update_a_freshservice_ticket_by_id", { id: 42, status: 4, tags: ["vpn"] }).valid).toBe(true);
    expect(validate("update_a_freshservice_ticket_by_id", { id: 42, priority: 7 }).valid).toBe(false);
    expect(validate("update_a_freshservice_ticket_by_id", { status: 4 }).valid).toBe(false);
    expect(
      validate("list_all_freshservice_assets", { filter: "asset_state:'IN STOCK'", search: "name:'dell'" }).valid,
    ).toBe(true);
    expect(validate("freshservice_solution_article_search", { search_term: "vpn", page: 2, per_page: 10 }).valid).toBe(
      true,
    );
    expect(validate("freshservice_solution_article_search", {}).valid).toBe(false);
    const onboarding = {
      fields: { cf_employee_name: "Ada", cf_start: "2025-03-03", msf_apps: ["Slack"] },
      initiator_id: 7,
    };
    expect(validate("create_a_freshservice_onboarding_request", onboarding).valid).toBe(true);
    expect(validate("create_a_freshservice_onboarding_request", { initiator_id: 7 }).valid).toBe(false);
    expect(
      validate("create_a_freshservice_ticket_time_entry", { ticket_id: 1, agent_id: 2, time_spent: "01:30" }).valid,
    ).toBe(true);
    expect(
      validate("create_a_freshservice_ticket_time_entry", { ticket_id: 1, agent_id: 2, time_spent: "90 min" }).valid,
    ).toBe(false);
  });

  it("wraps and shapes bodies as Freshservice expects", () => {
    expect(toolByName.get("create_a_freshservice_ticket_time_entry")?.op.body_wrapper).toBe("time_entry");
    expect(toolByName.get("update_a_freshservice_ticket_time_entry_by_id")?.op.body_wrapper).toBe("time_entry");
    // initiator_id sits beside `fields`, so the onboarding body is not wrapped.
    expect(toolByName.get("create_a_freshservice_onboarding_request")?.op.body_wrapper).toBeUndefined();
    const assetPaths = tools.filter((t) => t.op.path.startsWith("/assets/")).map((t) => t.op.path);
    expect(assetPaths.every((p) => p.startsWith("/assets/{display_id}"))).toBe(true);
  });

  it("gives every custom operation a category and an explicit name", () => {
    const bad = tools
      .filter(({ op }) => !(CRUD_METHODS as readonly string[]).includes(op.method))
      .filter(({ op }) => !op.category || !op.tool_name?.startsWith("freshservice_"))
      .map((t) => t.name);
    expect(bad).toEqual([]);
  });

  it("marks every delete destructive and says whether it can be undone", () => {
    const catalog = buildCatalog(files.map(({ file }) => file));
    const deletes = catalog.filter(
      (t) =>
        t.method === "delete" ||
        t.operation.http_method === "DELETE" ||
        /delete|forget/.test(t.method) ||
        t.operation.path.endsWith("/delete_forever"),
    );
    expect(deletes.length).toBeGreaterThan(50);
    expect(deletes.filter((t) => !t.annotations.destructiveHint).map((t) => t.name)).toEqual([]);
    expect(deletes.filter((t) => !RESTORABILITY.test(t.description)).map((t) => t.name)).toEqual([]);
  });

  it("marks updates that replace whole lists destructive", () => {
    for (const name of [
      "update_a_freshservice_ticket_by_id",
      "update_a_freshservice_problem_by_id",
      "update_a_freshservice_change_by_id",
      "update_a_freshservice_agent_group_by_id",
      "update_a_freshservice_agent_by_id",
      "update_a_freshservice_requester_by_id",
      "freshservice_ticket_approval_cancel",
      "freshservice_change_approval_cancel",
      "freshservice_requester_merge",
    ])
      expect(toolByName.get(name)?.op.effect?.destructive, name).toBe(true);
  });

  it("merges account fields into the create/update tools whose bodies carry them", () => {
    const declared = Object.fromEntries(
      tools.filter(({ op }) => op.custom_fields).map(({ name, op }) => [name, op.custom_fields]),
    );
    expect(declared).toEqual(ACCOUNT_FIELD_TOOLS);
    for (const [name, { into }] of Object.entries(ACCOUNT_FIELD_TOOLS)) {
      const op = toolByName.get(name)?.op;
      expect(op?.body[into]?.type, `${name}.${into}`).toBe("object");
    }
  });

  it("follows the reference where the verb, path or body shape is unusual", () => {
    const op = (name: string) => {
      const found = toolByName.get(name)?.op;
      if (!found) throw new Error(`no tool ${name}`);
      return found;
    };
    expect(op("freshservice_asset_delete_forever").http_method).toBe("PUT");
    expect(op("update_a_freshservice_cab_by_id").http_method).toBe("PATCH");
    // Item create is the one service-catalog call on the hyphenated path; reads use the underscore.
    expect(op("create_a_freshservice_service_item").path).toBe("/service-catalog/items");
    expect(op("create_a_freshservice_service_item").body_wrapper).toBeUndefined();
    expect(op("create_a_freshservice_service_item").required).toEqual(["service_item", "workspace_id"]);
    expect(op("get_single_freshservice_service_item_by_id").path).toBe("/service_catalog/items/{display_id}");
    // Time entries: wrapped on tickets, flat on problems, changes and releases.
    for (const module of ["problem", "change", "release"]) {
      expect(op(`create_a_freshservice_${module}_time_entry`).body_wrapper).toBeUndefined();
      expect(op(`update_a_freshservice_${module}_time_entry_by_id`).body_wrapper).toBeUndefined();
    }
    expect(op("create_a_freshservice_software").body_wrapper).toBe("application");
    expect(op("update_a_freshservice_software_by_id").body_wrapper).toBe("application");
    expect(Object.keys(op("create_a_freshservice_custom_object_record").body)).toEqual(["data"]);
    expect(Object.keys(op("create_a_freshservice_onboarding_request").body)).toContain("fields");
    expect(op("freshservice_journey_request_filter").body_wrapper).toBe("data");
    // Contract actions are PUTs on the contract with a fixed ?operation=.
    for (const [name, value] of [
      ["freshservice_contract_submit_for_approval", "submit-for-approval"],
      ["freshservice_contract_approve", "approve"],
      ["freshservice_contract_reject", "reject"],
    ] as const) {
      expect(op(name).path).toBe("/contracts/{id}");
      expect(op(name).query.operation?.enum).toEqual([value]);
      expect(op(name).required).toContain("operation");
    }
  });

  it("accepts realistic arguments for the wider API and rejects wrong ones", () => {
    expect(validate("freshservice_contract_approve", { id: 7, operation: "approve" }).valid).toBe(true);
    expect(validate("freshservice_contract_approve", { id: 7, operation: "reject" }).valid).toBe(false);
    expect(validate("freshservice_contract_approve", { id: 7 }).valid).toBe(false);
    expect(
      validate("freshservice_ticket_approval_cancel", { ticket_id: 3, id: 9, approval_status: { id: 3 } }).valid,
    ).toBe(true);
    expect(
      validate("freshservice_ticket_approval_cancel", { ticket_id: 3, id: 9, approval_status: { id: 1 } }).valid,
    ).toBe(false);
    const relationship = {
      relationship_type_id: 1,
      primary_id: 12,
      primary_type: "asset",
      secondary_id: 4,
      secondary_type: "requester",
    };
    expect(validate("freshservice_relationship_bulk_create", { relationships: [relationship] }).valid).toBe(true);
    expect(
      validate("freshservice_relationship_bulk_create", {
        relationships: [{ ...relationship, primary_type: "ticket" }],
      }).valid,
    ).toBe(false);
    expect(validate("freshservice_relationship_bulk_delete", { ids: [20, 21] }).valid).toBe(true);
    expect(validate("freshservice_relationship_bulk_delete", { ids: [] }).valid).toBe(false);
    const item = {
      name: "Laptop",
      category_id: 2,
      short_description: "A laptop",
      description: "<p>x</p>",
      visibility: 2,
    };
    expect(validate("create_a_freshservice_service_item", { service_item: item, workspace_id: 2 }).valid).toBe(true);
    expect(validate("create_a_freshservice_service_item", { service_item: item, workspace_id: 1 }).valid).toBe(false);
    expect(
      validate("create_a_freshservice_problem_time_entry", { problem_id: 1, agent_id: 2, time_spent: "00:45" }).valid,
    ).toBe(true);
    expect(
      validate("list_all_freshservice_changes", { query: "approval_status:1 AND priority:>3", order_type: "asc" })
        .valid,
    ).toBe(true);
    expect(
      validate("list_all_freshservice_custom_object_records", {
        custom_object_id: 5,
        query: "status:'Active'",
        page_size: 50,
      }).valid,
    ).toBe(true);
    expect(validate("create_a_freshservice_custom_object_record", { custom_object_id: 5, data: {} }).valid).toBe(false);
    const filter = { filter: [{ attributes: [{ field: "status", operator: "is_in", value: [1, 2] }] }] };
    expect(validate("freshservice_journey_request_filter", { query: filter }).valid).toBe(true);
    expect(validate("freshservice_requester_merge", { id: 1, secondary_requesters: [2, 3] }).valid).toBe(true);
    expect(validate("create_a_freshservice_agent", { first_name: "Ada", email: "ada@example.com" }).valid).toBe(false);
    expect(
      validate("create_a_freshservice_agent", {
        first_name: "Ada",
        email: "ada@example.com",
        roles: [{ role_id: 3, assignment_scope: "entire_helpdesk" }],
      }).valid,
    ).toBe(true);
    expect(validate("freshservice_ticket_promote", { id: 4, type: "Major Incident" }).valid).toBe(true);
    expect(validate("freshservice_ticket_promote", { id: 4, type: "Incident" }).valid).toBe(false);
  });

  it("keeps the custom-object record grammar out of filter_params (it takes no outer quotes)", () => {
    const op = toolByName.get("list_all_freshservice_custom_object_records")?.op;
    expect(op?.filter_params).toEqual([]);
    expect(String(op?.query.query?.description)).toMatch(/double quotes/);
  });

  it("files reads that Freshservice serves as POST under read", () => {
    for (const name of ["freshservice_audit_log_export", "freshservice_journey_request_filter"]) {
      const op = toolByName.get(name)?.op;
      expect(op?.http_method, name).toBe("POST");
      expect(op?.category, name).toBe("read");
      expect(op?.effect?.reason, name).toBeTruthy();
    }
  });

  it("says approvals can only be cancelled", () => {
    for (const name of ["freshservice_ticket_approval_cancel", "freshservice_change_approval_cancel"])
      expect(toolByName.get(name)?.op.description, name).toMatch(/ONLY change the API allows/);
  });

  it("keeps names within 64 characters without relying on shortening", () => {
    const unshortened = ({ resource, op }: Tool): string =>
      ({
        list: `list_all_freshservice_${resource.plural}`,
        get: `get_single_freshservice_${resource.name}_by_id`,
        create: `create_a_freshservice_${resource.name}`,
        update: `update_a_freshservice_${resource.name}_by_id`,
        delete: `delete_a_freshservice_${resource.name}_by_id`,
      })[op.method] ?? String(op.tool_name);
    const bad = tools.filter((tool) => unshortened(tool) !== tool.name || tool.name.length > MAX_TOOL_NAME_LENGTH);
    expect(bad.map((t) => t.name)).toEqual([]);
  });

  it("lists only known families as left out, and docs/coverage.md is current", () => {
    const known = new Set(files.map(({ file }) => file.family));
    expect(Object.keys(loadLeftOut().families).filter((family) => !known.has(family))).toEqual([]);
    const committed = readFileSync(new URL("../../docs/coverage.md", import.meta.url), "utf8");
    expect(committed, "docs/coverage.md is stale: run `npx tsx scripts/coverage-table.ts`").toBe(renderCoverage());
  });
});
