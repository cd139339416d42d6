/**
 * The schema files as the bundle ships them: an index of every tool (what selecting tools by filter or by name
 * reads, as the files say it) and each file as JSON of its own, parsed when one of its tools is first built. A
 * tools/call then parses the index and its own family, not all 27 families; a full tools/list still reads
 * everything. A file's outline leaves out what the index already says (names, methods, tags) and what the schema
 * format fills in by default (an empty list, `paginated: false`, …): reading a file back puts each in its place
 * again. Pure.
 */
import { type ToolEntry, toolEntry } from "./build-tools";
import type { PackedTexts } from "./packed-texts";
import type { Operation, Resource, SchemaFile } from "./schema-format";

/** What the index keeps of a file: only what toolEntry reads, so names are made by the same rule as built tools'. */
export type IndexedFile = Pick<SchemaFile, "tags"> & {
  resources: (Pick<Resource, "name" | "plural" | "tags"> & {
    operations: Pick<Operation, "method" | "category" | "tool_name" | "tags">[];
  })[];
};

/**
 * The index as it ships: arrays in place of objects (their keys would repeat for every resource and operation),
 * and an operation that names no category, tool name nor tags of its own as its method alone.
 */
type CompactOperation =
  | string
  | [method: string, category: Operation["category"] | 0, tool_name: string | 0, tags: string[]];
type CompactFile = [tags: string[], resources: [name: string, plural: string, tags: string[], CompactOperation[]][]];

/** A tool as the index knows it, and where to build it. */
export interface IndexEntry extends ToolEntry {
  /** Its file's place in the catalog, and its own place in that file's tools. */
  family: number;
  position: number;
}

/** What a file's outline leaves out of an operation, shipped apart: a tuple, as key names would repeat for each. */
type ShippedDetails = [Operation["description"], Operation["query"], Operation["body"]];

/** A file as its outline ships: without its tags, its resources' names and tags, and what OUTLINE_KEYS leave out. */
type ShippedOutline = Omit<SchemaFile, "tags" | "resources"> & {
  resources: { operations: Partial<Operation>[] }[];
};

/**
 * How the catalog ships: the index as JSON, and per file (in its order) its outline and its operations' details,
 * packed (packed-texts.ts) as outline, details, outline, details, …: the index is read by every selection of tools,
 * the files only when one of their tools is built.
 */
export interface ShippedCatalog extends PackedTexts {
  index: string;
}

/**
 * An operation's keys but its details, in the schema format's order, each with where reading back finds it: in the
 * index, or in the outline, where `fill` gives the format's default for a key the outline leaves out (none: it
 * stays absent). The details (description, query, body) follow them, as the Worker has always read them back.
 */
export const OUTLINE_KEYS: readonly [keyof Operation, "index" | { fill?: () => unknown }][] = [
  ["method", "index"],
  ["category", "index"],
  ["tool_name", "index"],
  ["title", {}],
  ["http_method", {}],
  ["path", {}],
  ["path_params", { fill: () => ({}) }],
  ["required", { fill: () => [] }],
  ["body_wrapper", {}],
  ["filter_params", { fill: () => [] }],
  ["link_params", { fill: () => [] }],
  ["filter_per_page", { fill: () => false }],
  ["path_when", { fill: () => ({}) }],
  ["paginated", { fill: () => false }],
  ["last_page", {}],
  ["response_key", {}],
  ["effect", {}],
  ["custom_fields", {}],
  ["workspace_default", { fill: () => true }],
  ["attachments", {}],
  ["tags", "index"],
];

/** The operation keys the outline ships, each with its default as JSON (to recognise a value equal to it). */
const SHIPPED_KEYS = new Map<string, string | undefined>(
  OUTLINE_KEYS.flatMap(([key, from]) => (from === "index" ? [] : [[key, from.fill && JSON.stringify(from.fill())]])),
);

/** The shipped parts of validated files (at build time). */
export function shipCatalog(files: SchemaFile[]): { index: string; outlines: string[]; details: string[] } {
  const index: CompactFile[] = files.map((file) => [
    file.tags,
    file.resources.map(({ name, plural, tags, operations }) => [
      name,
      plural,
      tags,
      operations.map(({ method, category, tool_name, tags }) =>
        category || tool_name || tags.length ? [method, category ?? 0, tool_name ?? 0, tags] : method,
      ),
    ]),
  ]);
  const outlines: string[] = [];
  const details: string[] = [];
  for (const { tags: _inIndex, resources, ...head } of files) {
    const ofFile: ShippedDetails[] = [];
    const outline: ShippedOutline = {
      ...head,
      resources: resources.map(({ operations }) => ({
        operations: operations.map((op) => {
          ofFile.push([op.description, op.query, op.body]);
          return Object.fromEntries(
            Object.entries(op).filter(
              ([key, value]) => SHIPPED_KEYS.has(key) && SHIPPED_KEYS.get(key) !== JSON.stringify(value),
            ),
          );
        }),
      })),
    };
    outlines.push(JSON.stringify(outline));
    details.push(JSON.stringify(ofFile));
  }
  return { index: JSON.stringify(index), outlines, details };
}

