/**
 * The documentation parser (scripts/reference/) on small hand-written excerpts in the copy's flattened format:
 * one table cell or JSON token per line, a line-number gutter before each code sample, "EXPAND ↓" after it.
 */
import { describe, expect, it } from "vitest";
import {
  enumFromText,
  parseParamLists,
  parseTableRows,
  parseTypeCell,
  parseValueTables,
} from "../../scripts/reference/attribute-table";
import { compactJson } from "../../scripts/reference/compact-json";
import { repairMojibake, sectionLines, splitBlocks } from "../../scripts/reference/doc-blocks";
import { findEndpointLine, normalizePath, parseCurl, parseUrl } from "../../scripts/reference/doc-endpoint";
import { extractReference } from "../../scripts/reference/extract-operations";
import { envelopeOf, parseSample, shapeOf } from "../../scripts/reference/json-sample";

const lines = (text: string) => sectionLines(text);

describe("paths", () => {
  it.each([
    ["/api/v2/tickets/[id]/notes", "/tickets/{id}/notes"],
    ["api/v2/tickets/[id]/tasks/[id]", "/tickets/{id}/tasks/{id}"],
    ["/api/v2/solutions/categories/{id}", "/solutions/categories/{id}"],
    ["/api/v2/projects/[project_id]/tasks/[id]]", "/projects/{project_id}/tasks/{id}"],
    ["/api/v2/tickets/id]/csat_response", "/tickets/{id}/csat_response"],
    ["/api/v2/onboarding_requests/id/tickets", "/onboarding_requests/{id}/tickets"],
    ["https://domain.freshservice.com//api/v2/problems/17", "/problems/{}"],
    ["https://domain.freshservice.com/api/v2/jobs/25cf5d0b-b2cd-4224-9715-bd48cb89896d", "/jobs/{}"],
    ["/api/v2/roles/", "/roles"],
  ])("%s → %s", (raw, path) => {
    expect(normalizePath(raw)).toBe(path);
  });

  it("reads a query template: placeholders, literal values, and the &order_by the copy mangled", () => {
    expect(parseUrl("/api/v2/ams/alerts?query=[query]ℴ_by=[field]&page=[page]&operation=approve")).toEqual({
      path: "/ams/alerts",
      query: [
        { name: "query", placeholder: "query" },
        { name: "order_by", placeholder: "field" },
        { name: "page", placeholder: "page" },
        { name: "operation", value: "approve" },
      ],
    });
  });

  it("reads a query whose ? was lost", () => {
    expect(parseUrl("/api/v2/workspaces/query=[query]")).toEqual({
      path: "/workspaces",
      query: [{ name: "query", placeholder: "query" }],
    });
  });
});

describe("endpoint lines and curl samples", () => {
  it.each([
    [["Some prose", "get", "/api/v2/widgets/[id]", "OAuth 2.0 Scope"], { method: "GET", path: "/widgets/{id}" }],
    [["put", "api/v2/widgets/[widget_id]/parts/[id]"], { method: "PUT", path: "/widgets/{widget_id}/parts/{id}" }],
    [["Get", "/api/v2/widgets"], undefined],
    [["get", "the widgets"], undefined],
  ])("%j", (text, expected) => {
    const found = findEndpointLine(text);
    expect(found && { method: found.method, path: found.path }).toEqual(expected);
  });

  it("reads verb, path, query, a body spanning lines and multipart parts", () => {
    const json = parseCurl(
      'curl -v -u api_key:X -H\n"Content-Type: application/json"\n-X PUT -d\n\'{ "name": "A",\n "size": 2 }\'\n\'https://domain.freshservice.com/api/v2/widgets/7?notify=true\'',
    );
    expect(json).toEqual({
      method: "PUT",
      path: "/widgets/{}",
      query: [{ name: "notify", value: "true" }],
      body: '{ "name": "A",\n "size": 2 }',
      formFields: [],
    });
    const upload = parseCurl(
      "curl -u api_key:X -F 'attachments[]=@/tmp/a.png' -F 'note=hi' -X POST 'https://d.freshservice.com/api/v2/widgets'",
    );
    expect(upload?.formFields).toEqual(["attachments[]", "note"]);
    expect(upload?.body).toBeUndefined();
  });

  it("takes the URL without quotes, and without the curly quote the copy sometimes leaves after it", () => {
    expect(parseCurl("curl -X GET https://d.freshservice.com/api/v2/widgets/4’")?.path).toBe("/widgets/{}");
  });
});

