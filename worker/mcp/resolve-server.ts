/**
 * Trust boundary: an MCP URL token → the server record, its account, the upstream target and its tools.
 * Unknown, revoked and expired tokens all come back null, so callers can't tell them apart.
 */
import type { CatalogTool } from "../catalog/build-tools";
import { type BundledToolEntry, bundledTool, bundledToolEntries } from "../catalog/bundled-catalog";
import { selectTools } from "../catalog/select-tools";
import { accountStore } from "../store/accounts";
import { type McpServerConfig, type McpServerRecord, mcpServerStore } from "../store/mcp-servers";
import type { UpstreamTarget } from "../upstream/fetch-freshservice";
import { announceWorkspace } from "./workspace-default";

/** A base64url token of 32 bytes is 43 characters; anything far from that is not ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

export interface ResolvedServer {
  server: McpServerRecord;
  /** Resolved lazily: only calls to Freshservice need the decrypted key. */
  target: () => Promise<UpstreamTarget>;
  /** The account's Freshservice pages (`https://<domain>`), for links a model can cite; never the API target. */
  portal: string;
  /** The URL's tools; built on first read (initialize and ping never read them, so never build the catalog). */
  readonly tools: CatalogTool[];
  /** One of them by name, built alone with its family (a tools/call builds no other family's tools). */
  readonly toolsByName: ToolsByName;
}

export type ToolsByName = Pick<ReadonlyMap<string, CatalogTool>, "get" | "has">;

export async function resolveServer(env: Env, token: string): Promise<ResolvedServer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const found = await mcpServerStore(env.STORE).resolveWithAccount(token);
  if (!found?.account) return null;
  const { server, account } = found;
  const accounts = accountStore(env.STORE, env.CREDENTIALS_KEY);
  const loopbackAllowed = env.ALLOW_LOOPBACK_UPSTREAM === "true" && env.ENVIRONMENT !== "production";
  // A record written where loopback was allowed must not reach loopback where it is not.
  if (account.base_url && !loopbackAllowed) return null;
  const origin = account.base_url ?? `https://${account.domain}`;
  let toolSet: ToolSet | undefined;
  const urlTools = () => {
    toolSet ??= toolsFor(server.config);
    return toolSet;
  };
  let target: Promise<UpstreamTarget> | undefined;
  // Decrypted at most once per request, and only when something is sent upstream.
  const resolveTarget = () => {
    target ??= accounts.apiKey(account).then((apiKey) => ({ origin, apiKey }));
    return target;
  };
  return {
    server,
    target: resolveTarget,
    portal: `https://${account.domain}`,
    get tools() {
      return urlTools().tools;
    },
    get toolsByName() {
      return urlTools().toolsByName;
    },
  };
}

// The URL's tools depend only on the config (filters and workspace): one tool set per isolate per config, its
// tools built as they are first read, each once.
interface ToolSet {
  readonly tools: CatalogTool[];
  toolsByName: ToolsByName;
}
const toolSets = new Map<string, ToolSet>();
const MAX_CACHED_TOOL_SETS = 100;

function toolsFor(config: McpServerConfig): ToolSet {
  const key = JSON.stringify([config.methods ?? [], config.tags ?? [], config.workspace_id ?? null]);
  let entry = toolSets.get(key);
  if (!entry) {
    entry = toolSet(config);
    if (toolSets.size >= MAX_CACHED_TOOL_SETS) toolSets.clear();
    toolSets.set(key, entry);
  }
  return entry;
}

function toolSet(config: McpServerConfig): ToolSet {
  const selected = new Map(selectTools(bundledToolEntries(), config).map((e) => [e.name, e]));
  const built = new Map<string, CatalogTool>();
  const build = (entry: BundledToolEntry) => {
    let tool = built.get(entry.name);
    if (!tool) {
      tool = announceWorkspace(bundledTool(entry), config.workspace_id);
      built.set(entry.name, tool);
    }
    return tool;
  };
  let tools: CatalogTool[] | undefined;
  return {
    get tools() {
      tools ??= [...selected.values()].map(build);
      return tools;
    },
    toolsByName: {
      get: (name) => {
        const entry = selected.get(name);
        return entry && build(entry);
      },
      has: (name) => selected.has(name),
    },
  };
}
