/**
 * `/integrated-account/{id}/mcp/{mcp_id}/grants`: an OAuth server's sign-ins, as the operator lists and ends them
 * (one grant, or every grant of one agent). The KV index lists them; ending goes through the grant object, which is
 * also asked directly for a grant id the index doesn't know (yet).
 */
import type { IRequest } from "itty-router";
import { HttpError, jsonResponse } from "../http/responses";
import { isGrantId } from "../oauth/tokens";
import { isOAuth, type McpServerRecord } from "../store/mcp-servers";
import { grantIndex } from "../store/oauth-grants";
import type { AdminContext } from "./context";
import { endGrants } from "./end-grants";
import { requireServer } from "./mcp-servers";

/** Grant ids are ours (a code or token is `<grant_id>.<secret>`): no dot, nothing long. */
const GRANT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const AGENT_ID = /^[1-9]\d{0,17}$/;

export async function listGrants(request: IRequest, ctx: AdminContext) {
  const server = await requireOAuthServer(request, ctx);
  return jsonResponse({ grants: await grantIndex(ctx.env.STORE).list(server.account_id, server.id) });
}

export async function revokeGrant(request: IRequest, ctx: AdminContext) {
  const server = await requireOAuthServer(request, ctx);
  const grantId = request.params.grant_id;
  let grant =
    grantId && GRANT_ID.test(grantId)
      ? await grantIndex(ctx.env.STORE).get(server.account_id, server.id, grantId)
      : null;
  // The listing may not have seen a grant made a moment ago elsewhere: its object is the truth, asked by id.
  if (!grant && grantId && isGrantId(grantId)) {
    const summary = await ctx.env.OAUTH_GRANT.getByName(grantId).summary();
    if (summary?.mcp_id === server.id) grant = summary;
  }
  if (!grant) throw new HttpError(404, "not_found", "No grant with this id on this MCP server.");
  await endGrants(ctx.env, server.account_id, [grant], "operator");
  return new Response(null, { status: 204 });
}

/** `DELETE …/grants?agent_id=<n>`: every grant of one agent (all their clients). */
export async function revokeAgentGrants(request: IRequest, ctx: AdminContext) {
  const server = await requireOAuthServer(request, ctx);
  const agentId = new URL(request.url).searchParams.get("agent_id");
  if (agentId === null || !AGENT_ID.test(agentId))
    throw new HttpError(400, "validation_failed", "The query is invalid.", [
      {
        path: "agent_id",
        message:
          agentId === null
            ? "required: the Freshservice agent id whose grants to revoke (to revoke every grant, delete the server)"
            : "must be a Freshservice agent id (a positive whole number)",
      },
    ]);
  const grants = await grantIndex(ctx.env.STORE).list(server.account_id, server.id);
  const agents = grants.filter((g) => String(g.agent_id) === agentId);
  await endGrants(ctx.env, server.account_id, agents, "operator");
  return jsonResponse({ revoked: agents.length });
}

async function requireOAuthServer(request: IRequest, ctx: AdminContext): Promise<McpServerRecord> {
  const server = await requireServer(request, ctx);
  if (!isOAuth(server))
    throw new HttpError(
      404,
      "not_found",
      'This MCP server is a secret URL ("auth": "token"): only OAuth servers have grants.',
    );
  return server;
}
