/**
 * A bundled tool compared with its documented operation in the reference: endpoint, query arguments, filter
 * fields, body fields (names, types, formats, values, required, null, read-only), answer envelope, paging, and the
 * field names its description mentions. Only what the reference documents is compared: a fact the extraction
 * did not find is never a difference. Pure: tools and reference in, differences out.
 */
import type { CatalogTool, JsonSchema } from "../../worker/catalog/build-tools";
import { pathShape } from "./doc-endpoint";
import { headingField } from "./extract-operations";
import type { Shape } from "./json-sample";
import type { FieldFact, Reference, ReferenceObject, ReferenceOperation } from "./reference-format";

export const DIFFERENCE_KINDS = [
  /** No documented operation has the tool's verb and path. */
  "no-operation",
  /** The tool follows a sample or a line that contradicts the documented endpoint (ticket restore's PUT). */
  "other-endpoint",
  "query-undocumented",
  "query-not-offered",
  /** A value the documentation's URLs use is refused by the tool's enum or pattern. */
  "query-values",
  "query-length",
  /** The filter argument's description lists a field the documented filter does not take. */
  "filter-field-undocumented",
  /** The values the description gives a filter field are not the documented ones. */
  "filter-field-values",
  "body-wrapper",
  /** The tool sends a body; the documentation shows none for this operation and no attribute table. */
  "body-undocumented",
  "body-field-undocumented",
  /** A body field the operation's own table or sample documents, which the tool does not offer. */
  "body-field-not-offered",
  "type",
  "format",
  "enum",
  "required",
  "nullable",
  "read-only",
  "response-key",
  "paging",
  /** A field name the tool's description mentions that the operation's documentation does not have. */
  "description-field",
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export interface Difference {
  tool: string;
  kind: DifferenceKind;
  /** The argument, field or endpoint it concerns ("" for the tool as a whole). */
  field: string;
  /** What the tool has against what the documentation says, for the reader. */
  detail: string;
}

/** The stable identity of a difference, as the known-differences file lists it. */
export function differenceKey(difference: Pick<Difference, "tool" | "kind" | "field">): string {
  return [difference.tool, difference.kind, difference.field].filter((part) => part.length).join(" ");
}

/** A tool's endpoint: verb, path and the query values that select the action (`operation=approve`). */
interface ToolEndpoint {
  method: string;
  path: string;
  fixed: Record<string, string>;
}

function toolEndpoints(tool: CatalogTool): ToolEndpoint[] {
  const op = tool.operation;
  const fixed: Record<string, string> = {};
  for (const [name, schema] of Object.entries(op.query))
    if (op.required.includes(name) && Array.isArray(schema.enum) && schema.enum.length === 1)
      fixed[name] = String(schema.enum[0]);
  return [
    { method: op.http_method, path: op.path, fixed },
    ...Object.values(op.path_when).map((path) => ({ method: op.http_method, path, fixed })),
  ];
}

/** Segment by segment: placeholders match placeholders, and a documented `{module_name}` matches a module's name. */
function pathsMatch(toolPath: string, documented: string): boolean {
  const a = toolPath.split("/");
  const b = documented.split("/");
  if (a.length !== b.length) return false;
  return a.every((segment, index) => {
    const other = b[index] ?? "";
    const toolHole = /^\{.*\}$/.test(segment);
    const docHole = /^\{.*\}$/.test(other);
    if (toolHole && docHole) return true;
    if (other === "{module_name}" && !toolHole) return true;
    return segment === other;
  });
}

function sameFixed(a: Record<string, string>, b: Record<string, string> = {}): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

export interface Match {
  operations: ReferenceOperation[];
  differences: Difference[];
}

/** The documented operations a tool calls, and how its endpoint differs where it does. */
export function matchTool(tool: CatalogTool, reference: Reference): Match {
  const differences: Difference[] = [];
  const operations: ReferenceOperation[] = [];
  for (const endpoint of toolEndpoints(tool)) {
    const found = reference.operations.filter(
      (op) =>
        op.method === endpoint.method &&
        pathsMatch(endpoint.path, op.path) &&
        sameFixed(endpoint.fixed, op.fixed_query),
    );
    if (found.length) {
      operations.push(...found);
      continue;
    }
    const contradicted = reference.operations.filter((op) =>
      (op.other_endpoints ?? []).some(
        (other) => other.method === endpoint.method && pathsMatch(endpoint.path, other.path),
      ),
    );
    const label = `${endpoint.method} ${endpoint.path}`;
    if (contradicted.length) {
      operations.push(...contradicted);
      differences.push({
        tool: tool.name,
        kind: "other-endpoint",
        field: label,
        detail: `documented as ${contradicted.map((op) => op.key).join(", ")}; the tool follows the documentation's other ${contradicted
          .flatMap((op) => op.other_endpoints ?? [])
          .filter((other) => other.method === endpoint.method && pathsMatch(endpoint.path, other.path))
          .map((other) => (other.via === "sample" ? "curl sample" : "endpoint line"))
          .join(", ")}`,
      });
      continue;
    }
    const samePath = reference.operations.filter((op) => pathShape(op.path) === pathShape(endpoint.path));
    differences.push({
      tool: tool.name,
      kind: "no-operation",
      field: label,
      detail: samePath.length
        ? `documented on this path: ${samePath.map((op) => op.key).join(", ")}`
        : "no documented operation on this path",
    });
  }
  return { operations: [...new Set(operations)], differences };
}

/** The JSON types a tool's argument schema accepts (`anyOf` members included). */
function schemaTypes(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string") types.add(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === "string") types.add(item);
  };
  add(schema.type);
  for (const member of (schema.anyOf as JsonSchema[] | undefined) ?? []) add(member.type);
  if (schema.const === null || (Array.isArray(schema.enum) && schema.enum.includes(null))) types.add("null");
  return types;
}

