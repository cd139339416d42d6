/**
 * `freshservice_count_records`: how many tickets, changes or assets match a filter query, broken down by one field,
 * without listing them. Answered by the Worker like search and fetch: every Freshservice call goes through
 * `readFreshservice` with the URL's own list tools (its filters, budget and error mapping), one per bucket (an
 * asset bucket one or more, see page-count.ts), at most MAX_CALLS_PER_COUNT per count.
 */
import type { ListedTool } from "../catalog/build-tools";
import type { SearchableTool } from "../catalog/tool-search";
import { cleanText } from "../text/untrusted-text";
import { encodeCursor } from "../upstream/page-cursor";
import { type RateLimitState, tightestRateLimit } from "../upstream/rate-limit";
import {
  type Bucket,
  bucketsFor,
  COUNT_KINDS,
  type CountArguments,
  type CountKind,
  GROUPS_TOOL,
  type GroupField,
  MAX_CALLS_PER_COUNT,
  MAX_VALUES,
  planCount,
} from "./count-plan";
import type { BucketValue } from "./count-query";
import { afterPage, countSoFar, nextPage, type PageSearch, pageSearch } from "./page-count";
import { type FreshserviceRead, type LocalTool, readFreshservice, type ToolCallContext } from "./run-tool";
import { failureMessage, type ToolFailure } from "./tool-failure";
import { failedOutcome, jsonOutcome, type ToolOutcome } from "./tool-result";

export const COUNT_RECORDS = "freshservice_count_records";

/** Calls in flight at once after the total: a count waits a few round trips, not twenty. */
const CONCURRENT_CALLS = 4;
/** One page of groups: a workspace with more has far more than one count may ask for anyway. */
const GROUPS_PAGE = 100;
/** A group's name as a bucket's label: a name in a list. */
const MAX_LABEL_CHARS = 100;
/** The largest id a group's bucket may have, to check the query's length before the groups are read. */
const LONGEST_ID = Number.MAX_SAFE_INTEGER;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

/** The count tool and its search_tools entry, or none when the URL can read none of the records it counts. */
export function countTools(hasTool: (name: string) => boolean): { tools: LocalTool[]; searchable: SearchableTool[] } {
  const kinds = COUNT_KINDS.filter((k) => hasTool(k.tool));
  if (!kinds.length) return { tools: [], searchable: [] };
  const listing = countListing(kinds);
  return {
    tools: [{ listing, run: (args, ctx) => runCount(ctx, kinds, args) }],
    searchable: [{ ...listing, tags: kinds.map((k) => k.tag), method: "count", category: "read" }],
  };
}

function countListing(kinds: CountKind[]): ListedTool {
  const records = kinds.map((k) => k.record);
  const fields = [...new Set(kinds.flatMap((k) => k.fields.map((f) => f.name)))];
  const byRecord = kinds.map((k) => `${k.record}: ${k.fields.map((f) => f.name).join(", ")}`).join("; ");
  return {
    name: COUNT_RECORDS,
    title: "Count records, broken down by a field",
    description: `How many ${oneOf(records)} match a filter query, in total and broken down by one field (each value a bucket), without listing them: e.g. how many urgent tickets each group got last week is record tickets, query priority:4 AND created_at:>'2026-11-30' AND created_at:<'2026-12-06', group_by group_id. Answers {"record","query","total","buckets":[{"value","label","count"}],"other","calls"}; a query nothing matches counts 0. Each bucket costs one Freshservice call (assets are counted from pages of 30: one call up to 29, a few more for larger buckets), at most ${MAX_CALLS_PER_COUNT} calls per count. Problems can't be counted: Freshservice has no filter for them.`,
    inputSchema: {
      type: "object",
      properties: {
        record: { type: "string", enum: records, description: "What to count." },
        query: {
          type: "string",
          minLength: 3,
          maxLength: 510,
          description:
            "Freshservice filter query, the bare expression without surrounding double quotes (the grammar and fields of the record's list tool: tickets and changes query, assets filter), e.g. priority:4 AND created_at:>'2026-11-30'. field:>value is greater than OR EQUAL, field:<value less than OR EQUAL; strings in single quotes, dates 'yyyy-mm-dd' (UTC), AND / OR and parentheses. Leave it out to count every record.",
        },
        group_by: {
          type: "string",
          enum: fields,
          description: `The field whose values are the buckets (${byRecord}). Without values: priority, status, impact, urgency, risk and change_type count each documented value; group_id each agent group of the workspace, plus none; other fields need values.`,
        },
        values: {
          type: "array",
          items: { anyOf: [{ type: "integer" }, { type: "string", maxLength: 100 }, { type: "null" }] },
          minItems: 1,
          maxItems: MAX_VALUES,
          description: `The buckets' values (at most ${MAX_VALUES}): ids or numbers; asset_state labels in words ('In Use'); null for no value (group_id and agent_id, any asset field).`,
        },
        workspace_id: {
          type: "integer",
          minimum: 0,
          description:
            "Workspace to count in (default: this connection's, else the primary workspace); 0 = every workspace.",
        },
      },
      required: ["record"],
      additionalProperties: false,
    },
    annotations: { title: "Count records", ...READ_ONLY },
  };
}