describe("code blocks", () => {
  it("splits a section into prose, a curl sample and a JSON answer", () => {
    const blocks = splitBlocks(
      lines(
        `Intro\nget\n/api/v2/widgets\nSample code | Curl\n1\ncurl -X GET 'https://d.freshservice.com/api/v2/widgets'\nEXPAND ↓\nResponse\n1\n2\n3\n{\n"widgets"\n:\n[]\n}\nEXPAND ↓`,
      ),
    );
    expect(blocks.map((block) => block.kind)).toEqual(["text", "curl", "text", "json"]);
    expect(blocks[3]).toMatchObject({ kind: "json", label: "Response" });
  });

  it("does not take a value table's 1 for a gutter", () => {
    const blocks = splitBlocks(lines("Status\nValue\nOpen\n1\nClosed\n2"));
    expect(blocks).toEqual([{ kind: "text", lines: ["Status", "Value", "Open", "1", "Closed", "2"] }]);
  });

  it("repairs UTF-8 read as Latin-1, and leaves other text alone", () => {
    expect(repairMojibake("The default value is \u00e2\u0080\u009clow\u00e2\u0080\u009d")).toBe(
      "The default value is “low”",
    );
    expect(repairMojibake("Zoë, naïve")).toBe("Zoë, naïve");
  });
});

describe("JSON samples", () => {
  it.each([
    ['{\n"a"\n:\n1\n,\n}', { a: 1 }],
    ['{ "a" : nil , "b" : True }', { a: null, b: true }],
    ['{ "a" : 1 "b" : "x" "c" : [ 1 , ... { } ] }', { a: 1, b: "x", c: [1, {}] }],
    ['"widgets" : [ { "id" : 1 } ] }', { widgets: [{ id: 1 }] }],
    ["{ widget : { id : 1 } }", { widget: { id: 1 } }],
    ['{ "phone" : 12 XXXXX }', { phone: 12 }],
  ])("%s", (text, value) => {
    expect(parseSample(text)).toMatchObject({ ok: true, value });
  });

  it("keeps only the key names of a sample it cannot repair", () => {
    expect(parseSample('{ "a" : "x, "\nb\n": 1 }')).toEqual({ ok: false, keys: ["a", "b"] });
  });

  it("shapes a value: types merged across list elements, date formats kept while every string has them", () => {
    expect(
      shapeOf([
        { at: "2024-01-02T03:04:05Z", n: null },
        { at: "2024-01-02", n: 2 },
      ]),
    ).toEqual({
      type: "array",
      items: {
        type: "object",
        keys: { at: { type: "string" }, n: { type: "null|number" } },
      },
    });
    expect(shapeOf({ d: "2024-01-02" })).toEqual({ type: "object", keys: { d: { type: "string", format: "date" } } });
  });

  it.each([
    [{ widget: { id: 1 } }, undefined, { wrapper: "widget", list: false }],
    [{ widgets: [{ id: 1 }], meta: { page: 1 } }, undefined, { wrapper: "widgets", list: true }],
    [[{ id: 1 }], undefined, { list: true }],
    [{ widget_requests: [{ id: 1 }], users: [] }, "requests", { wrapper: "widget_requests", list: true }],
    [{ a: { id: 1 }, b: [] }, undefined, { list: false }],
  ])("envelope of %j", (value, hint, expected) => {
    const { record: _record, siblings: _siblings, ...envelope } = envelopeOf(value, hint);
    expect(envelope).toEqual(expected);
  });
});

