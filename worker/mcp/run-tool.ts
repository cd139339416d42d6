/**
 * One tools/call, independent of how the answer travels: validate → build the Freshservice request → fetch →
 * a streamed result or an actionable error. Failures the model can fix are `isError` results; an unknown
 * tool is the caller's protocol error.
 */
import type { CatalogTool } from "../catalog/build-tools";
import { ArgumentError, buildUpstreamRequest } from "../upstream/build-request";
import { describeFailure } from "../upstream/describe-failure";
import { fetchFreshservice, UpstreamError, type UpstreamTarget } from "../upstream/fetch-freshservice";
import { encodeCursor, nextPageFromLink } from "../upstream/page-cursor";
import { readRateLimit } from "../upstream/rate-limit";
import { errorOutcome, streamedOutcome, type ToolOutcome } from "./tool-result";
import { validateArguments } from "./validate-arguments";

/** Error bodies are small; a bigger one is not worth reading to build a message. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

export interface ToolCallContext {
  tools: ReadonlyMap<string, CatalogTool>;
  target: UpstreamTarget;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxResultBytes?: number;
  log?: (fields: Record<string, unknown>) => void;
}

export async function runTool(
  ctx: ToolCallContext,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolOutcome | null> {
  const tool = ctx.tools.get(name);
  if (!tool) return null;
  const started = Date.now();
  const outcome = await execute(ctx, tool, args);
  ctx.log?.({ event: "tool_call", tool: name, ms: Date.now() - started, ...outcome.logFields });
  return outcome.outcome;
}

async function execute(ctx: ToolCallContext, tool: CatalogTool, args: Record<string, unknown>) {
  const problems = validateArguments(tool.inputSchema, args);
  if (problems.length)
    return {
      outcome: errorOutcome(`Invalid arguments; Freshservice was not called.\n- ${problems.join("\n- ")}`),
      logFields: { result: "invalid_arguments" },
    };
  let request: ReturnType<typeof buildUpstreamRequest>;
  try {
    request = buildUpstreamRequest(tool, args);
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    return {
      outcome: errorOutcome(`Invalid arguments; Freshservice was not called.\n- ${error.message}`),
      logFields: { result: "invalid_arguments" },
    };
  }
  const isWrite = tool.category === "write";
  let upstream: Response;
  try {
    upstream = await fetchFreshservice(ctx.target, request, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return { outcome: errorOutcome(unreachableMessage(error, isWrite)), logFields: { result: error.reason } };
  }
  const rateLimit = readRateLimit(upstream.headers);
  const logFields = { result: "upstream", status: upstream.status, ratelimit_remaining: rateLimit.remaining };
  if (upstream.status >= 200 && upstream.status < 300) {
    const nextPage = tool.operation.paginated ? nextPageFromLink(upstream.headers.get("link")) : null;
    const meta = { http_status: upstream.status, ...(nextPage ? { next_cursor: encodeCursor(nextPage) } : {}) };
    return { outcome: streamedOutcome(upstream, rateLimit, meta, ctx.maxResultBytes), logFields };
  }
  const bodyText = await readCapped(upstream, MAX_ERROR_BODY_BYTES);
  return {
    outcome: errorOutcome(describeFailure(upstream.status, bodyText, rateLimit, isWrite), rateLimit, {
      http_status: upstream.status,
    }),
    logFields,
  };
}

function unreachableMessage(error: UpstreamError, isWrite: boolean): string {
  if (error.reason === "timeout")
    return isWrite
      ? "Freshservice did not answer in time. The outcome is UNKNOWN: the change may or may not have been made. Check with a get or list tool before trying again."
      : "Freshservice did not answer in time. Nothing was changed; try again, perhaps with a narrower query.";
  return isWrite
    ? "Could not reach Freshservice. The outcome is unknown; check with a get or list tool before trying again."
    : "Could not reach Freshservice. Nothing was changed; try again shortly.";
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  try {
    while (bytes < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A broken error body still leaves the status to report.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return bytes > maxBytes ? "" : text;
}
