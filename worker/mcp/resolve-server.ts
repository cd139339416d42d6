/**
 * Trust boundary: an MCP URL token → the server record, its account's upstream target and its pages.
 * Unknown, revoked and expired tokens all come back null, so callers can't tell them apart.
 */
import { accountStore } from "../store/accounts";
import { type McpServerRecord, mcpServerStore } from "../store/mcp-servers";
import type { UpstreamTarget } from "../upstream/fetch-freshservice";
import { loopbackAllowed } from "../upstream/loopback";

/** A base64url token of 32 bytes is 43 characters; anything far from that is not ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

export interface ResolvedServer {
  server: McpServerRecord;
  /** Resolved lazily: only calls to Freshservice need the decrypted key. */
  target: () => Promise<UpstreamTarget>;
  /** The account's Freshservice pages (`https://<domain>`), for links a model can cite; never the API target. */
  portal: string;
  /** Files attached by URL may come from loopback (the simulator's): only where loopback upstreams are allowed. */
  allowLoopback: boolean;
}

export async function resolveServer(env: Env, token: string): Promise<ResolvedServer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const found = await mcpServerStore(env.STORE).resolveWithAccount(token);
  if (!found?.account) return null;
  const { server, account } = found;
  const accounts = accountStore(env.STORE, env.CREDENTIALS_KEY);
  const allowLoopback = loopbackAllowed(env);
  // A record written where loopback was allowed must not reach loopback where it is not.
  if (account.base_url && !allowLoopback) return null;
  const origin = account.base_url ?? `https://${account.domain}`;
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
    allowLoopback,
  };
}