describe("attribute tables", () => {
  it.each([
    ["number", { type: "number" }],
    ["DateTime", { type: "string", format: ["date-time"] }],
    ["date", { type: "string", format: ["date"] }],
    ["array of numbers", { type: "array", items: "number" }],
    ["Array of strings", { type: "array", items: "string" }],
    ["hash", { type: "object" }],
    ["the widget's name", undefined],
  ])("type cell %s", (cell, fact) => {
    expect(parseTypeCell(cell)).toEqual(fact);
  });

  it("reads rows: type, mandatory, read-only, formats, values, default", () => {
    const rows = parseTableRows(
      lines(
        [
          "Attribute",
          "Type",
          "Description",
          "id",
          "number",
          "Unique ID",
          "Read-Only",
          "name",
          "string",
          "Name of the widget",
          "Mandatory",
          "kind",
          "number",
          "Kind of widget. 1-Small, 2-Large",
          "seen_at",
          "datetime",
          "When it was seen",
          "Format:",
          "YYYY-MM-DD",
          "YYYY-MM-DDTHH:MM:SS",
          "size",
          "string",
          "Size. Possible values: small, large. The default value is 'small'",
          "get",
          "/api/v2/widgets",
        ].join("\n"),
      ),
    );
    expect(rows.map(({ name, fact }) => [name, fact])).toEqual([
      ["id", { type: "number", read_only: true }],
      ["name", { type: "string", required: true }],
      ["kind", { type: "number", enum: [1, 2] }],
      ["seen_at", { type: "string", format: ["date", "date-time"] }],
      ["size", { type: "string", enum: ["small", "large"], default: "small" }],
    ]);
  });

  it("reads a row named like a type (email), and not a table of types as rows", () => {
    const rows = parseTableRows(lines("title\nstring\nIts title.\nemail\nstring\nIts email.\nMandatory"));
    expect(rows.map(({ name, fact }) => [name, fact])).toEqual([
      ["title", { type: "string" }],
      ["email", { type: "string", required: true }],
    ]);
    expect(parseTableRows(lines("Custom Fields Supported\nType\nSingle line text\nstring\nNumber\ninteger"))).toEqual(
      [],
    );
  });

  it.each([
    ["Mandatory attribute", { required: true }],
    ["Any of the three attributes is mandatory.", { required: "one_of" }],
  ])("reads what a * footnote means: %s", (footnote, expected) => {
    const rows = parseTableRows(lines(`a\n*\nstring\nFirst\nb\nstring\nSecond\n*\n${footnote}`));
    expect(rows[0]?.fact).toMatchObject(expected);
    expect(rows[0]?.fact.starred).toBeUndefined();
    expect(rows[1]?.fact.required).toBeUndefined();
  });

  it("keeps a star it cannot explain as starred, and a conditional mandatory as not mandatory", () => {
    const rows = parseTableRows(
      lines(
        "a\n*\nstring\nFirst\nb\nnumber\nSecond (\nMandatory\nif kind is 2)\nc*\nstring\nThird. Not mandatory for gadgets.\nMandatory",
      ),
    );
    expect(rows.map(({ name, fact }) => [name, fact])).toEqual([
      ["a", { type: "string", starred: true }],
      ["b", { type: "number" }],
      ["c", { type: "string", starred: true }],
    ]);
  });

  it.each([
    ["Severity. ok=51, warning=101, critical=201", [51, 101, 201]],
    ["Impact of the widget. 1-Low, 2-Medium, 3-High", [1, 2, 3]],
    ["Status. Allowed values: draft, active, expired", ["draft", "active", "expired"]],
    ["Communication type. Values: email, zoom", ["email", "zoom"]],
    ["The number of widgets", undefined],
  ])("values in %s", (text, values) => {
    expect(enumFromText(text)).toEqual(values);
  });

  it.each([
    [
      "Request Params\npage\nper_page\ntype*\nNote:\nOnly for widgets.",
      [
        ["page", {}],
        ["per_page", {}],
        ["type", { required: true }],
      ],
    ],
    [
      "Query Parameters\nType\nHandle\nfilter\nstring\nAllowed values are ['all', 'done']\nExample:\napi/v2/widgets?filter=done\nper page\nnumber\nHow many, 30 by default.\nget\n/api/v2/widgets",
      [
        ["filter", { type: "string", enum: ["all", "done"] }],
        ["per_page", { type: "number" }],
      ],
    ],
  ])("reads the query arguments a list names: %s", (text, expected) => {
    expect(parseParamLists(lines(text)).map(({ name, fact }) => [name, fact])).toEqual(expected);
  });

  it("reads a value table under its heading", () => {
    expect(parseValueTables(lines("Severity\nValue\nCritical\n201\nOk\n51\nStatus\nValue\nOpen\n1"))).toEqual([
      { heading: "Severity", values: [201, 51], labels: ["Critical", "Ok"] },
    ]);
  });
});

