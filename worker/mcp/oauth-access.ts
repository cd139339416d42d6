/**
 * `/mcp/oauth/<mcp_id>`: the MCP endpoint of an OAuth server (the protected resource, docs/sign-in.md steps 1, 9
 * and 10). Trust boundary: the URL names the server and holds no secret; the bearer token names the grant, whose
 * object says which agent signed in, with which scopes and credential. Everything after that is the secret URLs'
 * endpoint (handler.ts), with the agent's credential upstream and the grant's scopes narrowing the tools.
 */

import type { CallCaller } from "../audit/call-record";
import { bearerToken } from "../http/bearer";
import { publicOrigin } from "../http/public-origin";
import { HttpError, jsonResponse } from "../http/responses";
import type { GrantSession } from "../oauth/grant-types";
import { resolveOAuthServer } from "../oauth/oauth-server";
import { oauthPaths, READ_SCOPE, WRITE_SCOPE } from "../oauth/paths";
import { grantIdOf } from "../oauth/tokens";
import { DEFAULT_SIGN_IN } from "../store/accounts";
import { CALL_TOOL } from "../tools/discovery-tools";
import { operationLabel } from "../tools/run-tool";
import { hasNoFreshworksScope, type ToolRestriction, urlToolSet } from "../tools/tool-set";
import type { UrlTools } from "../tools/url-tools";
import type { AgentTarget, UpstreamCredential } from "../upstream/fetch-freshservice";
import { loopbackAllowed } from "../upstream/loopback";
import { type GrantedAccess, type McpAccess, serveMcp } from "./handler";
import { JSONRPC_SERVER_ERROR, jsonRpcError, jsonRpcErrorResponse } from "./jsonrpc";
import type { AdmittedCall } from "./protocol-lane";
import { answerToolCall } from "./tool-lane";

/** Answers on this endpoint depend on who signed in: no cache may keep one for another. */
const NO_STORE = { "cache-control": "no-store" };

export function handleOAuthMcp(request: Request, env: Env, ctx: ExecutionContext, mcpId: string): Promise<Response> {
  return serveMcp(request, env, ctx, oauthAccess(mcpId));
}

/** The `WWW-Authenticate` challenges this endpoint answers with (RFC 6750 §3, RFC 9728 §5.1). */
export const challenges = {
  signIn: (metadata: string) => `Bearer resource_metadata="${metadata}", scope="${READ_SCOPE}"`,
  invalidToken: (metadata: string) =>
    `Bearer error="invalid_token", resource_metadata="${metadata}", scope="${READ_SCOPE}"`,
  stepUp: (metadata: string) =>
    `Bearer error="insufficient_scope", scope="${READ_SCOPE} ${WRITE_SCOPE}", resource_metadata="${metadata}"`,
};