function schemaFormats(schema: JsonSchema): Set<string> {
  const formats = new Set<string>();
  if (typeof schema.format === "string") formats.add(schema.format);
  for (const member of (schema.anyOf as JsonSchema[] | undefined) ?? [])
    if (typeof member.format === "string") formats.add(member.format);
  return formats;
}

function schemaEnum(schema: JsonSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if ("const" in schema) return [schema.const];
  const members = (schema.anyOf as JsonSchema[] | undefined) ?? [];
  if (members.length && members.every((member) => Array.isArray(member.enum) || "const" in member))
    return members.flatMap((member) => (Array.isArray(member.enum) ? member.enum : [member.const]));
  return undefined;
}

/** Does a tool accept a value of the documented type? number and integer are the documentation's one "number". */
function typeAccepted(documented: string, accepted: Set<string>): boolean {
  if (accepted.size === 0) return true;
  if (accepted.has(documented)) return true;
  if (documented === "number" || documented === "integer") return accepted.has("number") || accepted.has("integer");
  return false;
}

const text = (values: unknown[]) => values.map((value) => String(value));

/** A field's documented facts: the operation's own first, then the resource's attribute table for what is missing. */
function fieldFacts(op: ReferenceOperation, object: ReferenceObject | undefined, name: string): FieldFact | undefined {
  const own = op.body?.fields[name] ?? op.attributes?.[name];
  const table = object?.fields[name];
  if (!own) return table;
  if (!table) return own;
  return {
    ...own,
    ...(own.type === undefined && table.type !== undefined ? { type: table.type } : {}),
    ...(own.format === undefined && table.format ? { format: table.format } : {}),
    ...(own.enum === undefined && table.enum ? { enum: table.enum } : {}),
    ...(table.read_only ? { read_only: true } : {}),
  };
}

/** Field names an answer sample shows, at any depth. */
function shapeKeys(shape: Shape | undefined, into: Set<string>): Set<string> {
  if (!shape) return into;
  for (const [name, inner] of Object.entries(shape.keys ?? {})) {
    into.add(name);
    shapeKeys(inner, into);
  }
  shapeKeys(shape.items, into);
  return into;
}

/** Set by Freshservice on every record; a write's table that lists them describes the answer. */
const SERVER_SET = new Set(["id", "created_at", "updated_at"]);

const TOOL_NAME = /^(list_all_|get_single_|create_a_|update_a_|delete_a_|freshservice_|fs_)/;

/**
 * Field names a description mentions: snake_case words with an underscore, and the single words of comma lists
 * of three or more ("id, name, status") that are field names of the resource somewhere in the documentation
 * (`vocabulary`), so prose ("planned and actual dates, owner") is not read as fields. Parentheses (which hold
 * values or glosses) and quotes are skipped.
 */