describe("operations", () => {
  const section = (title: string, content: string) => ({
    url: "",
    title,
    section_id: title.toLowerCase().replace(/ /g, "-"),
    content,
  });
  const sections = [
    section(
      "Introduction",
      "About the API\nSample code | Curl\n1\ncurl -X GET 'https://d.freshservice.com/api/v2/widgets'\nEXPAND ↓",
    ),
    section("Pagination", "By default, the number of objects returned per page is 30. The maximum is 100."),
    section(
      "Widgets Freshservice",
      "Attribute\nType\nDescription\nid\nnumber\nUnique ID\nRead-Only\nname\nstring\nName\nMandatory\ncolor\nstring\nColor. Possible values: red, blue",
    ),
    section(
      "Create a Widget Freshservice",
      'post\n/api/v2/widgets\nSample code | Curl\n1\ncurl -X POST -d \'{"widget": {"name": "A", "owner_id": null}}\' \'https://d.freshservice.com/api/v2/widgets\'\nEXPAND ↓\nResponse\n1\n2\n{ "widget" : { "id" : 1 , "name" : "A" } }\nEXPAND ↓',
    ),
    section(
      "Create a Widget with a photo",
      "Sample code | Curl\n1\ncurl -F 'photo=@a.png' -X POST 'https://d.freshservice.com/api/v2/widgets'\nEXPAND ↓",
    ),
    section(
      "View all Widgets Freshservice",
      'Supports between 2 to 50 char as input.\nget\n/api/v2/widgets?query=[name]&page=[page]\nSample code | Curl\n1\ncurl -X GET \'https://d.freshservice.com/api/v2/widgets?page=1\'\nEXPAND ↓\nResponse\n1\n2\n{ "widgets" : [ { "id" : 1 } ], "meta" : { "page_number" : 1 } }\nEXPAND ↓',
    ),
    section(
      "Restore a Widget Freshservice",
      "get\n/api/v2/widgets/[id]/restore\nSample code | Curl\n1\ncurl -X PUT 'https://d.freshservice.com/api/v2/widgets/3/restore'\nEXPAND ↓\nResponse\n1\nHTTP\nStatus:\n204\nNo\nContent\nEXPAND ↓",
    ),
  ];
  const reference = extractReference(sections, { copy: "test" });
  const byKey = new Map(reference.operations.map((op) => [op.key, op]));

  it("groups sections into operations: the general part's samples open none, a variant joins its operation", () => {
    expect([...byKey.keys()]).toEqual(["GET /widgets", "POST /widgets", "GET /widgets/{id}/restore"]);
    expect(byKey.get("POST /widgets")?.sections.map((s) => s.index)).toEqual([3, 4]);
  });

  it("reads a create: wrapper, fields from the sample with null, the table's facts, multipart parts, the answer", () => {
    const create = byKey.get("POST /widgets");
    expect(create?.object).toBe("2");
    expect(create?.body).toEqual({
      wrapper: "widget",
      fields: {
        name: { type: "string", via: ["sample"], from: [3] },
        owner_id: { nullable: true, via: ["sample"], from: [3] },
      },
      multipart: ["photo"],
    });
    expect(create?.response).toMatchObject({ wrapper: "widget", list: false, from: [3] });
    expect(reference.objects["2"]?.fields).toEqual({
      id: { type: "number", read_only: true },
      name: { type: "string", required: true },
      color: { type: "string", enum: ["red", "blue"] },
    });
  });

  it("reads a list: query arguments with their limits, and paging by meta", () => {
    const list = byKey.get("GET /widgets");
    expect(list?.query.query).toEqual({ via: ["template"], from: [5], min_length: 2, max_length: 50 });
    expect(list?.paging).toEqual({ style: "meta", params: ["page"], meta_keys: ["page_number"], from: [5] });
    expect(list?.found).toMatchObject({ endpoint: "line", response: "sample", paging: "meta", body: "none" });
  });

  it("keeps a sample that contradicts the endpoint line, and a bare status", () => {
    const restore = byKey.get("GET /widgets/{id}/restore");
    expect(restore?.other_endpoints).toEqual([
      { method: "PUT", path: "/widgets/{}/restore", via: "sample", from: [6] },
    ]);
    expect(restore?.response).toMatchObject({ status: 204 });
    expect(restore?.found.response).toBe("status");
  });

  it("reads the general paging rule", () => {
    expect(reference.pagination).toEqual({ style: "link", per_page_default: 30, per_page_max: 100, from: [1] });
  });
});

describe("compactJson", () => {
  it.each([
    [{ a: [1, 2], b: "x" }, 40, '{"a":[1,2],"b":"x"}'],
    [{ a: [1, 2], b: { c: "a long enough value" } }, 30, '{\n  "a": [1,2],\n  "b": {"c":"a long enough value"}\n}'],
    [[{ id: 1 }, { id: "a value that is long" }], 20, '[\n  {"id":1},\n  {\n    "id": "a value that is long"\n  }\n]'],
  ])("%j in %i columns", (value, width, text) => {
    expect(compactJson(value, width)).toBe(text);
    expect(JSON.parse(compactJson(value, width))).toEqual(value);
  });
});
