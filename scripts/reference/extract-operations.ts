/**
 * The documentation copy's sections → the reference: sections grouped into operations (an endpoint line opens one;
 * the sections after it that show the same endpoint are its variants), each operation's query, body, answer and
 * paging facts read from its tables and samples, and the resources' attribute tables. Pure: sections in, data out.
 */
import {
  type FieldFact,
  parseParamLists,
  parseSupportedValues,
  parseTableRows,
  parseValueTables,
  type TableRow,
  type ValueTable,
} from "./attribute-table";
import { type Block, type DocSection, sectionLines, splitBlocks, textLines } from "./doc-blocks";
import {
  type CurlSample,
  type Endpoint,
  findEndpointLine,
  type HttpMethod,
  parseCurl,
  parseUrl,
  pathParams,
  pathShape,
  type QueryTemplateEntry,
} from "./doc-endpoint";
import { type Envelope, envelopeOf, mergeShapes, parseSample, type Shape, shapeOf } from "./json-sample";
import type {
  BodyFact,
  FactsFound,
  PagingFacts,
  QueryFact,
  Reference,
  ReferenceObject,
  ReferenceOperation,
  ResponseFacts,
  Sourced,
} from "./reference-format";

/** Section titles that name an operation ("Create a Ticket", "View an alert"), not a resource or a table. */
const OPERATION_TITLE =
  /^(create|view|list|update|delete|edit|move|restore|filter|search|get|send|cancel|add|remove|retrieve|trigger|promote|demote|request|deactivate|forget|convert|merge|reactivate|archive|submit|approve|reject|publish|enable|set|export|download|show|acknowledge|resolve|suppress|unsuppress|reorder|reply|place)\b/i;

/** Query arguments that page a list rather than select records. */
const PAGING_PARAMS = new Set(["page", "per_page", "start_token", "page_size", "next_page_link"]);
/** Query arguments written in a filter grammar: a table beside them lists the fields the grammar takes. */
const FILTER_PARAMS = new Set(["query", "filter", "search"]);

interface SectionRead {
  index: number;
  id: string;
  title: string;
  blocks: Block[];
  text: string[];
  endpoint?: Endpoint;
  curls: CurlSample[];
  rows: TableRow[];
  /** Query arguments listed outside a typed table ("Request Params", "Query Parameters / Handle"). */
  params: TableRow[];
  valueTables: ValueTable[];
  supportedValues: Map<string, string[]>;
}

function readSection(section: DocSection, index: number): SectionRead {
  const blocks = splitBlocks(sectionLines(section.content));
  const text = textLines(blocks);
  const endpoint = findEndpointLine(text);
  const curls = blocks.flatMap((block) => {
    if (block.kind !== "curl") return [];
    const curl = parseCurl(block.text);
    return curl ? [curl] : [];
  });
  return {
    index,
    id: section.section_id,
    title: section.title,
    blocks,
    text,
    ...(endpoint ? { endpoint } : {}),
    curls,
    rows: parseTableRows(text),
    params: parseParamLists(text),
    valueTables: parseValueTables(text),
    supportedValues: parseSupportedValues(text),
  };
}

/** Literal query values that choose the action on a shared path (`?operation=approve`), from an endpoint line. */
function fixedQuery(endpoint: Endpoint): Record<string, string> {
  const fixed: Record<string, string> = {};
  for (const entry of endpoint.query)
    if (entry.value !== undefined && /^[a-z][a-z_-]*$/.test(entry.value)) fixed[entry.name] = entry.value;
  return fixed;
}

export function operationKey(method: string, path: string, fixed: Record<string, string> = {}): string {
  const query = Object.entries(fixed)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  return `${method} ${path}${query ? `?${query}` : ""}`;
}

/** An operation while its sections are read. */
interface Builder {
  method: HttpMethod;
  path: string;
  fixed: Record<string, string>;
  endpointFrom: "line" | "curl";
  sections: SectionRead[];
  /** Field names of the resource's attribute table, if it has one. */
  objectNames: Set<string>;
  /** Endpoints the documentation also gives for this operation and that contradict it, by where they appear. */
  contradictions: Map<string, { via: "line" | "sample"; from: number[] }>;
  object?: string;
}

