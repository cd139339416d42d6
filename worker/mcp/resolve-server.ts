/**
 * Trust boundary: an MCP URL token → the server record, its account, the upstream target and its tools.
 * Unknown, revoked and expired tokens all come back null, so callers can't tell them apart.
 */
import type { CatalogTool } from "../catalog/build-tools";
import { bundledCatalog } from "../catalog/bundled-catalog";
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
  readonly toolsByName: ReadonlyMap<string, CatalogTool>;
}

export async function resolveServer(env: Env, token: string): Promise<ResolvedServer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const server = await mcpServerStore(env.STORE).resolve(token);
  if (!server) return null;
  const accounts = accountStore(env.STORE, env.CREDENTIALS_KEY);
  const account = await accounts.get(server.account_id);
  if (!account) return null;
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

// The filtered tool list depends only on the config (filters and workspace); build it once per isolate per config.
interface ToolSet {
  tools: CatalogTool[];
  toolsByName: Map<string, CatalogTool>;
}
const toolSets = new Map<string, ToolSet>();
const MAX_CACHED_TOOL_SETS = 100;

function toolsFor(config: McpServerConfig): ToolSet {
  const key = JSON.stringify([config.methods ?? [], config.tags ?? [], config.workspace_id ?? null]);
  let entry = toolSets.get(key);
  if (!entry) {
    const tools = selectTools(bundledCatalog(), config).map((t) => announceWorkspace(t, config.workspace_id));
    entry = { tools, toolsByName: new Map(tools.map((t) => [t.name, t])) };
    if (toolSets.size >= MAX_CACHED_TOOL_SETS) toolSets.clear();
    toolSets.set(key, entry);
  }
  return entry;
}
