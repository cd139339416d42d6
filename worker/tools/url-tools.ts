/**
 * One URL's tools, as the protocol side sees them: the narrow face between `mcp/` (the protocol) and `tools/`
 * (what a URL offers and how a call runs). The protocol lists the tools, takes the list's bytes, and calls one by
 * name; the field caches, the URL's budget, the upstream timeout and the audit trail are wired here, not there.
 */
import type { CallCaller } from "../audit/call-record";
import { recordCall } from "../audit/record-call";
import { metadataReadBudget } from "../budget/metadata-budget";
import { urlBudget } from "../budget/url-budget";
import type { ListedTool } from "../catalog/build-tools";
import { fieldCache, requestFieldCache } from "../store/field-cache";
import type { McpServerRecord } from "../store/mcp-servers";
import { metadataBackoff } from "../store/metadata-backoff";
import { DEFAULT_UPSTREAM_TIMEOUT_MS, type UpstreamTarget } from "../upstream/fetch-freshservice";
import { accountTools } from "./account-tools";
import { refuseTool, runTool, type ToolCallContext } from "./run-tool";
import type { ToolFailure } from "./tool-failure";
import type { ToolOutcome } from "./tool-result";
import { type ToolRestriction, urlToolSet } from "./tool-set";

declare global {
  interface Env {
    /** Optional var: milliseconds a Freshservice call may take, head and body (default 25 s). */
    UPSTREAM_TIMEOUT_MS?: string;
  }
}

/** What a URL's tools need to know of it: its record, its account's Freshservice, and that account's pages. */
export interface UrlScope {
  server: McpServerRecord;
  /** The account's Freshservice (the decrypted key); resolved only when something is sent upstream. */
  target: () => Promise<UpstreamTarget>;
  /** The account's Freshservice pages (`https://<domain>`), for links a model can cite; never the API target. */
  portal: string;
  /** Files attached by URL may come from loopback: only where loopback upstreams are allowed (never in production). */
  allowLoopback?: boolean;
  /** An OAuth grant's narrowing of the server's tools (its scopes, its way of signing in). */
  restriction?: ToolRestriction;
  /** An OAuth server's signed-in agent and client, for each call's audit row. */
  caller?: CallCaller;
}

export interface UrlTools {
  /** What tools/list shows. */
  list(): Promise<ListedTool[]>;
  /** The same list serialized as tools/list writes it (tool-list-cache.ts). */
  listBytes(): Promise<Uint8Array>;
  /** Runs one tool by name; null when this URL has no such tool (unknown, or excluded by its filters). */
  call(name: string, args: Record<string, unknown>): Promise<ToolOutcome | null>;
  /** Refuses one call without running it (an OAuth grant's narrowing), logged as any call. */
  refuse(name: string, args: Record<string, unknown>, failure: ToolFailure): ToolOutcome;
}

export function urlTools(scope: UrlScope, env: Env, ctx: ExecutionContext, signal?: AbortSignal): UrlTools {
  const { server, target, portal, restriction, caller } = scope;
  const toolSet = urlToolSet(server.config, restriction);
  const tools = accountTools(
    {
      server,
      target,
      portal,
      restriction,
      get tools() {
        return toolSet.tools;
      },
      toolsByName: toolSet.toolsByName,
    },
    {
      cache: requestFieldCache(fieldCache(env.STORE)),
      backoff: metadataBackoff(env.STORE),
      takeRead: metadataReadBudget(server.account_id),
      target,
      asAgent: caller !== undefined,
      waitUntil: (promise) => ctx.waitUntil(promise),
    },
  );
  const callContext: ToolCallContext = {
    takeBudget: urlBudget(env, server.id, server.config.max_requests_per_minute),
    findTool: tools.find,
    findLocalTool: tools.findLocal,
    fitTool: tools.fit,
    target,
    allowLoopbackFiles: scope.allowLoopback ?? false,
    signal,
    timeoutMs: upstreamTimeoutMs(env.UPSTREAM_TIMEOUT_MS),
    maxResultBytes: server.config.max_result_bytes,
    workspaceId: server.config.workspace_id,
    logArguments: server.config.log_arguments,
    log: (entry) => ctx.waitUntil(recordCall(env.AUDIT_DB, server, entry, caller)),
  };
  return {
    list: tools.list,
    listBytes: tools.listBytes,
    call: (name, args) => runTool(callContext, name, args),
    refuse: (name, args, failure) => refuseTool(callContext, name, args, failure),
  };
}

/** Longest accepted value: past a minute, MCP clients have given up on the call anyway. */
const MAX_UPSTREAM_TIMEOUT_MS = 60_000;

/** `UPSTREAM_TIMEOUT_MS` when it is a whole number of milliseconds from 1 to 60 000, else the default. */
export function upstreamTimeoutMs(value: string | undefined): number {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return DEFAULT_UPSTREAM_TIMEOUT_MS;
  const ms = Number(value);
  return ms >= 1 && ms <= MAX_UPSTREAM_TIMEOUT_MS ? ms : DEFAULT_UPSTREAM_TIMEOUT_MS;
}
