/**
 * The bundled API description (schemas/*.json): every file passes the contract in
 * worker/catalog/schema-format.ts, tool names are valid and unique, the tools users rely on exist, and the
 * argument schemas stay within what the Worker's validator (@cfworker/json-schema) understands.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
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
];

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
    expect(FILE_NAMES).toEqual(
      expect.arrayContaining(["assets.json", "onboarding.json", "people.json", "solutions.json", "tickets.json"]),
    );
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
    const bad = tools.filter(({ op }) => op.paginated && (op.http_method !== "GET" || !op.response_key));
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
});