/** Does a curl sample show this operation (same verb, same path shape, a sample's `{}` matching any placeholder)? */
function showsOperation(curl: CurlSample, builder: Builder): boolean {
  return curl.method === builder.method && pathShape(curl.path) === pathShape(builder.path);
}

/**
 * A section whose endpoint line is shorter than the one path all its samples call, with the same verb: the line
 * lost the end of the path, and the samples show the endpoint.
 */
function truncatedLine(section: SectionRead): CurlSample | undefined {
  const line = section.endpoint;
  const [first] = section.curls;
  if (!line || !first) return undefined;
  if (!section.curls.every((curl) => curl.method === line.method && pathShape(curl.path) === pathShape(first.path)))
    return undefined;
  const segments = (path: string) => path.split("/").length;
  return pathShape(first.path) !== pathShape(line.path) && segments(first.path) > segments(line.path)
    ? first
    : undefined;
}

/** Groups the sections into operations, and collects the resources' attribute tables. */
function groupSections(sections: SectionRead[]): { builders: Builder[]; objects: Map<string, SectionRead> } {
  const builders = new Map<string, Builder>();
  const objects = new Map<string, SectionRead>();
  let current: Builder | undefined;
  let currentObject: string | undefined;
  let pending: SectionRead[] = [];
  // The first path segment of the operations an attribute table introduced: a table describes only the operations
  // of its own resource, not the next module's (on-call has no table; it must not inherit the announcements').
  const objectRoots = new Map<string, string>();
  const open = (method: HttpMethod, path: string, fixed: Record<string, string>, from: "line" | "curl") => {
    const key = operationKey(method, path, fixed);
    let builder = builders.get(key);
    if (currentObject) {
      const root = path.split("/")[1] ?? "";
      const known = objectRoots.get(currentObject);
      if (known === undefined) objectRoots.set(currentObject, root);
      else if (known !== root) currentObject = undefined;
    }
    if (!builder) {
      builder = {
        method,
        path,
        fixed,
        endpointFrom: from,
        sections: [],
        contradictions: new Map(),
        objectNames: new Set((objects.get(currentObject ?? "")?.rows ?? []).map((row) => row.name)),
        ...(currentObject ? { object: currentObject } : {}),
      };
      builders.set(key, builder);
    }
    return builder;
  };
  // The general part (introduction, authentication, errors, paging) comes before the first endpoint: its samples
  // illustrate the rules, they do not document operations.
  const firstEndpoint = sections.findIndex((section) => section.endpoint);
  let previousWasObject = false;
  for (const section of sections) {
    const general = section.index < firstEndpoint;
    const wasObject: boolean = previousWasObject;
    previousWasObject = false;
    if (section.endpoint) {
      const truncated = truncatedLine(section);
      if (truncated) {
        // The line names less than its samples call (`GET /api/v2/assets` over `/assets/8/assignment-history`):
        // the section documents the sampled endpoint, and the line is kept as a contradiction.
        current = open(truncated.method, truncated.path, {}, "curl");
        const key = `${section.endpoint.method} ${section.endpoint.path}`;
        const seen = current.contradictions.get(key);
        current.contradictions.set(key, { via: "line", from: [...(seen?.from ?? []), section.index] });
      } else {
        const { method, path } = section.endpoint;
        current = open(method, path, fixedQuery(section.endpoint), "line");
        current.endpointFrom = "line";
      }
      current.sections.push(...pending, section);
      pending = [];
      continue;
    }
    const hasCode = section.blocks.some((block) => block.kind !== "text");
    const [curl] = section.curls;
    if (general) {
      // Its tables may introduce the first resource; its samples document no operation.
      if (section.rows.length) {
        objects.set(String(section.index), section);
        currentObject = String(section.index);
        previousWasObject = true;
      }
      continue;
    }
    if (current && hasCode && (OPERATION_TITLE.test(section.title) || (curl && showsOperation(curl, current)))) {
      // A variant of the operation just documented ("Create Ticket with attachment"): more samples of it.
      current.sections.push(...pending, section);
      pending = [];
      continue;
    }
    if (curl) {
      // An endpoint only a sample shows (the background-job status calls): opened from the sample.
      current = open(curl.method, curl.path, {}, "curl");
      current.sections.push(...pending, section);
      pending = [];
      continue;
    }
    if (pending.length || OPERATION_TITLE.test(section.title)) {
      // An operation's introduction (its table, its notes) before the section with its endpoint.
      pending.push(section);
      continue;
    }
    if (section.rows.length) {
      // The first table after an operation introduces the next resource; tables right after it describe parts
      // of that record (a contract's item cost details), not a resource of their own.
      objects.set(String(section.index), section);
      if (!wasObject) currentObject = String(section.index);
      previousWasObject = true;
      current = undefined;
    } else if (section.valueTables.length && currentObject) {
      // "Alert Properties": the numbered values of the current resource's fields.
      const object = objects.get(currentObject);
      if (object) object.valueTables.push(...section.valueTables);
      previousWasObject = wasObject;
    }
  }
  return { builders: [...builders.values()], objects };
}

