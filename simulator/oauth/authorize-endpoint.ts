// `/org/oauth/v2/authorize`: GET shows the sign-in page for a valid authorization request; the form's POST
// signs the agent in and redirects back with a single-use code (or `access_denied` when they deny).

import { checkAuthorizeRequest } from "./authorize-request";
import type { OrgOAuth } from "./org-oauth";
import type { OrgRequest } from "./org-request";
import { bodyParams, type Params, param, queryParams } from "./params";
import { htmlPage, redirectTo } from "./responses";
import { signInAgent } from "./sign-in";
import { errorPage, signInPage } from "./sign-in-page";

export function handleAuthorize(org: OrgOAuth, req: OrgRequest): Response {
  const isPost = req.method === "POST";
  const params: Params | { problem: string } = isPost
    ? bodyParams(req.headers.get("content-type"), req.body)
    : queryParams(req.url);
  if ("problem" in params) return htmlPage(400, errorPage(`invalid_request: ${params.problem}`));
  const check = checkAuthorizeRequest(org, params);
  if (check.kind === "page") return htmlPage(check.status, errorPage(check.message));
  if (check.kind === "redirect")
    return redirectTo(check.redirectUri, {
      error: check.error,
      error_description: check.description,
      state: check.state,
    });
  const request = check.request;
  const tenant = org.tenant(request.client.tenant);
  if (!tenant) return htmlPage(400, errorPage("invalid_client: the client's org is gone"));
  const orgName = `${tenant.name}.myfreshworks.com`;
  if (!isPost) return htmlPage(200, signInPage(request, orgName, null));

  if (param(params, "decision") === "deny")
    return redirectTo(request.redirectUri, {
      error: "access_denied",
      error_description: "The user denied the request",
      state: request.state,
    });
  const agent = signInAgent(tenant, param(params, "email") ?? "", param(params, "password") ?? "");
  if (!agent) return htmlPage(200, signInPage(request, orgName, "Invalid email or password."));
  const code = org.grants.issueCode(
    {
      clientId: request.client.id,
      tenant: request.client.tenant,
      agentId: agent.id,
      scopes: request.scopes,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
    },
    org.now(),
  );
  return redirectTo(request.redirectUri, { code, state: request.state });
}