export function mentionedFields(description: string, vocabulary: Set<string>): string[] {
  const plain = description
    .replace(/\([^()]*\)/g, " ")
    .replace(/'[^']*'/g, " ")
    .replace(/`([^`]*)`/g, "$1");
  const found = new Set<string>();
  for (const match of plain.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.add(match[0]);
  for (const list of plain.matchAll(/\b[a-z_]+(?:,\s*(?:and |or )?[a-z_]+){2,}(?:,?\s+(?:and|or)\s+[a-z_]+\b)?/g))
    for (const item of list[0].split(/,\s*(?:and |or )?|\s+(?:and|or)\s+/))
      if (/^[a-z]+$/.test(item) && vocabulary.has(item)) found.add(item);
  return [...found].filter((name) => !TOOL_NAME.test(name)).sort();
}

/** Every field name the documentation gives the resources under a path's first segment (`/ams`, `/tickets`). */
export function resourceVocabulary(reference: Reference, path: string): Set<string> {
  const root = path.split("/")[1] ?? "";
  const names = new Set<string>();
  for (const op of reference.operations) {
    if ((op.path.split("/")[1] ?? "") !== root) continue;
    shapeKeys(op.response?.record, names);
    for (const name of op.response?.scanned_keys ?? []) names.add(name);
    for (const name of Object.keys(op.body?.fields ?? {})) names.add(name);
    for (const name of Object.keys(op.query)) names.add(name);
    for (const name of Object.keys(op.filter_fields ?? {})) names.add(name);
    for (const name of Object.keys(op.attributes ?? {})) names.add(name);
    for (const name of Object.keys((op.object ? reference.objects[op.object]?.fields : undefined) ?? {}))
      names.add(name);
  }
  return names;
}

/** Splits on commas outside parentheses. */
function topLevelItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of list) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      items.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

/**
 * "Filterable fields: a (x, y), b, c." → each field and the values its parentheses list. The list ends at the first
 * item that is not one field name ("and custom fields of type number, …").
 */
export function filterFieldsOf(description: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const list = /Filterable fields:\s*(.*?)\.(?:\s|$)/i.exec(description)?.[1];
  if (!list) return fields;
  for (const item of topLevelItems(list)) {
    const match = /^(?:and |or )?([a-z][a-z0-9_]*)(?:\s*\(([^)]*)\))?$/.exec(item);
    if (!match) break;
    const values = (match[2] ?? "")
      .split(/,|\bor\b|=/)
      .map((value) => value.trim().replace(/^'|'$/g, "").replace(/…$/, ""))
      .filter((value) => value.length && !/\s/.test(value));
    fields.set(match[1] ?? "", values);
  }
  return fields;
}

/** Every difference between a tool and the documented operations it calls. */
export function toolDifferences(tool: CatalogTool, reference: Reference): Difference[] {
  const { operations, differences } = matchTool(tool, reference);
  if (!operations.length) return differences;
  const add = (kind: DifferenceKind, field: string, detail: string) =>
    differences.push({ tool: tool.name, kind, field, detail });
  const op = tool.operation;
  const [main] = operations;
  if (!main) return differences;
  const object = main.object ? reference.objects[main.object] : undefined;

  // Query arguments.
  const documentedQuery = new Map(operations.flatMap((documented) => Object.entries(documented.query)));
  const fixed = new Set(operations.flatMap((documented) => Object.keys(documented.fixed_query ?? {})));
  const pagingArgs = new Set(["page", "per_page"]);
  for (const [name, schema] of Object.entries(op.query)) {
    if (fixed.has(name)) continue;
    const documented = documentedQuery.get(name);
    if (!documented) {
      add("query-undocumented", name, "the documentation shows no such query argument");
      continue;
    }
    const allowed = schemaEnum(schema);
    const pattern = typeof schema.pattern === "string" ? new RegExp(schema.pattern) : undefined;
    const refused = (documented.examples ?? []).filter(
      (value) =>
        !/^\d+$/.test(value) &&
        ((allowed && !text(allowed).includes(value)) ||
          (pattern && !op.filter_params.includes(name) && !pattern.test(value))),
    );
    if (refused.length) add("query-values", name, `refuses the documented value(s) ${refused.join(", ")}`);
    if (documented.min_length !== undefined || documented.max_length !== undefined) {
      const min = schema.minLength as number | undefined;
      const max = schema.maxLength as number | undefined;
      if (min !== documented.min_length || max !== documented.max_length)
        add(
          "query-length",
          name,
          `tool ${min ?? "-"}..${max ?? "-"} characters, documented ${documented.min_length ?? "-"}..${documented.max_length ?? "-"}`,
        );
    }
  }
  for (const [name] of documentedQuery) {
    if (name in op.query || fixed.has(name)) continue;
    if (pagingArgs.has(name) && op.paginated) continue;
    add("query-not-offered", name, "documented query argument the tool does not offer");
  }

  // Filter fields: what the filter argument's description teaches, against the documented filter fields.
  const documentedFilter = Object.assign(
    {},
    ...operations.map((documented) => documented.filter_fields ?? {}),
  ) as Record<string, FieldFact>;
  if (Object.keys(documentedFilter).length)
    for (const name of op.filter_params) {
      const description = String(op.query[name]?.description ?? "");
      for (const [field, values] of filterFieldsOf(description)) {
        const documented = documentedFilter[field];
        if (!documented) {
          add(
            "filter-field-undocumented",
            field,
            `${name} lists ${field}; the documented filter fields do not have it`,
          );
          continue;
        }
        if (documented.enum && values.length && !values.some((value) => text(documented.enum ?? []).includes(value)))
          add(
            "filter-field-values",
            field,
            `${name} gives ${values.join(", ")}; documented values ${text(documented.enum).join(", ")}`,
          );
      }
    }

  // Body.
  const bodyNames = Object.keys(op.body);
  const documentedBody = main.body;
  // A documented wrapper the tool offers as one argument (`data`, `approval_status`) is the same body: the
  // argument is the documented one, and the fields inside it are its own.
  const wrapperAsArgument = documentedBody?.wrapper !== undefined && documentedBody.wrapper in op.body;
  const documentedNames = new Set([
    ...Object.keys(documentedBody?.fields ?? {}),
    ...Object.keys(object?.fields ?? {}),
    ...Object.keys(main.attributes ?? {}),
    // The record's own keys, as the answer sample shows them, are documented fields of it too.
    ...Object.keys(main.response?.record?.keys ?? {}),
    ...(wrapperAsArgument && documentedBody?.wrapper ? [documentedBody.wrapper] : []),
  ]);
  if (bodyNames.length) {
    if (!wrapperAsArgument && documentedBody && main.found.body !== "none")
      if ((op.body_wrapper ?? "") !== (documentedBody.wrapper ?? ""))
        add(
          "body-wrapper",
          "",
          `tool wraps the body in ${op.body_wrapper ?? "nothing"}; documented ${documentedBody.wrapper ?? "no wrapper"}`,
        );
    if (!documentedNames.size && !documentedBody?.multipart)
      add("body-undocumented", "", "the documentation shows no body fields for this operation");
  }
  const requiredMarked = main.found.required;
  for (const [name, schema] of Object.entries(op.body)) {
    if (!documentedNames.size) break;
    if (!documentedNames.has(name)) {
      add("body-field-undocumented", name, "not in the operation's documented fields or its resource's attributes");
      continue;
    }
    const facts = fieldFacts(main, object, name);
    if (!facts) continue;
    compareField(tool, name, schema, facts, add);
    const documentedRequired = main.body?.fields[name]?.required;
    const toolRequired = op.required.includes(name);
    if (documentedRequired === true && !toolRequired)
      add("required", name, "documented mandatory; the tool makes it optional");
    else if (requiredMarked && toolRequired && !documentedRequired)
      add("required", name, "the tool requires it; the documentation does not mark it mandatory");
    if (facts.read_only) add("read-only", name, "the documentation marks it read-only");
  }
  for (const [name, fact] of Object.entries(wrapperAsArgument ? {} : (documentedBody?.fields ?? {}))) {
    if (name in op.body || name in op.query || name in op.path_params || name === op.body_wrapper) continue;
    // Parts of another field, fields the table marks read-only, and the stamps every record carries are the
    // record's, not arguments (a write's table often lists the record it returns).
    if (fact.within || fact.read_only || SERVER_SET.has(name) || main.path_params.includes(name)) continue;
    add("body-field-not-offered", name, "documented body field the tool does not offer");
  }

  // Answer.
  const response = main.response;
  if (response && (response.wrapper !== undefined || response.record) && !response.scanned_keys) {
    // Where the documented path names the module (`/pm/projects/{id}/{module_name}`), the answer is keyed by the
    // module the tool names in its path, whatever module the sample used.
    const module = main.path.split("/").indexOf("{module_name}");
    const expected =
      module >= 0
        ? [response.wrapper ? (op.path.split("/")[module] ?? "") : ""]
        : [response.wrapper ?? "", ...(response.other_shapes ?? []).map((shape) => shape.wrapper ?? "")];
    if (!expected.includes(op.response_key ?? ""))
      add(
        "response-key",
        "",
        `tool reads ${op.response_key ?? "a bare answer"}; documented ${expected.map((key) => key || "a bare answer").join(" or ")}`,
      );
  }
  // The Worker's cursor follows a link header, or counts pages by the body's `total` or `meta.total_pages`
  // (worker/tools/run-tool.ts); any other paging needs the tool to declare its own paging arguments.
  const paging = main.paging;
  const followed =
    !paging ||
    ["link", "page"].includes(paging.style) ||
    (paging.style === "meta" && paging.meta_keys?.includes("total_pages"));
  if (op.paginated && paging && !followed)
    add(
      "paging",
      "",
      `the Worker's cursor follows a link header, total or meta.total_pages; documented paging: ${paging.style} (${[...paging.params, ...(paging.meta_keys ?? []).map((key) => `meta.${key}`)].join(", ")})`,
    );

  // Field names the description mentions.
  const known = new Set<string>([...Object.keys(op.query), ...Object.keys(op.body), ...Object.keys(op.path_params)]);
  for (const documented of operations) {
    for (const name of Object.keys(documented.query)) known.add(name);
    // A documented argument value (`filter=my_open`) is not a field; what a documented `include=` embeds comes back
    // under its own name (`include=stats` → stats).
    for (const fact of Object.values(documented.query)) for (const value of fact.examples ?? []) known.add(value);
    for (const name of Object.keys(documented.body?.fields ?? {})) known.add(name);
    for (const name of Object.keys(documented.filter_fields ?? {})) known.add(name);
    for (const name of Object.keys(documented.attributes ?? {})) known.add(name);
    for (const name of documented.path_params) known.add(name);
    const answer = documented.response;
    if (answer?.record || answer?.siblings) {
      shapeKeys(answer.record, known);
      for (const [name, sibling] of Object.entries(answer.siblings ?? {})) {
        known.add(name);
        shapeKeys(sibling, known);
      }
      if (answer.wrapper) known.add(answer.wrapper);
    } else {
      for (const name of answer?.scanned_keys ?? []) known.add(name);
      const table = documented.object ? reference.objects[documented.object] : undefined;
      for (const name of Object.keys(table?.fields ?? {})) known.add(name);
    }
  }
  // The schema's own description: the Worker's paging sentence is not about Freshservice's fields.
  for (const name of mentionedFields(op.description, resourceVocabulary(reference, op.path)))
    if (!known.has(name))
      add("description-field", name, "mentioned in the description; not in the documented answer or arguments");
  return differences;
}