/** One number the count is after: the total, or one bucket's. */
interface Tally {
  bucket?: Bucket;
  expression: string;
  calls: number;
  busy: boolean;
  count?: number;
  /** Counted from pages: where the search stands. */
  pages?: PageSearch;
}

/** The reads of one count: how many calls reached Freshservice, the rate-limit states, and what stopped it. */
class CountReads {
  calls = 0;
  attempts = 0;
  stop?: { failure: ToolFailure; rateLimit: RateLimitState; status?: number };
  readonly states: RateLimitState[] = [];
  lastStatus?: number;

  constructor(private readonly ctx: ToolCallContext) {}

  get canGoOn(): boolean {
    return !this.stop && this.attempts < MAX_CALLS_PER_COUNT;
  }

  async read(tool: string, args: Record<string, unknown>): Promise<FreshserviceRead> {
    this.attempts++;
    const read = await readFreshservice(this.ctx, tool, args);
    this.states.push(read.rateLimit);
    const failure = read.ok ? undefined : read.outcome.failure;
    if (!failure || !NOT_SENT.has(failure.kind)) this.calls++;
    if (read.ok) this.lastStatus = read.status;
    else
      this.stopWith(
        failure ?? { kind: "unreadable_answer", reason: "not_json" },
        read.rateLimit,
        read.outcome.httpStatus,
      );
    return read;
  }

  stopWith(failure: ToolFailure, rateLimit: RateLimitState = {}, status?: number): void {
    this.stop ??= { failure, rateLimit, ...(status !== undefined ? { status } : {}) };
  }
}

/** Failures of a read that was refused before anything was sent. */
const NOT_SENT = new Set<ToolFailure["kind"]>([
  "budget_refused",
  "credential_unavailable",
  "invalid_arguments",
  "unknown_tool",
]);

async function runCount(ctx: ToolCallContext, kinds: CountKind[], raw: Record<string, unknown>): Promise<ToolOutcome> {
  const kind = kinds.find((k) => k.record === raw.record) as CountKind;
  const args: CountArguments = {
    ...(typeof raw.query === "string" ? { query: raw.query } : {}),
    ...(typeof raw.group_by === "string" ? { group_by: raw.group_by } : {}),
    ...(Array.isArray(raw.values) ? { values: raw.values as BucketValue[] } : {}),
    ...(typeof raw.workspace_id === "number" ? { workspace_id: raw.workspace_id } : {}),
  };
  const planned = planCount(kind, args);
  if ("problems" in planned) return failedOutcome({ kind: "invalid_arguments", problems: planned.problems });
  const { plan } = planned;
  const workspace = args.workspace_id !== undefined ? { workspace_id: args.workspace_id } : {};
  const reads = new CountReads(ctx);

  let buckets: Bucket[] = [];
  if (plan.buckets === "groups" && plan.field) {
    const groups = await readGroups(ctx, reads, plan.expression, plan.field, args.workspace_id);
    if ("outcome" in groups) return groups.outcome;
    buckets = groups.buckets;
  } else if (plan.buckets !== "groups") buckets = plan.buckets;

  const total: Tally = tally(kind, plan.totalExpression);
  const tallies = buckets.map((bucket) => ({ ...tally(kind, bucket.expression), bucket }));
  // The total's first read alone: a query Freshservice refuses costs one call, not one per bucket.
  if (reads.canGoOn) {
    total.calls++;
    await readTally(total, kind, workspace, reads);
  }
  await tallyAll([total, ...tallies], kind, workspace, reads);
  if (reads.stop && !counted(total)) return failedOutcome(reads.stop.failure, reads.stop.rateLimit, statusMeta(reads));
  return jsonOutcome(answer(kind, args, plan.field, total, tallies, reads), rateLimitOf(reads), {
    ...(httpStatusOf(reads) !== undefined ? { httpStatus: httpStatusOf(reads) } : {}),
    ...(reads.stop ? { failure: reads.stop.failure } : {}),
  });
}

