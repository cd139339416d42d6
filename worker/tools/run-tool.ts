/**
 * One tools/call, independent of how the answer travels: validate → build the Freshservice request → fetch →
 * a streamed result or an actionable error (tool-failure.ts), and the call's one audit row. Failures the model
 * can fix are `isError` results; an unknown tool is the caller's protocol error.
 */
import { type CallOutcome, redactArguments, type ToolCallLog, touchedIds } from "../audit/call-record";
import type { BudgetDecision } from "../budget/url-budget";
import type { CatalogTool, JsonSchema, ListedTool } from "../catalog/build-tools";
import { describeAccountFields } from "../custom-fields/describe-fields";
import { collectFiles } from "../files/attachment-files";
import { CredentialUnavailable } from "../store/accounts";
import { ArgumentError, buildUpstreamRequest, type UpstreamRequest } from "../upstream/build-request";
import { fetchFreshservice, UpstreamError, type UpstreamTarget } from "../upstream/fetch-freshservice";
import { multipartBody } from "../upstream/multipart-body";
import { encodeCursor, nextPageFromLink } from "../upstream/page-cursor";
import { type RateLimitState, readRateLimit } from "../upstream/rate-limit";
import { readCappedText } from "../upstream/read-capped";
import { failureOutcome, type ToolFailure } from "./tool-failure";
import { type BodyEnd, failedOutcome, type Paging, streamedOutcome, type ToolOutcome } from "./tool-result";
import { checkArguments } from "./validate-arguments";
import { withWorkspaceDefault } from "./workspace-default";

/** Error bodies are small; a bigger one is not worth reading to build a message. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/**
 * A tool answered by the Worker itself (discovery's meta-tools, ChatGPT's search and fetch) rather than by one
 * Freshservice operation; whatever it sends to Freshservice goes through `readFreshservice` or `runTool`.
 */
export interface LocalTool {
  listing: ListedTool;
  /** What calls are checked against where it is wider than the listing (call_tool also takes an object). */
  accepts?: JsonSchema;
  run(args: Record<string, unknown>, ctx: ToolCallContext): Promise<ToolOutcome>;
}

export interface ToolCallContext {
  /** This URL's tool by name; undefined when the URL has no such tool. */
  findTool: (name: string) => CatalogTool | undefined;
  /** This URL's tool answered by the Worker itself, by name. */
  findLocalTool?: (name: string) => LocalTool | undefined;
  /**
   * The tool with the account's own fields merged (the arguments name a service item, whose form is its own);
   * `cachedOnly` promises no call to Freshservice.
   */
  fitTool: (
    tool: CatalogTool,
    args: Record<string, unknown>,
    options?: { cachedOnly?: boolean },
  ) => Promise<CatalogTool>;
  /** Files attached by URL may come from loopback (the local simulator): only where loopback upstreams are allowed. */
  allowLoopbackFiles?: boolean;
  /** The URL's workspace: sent as `workspace_id` where the operation takes one and the model gave none. */
  workspaceId?: number;
  /** The account's Freshservice; rejects with CredentialUnavailable when the stored key can't be decrypted. */
  target: () => Promise<UpstreamTarget>;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxResultBytes?: number;
  /** This URL's own per-minute budget, when its config sets one: asked before each call to Freshservice. */
  takeBudget?: () => Promise<BudgetDecision>;
  /** Keep the call's arguments (redacted and capped) in its log entry: the URL's `log_arguments`. */
  logArguments?: boolean;
  /** Gets each call's log entry, settled once its answer has been read to the end (the one place calls are logged). */
  log?: (entry: Promise<ToolCallLog>) => void;
}

