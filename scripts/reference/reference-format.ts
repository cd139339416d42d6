/**
 * The format of reference/freshservice-operations.json: the facts extracted from the published Freshservice API
 * documentation, one entry per documented operation, each fact with the sections it came from. Written by
 * scripts/extract-reference.ts; read by the drift tests (tools now, the simulator next). docs/reference.md says
 * what each field means and what the extraction cannot see.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FieldFact } from "./attribute-table";
import type { Shape } from "./json-sample";

export type { FieldFact } from "./attribute-table";
export type { Shape } from "./json-sample";

export const REFERENCE_FILE = fileURLToPath(new URL("../../reference/freshservice-operations.json", import.meta.url));

/** A fact with the documentation sections (their index in the copy) it was read from. */
export type Sourced<T> = T & { from: number[] };

/** A query argument: its facts, and how it was documented. */
export type QueryFact = Sourced<
  FieldFact & {
    /** `template` (the endpoint line), `url` (a sample or an example URL), `table` (a parameter table). */
    via: string[];
    /** Word-like values the documented URLs give it (`include=stats`, `order_type=asc`); sample data is left out. */
    examples?: string[];
  }
>;

/** A body field: its facts, and how it was documented. */
export type BodyFact = Sourced<
  FieldFact & {
    /** `table` (an attribute table), `sample` (a curl body or a request sample). */
    via: string[];
    /** A table lists it flat, but the samples send it inside this field (`address` → line1, city). */
    within?: string;
  }
>;

export interface ResponseFacts {
  /** The envelope key of the answer (`ticket`, `tickets`), absent for a bare record or list. */
  wrapper?: string;
  /** The record is a list. */
  list: boolean;
  /** The record's keys and value types from the sample (list elements merged). */
  record?: Shape;
  /** Top-level keys beside the envelope (`meta`, `total`) and their shapes. */
  siblings?: Record<string, Shape>;
  /** Where the sample could not be parsed: the key names a scan found, at any depth; no types. */
  scanned_keys?: string[];
  /** Other envelopes samples of this operation show (the legacy release view's bare list), with their sections. */
  other_shapes?: { wrapper?: string; list: boolean; from: number[] }[];
  /** The HTTP status a sample shows instead of a body ("HTTP Status: 204 No Content"). */
  status?: number;
  from: number[];
}

/**
 * How a list pages, as documented for this operation:
 * - `link`: page/per_page with a `link` header to the next page (the text says so);
 * - `page`: page/per_page documented, nothing said about a link header (the general rule is the link header);
 * - `meta`: page/per_page with a `meta` object in the answer (total, page numbers);
 * - `token`: a `start_token` taken from the answer's `next_page_url`;
 * - `next_page_link`: a `page_size` and a `next_page_link` passed back.
 */
export interface PagingFacts {
  style: "link" | "page" | "meta" | "token" | "next_page_link";
  /** Query arguments that page (`page`, `per_page`, `start_token`, `page_size`). */
  params: string[];
  /** Keys of the answer's `meta` object, when it has one. */
  meta_keys?: string[];
  from: number[];
}

/** What the extraction found for an operation, so a missing fact is never mistaken for a documented absence. */
export interface FactsFound {
  /** `line`: the documented endpoint line; `curl`: only a curl sample names it. */
  endpoint: "line" | "curl";
  /** Query arguments documented (template, URLs or a table). */
  query: boolean;
  /** Body fields from an attribute table of the operation, a curl body sample, both, or neither. */
  body: "table" | "sample" | "table+sample" | "none";
  /** Whether the table says which body fields are mandatory (a `Mandatory` mark or a `*` footnote). */
  required: boolean;
  /** An answer sample parsed, only scanned for key names, a bare status (204), or none. */
  response: "sample" | "scanned" | "status" | "none";
  /** A paging style documented for a list answer, `none` for a list without one, `n/a` for a single record. */
  paging: PagingFacts["style"] | "none" | "n/a";
}

export interface ReferenceOperation {
  /** `METHOD /path` with a fixed query value when the action is chosen by one (`?operation=approve`). */
  key: string;
  method: string;
  /** Below /api/v2, placeholders as `{name}` (`{}` where only a sample's number shows one). */
  path: string;
  /** Query values that select this action on a shared path (`operation: approve`). */
  fixed_query?: Record<string, string>;
  path_params: string[];
  /**
   * Endpoints the documentation also gives for this operation that contradict `method` and `path`: a curl sample's
   * (ticket restore: GET documented, PUT sampled; a sample's numbers are `{}`), or an endpoint line that lost the
   * end of the path its samples call (then `path` is the sample's and `found.endpoint` is `curl`).
   */
  other_endpoints?: Sourced<{ method: string; path: string; via: "line" | "sample" }>[];
  /** The documentation sections this operation's facts come from: index in the copy and section id. */
  sections: { index: number; id: string }[];
  /** The OAuth 2.0 scopes the operation names (`freshservice.tickets.view`). */
  oauth_scopes?: string[];
  /** The resource's attribute table (a key of `objects`) that describes the record this operation handles. */
  object?: string;
  query: Record<string, QueryFact>;
  /** Fields the filter grammar of a query argument takes, with their types and values. */
  filter_fields?: Record<string, Sourced<FieldFact>>;
  /** Fields of the record an operation's own table describes (a GET's table that is neither query nor filter). */
  attributes?: Record<string, Sourced<FieldFact>>;
  body?: {
    /** The body is sent as `{"<wrapper>": {…}}`. */
    wrapper?: string;
    fields: Record<string, BodyFact>;
    /** Multipart form fields of an upload sample (`attachments[]`). */
    multipart?: string[];
    /** Sections whose body sample could not be read. */
    unparsed_samples?: number[];
  };
  /** Numbered value tables shown with the operation ("Status / Value / Open / 2 …"), by heading. */
  value_tables?: { heading: string; values: number[]; labels: string[]; from: number[] }[];
  response?: ResponseFacts;
  paging?: PagingFacts;
  found: FactsFound;
}

/** A resource's attribute table: the record's fields as the section introducing the resource lists them. */
export interface ReferenceObject {
  section: string;
  fields: Record<string, FieldFact>;
  value_tables?: { heading: string; values: number[]; labels: string[] }[];
}

export interface Reference {
  $comment: string;
  source: {
    /** What was read: the published documentation, through a public verbatim copy. */
    documentation: string;
    copy: string;
    sections: number;
  };
  /** The documentation's general paging rule (its Pagination section). */
  pagination: { style: "link"; per_page_default: number; per_page_max: number; from: number[] };
  operations: ReferenceOperation[];
  /** Attribute tables of resources, keyed by the section's index in the copy. */
  objects: Record<string, ReferenceObject>;
}

/** The checked-in reference. */
export function loadReference(file: string = REFERENCE_FILE): Reference {
  return JSON.parse(readFileSync(file, "utf8")) as Reference;
}