/** Type, format, values and null of one body field against its documented facts. */
function compareField(
  tool: CatalogTool,
  name: string,
  schema: JsonSchema,
  facts: FieldFact,
  add: (kind: DifferenceKind, field: string, detail: string) => void,
): void {
  const accepted = schemaTypes(schema);
  const documentedTypes = facts.type ? [facts.type, ...(facts.other_types ?? [])] : [];
  if (documentedTypes.length && !documentedTypes.some((type) => typeAccepted(type, accepted)))
    add("type", name, `tool takes ${[...accepted].join("|")}; documented ${documentedTypes.join(" or ")}`);
  const formats = schemaFormats(schema);
  if (facts.format && (facts.type === "string" || facts.type === undefined) && accepted.has("string")) {
    const missing = facts.format.filter((format) => formats.size > 0 && !formats.has(format));
    if (missing.length)
      add("format", name, `tool takes ${[...formats].join(" or ")}; documented ${facts.format.join(" or ")}`);
  }
  const allowed = schemaEnum(schema);
  if (facts.enum && allowed) {
    const documented = text(facts.enum);
    const offered = text(allowed.filter((value) => value !== null));
    const refused = documented.filter((value) => !offered.includes(value));
    const extra = offered.filter((value) => !documented.includes(value));
    if (refused.length || extra.length)
      add("enum", name, `tool ${offered.join(", ")}; documented ${documented.join(", ")}`);
  }
  if (facts.nullable && !accepted.has("null")) add("nullable", name, "documented with null; the tool refuses null");
  void tool;
}

/** Value tables by heading, as enum facts of the tool's fields (used where no row lists the values). */
export function valueTableFacts(op: ReferenceOperation, names: string[]): Map<string, number[]> {
  const facts = new Map<string, number[]>();
  for (const table of op.value_tables ?? []) {
    const name = headingField(table.heading, names);
    if (name && !facts.has(name)) facts.set(name, table.values);
  }
  return facts;
}

/** Every difference of every tool, in catalog order. */
export function catalogDifferences(tools: CatalogTool[], reference: Reference): Difference[] {
  return tools.flatMap((tool) => toolDifferences(tool, reference));
}