function sourced<T extends object>(fact: T, from: number): Sourced<T> {
  return { ...fact, from: [from] };
}

/** Merges a newly read fact of a field into what earlier sections said: earlier sections win, lists are joined. */
function mergeFact<T extends FieldFact & { from: number[]; via?: string[] }>(into: T | undefined, fact: T): T {
  if (!into) return fact;
  const merged = { ...fact, ...into } as T;
  merged.from = [...new Set([...into.from, ...fact.from])].sort((a, b) => a - b);
  if (into.via || fact.via) merged.via = [...new Set([...(into.via ?? []), ...(fact.via ?? [])])].sort();
  if (into.format || fact.format) merged.format = [...new Set([...(into.format ?? []), ...(fact.format ?? [])])].sort();
  if (into.nullable || fact.nullable) merged.nullable = true;
  const types = new Set([...(into.other_types ?? []), ...(fact.other_types ?? [])]);
  if (fact.type && into.type && fact.type !== into.type) types.add(fact.type);
  types.delete(merged.type ?? "");
  if (types.size) merged.other_types = [...types].sort();
  return merged;
}

/** Every query argument a section documents for the operation: endpoint line, sample URLs, example URLs in prose. */
function documentedQuery(section: SectionRead, builder: Builder): { entry: QueryTemplateEntry; via: string }[] {
  const found: { entry: QueryTemplateEntry; via: string }[] = [];
  if (section.endpoint && section.endpoint.method === builder.method)
    for (const entry of section.endpoint.query) found.push({ entry, via: "template" });
  // A sample in the operation's own section shows its query arguments even where its path slipped.
  for (const curl of section.curls)
    if (curl.method === builder.method) for (const entry of curl.query) found.push({ entry, via: "url" });
  for (const [index, line] of section.text.entries()) {
    // The endpoint line itself was read above, as the template.
    if (/^(get|post|put|patch|delete)$/.test(section.text[index - 1] ?? "")) continue;
    for (const match of line.matchAll(/(?:https?:\/\/[^\s/]+)?\/?api\/v2\/[^\s'"]*\?[^\s'"]*/g)) {
      const url = parseUrl(match[0]);
      if (pathShape(url.path) !== pathShape(builder.path)) continue;
      for (const entry of url.query) found.push({ entry, via: "url" });
    }
  }
  return found;
}

/** "Supports between 2 to 255 char": the length limits of the one free-text argument a section's endpoint adds. */
function lengthNote(section: SectionRead): { min: number; max: number } | undefined {
  const text = section.text.join(" ");
  const match = /between (\d+) (?:to|and) (\d+) char/i.exec(text);
  if (!match) return undefined;
  return { min: Number(match[1]), max: Number(match[2]) };
}

function readQuery(builder: Builder): Record<string, QueryFact> {
  const query: Record<string, QueryFact> = {};
  for (const section of builder.sections) {
    const addedHere: string[] = [];
    for (const { entry, via } of documentedQuery(section, builder)) {
      if (builder.fixed[entry.name] !== undefined) continue;
      const fact: QueryFact = { via: [via], from: [section.index] };
      // Only word-like values are kept (`watching`, `asc`, `stats`): they are the argument's documented values.
      // Sample data (ids, e-mail addresses, filter expressions) says nothing about the argument, and is text.
      if (entry.value !== undefined && /^[A-Za-z][A-Za-z0-9_+ -]{0,40}$/.test(entry.value))
        fact.examples = [entry.value];
      const before = query[entry.name];
      query[entry.name] = mergeFact(before, fact);
      const merged = query[entry.name] as QueryFact;
      if (before?.examples || fact.examples)
        merged.examples = [...new Set([...(before?.examples ?? []), ...(fact.examples ?? [])])];
      if (via === "template") addedHere.push(entry.name);
    }
    for (const row of section.params)
      query[row.name] = mergeFact(query[row.name], { ...row.fact, via: ["table"], from: [section.index] });
    const limits = lengthNote(section);
    const free = addedHere.filter((name) => !PAGING_PARAMS.has(name));
    if (limits && free.length >= 1) {
      // The note is about the argument this section's endpoint adds (the filter's `query`), the last one listed.
      const name = free[free.length - 1] as string;
      const fact = query[name] as QueryFact;
      fact.min_length = limits.min;
      fact.max_length = limits.max;
    }
  }
  return query;
}

/** The role of each of an operation's own tables: query arguments, filter fields, the record's fields, or body. */
type TableRole = "query" | "filter" | "attributes" | "body";

function tableRole(rows: TableRow[], queryNames: Set<string>, builder: Builder): TableRole {
  if (builder.method === "GET" || builder.method === "DELETE") {
    // Beside a documented filter argument (`?query=[query]`), a table lists the fields the filter takes, even
    // where some of them are query arguments too (workspace_id).
    const filtered = builder.sections.some((section) =>
      section.endpoint?.query.some((entry) => FILTER_PARAMS.has(entry.name)),
    );
    if (filtered) return "filter";
    if (rows.some((row) => queryNames.has(row.name))) return "query";
    return "attributes";
  }
  return rows.some((row) => queryNames.has(row.name)) ? "query" : "body";
}

/** A body sample's fields; a body that is one object under one key not in the tables is a wrapper. */
function sampleBody(
  text: string,
  tableNames: Set<string>,
  allowWrapper: boolean,
): { wrapper?: string; fields: Record<string, FieldFact>; inner: Map<string, string> } | "unparsed" {
  const parsed = parseSample(text);
  if (!parsed.ok) {
    // A flat body the copy garbled (`"body":<div>…</div>`): its key names still say which fields it sends.
    if ((text.match(/[{[]/g) ?? []).length !== 1) return "unparsed";
    return { fields: Object.fromEntries(parsed.keys.map((key) => [key, {}])), inner: new Map() };
  }
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return "unparsed";
  let value = parsed.value as Record<string, unknown>;
  let wrapper: string | undefined;
  const entries = Object.entries(value);
  const [single] = entries;
  // One key holding an object of several fields, not itself a documented field: `{"time_entry": {…}}`. A single
  // documented field (`{"custom_fields": {…}}`) or a one-key object (`{"approval_status": {"id": 3}}`) is a field.
  if (
    allowWrapper &&
    entries.length === 1 &&
    single &&
    single[1] !== null &&
    typeof single[1] === "object" &&
    !Array.isArray(single[1]) &&
    Object.keys(single[1]).length >= 1 &&
    !tableNames.has(single[0])
  ) {
    wrapper = single[0];
    value = single[1] as Record<string, unknown>;
  }
  const fields: Record<string, FieldFact> = {};
  // Keys inside an object-valued field (`address: {line1, city}`): a table that lists them flat means them there.
  const innerKeys = new Map<string, string>();
  for (const [name, inner] of Object.entries(value)) {
    const shape = shapeOf(inner);
    for (const key of Object.keys(shape.keys ?? shape.items?.keys ?? {}))
      if (!innerKeys.has(key)) innerKeys.set(key, name);
    const fact: FieldFact = {};
    const type = shape.type;
    if (type === "null") fact.nullable = true;
    else fact.type = type;
    if (shape.format) fact.format = [shape.format];
    if (shape.items && type === "array") fact.items = shape.items.type;
    fields[name] = fact;
  }
  return { ...(wrapper ? { wrapper } : {}), fields, inner: innerKeys };
}

/** The last literal word of a path (`/journeys/requests/{id}` → requests): what its answer's envelope is named for. */
function lastWord(path: string): string | undefined {
  return path
    .split("/")
    .filter((segment) => segment && !segment.startsWith("{"))
    .pop();
}

/** Enum values from value tables whose heading names the field ("Priorities" → priority, "Source Type" → source). */
export function headingField(heading: string, names: Iterable<string>): string | undefined {
  const words = heading
    .toLowerCase()
    .replace(/[^a-z ]/g, "")
    .trim()
    .split(/\s+/);
  const candidates = [words.join("_"), words[0] ?? "", singular(words.join("_")), singular(words[0] ?? "")];
  const known = new Set(names);
  return candidates.find((candidate) => candidate && known.has(candidate));
}

function singular(word: string): string {
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}

function readOperation(builder: Builder): ReferenceOperation {
  const query = readQuery(builder);
  const queryNames = new Set(Object.keys(query));
  const body: Record<string, BodyFact> = {};
  const filterFields: Record<string, Sourced<FieldFact>> = {};
  const attributes: Record<string, Sourced<FieldFact>> = {};
  let wrapper: string | undefined;
  const multipart = new Set<string>();
  let tableBody = false;
  let sampleBodySeen = false;
  let requiredMarked = false;
  let record: Shape | undefined;
  let responseFacts: Omit<ResponseFacts, "from" | "record"> | undefined;
  const envelopes: { envelope: Envelope; from: number }[] = [];
  const responseFrom: number[] = [];
  let scannedKeys: string[] | undefined;
  const valueTables: NonNullable<ReferenceOperation["value_tables"]> = [];
  let linkHeaderNoted = false;
  const unparsedBodies: number[] = [];
  let status: number | undefined;
  const scopes = new Set<string>();
  const bodySamples: { text: string; tableNames: Set<string>; from: number }[] = [];
  const nestedIn = new Map<string, string>();
  const topLevel = new Set<string>();
  // Sections after the first one with the endpoint line are other forms of the operation ("Create a
  // secondary-language article", "… from an external URL", the cancel beside the update): what they mark mandatory
  // holds for that form only, so it is not kept.
  const lineAt = builder.sections.findIndex((section) => section.endpoint);
  for (const [position, section] of builder.sections.entries()) {
    const variant = lineAt >= 0 && position > lineAt;
    const tables = new Map<number, TableRow[]>();
    for (const row of section.rows) tables.set(row.table, [...(tables.get(row.table) ?? []), row]);
    const tableNames = new Set([...section.rows.map((row) => row.name), ...builder.objectNames]);
    for (const rows of tables.values()) {
      const role = tableRole(rows, queryNames, builder);
      for (const row of rows) {
        const fact = { ...row.fact };
        if (variant) delete fact.required;
        const values = section.supportedValues.get(row.name);
        if (values && !fact.enum) fact.enum = values;
        if (role === "query") {
          query[row.name] = mergeFact(query[row.name], { ...fact, via: ["table"], from: [section.index] });
        } else if (role === "filter")
          filterFields[row.name] = mergeFact(filterFields[row.name], sourced(fact, section.index));
        else if (role === "attributes")
          attributes[row.name] = mergeFact(attributes[row.name], sourced(fact, section.index));
        else {
          tableBody = true;
          if (fact.required === true || fact.required === "one_of") requiredMarked = true;
          body[row.name] = mergeFact(body[row.name], { ...fact, via: ["table"], from: [section.index] });
        }
      }
    }
    for (const [name, values] of section.supportedValues) {
      // "Supported Values" of a field the tables did not list: still a documented field of the body.
      if (builder.method !== "GET" && !body[name] && !query[name])
        body[name] = { enum: values, via: ["table"], from: [section.index] };
    }
    for (const table of section.valueTables) valueTables.push({ ...table, from: [section.index] });
    const bodies: string[] = [];
    for (const curl of section.curls) {
      // Every sample in an operation's sections shows that operation, even where its verb or path contradicts the
      // endpoint line (ticket restore: GET documented, PUT sampled): the contradiction is kept as a fact.
      if (!showsOperation(curl, builder)) {
        const key = `${curl.method} ${curl.path}`;
        const seen = builder.contradictions.get(key);
        builder.contradictions.set(key, { via: "sample", from: [...(seen?.from ?? []), section.index] });
      }
      for (const name of curl.formFields) multipart.add(name);
      if (curl.body?.trim().length) bodies.push(curl.body);
    }
    // A "Request" sample shows the body on its own.
    for (const block of section.blocks)
      if (block.kind === "json" && /^Request$/i.test(block.label) && builder.method !== "GET") bodies.push(block.text);
    for (const text of bodies) bodySamples.push({ text, tableNames, from: section.index });
    if (/\blink header\b/i.test(section.text.join(" "))) linkHeaderNoted = true;
    // The scope line may name its scope twice ("freshservice.tickets.edit freshservice.tickets.edit").
    for (const [index, line] of section.text.entries())
      if (line === "OAuth 2.0 Scope")
        for (const word of (section.text[index + 1] ?? "").split(/\s+/))
          if (/^freshservice(\.[a-z_]+)+$/.test(word)) scopes.add(word);
    for (const block of section.blocks) {
      if (block.kind === "text" || !/^Response$/i.test(block.label)) continue;
      const shown = /HTTP\s*Status:\s*(\d{3})/i.exec(block.text)?.[1];
      if (shown && status === undefined) status = Number(shown);
      if (block.kind !== "json") continue;
      const parsed = parseSample(block.text);
      if (!parsed.ok) {
        scannedKeys = [...new Set([...(scannedKeys ?? []), ...parsed.keys])];
        responseFrom.push(section.index);
        continue;
      }
      envelopes.push({ envelope: envelopeOf(parsed.value, lastWord(builder.path)), from: section.index });
    }
  }
  // Samples of one operation can disagree (the legacy release view answers a bare list): the shape most samples
  // show is the answer, a wrapped one winning a tie, and the others are kept beside it.
  const shapes = new Map<string, { envelope: Envelope; from: number[]; record?: Shape }>();
  for (const { envelope, from } of envelopes) {
    const key = `${envelope.wrapper ?? ""}|${envelope.list}`;
    const seen = shapes.get(key);
    if (seen) {
      seen.from.push(from);
      seen.record = mergeShapes(seen.record, envelope.record);
    } else shapes.set(key, { envelope, from: [from], ...(envelope.record ? { record: envelope.record } : {}) });
  }
  const ranked = [...shapes.values()].sort(
    (a, b) =>
      b.from.length - a.from.length || Number(Boolean(b.envelope.wrapper)) - Number(Boolean(a.envelope.wrapper)),
  );
  const [primary, ...alternatives] = ranked;
  if (primary) {
    responseFacts = {
      ...(primary.envelope.wrapper ? { wrapper: primary.envelope.wrapper } : {}),
      list: primary.envelope.list,
      ...(primary.envelope.siblings ? { siblings: primary.envelope.siblings } : {}),
      ...(alternatives.length
        ? {
            other_shapes: alternatives.map((shape) => ({
              ...(shape.envelope.wrapper ? { wrapper: shape.envelope.wrapper } : {}),
              list: shape.envelope.list,
              from: shape.from,
            })),
          }
        : {}),
    };
    record = primary.record;
    responseFrom.push(...primary.from);
  }
  // A wrapper holds only where every body sample has the same one: `{"approval_status": {"id": 3}}` in the cancel
  // sample of an operation whose update sample sends fields is a field, not a wrapper.
  const read = bodySamples.map((sample) => ({ ...sample, parsed: sampleBody(sample.text, sample.tableNames, true) }));
  const parsedSamples = read.filter((sample) => sample.parsed !== "unparsed");
  const wrappers = new Set(
    parsedSamples.map((sample) => (sample.parsed === "unparsed" ? "" : (sample.parsed.wrapper ?? ""))),
  );
  const [only] = wrappers;
  wrapper = wrappers.size === 1 && only ? only : undefined;
  for (const sample of read) {
    const parsed = wrapper ? sample.parsed : sampleBody(sample.text, sample.tableNames, false);
    if (parsed === "unparsed") {
      unparsedBodies.push(sample.from);
      continue;
    }
    sampleBodySeen = true;
    for (const [key, parent] of parsed.inner) if (!nestedIn.has(key)) nestedIn.set(key, parent);
    for (const key of Object.keys(parsed.fields)) topLevel.add(key);
    for (const [name, fact] of Object.entries(parsed.fields))
      body[name] = mergeFact(body[name], { ...fact, via: ["sample"], from: [sample.from] });
  }
  // A table row the samples send inside another field is that field's part, not a top-level argument.
  for (const [name, fact] of Object.entries(body)) {
    const parent = nestedIn.get(name);
    if (parent && !topLevel.has(name) && parent !== name) fact.within = parent;
  }
  // Value tables name their field by heading: their numbers are the field's values where no table listed them.
  const bodyNames = Object.keys(body);
  for (const table of valueTables) {
    const name = headingField(table.heading, bodyNames);
    const fact = name ? body[name] : undefined;
    if (fact && !fact.enum) fact.enum = table.values;
  }
  let response: ResponseFacts | undefined;
  if (!responseFacts && !scannedKeys && status !== undefined)
    response = { list: false, status, from: builder.sections.map((s) => s.index) };
  else if (responseFacts)
    response = {
      ...responseFacts,
      ...(record ? { record } : {}),
      from: [...new Set(responseFrom)].sort((a, b) => a - b),
    };
  else if (scannedKeys)
    response = { list: false, scanned_keys: scannedKeys, from: [...new Set(responseFrom)].sort((a, b) => a - b) };
  const paging = readPaging(query, response, linkHeaderNoted, builder);
  const path_params = pathParams(builder.path);
  const bodyFound: FactsFound["body"] =
    tableBody && sampleBodySeen ? "table+sample" : tableBody ? "table" : sampleBodySeen ? "sample" : "none";
  const found: FactsFound = {
    endpoint: builder.endpointFrom,
    query: Object.keys(query).length > 0,
    body: bodyFound,
    required: requiredMarked,
    response: response?.scanned_keys
      ? "scanned"
      : response?.record || response?.wrapper
        ? "sample"
        : response?.status
          ? "status"
          : "none",
    paging: paging ? paging.style : response?.list ? "none" : "n/a",
  };
  const hasBody = Object.keys(body).length > 0 || multipart.size > 0 || unparsedBodies.length > 0;
  return {
    key: operationKey(builder.method, builder.path, builder.fixed),
    method: builder.method,
    path: builder.path,
    ...(Object.keys(builder.fixed).length ? { fixed_query: builder.fixed } : {}),
    path_params,
    ...(builder.contradictions.size
      ? {
          other_endpoints: [...builder.contradictions].map(([key, { via, from }]) => {
            const [method = "", path = ""] = key.split(" ");
            return { method, path, via, from: [...new Set(from)] };
          }),
        }
      : {}),
    sections: builder.sections.map((section) => ({ index: section.index, id: section.id })),
    ...(scopes.size ? { oauth_scopes: [...scopes].sort() } : {}),
    ...(builder.object ? { object: builder.object } : {}),
    query,
    ...(Object.keys(filterFields).length ? { filter_fields: filterFields } : {}),
    ...(Object.keys(attributes).length ? { attributes } : {}),
    ...(hasBody
      ? {
          body: {
            ...(wrapper ? { wrapper } : {}),
            fields: body,
            ...(multipart.size ? { multipart: [...multipart].sort() } : {}),
            ...(unparsedBodies.length ? { unparsed_samples: [...new Set(unparsedBodies)] } : {}),
          },
        }
      : {}),
    ...(valueTables.length ? { value_tables: valueTables } : {}),
    ...(response ? { response } : {}),
    ...(paging ? { paging } : {}),
    found,
  };
}

/** How the operation's list pages, from its query arguments, its answer sample and its text. */
function readPaging(
  query: Record<string, QueryFact>,
  response: ResponseFacts | undefined,
  linkHeaderNoted: boolean,
  builder: Builder,
): PagingFacts | undefined {
  const params = Object.keys(query).filter((name) => PAGING_PARAMS.has(name));
  const from = [...new Set(params.flatMap((name) => query[name]?.from ?? []))];
  const meta = response?.siblings?.meta?.keys;
  const sections = builder.sections.map((section) => section.index);
  if (params.includes("start_token") || response?.record?.keys?.next_page_url)
    return { style: "token", params, from: from.length ? from : sections };
  if (params.includes("next_page_link") || params.includes("page_size"))
    return { style: "next_page_link", params, ...(meta ? { meta_keys: Object.keys(meta) } : {}), from };
  if (meta && Object.keys(meta).some((key) => /page/.test(key)))
    return {
      style: "meta",
      params,
      meta_keys: Object.keys(meta),
      from: [...new Set([...from, ...(response?.from ?? [])])],
    };
  if (linkHeaderNoted && (params.length || response?.list)) return { style: "link", params, from: sections };
  if (params.includes("page") || params.includes("per_page")) return { style: "page", params, from };
  return undefined;
}

function readObject(section: SectionRead): ReferenceObject {
  const fields: Record<string, FieldFact> = {};
  for (const row of section.rows) {
    const fact = { ...row.fact };
    const values = section.supportedValues.get(row.name);
    if (values && !fact.enum) fact.enum = values;
    fields[row.name] ??= fact;
  }
  for (const table of section.valueTables) {
    const name = headingField(table.heading, Object.keys(fields));
    const fact = name ? fields[name] : undefined;
    if (fact && !fact.enum) fact.enum = table.values;
  }
  return {
    section: section.id,
    fields,
    ...(section.valueTables.length
      ? { value_tables: section.valueTables.map(({ heading, values, labels }) => ({ heading, values, labels })) }
      : {}),
  };
}

/** The documentation's general paging rule, from its Pagination section ("per page is 30 … maximum 100"). */
function readPagination(sections: SectionRead[]): Reference["pagination"] {
  const section = sections.find((candidate) => /^pagination$/i.test(candidate.title));
  const text = section?.text.join(" ") ?? "";
  const perPage = /per page is (\d+)/i.exec(text)?.[1];
  const max = /(?:maximum|up to|upto) (?:of )?(\d+)/i.exec(text)?.[1];
  return {
    style: "link",
    per_page_default: Number(perPage ?? 30),
    per_page_max: Number(max ?? 100),
    from: section ? [section.index] : [],
  };
}

export interface ExtractOptions {
  /** Where the copy came from, for the reference's header. */
  copy: string;
}

export function extractReference(sections: DocSection[], options: ExtractOptions): Reference {
  const read = sections.map(readSection);
  const { builders, objects } = groupSections(read);
  const operations = builders
    .map(readOperation)
    .sort((a, b) => (a.path === b.path ? (a.key < b.key ? -1 : 1) : a.path < b.path ? -1 : 1));
  const objectFacts: Record<string, ReferenceObject> = {};
  for (const [key, section] of objects) objectFacts[key] = readObject(section);
  return {
    $comment:
      "Facts extracted from the published Freshservice API v2 documentation by scripts/extract-reference.ts; do not edit by hand. Numbers in `from` and `sections` are section indexes in the copy; docs/reference.md describes the format.",
    source: {
      documentation: "Freshservice API v2 documentation (api.freshservice.com)",
      copy: options.copy,
      sections: sections.length,
    },
    pagination: readPagination(read),
    operations,
    objects: objectFacts,
  };
}
