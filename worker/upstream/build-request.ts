/**
 * Tool arguments → one Freshservice request. Trust boundary: only declared arguments are sent, every path id
 * is re-checked as a positive safe integer and encoded, and the origin comes from the stored account alone.
 */
import { type CatalogTool, FRESHSERVICE_DEFAULT_PER_PAGE, FRESHSERVICE_MAX_PER_PAGE } from "../catalog/build-tools";
import { isPositiveId, isUuid } from "../catalog/ids";
import { FILTER_QUERY_MAX_LENGTH, quoteFilterQuery } from "./filter-query";
import { formFields } from "./multipart-body";
import { decodeCursor } from "./page-cursor";

export interface UpstreamRequest {
  method: string;
  /** Path and query below the account's origin, e.g. `/api/v2/tickets/42?include=stats`. */
  pathAndQuery: string;
  /** JSON text, when the operation sends a body (and the call attaches no files). */
  body?: string;
  /**
   * When the call attaches files: the other body arguments as form fields (multipart-body.ts) and the
   * `attachments` argument, whose files the caller fetches and decodes before anything is sent.
   */
  multipart?: { fields: [string, string][]; attachments: unknown[] };
  /** The multipart body, once its files are in: sent instead of `body`. */
  form?: FormData;
  /** What the answer may be: JSON (every API call), or anything for a file download (Freshservice takes `*\/*`). */
  accept?: "json" | "any";
  /** On paginated operations: the page asked for, and the last one Freshservice serves for these arguments. */
  page?: number;
  lastPage?: number;
  /** A search: Freshservice returns a fixed 30 per page and ignores `limit`. */
  fixedPageSize?: boolean;
  /** How many records a full page holds: the fixed search size, else the limit sent (or Freshservice's default). */
  perPage?: number;
}

/** A problem with the arguments that validation could not see; the model can fix it. */
export class ArgumentError extends Error {}

export function buildUpstreamRequest(tool: CatalogTool, args: Record<string, unknown>): UpstreamRequest {
  const op = tool.operation;
  const routedBy = Object.keys(op.path_when).find((name) => present(args[name]));
  const template = routedBy ? (op.path_when[routedBy] as string) : op.path;
  const path = template.replace(/\{([a-z_]+)\}/g, (_, name: string) =>
    op.path_params[name]?.format === "uuid" ? encodeUuid(name, args[name]) : encodeId(name, args[name]),
  );

  const query: [string, string][] = [];
  for (const name of Object.keys(op.query)) {
    const value = args[name];
    if (!present(value)) continue;
    if (op.filter_params.includes(name)) query.push([name, filterValue(name, value)]);
    else if (op.link_params.includes(name)) query.push([name, parameterFromLink(name, String(value))]);
    else query.push([name, queryValue(value)]);
  }
  let page: number | undefined;
  let lastPage: number | undefined;
  if (op.paginated) {
    page = 1;
    lastPage = op.last_page?.when.some((name) => present(args[name])) ? op.last_page.page : undefined;
    if (args.next_cursor !== undefined) {
      const cursorPage = decodeCursor(String(args.next_cursor));
      if (cursorPage === null)
        throw new ArgumentError("next_cursor is not a cursor this server issued: pass it back exactly.");
      if (lastPage !== undefined && cursorPage > lastPage)
        throw new ArgumentError(
          `Freshservice serves at most ${lastPage} pages of this search; narrow the ${op.last_page?.when.join(" or ")} instead of paging further.`,
        );
      page = cursorPage;
      query.push(["page", String(page)]);
    }
    // Filter endpoints have a fixed page size; per_page there is at best ignored.
    if (args.limit !== undefined && !routedBy)
      query.push(["per_page", String(Math.min(Number(args.limit), FRESHSERVICE_MAX_PER_PAGE))]);
  }
  const fixedPageSize = isSearch(op, args);
  const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

  return {
    method: op.http_method,
    pathAndQuery: `/api/v2${path}${search ? `?${search}` : ""}`,
    ...buildBody(tool, args),
    ...(page === undefined
      ? {}
      : {
          page,
          lastPage,
          fixedPageSize,
          perPage:
            fixedPageSize || args.limit === undefined
              ? FRESHSERVICE_DEFAULT_PER_PAGE
              : Math.min(Number(args.limit), FRESHSERVICE_MAX_PER_PAGE),
        }),
  };
}

function buildBody(tool: CatalogTool, args: Record<string, unknown>): Pick<UpstreamRequest, "body" | "multipart"> {
  const op = tool.operation;
  const names = Object.keys(op.body);
  const files = op.attachments && Array.isArray(args.attachments) && args.attachments.length ? args.attachments : null;
  if (names.length === 0 && !files) return {};
  const fields: Record<string, unknown> = {};
  for (const name of names) if (args[name] !== undefined) fields[name] = args[name];
  const body = op.body_wrapper ? { [op.body_wrapper]: fields } : fields;
  if (!files) return { body: JSON.stringify(body) };
  try {
    return { multipart: { fields: formFields(body), attachments: files } };
  } catch (error) {
    if (error instanceof RangeError) throw new ArgumentError(`With attachments, ${error.message}.`);
    throw error;
  }
}

function encodeId(name: string, value: unknown): string {
  // Validation already demands a positive integer; this is the last line before the URL, so check again.
  if (!isPositiveId(value)) throw new ArgumentError(`${name} must be a positive integer id.`);
  return encodeURIComponent(String(value));
}

function encodeUuid(name: string, value: unknown): string {
  if (!isUuid(value)) throw new ArgumentError(`${name} must be a job id (a UUID).`);
  return value;
}

function filterValue(name: string, value: unknown): string {
  const quoted = quoteFilterQuery(String(value));
  if (quoted.length > FILTER_QUERY_MAX_LENGTH)
    throw new ArgumentError(`${name} is longer than Freshservice's ${FILTER_QUERY_MAX_LENGTH}-character limit.`);
  return quoted;
}

/** The `name` parameter inside a link the model passed back whole; anything else as it is. */
function parameterFromLink(name: string, value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    return new URL(value).searchParams.get(name) ?? value;
  } catch {
    return value;
  }
}

function queryValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(",") : String(value);
}

/** Filter endpoints (§2): a filter argument or a route to a filter path makes the call a fixed-size search. */
function isSearch(op: CatalogTool["operation"], args: Record<string, unknown>): boolean {
  const fixedSize = [...(op.filter_per_page ? [] : op.filter_params), ...Object.keys(op.path_when)];
  return fixedSize.some((name) => present(args[name]));
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}
