/**
 * `search` and `fetch` in the shapes ChatGPT's deep research and company knowledge require: `search(query)` answers
 * one text item holding `{"results":[{"id","title","url"}]}`, `fetch(id)` one holding
 * `{"id","title","text","url","metadata"}`. Ids are typed and stable (`ticket:8492`, `article:17`), URLs are the
 * account's Freshservice pages, so answers can cite them. They cover what the URL's filters let it read, and every
 * Freshservice call goes through `readFreshservice`: the same tools, budget and error mapping as a direct call.
 */
import type { ListedTool } from "../catalog/build-tools";
import { type SearchableTool, toolSearch } from "../catalog/tool-search";
import { tightestRateLimit } from "../upstream/rate-limit";
import { rankedText, recordMetadata, recordText, recordTitle } from "./record-text";
import { type FreshserviceRead, type LocalTool, readFreshservice, type ToolCallContext } from "./run-tool";
import { DEFAULT_MAX_RESULT_BYTES, failedOutcome, jsonOutcome } from "./tool-result";

type Record_ = Record<string, unknown>;

interface ResearchKind {
  /** The id's type: `ticket:8492`. */
  type: string;
  /** What the URL's filters must allow (the tag of the tools below), named in the tools' descriptions. */
  tag: string;
  noun: string;
  /** The tool that finds candidates, its arguments for a query, and the key of its records. */
  find: { tool: string; args: (query: string) => Record_; key: string; rankedByFreshservice?: boolean };
  /** The tool that reads one record, the argument that takes the id, any extra arguments, and its key. */
  get: { tool: string; idArg: string; args?: Record_; key: string };
  /** The id in this record: assets are addressed by display_id. */
  idField: string;
  titleField: string;
  /** The record's page below the account's portal origin. */
  page: (id: number) => string;
}

/** Freshservice's largest page: candidates ranked here come from the most recent ones. */
const RECENT_PAGE = { limit: 100 };

const KINDS: ResearchKind[] = [
  {
    type: "ticket",
    tag: "tickets",
    noun: "tickets (the last 30 days)",
    find: { tool: "list_all_freshservice_tickets", args: () => RECENT_PAGE, key: "tickets" },
    get: {
      tool: "get_single_freshservice_ticket_by_id",
      idArg: "id",
      args: { include: "conversations" },
      key: "ticket",
    },
    idField: "id",
    titleField: "subject",
    page: (id) => `/a/tickets/${id}`,
  },
  {
    type: "article",
    tag: "solutions",
    noun: "knowledge-base articles",
    find: {
      tool: "freshservice_solution_article_search",
      args: (query) => ({ search_term: query.slice(0, 200) }),
      key: "articles",
      rankedByFreshservice: true,
    },
    get: { tool: "get_single_freshservice_solution_article_by_id", idArg: "id", key: "article" },
    idField: "id",
    titleField: "title",
    page: (id) => `/support/solutions/articles/${id}`,
  },
  {
    type: "problem",
    tag: "problems",
    noun: "problems",
    find: { tool: "list_all_freshservice_problems", args: () => RECENT_PAGE, key: "problems" },
    get: { tool: "get_single_freshservice_problem_by_id", idArg: "id", key: "problem" },
    idField: "id",
    titleField: "subject",
    page: (id) => `/a/problems/${id}`,
  },
  {
    type: "change",
    tag: "changes",
    noun: "changes",
    find: { tool: "list_all_freshservice_changes", args: () => RECENT_PAGE, key: "changes" },
    get: { tool: "get_single_freshservice_change_by_id", idArg: "id", key: "change" },
    idField: "id",
    titleField: "subject",
    page: (id) => `/a/changes/${id}`,
  },
  {
    type: "asset",
    tag: "assets",
    noun: "assets",
    find: { tool: "list_all_freshservice_assets", args: () => RECENT_PAGE, key: "assets" },
    get: { tool: "get_single_freshservice_asset_by_id", idArg: "display_id", key: "asset" },
    idField: "display_id",
    titleField: "name",
    page: (id) => `/cmdb/items/${id}`,
  },
];

export const SEARCH = "search";
export const FETCH = "fetch";
const RESULTS_PER_KIND = 5;
const MAX_QUERY_CHARS = 500;
const ID_PATTERN = /^([a-z]+):([1-9][0-9]{0,15})$/;
/** The kinds this URL may read: both its find and get tools pass the URL's filters. */
function kindsFor(hasTool: (name: string) => boolean): ResearchKind[] {
  return KINDS.filter((k) => hasTool(k.find.tool) && hasTool(k.get.tool));
}