function oauthAccess(mcpId: string): McpAccess {
  return async (request, env, ctx) => {
    let origin: string;
    try {
      origin = publicOrigin(request, env);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return jsonRpcErrorResponse(error.status, JSONRPC_SERVER_ERROR, error.message, NO_STORE);
    }
    const resource = `${origin}${oauthPaths.mcp(mcpId)}`;
    const metadata = `${origin}${oauthPaths.protectedResourceMetadata(mcpId)}`;
    const found = await resolveOAuthServer(env, mcpId);
    const allowLoopback = loopbackAllowed(env);
    // A record written where loopback was allowed must not reach loopback where it is not.
    if (!found || (found.account.base_url && !allowLoopback))
      return jsonRpcErrorResponse(404, JSONRPC_SERVER_ERROR, "Not found.", NO_STORE);
    const { server, account } = found;

    const token = bearerToken(request);
    if (!token)
      return unauthorized(
        challenges.signIn(metadata),
        "Unauthorized: this MCP server needs you to sign in (OAuth); your client should start it from this answer.",
      );
    const grantId = grantIdOf(token);
    const grant = grantId ? env.OAUTH_GRANT.getByName(grantId) : null;
    let session: GrantSession | null = null;
    try {
      session = grant ? await grant.authenticate(token, resource) : null;
    } catch (error) {
      // The grant stays (a Freshworks refresh that could not reach Freshworks, say): the client may try again.
      console.error(
        JSON.stringify({
          event: "oauth_authenticate_failed",
          mcp_server_id: server.id,
          error: error instanceof Error ? error.name : "unknown",
        }),
      );
      return jsonRpcErrorResponse(
        503,
        JSONRPC_SERVER_ERROR,
        "Service unavailable: the sign-in could not be checked just now (its Freshworks token could not be refreshed); try again shortly.",
        { "retry-after": "5", ...NO_STORE },
      );
    }
    // A way the operator turned off ends its sign-ins; the listing ends them too, but it may miss one (KV lag).
    const wayEnabled = (signIn = account.sign_in ?? DEFAULT_SIGN_IN) =>
      session?.way === "api_key" ? signIn.api_key : signIn.freshworks !== null;
    if (grant && session && !wayEnabled()) {
      await grant.revoke("operator");
      session = null;
    }
    if (!grant || !session || session.mcp_id !== server.id || session.account_id !== account.id)
      return unauthorized(
        challenges.invalidToken(metadata),
        "Unauthorized: the access token is not valid for this server (unknown, expired or revoked); sign in again.",
      );

    // Freshservice refusing the agent's credential ends the grant at once; the answer then becomes a 401.
    let revocation: Promise<void> | undefined;
    const onRejected = () => {
      revocation ??= grant.revoke("upstream_rejected").catch((error: unknown) => {
        console.error(
          JSON.stringify({
            event: "oauth_revoke_failed",
            mcp_server_id: server.id,
            error: error instanceof Error ? error.name : "unknown",
          }),
        );
      });
      ctx.waitUntil(revocation);
    };
    const upstreamOrigin = account.base_url ?? `https://${account.domain}`;
    // A Freshworks token Freshservice refused (it ran out early, or the clocks disagree) is renewed once, and this
    // request's later calls use the renewed one.
    let credential = session.credential;
    const renew = async (rejected: UpstreamCredential) => {
      const renewed = await grant.renewUpstream(rejected);
      if (renewed) credential = renewed;
      return renewed;
    };
    const target = async (): Promise<AgentTarget> => ({ origin: upstreamOrigin, credential, renew, onRejected });
    const restriction: ToolRestriction = {
      readOnly: !session.scopes.includes(WRITE_SCOPE),
      freshworksScoped: session.way === "freshworks",
    };
    const caller: CallCaller = {
      agent_id: session.agent.id,
      agent_email: session.agent.email,
      client_id: session.client.client_id,
      client_name: session.client.name,
    };
    const granted: GrantedAccess = {
      scope: {
        server,
        target,
        portal: `https://${account.domain}`,
        allowLoopback,
        restriction,
        caller,
      },
      screenCall: async (call, tools) => screenCall(server.config, restriction, call, tools, metadata),
      listsStale: true,
      async finish(answer) {
        if (revocation) {
          await revocation;
          await answer.body?.cancel().catch(() => {});
          return unauthorized(
            challenges.invalidToken(metadata),
            "Unauthorized: Freshservice no longer accepts the signed-in agent's credential (key regenerated or access revoked), so this sign-in has ended; sign in again.",
          );
        }
        return withHeaders(answer, NO_STORE);
      },
    };
    return granted;
  };
}

/**
 * A tools/call of a tool the server's config has but this grant's narrowing hides: for a Freshworks sign-in a tool
 * Freshworks has no scope for (a tool error: asking for more scope would not help), else a write tool without the
 * write scope (403 `insufficient_scope`, so the client asks for it). Discovery's call_tool is screened for the tool
 * it names. Undefined: the call runs (or is unknown) as on any URL.
 */
async function screenCall(
  config: Parameters<typeof urlToolSet>[0],
  restriction: ToolRestriction,
  call: AdmittedCall,
  tools: UrlTools,
  metadata: string,
): Promise<Response | undefined> {
  const throughCallTool = config.tool_exposure === "discovery" && call.name === CALL_TOOL;
  const name = throughCallTool ? String(call.arguments.name ?? "") : call.name;
  if (urlToolSet(config, restriction).toolsByName.has(name)) return undefined;
  const tool = urlToolSet(config).toolsByName.get(name);
  if (!tool) return undefined;
  if (restriction.freshworksScoped && hasNoFreshworksScope(name)) {
    // Logged under the tool it names, as call_tool's own runs are; its arguments are the model's text there.
    const outcome = tools.refuse(name, throughCallTool ? {} : call.arguments, {
      kind: "no_freshworks_scope",
      operation: operationLabel(tool),
    });
    return withHeaders(await answerToolCall(async () => outcome, call), NO_STORE);
  }
  if (restriction.readOnly && tool.category === "write") {
    const message = `Forbidden: ${name} changes data in Freshservice, and this sign-in was granted only ${READ_SCOPE}. Ask for the scope ${WRITE_SCOPE} (sign in again with it); the tool did not run.`;
    return jsonResponse(jsonRpcError(call.id, JSONRPC_SERVER_ERROR, message), 403, {
      "www-authenticate": challenges.stepUp(metadata),
      ...NO_STORE,
    });
  }
  return undefined;
}

function unauthorized(challenge: string, message: string): Response {
  return jsonRpcErrorResponse(401, JSONRPC_SERVER_ERROR, message, { "www-authenticate": challenge, ...NO_STORE });
}

function withHeaders(answer: Response, headers: Record<string, string>): Response {
  const merged = new Headers(answer.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: merged });
}
