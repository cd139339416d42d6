/**
 * Schema files → tools: names, input schemas, annotations, categories and tags. Pure; no I/O.
 */
import { ATTACHMENTS_ARGUMENT } from "./attachments-argument";
import { UUID_PATTERN } from "./ids";
import type { Operation, Resource, SchemaFile } from "./schema-format";
import { CRUD_METHODS } from "./schema-vocabulary";
import { toolName } from "./tool-names";

/** Freshservice ids are 64-bit, but JSON numbers are only exact up to 2^53 - 1. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
/** Freshservice rejects per_page above 100. */
export const FRESHSERVICE_MAX_PER_PAGE = 100;
export const FRESHSERVICE_DEFAULT_PER_PAGE = 30;

export type JsonSchema = Record<string, unknown>;

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface CatalogTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] };
  /**
   * What tools/list shows instead of inputSchema when that is too large for clients (a long account form,
   * summarised); calls are still checked against inputSchema.
   */
  listedInputSchema?: CatalogTool["inputSchema"];
  annotations: ToolAnnotations;
  /** `read` or `write`, for the `methods` filter. */
  category: "read" | "write";
  /** The operation's method (`list`, `get`, …, or a custom verb such as `search`). */
  method: string;
  /** A non-CRUD operation (matches the `custom` filter). */
  custom: boolean;
  tags: string[];
  family: string;
  resource: Resource;
  operation: Operation;
}

/** A tool as tools/list shows it. */
export type ListedTool = Pick<CatalogTool, "name" | "title" | "description" | "inputSchema" | "annotations">;

export function buildCatalog(files: SchemaFile[]): CatalogTool[] {
  return files.flatMap((file) =>
    file.resources.flatMap((resource) => resource.operations.map((op) => buildTool(file, resource, op))),
  );
}

/** What selecting tools by filter or by name reads of a tool: known without the operation's details. */
export type ToolEntry = Pick<CatalogTool, "name" | "category" | "method" | "custom" | "tags">;

export function toolEntry(
  file: Pick<SchemaFile, "tags">,
  resource: Pick<Resource, "name" | "plural" | "tags">,
  op: Pick<Operation, "method" | "category" | "tool_name" | "tags">,
): ToolEntry {
  return {
    name: toolName(resource, op),
    category: op.category ?? (op.method === "list" || op.method === "get" ? "read" : "write"),
    method: op.method,
    custom: !(CRUD_METHODS as readonly string[]).includes(op.method),
    // Most resources and operations add no tags of their own: no set to build for those.
    tags:
      resource.tags.length || op.tags.length
        ? [...new Set([...file.tags, ...resource.tags, ...op.tags])]
        : [...file.tags],
  };
}

function buildTool(file: SchemaFile, resource: Resource, op: Operation): CatalogTool {
  const { name, category, method, custom, tags } = toolEntry(file, resource, op);
  return {
    name,
    title: op.title,
    description: describe(op),
    inputSchema: inputSchema(op),
    annotations: annotate(op, category),
    category,
    method,
    custom,
    tags,
    family: file.family,
    resource,
    operation: op,
  };
}

function describe(op: Operation): string {
  if (!op.paginated) return op.description;
  const fixedPage = Object.keys(op.path_when).length
    ? ` With ${Object.keys(op.path_when).join(" or ")}, Freshservice returns a fixed ${FRESHSERVICE_DEFAULT_PER_PAGE} per page and ignores limit.`
    : "";
  return `${op.description}\n\nPaging: returns up to \`limit\` records (default ${FRESHSERVICE_DEFAULT_PER_PAGE}, max ${FRESHSERVICE_MAX_PER_PAGE}). When more exist, the result ends with a next_cursor: pass it back unchanged, with the same other arguments, to get the next page.${fixedPage}`;
}

function inputSchema(op: Operation): CatalogTool["inputSchema"] {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, param] of Object.entries(op.path_params))
    properties[name] =
      param.format === "uuid"
        ? { type: "string", pattern: UUID_PATTERN, description: param.description }
        : { type: "integer", minimum: 1, maximum: MAX_ID, description: param.description };
  Object.assign(properties, op.query, op.body);
  if (op.attachments) properties.attachments = ATTACHMENTS_ARGUMENT;
  if (op.paginated) {
    properties.limit = {
      type: "integer",
      minimum: 1,
      maximum: FRESHSERVICE_MAX_PER_PAGE,
      description: `How many records to return (default ${FRESHSERVICE_DEFAULT_PER_PAGE}, max ${FRESHSERVICE_MAX_PER_PAGE}).`,
    };
    properties.next_cursor = {
      type: "string",
      minLength: 1,
      maxLength: 200,
      description: "The next_cursor from the previous page's result, passed back exactly. Omit for the first page.",
    };
  }
  return {
    type: "object",
    // Argument schemas are portable already (made so when the schema file was validated).
    properties,
    required: [...Object.keys(op.path_params), ...op.required],
    additionalProperties: false,
  };
}

/**
 * Annotations from the operation's real effect (MCP semantics: destructive = not purely additive).
 * The verb is only the default; `effect` in the schema overrides it where the verb misleads.
 */
function annotate(op: Operation, category: "read" | "write"): ToolAnnotations {
  if (category === "read")
    return { title: op.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  const destructiveByVerb = op.method === "delete" || op.http_method === "DELETE";
  const idempotentByVerb = op.http_method === "PUT" || op.http_method === "DELETE";
  return {
    title: op.title,
    readOnlyHint: false,
    destructiveHint: op.effect?.destructive ?? destructiveByVerb,
    idempotentHint: op.effect?.idempotent ?? idempotentByVerb,
    openWorldHint: true,
  };
}
