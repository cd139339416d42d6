/**
 * The schema files as the bundle ships them: an index of every tool (what selecting tools by filter or by name
 * reads, as the files say it) and each file as JSON of its own, parsed when one of its tools is first built. A
 * tools/call then parses the index and its own family, not all 27 families; a full tools/list still reads
 * everything. Pure.
 */
import { type ToolEntry, toolEntry } from "./build-tools";
import type { Operation, Resource, SchemaFile } from "./schema-format";

/** What the index keeps of a file: only what toolEntry reads, so names are made by the same rule as built tools'. */
type IndexedFile = Pick<SchemaFile, "tags"> & {
  resources: (Pick<Resource, "name" | "plural" | "tags"> & {
    operations: Pick<Operation, "method" | "category" | "tool_name" | "tags">[];
  })[];
};

/** A tool as the index knows it, and where to build it. */
export interface IndexEntry extends ToolEntry {
  /** Its file's place in the catalog, and its own place in that file's tools. */
  family: number;
  position: number;
}

/** What a file's outline leaves out of an operation, shipped apart: a tuple, as key names would repeat for each. */
type ShippedDetails = [Operation["description"], Operation["query"], Operation["body"]];

/** How the catalog ships: the index, and per file (in its order) its outline and its operations' details. */
export interface ShippedCatalog {
  index: string;
  /**
   * Each file without its operations' details, and those details apart: the outlines are alike from file to file
   * and the details are mostly prose, so the bundle compresses better with each kind kept together.
   */
  outlines: readonly string[];
  details: readonly string[];
}

/** The shipped parts of validated files (at build time). */
export function shipCatalog(files: SchemaFile[]): { index: string; outlines: string[]; details: string[] } {
  const index: IndexedFile[] = files.map((file) => ({
    tags: file.tags,
    resources: file.resources.map(({ name, plural, tags, operations }) => ({
      name,
      plural,
      tags,
      operations: operations.map(({ method, category, tool_name, tags }) => ({ method, category, tool_name, tags })),
    })),
  }));
  const outlines: string[] = [];
  const details: string[] = [];
  for (const file of files) {
    const ofFile: ShippedDetails[] = [];
    const resources = file.resources.map((resource) => ({
      ...resource,
      operations: resource.operations.map(({ description, query, body, ...rest }) => {
        ofFile.push([description, query, body]);
        return rest;
      }),
    }));
    outlines.push(JSON.stringify({ ...file, resources }));
    details.push(JSON.stringify(ofFile));
  }
  return { index: JSON.stringify(index), outlines, details };
}

/** One file whole again (at run time), from its outline and details. */
export function shippedFile(outline: string, details: string): SchemaFile {
  const file = JSON.parse(outline) as SchemaFile;
  const parsed = JSON.parse(details) as ShippedDetails[];
  let position = 0;
  for (const resource of file.resources)
    for (const op of resource.operations) {
      const found = parsed[position++];
      if (!found) throw new Error(`the shipped catalog has no details for operation ${position} of ${file.family}`);
      [op.description, op.query, op.body] = found;
    }
  return file;
}

/** The index read back (at run time), in list order. */
export function parseIndex(index: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const [family, file] of (JSON.parse(index) as IndexedFile[]).entries()) {
    let position = 0;
    for (const resource of file.resources)
      for (const op of resource.operations)
        entries.push(Object.assign(toolEntry(file, resource, op), { family, position: position++ }));
  }
  return entries;
}