export async function runTool(
  ctx: ToolCallContext,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolOutcome | null> {
  const local = ctx.findLocalTool?.(name);
  const tool = local ? undefined : ctx.findTool(name);
  const started = Date.now();
  const outcome = local ? await executeLocal(ctx, local, args) : tool ? await execute(ctx, tool, args) : null;
  // call_tool's row is the one the tool it ran wrote: one call, one row, named for what actually ran.
  if (outcome?.loggedByInnerCall) return outcome;
  const entry = async (): Promise<ToolCallLog> => {
    const end = await outcome?.ended;
    const atHead: CallOutcome = !outcome ? "unknown_tool" : outcome.failure ? failureOutcome(outcome.failure) : "ok";
    const remaining = outcome?.rateLimit.remaining;
    return {
      event: "tool_call",
      at: started,
      tool: loggedToolName(name),
      ms: Date.now() - started,
      outcome: end ? endOutcome(atHead, end) : atHead,
      ...(outcome?.httpStatus !== undefined ? { http_status: outcome.httpStatus } : {}),
      ...(remaining !== undefined ? { ratelimit_remaining: remaining } : {}),
      touched_ids: {
        ...touchedIds(args),
        ...outcome?.readIds,
        ...(end?.recordId !== undefined ? { created_id: end.recordId } : {}),
      },
      ...(ctx.logArguments ? { arguments: redactArguments(args) } : {}),
    };
  };
  ctx.log?.(entry());
  return outcome;
}

/**
 * A call refused before anything ran, for a reason the URL's tools can't know (an OAuth grant's narrowing): its
 * error result, and its audit row as any call's.
 */
export function refuseTool(
  ctx: ToolCallContext,
  name: string,
  args: Record<string, unknown>,
  failure: ToolFailure,
): ToolOutcome {
  ctx.log?.(
    Promise.resolve({
      event: "tool_call",
      at: Date.now(),
      tool: loggedToolName(name),
      ms: 0,
      outcome: failureOutcome(failure),
      touched_ids: touchedIds(args),
      ...(ctx.logArguments ? { arguments: redactArguments(args) } : {}),
    }),
  );
  return failedOutcome(failure);
}

/** A tool name the model sent is kept only this long in the log. */
const MAX_LOGGED_TOOL_NAME = 64;

/** The name as sent, capped, with anything but printable ASCII (which no tool name has) shown as `?`. */
function loggedToolName(name: string): string {
  return name.slice(0, MAX_LOGGED_TOOL_NAME).replace(/[^\x20-\x7e]/g, "?");
}

/** A 2xx head can still end cut, broken or late; what the body did decides the outcome. */
function endOutcome(atHead: CallOutcome, end: BodyEnd): CallOutcome {
  if (end.failure === "cancelled") return "cancelled";
  if (end.failure) return failureOutcome({ kind: "body_failed", failure: end.failure, status: 200, isWrite: false });
  return end.cut ? "cut" : atHead;
}

async function executeLocal(ctx: ToolCallContext, local: LocalTool, args: Record<string, unknown>) {
  const illFormed = illFormedTextProblems(args);
  if (illFormed.length) return invalidArguments(illFormed);
  const checked = checkArguments(local.accepts ?? local.listing.inputSchema, args);
  if (checked.problems.length) return invalidArguments(checked.problems);
  return local.run(checked.args, ctx);
}

/** What one Freshservice read gave: its parsed JSON body and status, or the error result to answer with. */
export type FreshserviceRead =
  | { ok: true; body: unknown; status: number; rateLimit: RateLimitState }
  | { ok: false; outcome: ToolOutcome; rateLimit: RateLimitState };

/** Larger answers are not worth parsing for a search page or one record. */
const MAX_READ_BODY_BYTES = 2 * 1024 * 1024;

/**
 * One of this URL's tools called for its parsed answer instead of a streamed result (for tools that build their
 * own answer from Freshservice's): the same filters, validation, budget, request building and error mapping.
 */
export async function readFreshservice(
  ctx: ToolCallContext,
  name: string,
  args: Record<string, unknown>,
): Promise<FreshserviceRead> {
  const tool = ctx.findTool(name);
  if (!tool) {
    return { ok: false, outcome: failedOutcome({ kind: "unknown_tool", name }), rateLimit: {} };
  }
  const sent = await send(ctx, tool, args);
  if ("refused" in sent) return { ok: false, outcome: sent.refused, rateLimit: sent.refused.rateLimit };
  const { upstream, rateLimit } = sent;
  if (upstream.status < 200 || upstream.status >= 300) return { ok: false, outcome: await failure(sent), rateLimit };
  const text = await readCappedText(upstream, MAX_READ_BODY_BYTES);
  try {
    return { ok: true, body: JSON.parse(text ?? ""), status: upstream.status, rateLimit };
  } catch {
    const reason = text === null ? "too_large_or_broken" : "not_json";
    const outcome = failedOutcome({ kind: "unreadable_answer", reason }, rateLimit, { http_status: upstream.status });
    return { ok: false, outcome, rateLimit };
  }
}

function invalidArguments(problems: string[], tool?: CatalogTool): ToolOutcome {
  // tools/list can't show a service item's form (it depends on the item), so a refusal shows it.
  const form = tool?.operation.custom_fields?.kind === "service_item" ? describeAccountFields(tool) : undefined;
  return failedOutcome({ kind: "invalid_arguments", problems, ...(form ? { form } : {}) });
}

async function execute(ctx: ToolCallContext, bundled: CatalogTool, args: Record<string, unknown>) {
  const sent = await send(ctx, bundled, args);
  if ("refused" in sent) return sent.refused;
  const { upstream, request, tool, rateLimit } = sent;
  if (upstream.status < 200 || upstream.status >= 300) return failure(sent);
  const paging = pagingOf(request, upstream.headers.get("link"));
  const shape = {
    maxBytes: ctx.maxResultBytes,
    isWrite: tool.category === "write",
    paginated: tool.operation.paginated,
    fixedPageSize: request.fixedPageSize,
    cursorFromBody: (body: unknown) => nextPageFromTotal(request, body),
  };
  return streamedOutcome(upstream, rateLimit, paging, shape);
}

interface Sent {
  upstream: Response;
  request: UpstreamRequest;
  tool: CatalogTool;
  rateLimit: RateLimitState;
  /** Sent with a signed-in agent's own credential (an OAuth server), not the account's key. */
  asAgent: boolean;
}
type Refused = { refused: ToolOutcome };

/** Validate → build the request → take the budget → send it: Freshservice's answer head, or why nothing was sent. */
async function send(
  ctx: ToolCallContext,
  bundled: CatalogTool,
  args: Record<string, unknown>,
): Promise<Sent | Refused> {
  const illFormed = illFormedTextProblems(args);
  if (illFormed.length) return { refused: invalidArguments(illFormed) };
  // Check against what is known without calling Freshservice first, so most invalid calls cost nothing; only a
  // call that passes loads the account's fields (fetched when not cached, refreshed in the background when
  // stale). A form that is not cached costs a read the arguments can steer (any workspace_id, any service item
  // id), so that read counts against the URL's own budget, before it is made.
  let tool = await ctx.fitTool(bundled, args, { cachedOnly: true });
  let checked = checkArguments(tool.inputSchema, args);
  if (!checked.problems.length && bundled.operation.custom_fields) {
    if (tool === bundled) {
      const refused = await spendBudget(ctx);
      if (refused) return { refused };
    }
    const loaded = await ctx.fitTool(bundled, args);
    if (loaded !== tool) {
      tool = loaded;
      checked = checkArguments(tool.inputSchema, args);
    }
  }
  if (checked.problems.length) return { refused: invalidArguments(checked.problems, tool) };
  let request: UpstreamRequest;
  try {
    request = buildUpstreamRequest(tool, withWorkspaceDefault(tool, checked.args, ctx.workspaceId));
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    return { refused: invalidArguments([error.message]) };
  }
  // Files are fetched and checked before the budget is taken or anything is sent: a file that can't be had
  // refuses the call as invalid input, and a call is never half-sent.
  if (request.multipart) {
    const collected = await collectFiles(request.multipart.attachments, {
      allowLoopback: ctx.allowLoopbackFiles ?? false,
      signal: ctx.signal,
    });
    if (!collected.ok) return { refused: failedOutcome({ kind: "attachment_refused", problem: collected.problem }) };
    request = { ...request, form: multipartBody(request.multipart.fields, collected.files) };
  }
  const isWrite = tool.category === "write";
  const refused = await spendBudget(ctx);
  if (refused) return { refused };
  let upstream: Response;
  let target: UpstreamTarget | undefined;
  try {
    target = await ctx.target();
    upstream = await fetchFreshservice(target, request, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  } catch (error) {
    if (error instanceof CredentialUnavailable) return { refused: failedOutcome({ kind: "credential_unavailable" }) };
    if (!(error instanceof UpstreamError)) throw error;
    const failure: ToolFailure =
      error.reason === "timeout"
        ? { kind: "timeout", isWrite }
        : { kind: "unreachable", isWrite, origin: target?.origin ?? "" };
    return { refused: failedOutcome(failure) };
  }
  return {
    upstream,
    request,
    tool,
    rateLimit: readRateLimit(upstream.headers),
    asAgent: target.credential !== undefined,
  };
}

/** A non-2xx answer as an actionable error result. */
async function failure({ upstream, tool, rateLimit, asAgent }: Sent): Promise<ToolOutcome> {
  const isWrite = tool.category === "write";
  // An agent's 403 is their role's (or their Freshworks scopes'), whatever Freshservice's body says: name the operation.
  if (asAgent && upstream.status === 403) {
    await upstream.body?.cancel();
    const failure: ToolFailure = { kind: "agent_forbidden", operation: operationLabel(tool), isWrite };
    return failedOutcome(failure, rateLimit, { http_status: 403 });
  }
  const body = (await readCappedText(upstream, MAX_ERROR_BODY_BYTES)) ?? "";
  return failedOutcome({ kind: "upstream_status", status: upstream.status, body, isWrite }, rateLimit, {
    http_status: upstream.status,
  });
}

/** An operation as a message names it: the tool's title and Freshservice's endpoint (`Close a ticket (PUT /tickets/{id})`). */
export function operationLabel(tool: CatalogTool): string {
  return `${tool.title} (${tool.operation.http_method} ${tool.operation.path})`;
}

/** One call from the URL's own per-minute budget, when it has one; a refusal result when it is used up. */
export async function spendBudget(ctx: ToolCallContext): Promise<ToolOutcome | undefined> {
  const budget = await ctx.takeBudget?.();
  if (!budget || budget.allowed) return undefined;
  return failedOutcome(
    { kind: "budget_refused", limit: budget.limit, resetSeconds: budget.resetSeconds },
    { retryAfterSeconds: budget.resetSeconds },
  );
}

/** The cursor to the next page, unless Freshservice serves no page past this one for these arguments. */
function pagingOf(request: UpstreamRequest, link: string | null): Paging {
  if (request.page === undefined) return {};
  if (request.lastPage !== undefined && request.page >= request.lastPage) return { last_page: request.lastPage };
  const nextPage = nextPageFromLink(link);
  return nextPage ? { next_cursor: encodeCursor(nextPage) } : {};
}

/**
 * Filter endpoints page by `page` and count their matches in the body's `total` (§2), and a major incident's
 * communications count their pages in `meta.total_pages`; Freshservice may send no Link header with them, so
 * the next page is the one after this while this page ends before `total` or is not the last of `total_pages`.
 */
function nextPageFromTotal(request: UpstreamRequest, body: unknown): string | undefined {
  const { page, perPage, lastPage } = request;
  if (page === undefined || perPage === undefined || (lastPage !== undefined && page >= lastPage)) return undefined;
  const record = typeof body === "object" && body !== null ? (body as { total?: unknown; meta?: unknown }) : {};
  const pages =
    typeof record.meta === "object" && record.meta !== null
      ? (record.meta as { total_pages?: unknown }).total_pages
      : undefined;
  const more = isCount(record.total) ? page * perPage < record.total : isCount(pages) && page < pages;
  return more ? encodeCursor(page + 1) : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/**
 * A key or string with a lone UTF-16 surrogate, as the problem to report (none when there is none). Such text can't
 * be put in a URL or a JSON pointer (encodeURIComponent throws, the argument validator among others), so every
 * tool, bundled or local, refuses it before validation.
 */
function illFormedTextProblems(args: Record<string, unknown>): string[] {
  const at = illFormedTextAt(args);
  return at === null ? [] : [`${at}: is not valid Unicode text (it has a lone surrogate)`];
}

/** Where the arguments hold ill-formed text, or null. Iterative: arguments can nest as deep as a 1 MiB body allows. */
function illFormedTextAt(args: Record<string, unknown>): string | null {
  const pending: [unknown, string][] = [[args, ""]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return displayPath(path);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (LONE_SURROGATE.test(key)) return displayPath(at);
        pending.push([item, at]);
      }
    }
  }
  return null;
}

const LONE_SURROGATE = /\p{Cs}/u;

function displayPath(path: string): string {
  return path.replace(/\p{Cs}/gu, "\uFFFD") || "(arguments)";
}
