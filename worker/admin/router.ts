/** The admin API's routes, behind the admin token (ADMIN_API_TOKEN; a scoped API token is refused). Handlers throw HttpError; anything else becomes a generic 500. */
import { type IRequest, Router } from "itty-router";
import { bearerToken, WWW_AUTHENTICATE } from "../http/bearer";
import { errorResponse, HttpError } from "../http/responses";
import { createAccount, deleteAccount, getAccount, listAccounts, updateAccount } from "./accounts";
import { createApiToken, deleteApiToken, listApiTokens } from "./api-tokens";
import { accountLogs, serverLogs } from "./audit-trail";
import { hasApiToken } from "./auth";
import { type AdminContext, adminContext } from "./context";
import { refreshFields } from "./field-cache";
import {
  createMcpServer,
  deleteMcpServer,
  getMcpServer,
  listMcpServers,
  previewTools,
  updateMcpServer,
} from "./mcp-servers";
import { listGrants, revokeAgentGrants, revokeGrant } from "./oauth-grants";
import { accountUsage, serverUsage } from "./usage";

const router = Router<IRequest, [AdminContext]>()
  .post("/integrated-account", createAccount)
  .get("/integrated-account", listAccounts)
  .get("/integrated-account/:id", getAccount)
  .patch("/integrated-account/:id", updateAccount)
  .delete("/integrated-account/:id", deleteAccount)
  .post("/integrated-account/:id/refresh-fields", refreshFields)
  .get("/integrated-account/:id/logs", accountLogs)
  .get("/integrated-account/:id/usage", accountUsage)
  .get("/integrated-account/:id/tools", previewTools)
  .post("/integrated-account/:id/mcp", createMcpServer)
  .get("/integrated-account/:id/mcp", listMcpServers)
  .get("/integrated-account/:id/mcp/:mcp_id", getMcpServer)
  .patch("/integrated-account/:id/mcp/:mcp_id", updateMcpServer)
  .delete("/integrated-account/:id/mcp/:mcp_id", deleteMcpServer)
  .get("/integrated-account/:id/mcp/:mcp_id/logs", serverLogs)
  .get("/integrated-account/:id/mcp/:mcp_id/usage", serverUsage)
  .post("/integrated-account/:id/mcp/:mcp_id/api-tokens", createApiToken)
  .get("/integrated-account/:id/mcp/:mcp_id/api-tokens", listApiTokens)
  .delete("/integrated-account/:id/mcp/:mcp_id/api-tokens/:token_id", deleteApiToken)
  .get("/integrated-account/:id/mcp/:mcp_id/grants", listGrants)
  .delete("/integrated-account/:id/mcp/:mcp_id/grants", revokeAgentGrants)
  .delete("/integrated-account/:id/mcp/:mcp_id/grants/:grant_id", revokeGrant)
  .all("*", () => errorResponse(404, "not_found", "No such admin route."));

export async function handleAdmin(request: Request, env: Env): Promise<Response> {
  if (!(await hasApiToken(request, env)))
    return errorResponse(
      401,
      "unauthorized",
      bearerToken(request)
        ? "The API token is not valid: check it against ADMIN_API_TOKEN (.dev.vars locally, a Worker secret when deployed)."
        : "Send the API token as Authorization: Bearer <token>.",
      undefined,
      { "www-authenticate": WWW_AUTHENTICATE },
    );
  try {
    return await router.fetch(request, adminContext(env));
  } catch (error) {
    if (error instanceof HttpError) return error.toResponse();
    console.error(
      JSON.stringify({
        event: "admin_error",
        route: new URL(request.url).pathname.replace(/[^/]+$/, ":x"),
        error: error instanceof Error ? error.name : "unknown",
      }),
    );
    return errorResponse(
      500,
      "internal_error",
      "Something went wrong on our side. Check the resource before retrying.",
    );
  }
}
