// The org host's paths, `/org/oauth/v2/{authorize,token,revoke}` (a real org lives at `<org>.myfreshworks.com`;
// the simulator serves it on its one origin). Every request is logged beside the API's, with its parameters
// (passwords and secrets masked) so that a test can count token refreshes; faults apply only when a fault's
// `pathPrefix` names an `/org/` path, so that faults meant for the API never break a sign-in.

import { type Fault, SimulatedResetError, sleep } from "../faults";
import { jsonResponse } from "../http";
import type { RecordedRequest } from "../simulator";
import { handleAuthorize } from "./authorize-endpoint";
import { claimedClientId } from "./client-auth";
import type { OrgOAuth } from "./org-oauth";
import type { OrgRequest } from "./org-request";
import { bodyParams } from "./params";
import { handleRevoke } from "./revoke-endpoint";
import { handleToken } from "./token-endpoint";

export const ORG_PATH_PREFIX = "/org/";

type Endpoint = (org: OrgOAuth, req: OrgRequest) => Response | Promise<Response>;

const ENDPOINTS: Record<string, Partial<Record<string, Endpoint>>> = {
  "/org/oauth/v2/authorize": { GET: handleAuthorize, POST: handleAuthorize },
  "/org/oauth/v2/token": { POST: handleToken },
  "/org/oauth/v2/revoke": { POST: handleRevoke },
};

const MASKED = new Set(["password", "client_secret"]);

export interface OrgRouteDeps {
  org: OrgOAuth;
  log: (entry: RecordedRequest) => void;
  /** The next queued fault whose pathPrefix names this org path, if any. */
  takeFault: (method: string, pathname: string) => Fault | undefined;
}

export async function handleOrgRequest(request: Request, url: URL, deps: OrgRouteDeps): Promise<Response> {
  const method = request.method.toUpperCase();
  const req: OrgRequest = {
    method,
    url,
    headers: request.headers,
    body: method === "GET" || method === "HEAD" ? "" : await request.text(),
  };
  const path = url.pathname.replace(/\/+$/, "");
  const entry = logEntry(req, path);
  deps.log(entry);

  const fault = deps.takeFault(method, url.pathname);
  if (fault?.kind === "delay") await sleep(fault.ms);
  if (fault?.kind === "reset") throw new SimulatedResetError();
  if (fault?.kind === "status") {
    entry.status = fault.status;
    return new Response(fault.body ?? JSON.stringify({ error: "temporarily_unavailable" }), {
      status: fault.status,
      headers: { "Content-Type": "application/json; charset=utf-8", ...(fault.headers ?? {}) },
    });
  }

  const methods = ENDPOINTS[path];
  const endpoint = methods?.[method];
  let response: Response;
  if (!methods) response = jsonResponse(404, { code: "not_found", message: `No route for ${url.pathname}` });
  else if (!endpoint) {
    const allow = Object.keys(methods).join(", ");
    response = jsonResponse(
      405,
      { code: "method_not_allowed", message: `Allowed methods: ${allow}` },
      { Allow: allow },
    );
  } else {
    entry.route = `${method} ${path}`;
    response = await endpoint(deps.org, req);
  }
  entry.status = response.status;
  return response;
}

function logEntry(req: OrgRequest, path: string): RecordedRequest {
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    headers[k] = v;
  });
  let body: unknown = null;
  if (req.body !== "") {
    const params = bodyParams(req.headers.get("content-type"), req.body);
    body =
      "problem" in params ? req.body : Object.fromEntries([...params].map(([k, v]) => [k, MASKED.has(k) ? "***" : v]));
  }
  const clientId =
    path === "/org/oauth/v2/authorize"
      ? ((body as Record<string, string> | null)?.client_id ?? req.url.searchParams.get("client_id") ?? undefined)
      : claimedClientId(req.headers.get("authorization"));
  return {
    method: req.method,
    path: req.url.pathname,
    search: req.url.search,
    query: Object.fromEntries(req.url.searchParams),
    body,
    headers,
    status: 0,
    ...(clientId === undefined ? {} : { oauth_client_id: clientId }),
  };
}