/** The workspace's agent groups as buckets, plus one for tickets or changes with no group. */
async function readGroups(
  ctx: ToolCallContext,
  reads: CountReads,
  expression: string | undefined,
  field: GroupField,
  workspaceId: number | undefined,
): Promise<{ buckets: Bucket[] } | { outcome: ToolOutcome }> {
  const refuse = (problem: string) => ({ outcome: failedOutcome({ kind: "invalid_arguments", problems: [problem] }) });
  if (!ctx.findTool(GROUPS_TOOL))
    return refuse(
      `group_by: this connection can't list agent groups (its filters leave out ${GROUPS_TOOL}): name the groups' ids in values`,
    );
  if (workspaceId === 0)
    return refuse(
      "group_by: groups of every workspace can't be listed together: name a workspace_id, or the groups' ids in values",
    );
  // Any group's condition fits once the longest id does: checked before the groups are read.
  const longest = bucketsFor(expression, field, [{ value: LONGEST_ID }]);
  if ("problems" in longest) return refuse(longest.problems.join("; "));
  const read = await reads.read(GROUPS_TOOL, {
    limit: GROUPS_PAGE,
    ...(workspaceId ? { workspace_id: workspaceId } : {}),
  });
  if (!read.ok) return { outcome: read.outcome };
  const list = isRecord(read.body) ? read.body.groups : undefined;
  if (!Array.isArray(list))
    return {
      outcome: failedOutcome({ kind: "missing_record", id: "the agent groups", key: "groups" }, read.rateLimit, {
        http_status: read.status,
      }),
    };
  const groups = list.filter(isRecord).filter((g) => Number.isSafeInteger(g.id) && (g.id as number) > 0);
  // The groups' list and the total take a call each, and tickets with no group one bucket.
  const max = MAX_CALLS_PER_COUNT - 3;
  if (groups.length > max)
    return {
      outcome: failedOutcome(
        { kind: "too_many_buckets", field: "group_id", found: groups.length, max },
        read.rateLimit,
        { http_status: read.status },
      ),
    };
  const entries = [
    ...groups.map((g) => ({ value: g.id as number, label: cleanText(g.name, MAX_LABEL_CHARS) ?? `group ${g.id}` })),
    { value: null, label: "none" },
  ];
  const buckets = bucketsFor(expression, field, entries);
  return "problems" in buckets ? refuse(buckets.problems.join("; ")) : buckets;
}

function tally(kind: CountKind, expression: string): Tally {
  return {
    expression,
    calls: 0,
    busy: false,
    ...(kind.tally.from === "pages" ? { pages: pageSearch(kind.tally.pageSize, kind.tally.maxPage) } : {}),
  };
}

/**
 * Reads until every tally is known, the bound is reached or a read fails, a few at a time; the tallies read least
 * so far go first, so each bucket has its first read before any is refined.
 */
async function tallyAll(
  tallies: Tally[],
  kind: CountKind,
  workspace: Record<string, unknown>,
  reads: CountReads,
): Promise<void> {
  const pending = () =>
    tallies
      .filter((t) => !t.busy && t.count === undefined && (!t.pages || nextPage(t.pages) !== undefined))
      .sort((a, b) => a.calls - b.calls)[0];
  const worker = async () => {
    for (let next = pending(); next && reads.canGoOn; next = pending()) {
      next.busy = true;
      next.calls++;
      await readTally(next, kind, workspace, reads);
      next.busy = false;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CALLS }, worker));
}

async function readTally(t: Tally, kind: CountKind, workspace: Record<string, unknown>, reads: CountReads) {
  const page = t.pages ? (nextPage(t.pages) ?? 1) : undefined;
  const read = await reads.read(kind.tool, {
    [kind.filterArg]: t.expression,
    ...kind.smallest,
    ...workspace,
    ...(page !== undefined && page > 1 ? { next_cursor: encodeCursor(page) } : {}),
  });
  if (!read.ok) return;
  const body = isRecord(read.body) ? read.body : {};
  if (t.pages && page !== undefined) {
    const records = body[kind.key];
    if (!Array.isArray(records))
      return reads.stopWith(
        { kind: "missing_record", id: `the ${kind.record} filter`, key: kind.key },
        read.rateLimit,
        read.status,
      );
    t.pages = afterPage(t.pages, page, records.length);
    if (t.pages.count !== undefined) t.count = t.pages.count;
    return;
  }
  if (typeof body.total === "number" && Number.isSafeInteger(body.total) && body.total >= 0) t.count = body.total;
  else reads.stopWith({ kind: "missing_total", record: kind.record }, read.rateLimit, read.status);
}