/**
 * One file whole again (at run time), from its part of the parsed index, its outline and its details: every key in
 * the format's order, defaults filled in, then each operation's details.
 */
export function shippedFile(indexed: IndexedFile, outline: string, details: string): SchemaFile {
  const { resources, ...head } = JSON.parse(outline) as ShippedOutline;
  const parsed = JSON.parse(details) as ShippedDetails[];
  let position = 0;
  const missing = (what: string) =>
    new Error(`the shipped catalog has no ${what} for operation ${position} of ${head.family}`);
  return {
    ...head,
    tags: indexed.tags,
    resources: resources.map((shippedResource, r) => {
      const listed = indexed.resources[r];
      if (!listed) throw missing("index entry");
      return {
        name: listed.name,
        plural: listed.plural,
        tags: listed.tags,
        operations: shippedResource.operations.map((shipped, o) => {
          const named = listed.operations[o];
          const found = parsed[position++];
          if (!named || !found) throw missing(named ? "details" : "index entry");
          return operation(named, shipped, found);
        }),
      };
    }),
  };
}

/**
 * An operation whole again: OUTLINE_KEYS written out as one object literal (a loop over them ran several times
 * slower in a fresh isolate, where this code is not yet compiled); the shipped-catalog tests hold the two to the
 * same keys in the same order.
 */
function operation(
  named: IndexedFile["resources"][number]["operations"][number],
  shipped: Partial<Operation>,
  [description, query, body]: ShippedDetails,
): Operation {
  return {
    method: named.method,
    ...(named.category !== undefined && { category: named.category }),
    ...(named.tool_name !== undefined && { tool_name: named.tool_name }),
    title: shipped.title as string,
    http_method: shipped.http_method as Operation["http_method"],
    path: shipped.path as string,
    path_params: shipped.path_params ?? {},
    required: shipped.required ?? [],
    ...(shipped.body_wrapper !== undefined && { body_wrapper: shipped.body_wrapper }),
    filter_params: shipped.filter_params ?? [],
    link_params: shipped.link_params ?? [],
    filter_per_page: shipped.filter_per_page ?? false,
    path_when: shipped.path_when ?? {},
    paginated: shipped.paginated ?? false,
    ...(shipped.last_page !== undefined && { last_page: shipped.last_page }),
    ...(shipped.response_key !== undefined && { response_key: shipped.response_key }),
    ...(shipped.effect !== undefined && { effect: shipped.effect }),
    ...(shipped.custom_fields !== undefined && { custom_fields: shipped.custom_fields }),
    workspace_default: shipped.workspace_default ?? true,
    ...(shipped.attachments !== undefined && { attachments: shipped.attachments }),
    tags: named.tags,
    description,
    query,
    body,
  };
}

/** The index as shipped, parsed (at run time): what shippedFile and indexEntries read. */
export function parseIndexedFiles(index: string): IndexedFile[] {
  return (JSON.parse(index) as CompactFile[]).map(([tags, resources]) => ({
    tags,
    resources: resources.map(([name, plural, tags, operations]) => ({
      name,
      plural,
      tags,
      operations: operations.map((op) => {
        if (typeof op === "string") return { method: op, tags: [] };
        const [method, category, tool_name, tags] = op;
        return { method, ...(category ? { category } : {}), ...(tool_name ? { tool_name } : {}), tags };
      }),
    })),
  }));
}

/** The index read back (at run time), in list order. */
export function parseIndex(index: string): IndexEntry[] {
  return indexEntries(parseIndexedFiles(index));
}

/** Every tool the parsed index names, in list order. */
export function indexEntries(files: IndexedFile[]): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const [family, file] of files.entries()) {
    let position = 0;
    for (const resource of file.resources)
      for (const op of resource.operations)
        entries.push(Object.assign(toolEntry(file, resource, op), { family, position: position++ }));
  }
  return entries;
}
