/**
 * Every bundled tool against the documentation reference (reference/freshservice-operations.json): a difference
 * is either fixed or listed with its reason in scripts/coverage-known-differences.json; a new one, or a listed one
 * that no longer exists, fails here. Below, the comparison itself on small made-up tools and operations.
 */
import { describe, expect, it } from "vitest";
import { checkKnown, loadKnownDifferences } from "../../scripts/reference/known-differences";
import { loadReference, type Reference, type ReferenceOperation } from "../../scripts/reference/reference-format";
import {
  catalogDifferences,
  DIFFERENCE_KINDS,
  differenceKey,
  filterFieldsOf,
  mentionedFields,
  toolDifferences,
} from "../../scripts/reference/tool-drift";
import { buildCatalog } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { SchemaFile } from "../../worker/catalog/schema-format";

const HOW =
  "Fix the schema (then `npx tsx scripts/build-catalog.ts`, the snapshot, `npx tsx scripts/coverage-table.ts`), or list the key with its reason in scripts/coverage-known-differences.json.";

describe("the checked-in reference", () => {
  const reference = loadReference();

  it("has one entry per operation, each read from at least one section, with what was found", () => {
    const keys = reference.operations.map((op) => op.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(reference.operations.length).toBeGreaterThan(400);
    for (const op of reference.operations) {
      expect(op.sections.length, op.key).toBeGreaterThan(0);
      expect(op.key.startsWith(`${op.method} ${op.path}`), op.key).toBe(true);
      expect(op.found.endpoint, op.key).toMatch(/^(line|curl)$/);
      if (op.object) expect(reference.objects[op.object], op.key).toBeDefined();
    }
  });

  it("keeps facts, not the documentation's text: no string value is longer than a name or a short value", () => {
    const long: string[] = [];
    const visit = (value: unknown, at: string) => {
      // Paths (and the keys made of them) may be long; everything else is a name, a type or a short value.
      if (typeof value === "string" && value.length > 120 && !["$comment", "key", "path"].includes(at))
        long.push(`${at}: ${value.slice(0, 40)}…`);
      else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) visit(inner, key);
    };
    visit(reference, "");
    expect(long).toEqual([]);
  });
});

describe("the bundled tools against the documentation", () => {
  const reference = loadReference();
  const known = loadKnownDifferences();
  const differences = catalogDifferences(bundledCatalog(), reference);
  const check = checkKnown(differences, known);

  it("has every difference listed with a reason", () => {
    const unlisted = check.unlisted.map((d) => `${JSON.stringify(differenceKey(d))}  // ${d.detail}`);
    expect(
      unlisted,
      `Differences from the documentation that are not listed. ${HOW}\n${unlisted.join("\n")}\n`,
    ).toEqual([]);
  });

  it("lists only differences that still exist, each once, under a reason", () => {
    expect(check.stale, "Listed differences that no longer exist: remove them from the list").toEqual([]);
    expect(check.repeated).toEqual([]);
    for (const group of known.groups) {
      expect(group.reason.length, group.reason).toBeGreaterThanOrEqual(20);
      expect(group.differences.length, group.reason).toBeGreaterThan(0);
    }
  });

  it("uses only known kinds", () => {
    const kinds = new Set<string>(DIFFERENCE_KINDS);
    expect(differences.filter((d) => !kinds.has(d.kind))).toEqual([]);
  });
});

/** A one-operation family, as the schema files write it (defaults filled in by the contract). */
function tool(operation: Record<string, unknown>) {
  const file = SchemaFile.parse({
    family: "widgets",
    description: "Widgets for the drift test.",
    tags: ["widgets"],
    resources: [{ name: "widget", plural: "widgets", operations: [operation] }],
  });
  const [built] = buildCatalog([file]);
  if (!built) throw new Error("no tool");
  return built;
}

/** A reference with one documented operation (and its resource's table, if given). */
function referenceWith(op: Partial<ReferenceOperation> & Pick<ReferenceOperation, "method" | "path">): Reference {
  return {
    $comment: "",
    source: { documentation: "", copy: "", sections: 1 },
    pagination: { style: "link", per_page_default: 30, per_page_max: 100, from: [] },
    operations: [
      {
        key: `${op.method} ${op.path}`,
        path_params: [],
        sections: [{ index: 1, id: "widgets" }],
        query: {},
        found: { endpoint: "line", query: false, body: "none", required: false, response: "none", paging: "n/a" },
        ...op,
      },
    ],
    objects: {
      "0": {
        section: "widgets",
        fields: {
          name: { type: "string" },
          size: { type: "number", enum: [1, 2] },
          id: { read_only: true, type: "number" },
        },
      },
    },
  };
}

const LIST = {
  method: "list",
  title: "List widgets",
  description: "List widgets: id, name and size.",
  http_method: "GET",
  path: "/widgets",
  response_key: "widgets",
};
const CREATE = {
  method: "create",
  title: "Create a widget",
  description: "Create a widget with a name and a size.",
  http_method: "POST",
  path: "/widgets",
  body: {
    name: { type: "string", description: "Its name." },
    size: { type: "integer", enum: [1, 2, 3], description: "Its size." },
    owner_id: { type: "integer", description: "Its owner." },
    seen_on: { type: "string", format: "date-time", description: "When it was seen." },
  },
  required: ["name"],
  response_key: "widget",
};
const widgetRecord = { type: "object", keys: { id: { type: "number" }, name: { type: "string" } } };