/** Counted exactly, or counted from pages as far as the bound let it. */
function counted(t: Tally): boolean {
  return t.count !== undefined || (t.pages !== undefined && t.pages.full > 0);
}

function countOf(t: Tally): { count: number | null; atLeast?: true } {
  if (t.count !== undefined) return { count: t.count };
  if (t.pages && t.pages.full > 0) return { count: countSoFar(t.pages).count, atLeast: true };
  return { count: null };
}

/** The answer: one JSON document, with notes wherever a number is not the whole count. */
function answer(
  kind: CountKind,
  args: CountArguments,
  field: GroupField | undefined,
  total: Tally,
  tallies: Tally[],
  reads: CountReads,
) {
  const totalCount = countOf(total);
  const buckets = tallies.map((t) => {
    const { count, atLeast } = countOf(t);
    return {
      value: t.bucket?.value ?? null,
      ...(t.bucket?.label ? { label: t.bucket.label } : {}),
      count,
      ...(atLeast ? { at_least: true } : {}),
    };
  });
  const exact = !totalCount.atLeast && buckets.every((b) => b.count !== null && !b.at_least);
  const sum = buckets.reduce((s, b) => s + (b.count ?? 0), 0);
  const other = field && exact && totalCount.count !== null ? totalCount.count - sum : undefined;
  const notes: string[] = [];
  if (reads.stop)
    notes.push(
      `Counting stopped after ${reads.calls} calls, so the buckets whose count is null were not counted: ${failureMessage(reads.stop.failure, reads.stop.rateLimit)}`,
    );
  const bounded = [total, ...tallies].filter((t) => t.pages && t.count === undefined && t.pages.full > 0);
  if (bounded.length && kind.tally.from === "pages") {
    const { pageSize, maxPage } = kind.tally;
    const capped = bounded.some((t) => t.pages && t.pages.full >= maxPage);
    notes.push(
      capped
        ? `Freshservice's ${kind.record} filter serves at most ${maxPage} pages of ${pageSize}: a count marked at_least is at least ${maxPage * pageSize}; narrow the query to count it exactly.`
        : `${kind.record} are counted from their pages of ${pageSize} (Freshservice's ${kind.record} filter gives no total the Worker can read), and this count stopped before it was done: a count marked at_least is a lower bound. ${reads.stop ? "" : `The bound of ${MAX_CALLS_PER_COUNT} calls per count was reached: count fewer values at a time, or narrow the query.`}`.trim(),
    );
  }
  if (other !== undefined && other > 0)
    notes.push(
      `other: ${other} of the total have a ${field?.name} none of the buckets name${field?.known ? " (the account's own values, for example)" : ""}; name those values to count them.`,
    );
  return {
    record: kind.record,
    query: args.query ?? null,
    ...(args.workspace_id !== undefined ? { workspace_id: args.workspace_id } : {}),
    ...(field ? { group_by: field.name } : {}),
    total: totalCount.count,
    ...(totalCount.atLeast ? { total_at_least: true } : {}),
    buckets,
    ...(other !== undefined && other >= 0 ? { other } : {}),
    calls: reads.calls,
    ...(notes.length ? { notes } : {}),
  };
}

/** What stopped the count (a 429's wait, the URL's budget) decides the headers; else the tightest answer. */
function rateLimitOf(reads: CountReads): RateLimitState {
  return reads.stop && Object.keys(reads.stop.rateLimit).length
    ? reads.stop.rateLimit
    : tightestRateLimit(reads.states);
}

function httpStatusOf(reads: CountReads): number | undefined {
  return reads.stop?.status ?? reads.lastStatus;
}

function statusMeta(reads: CountReads) {
  const status = httpStatusOf(reads);
  return status !== undefined ? { http_status: status } : {};
}

/** `tickets, changes or assets`. */
function oneOf(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : (words[0] ?? "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