/** `search` and `fetch` with their search_tools entries, or none when the URL can read none of the kinds. */
export function researchTools(
  hasTool: (name: string) => boolean,
  portal: string,
): { tools: LocalTool[]; searchable: SearchableTool[] } {
  const kinds = kindsFor(hasTool);
  if (!kinds.length) return { tools: [], searchable: [] };
  const nouns = kinds.map((k) => k.noun).join(", ");
  const types = kinds.map((k) => `${k.type}:<id>`).join(", ");
  const search: ListedTool = {
    name: SEARCH,
    title: "Search Freshservice",
    description: `Search this company's Freshservice for ${nouns}. Returns {"results":[{"id","title","url"}]}, best first; read a result in full with fetch. Ids look like ${types}.`,
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", minLength: 1, maxLength: MAX_QUERY_CHARS, description: "What to look for." },
      },
      required: ["query"],
      additionalProperties: false,
    },
    annotations: { title: "Search Freshservice", ...READ_ONLY },
  };
  const fetch: ListedTool = {
    name: FETCH,
    title: "Fetch a Freshservice record",
    description: `Read one record found by search, in full: {"id","title","text","url","metadata"}. Ids look like ${types}.`,
    inputSchema: {
      type: "object",
      properties: {
        id: {
          type: "string",
          pattern: ID_PATTERN.source,
          maxLength: 40,
          description: "An id from search, e.g. ticket:8492.",
        },
      },
      required: ["id"],
      additionalProperties: false,
    },
    annotations: { title: "Fetch a Freshservice record", ...READ_ONLY },
  };
  const tags = kinds.map((k) => k.tag);
  return {
    tools: [
      { listing: search, run: (args, ctx) => runSearch(ctx, kinds, portal, String(args.query)) },
      { listing: fetch, run: (args, ctx) => runFetch(ctx, kinds, portal, String(args.id)) },
    ],
    searchable: [
      { ...search, tags, method: "search", category: "read" },
      { ...fetch, tags, method: "get", category: "read" },
    ],
  };
}

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

async function runSearch(ctx: ToolCallContext, kinds: ResearchKind[], portal: string, query: string) {
  const reads = await Promise.all(kinds.map((k) => readFreshservice(ctx, k.find.tool, k.find.args(query))));
  const ranked = kinds.map((kind, i) => {
    const read = reads[i] as FreshserviceRead;
    if (!read.ok) return [];
    const records = recordsOf(read.body, kind.find.key).filter((r) => idOf(r, kind) !== undefined);
    const best = kind.find.rankedByFreshservice ? records : rankRecords(records, kind, query);
    return best.slice(0, RESULTS_PER_KIND).map((r) => ({
      id: `${kind.type}:${idOf(r, kind)}`,
      title: titleOf(r, kind),
      url: `${portal}${kind.page(idOf(r, kind) as number)}`,
    }));
  });
  const failures = reads.filter((r) => !r.ok);
  // Only when nothing could be searched is it an error; otherwise what was found is the answer.
  if (failures.length === reads.length && failures[0] && !failures[0].ok) return failures[0].outcome;
  // Best of each kind first, then the second best of each, so no kind crowds out the others.
  const results = Array.from({ length: RESULTS_PER_KIND }, (_, rank) => ranked.flatMap((r) => r[rank] ?? [])).flat();
  const answered = reads.find((r) => r.ok);
  return jsonOutcome({ results }, tightestRateLimit(reads.map((r) => r.rateLimit)), {
    ...(answered?.ok ? { httpStatus: answered.status } : {}),
  });
}

async function runFetch(ctx: ToolCallContext, kinds: ResearchKind[], portal: string, id: string) {
  const [, type, number] = ID_PATTERN.exec(id) ?? [];
  const kind = kinds.find((k) => k.type === type);
  if (!kind || !number)
    return failedOutcome({ kind: "unknown_record_id", id, idForms: kinds.map((k) => `${k.type}:<id>`) });
  // The record asked for, by what names it (an asset by its display_id), for the audit trail, whatever came back.
  const readIds = { [`${kind.type}_${kind.idField}`]: Number(number) };
  const read = await readFreshservice(ctx, kind.get.tool, { ...kind.get.args, [kind.get.idArg]: Number(number) });
  if (!read.ok) return { ...read.outcome, readIds };
  const record = (read.body as Record_)?.[kind.get.key];
  if (!isRecord(record))
    return {
      ...failedOutcome({ kind: "missing_record", id, key: kind.get.key }, read.rateLimit, { http_status: read.status }),
      readIds,
    };
  const maxText = Math.max((ctx.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES) - TEXT_MARGIN_BYTES, 1024);
  return jsonOutcome(
    {
      id,
      title: titleOf(record, kind),
      text: recordText(record, maxText),
      url: `${portal}${kind.page(Number(number))}`,
      metadata: { type: kind.type, ...recordMetadata(record) },
    },
    read.rateLimit,
    { httpStatus: read.status, readIds },
  );
}

/** What the JSON around a fetched record's text may take of the URL's result cap. */
const TEXT_MARGIN_BYTES = 4096;

function rankRecords(records: Record_[], kind: ResearchKind, query: string): Record_[] {
  // Each record's text is capped before it is cleaned or tokenised: what a record holds can't make a search slow.
  const docs = records.map((record) => ({
    name: "",
    title: titleOf(record, kind),
    ...rankedText(record),
    category: "read" as const,
    record,
  }));
  return toolSearch(docs)
    .search(query, records.length)
    .map((m) => m.tool.record);
}

function recordsOf(body: unknown, key: string): Record_[] {
  const list = isRecord(body) ? body[key] : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

function idOf(record: Record_, kind: ResearchKind): number | undefined {
  const id = record[kind.idField];
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function titleOf(record: Record_, kind: ResearchKind): string {
  return recordTitle(record[kind.titleField], `${kind.type} ${idOf(record, kind) ?? ""}`.trim());
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