describe("toolDifferences", () => {
  it.each([
    ["an endpoint nobody documents", LIST, { method: "GET", path: "/gadgets" }, ["no-operation GET /widgets"]],
    [
      "the documentation's other endpoint (a contradicting sample)",
      { ...LIST, http_method: "PUT" },
      {
        method: "GET",
        path: "/widgets",
        other_endpoints: [{ method: "PUT", path: "/widgets", via: "sample" as const, from: [1] }],
      },
      ["other-endpoint PUT /widgets"],
    ],
    [
      "a query argument and its values, length and documented neighbours",
      {
        ...LIST,
        query: {
          state: { type: "string", enum: ["open"], description: "Only these." },
          q: { type: "string", minLength: 1, maxLength: 255, description: "Name search." },
          color: { type: "string", description: "Not documented." },
        },
      },
      {
        method: "GET",
        path: "/widgets",
        query: {
          state: { via: ["url"], from: [1], examples: ["open", "closed"] },
          q: { via: ["template"], from: [1], min_length: 2, max_length: 255 },
          include: { via: ["url"], from: [1] },
        },
      },
      ["query-values state", "query-length q", "query-undocumented color", "query-not-offered include"],
    ],
    [
      "the answer's envelope and paging",
      { ...LIST, paginated: true, response_key: "items" },
      {
        method: "GET",
        path: "/widgets",
        response: { wrapper: "widgets", list: true, from: [1] },
        paging: { style: "meta" as const, params: ["page"], from: [1] },
      },
      ["response-key", "paging"],
    ],
    [
      "field names the description mentions that the answer does not have",
      { ...LIST, description: "List widgets: id, name, colour_code and size." },
      {
        method: "GET",
        path: "/widgets",
        object: "0",
        response: { wrapper: "widgets", list: true, record: widgetRecord, from: [1] },
      },
      ["description-field colour_code", "description-field size"],
    ],
    [
      "body fields: undocumented, values, format, null, mandatory, not offered",
      CREATE,
      {
        method: "POST",
        path: "/widgets",
        object: "0",
        body: {
          fields: {
            name: { type: "string", via: ["table"], from: [1], required: true as const },
            seen_on: { type: "string", format: ["date"], via: ["table"], from: [1] },
            size: { type: "number", nullable: true as const, via: ["sample"], from: [1] },
            color: { type: "string", via: ["sample"], from: [1] },
          },
        },
        found: {
          endpoint: "line" as const,
          query: false,
          body: "table+sample" as const,
          required: true,
          response: "none" as const,
          paging: "n/a" as const,
        },
      },
      [
        "enum size",
        "nullable size",
        "body-field-undocumented owner_id",
        "format seen_on",
        "body-field-not-offered color",
      ],
    ],
    [
      "a body wrapper the tool does not send",
      CREATE,
      {
        method: "POST",
        path: "/widgets",
        body: { wrapper: "widget", fields: { name: { via: ["sample"], from: [1] } } },
        found: {
          endpoint: "line" as const,
          query: false,
          body: "sample" as const,
          required: false,
          response: "none" as const,
          paging: "n/a" as const,
        },
      },
      [
        "body-wrapper",
        "body-field-undocumented size",
        "body-field-undocumented owner_id",
        "body-field-undocumented seen_on",
      ],
    ],
    [
      "a body the documentation does not show at all",
      CREATE,
      { method: "POST", path: "/widgets" },
      ["body-undocumented"],
    ],
    [
      "nothing, when the tool matches what is documented",
      { ...CREATE, body: { name: { type: "string", description: "Its name." } } },
      {
        method: "POST",
        path: "/widgets",
        object: "0",
        body: { fields: { name: { type: "string", via: ["table"], from: [1], required: true as const } } },
        found: {
          endpoint: "line" as const,
          query: false,
          body: "table" as const,
          required: true,
          response: "none" as const,
          paging: "n/a" as const,
        },
      },
      [],
    ],
  ])("%s", (_, operation, documented, expected) => {
    const found = toolDifferences(tool(operation), referenceWith(documented));
    expect(found.map((d) => [d.kind, d.field].filter(Boolean).join(" "))).toEqual(expected);
  });
});

describe("what a description says", () => {
  it.each([
    [
      "id, message, description, severity (critical, major), state and its ticket_id.",
      ["id", "message", "description", "severity", "ticket_id"],
    ],
    ["Planned and actual dates, owner (agent_id), group.", []],
    ["Use list_all_freshservice_widgets first; `review_date` is a date.", ["review_date"]],
  ])("%s", (text, fields) => {
    const vocabulary = new Set(["id", "message", "description", "severity", "state", "group"]);
    expect(mentionedFields(text, vocabulary)).toEqual([...fields].sort());
  });

  it("reads the filter fields a filter argument teaches, with the values in their parentheses", () => {
    expect(
      Object.fromEntries(
        filterFieldsOf("… Filterable fields: state (open, resolved), severity (51 = ok), name. Examples: …"),
      ),
    ).toEqual({ state: ["open", "resolved"], severity: ["51", "ok"], name: [] });
  });
});
