// The Freshservice v2 API simulator: a Web-standard `handle(Request) → Response` (no Node imports, so it also runs
// inside workerd) in front of per-tenant in-memory state. Order of checks per request: fault queue, auth, rate
// limit (invalid requests count too), Accept, routing (404/405), permission (403), Content-Type, JSON body,
// handler (run as the caller's agent).

import { checkAccess } from "./auth/access";
import { actAs } from "./auth/acting-agent";
import { authenticateBasic } from "./auth/authenticate";
import type { CredentialKind } from "./auth/caller";
import { handleControl } from "./control-api";
import { ApiError } from "./errors";
import {
  dripStream,
  erroringStream,
  type Fault,
  FaultQueue,
  hugeJsonStream,
  SimulatedResetError,
  sleep,
} from "./faults";
import type { HostedFile } from "./files/hosted-files";
import { formBody, isMultipart, readMultipart, type UploadedFile } from "./files/multipart";
import { acceptsJson, baseHeaders, isJsonContentType, jsonResponse } from "./http";
import { authenticateBearer } from "./oauth/bearer";
import type { OAuthClient } from "./oauth/clients";
import type { Grant } from "./oauth/grants";
import { authorizationServerMetadata } from "./oauth/metadata";
import { OrgOAuth } from "./oauth/org-oauth";
import { handleOrgRequest, ORG_PATH_PREFIX } from "./oauth/org-routes";
import { RateLimitWindow, rateLimitHeaders, requestCost } from "./rate-limit";
import { Router } from "./router";
import { allRoutes } from "./routes";
import { seedTenant } from "./seed/seed-tenant";
import { createTenantState, type TenantOptions, type TenantState } from "./tenant-state";

export { userApiKey } from "./auth/user-keys";
export type { CustomFieldDef } from "./custom-field-defs";
export type { Fault, FaultMatch } from "./faults";
export { SimulatedResetError } from "./faults";
export { DEFAULT_FORM_CUSTOM_FIELDS } from "./form-custom-fields";
export { DEMO_OAUTH_CLIENT, demoSignInSettings, type OAuthClient } from "./oauth/clients";
export type { Grant as OAuthGrant } from "./oauth/grants";
export { SIGN_IN_PASSWORD } from "./oauth/sign-in";
export type { AssetTypeFieldDef, TenantOptions, TenantState } from "./tenant-state";
export type { TicketCustomFieldDef } from "./ticket-custom-fields";
export { DEFAULT_TICKET_CUSTOM_FIELDS } from "./ticket-custom-fields";

/** The default tenant's key: "acme" (Acme Corp), plan "pro" (400 requests/minute). */
export const DEFAULT_API_KEY = "sim-api-key";

export interface SimulatorOptions {
  tenants?: TenantOptions[];
  /** Clock in epoch ms (default Date.now); seeds, timestamps, rate-limit windows and OAuth expiries all use it. */
  now?: () => number;
  /**
   * OAuth clients registered at start and after each reset, as `POST /_simulator/oauth-clients` takes them
   * (`{ id, secret, name, redirect_uris, scopes, tenant }`); one with the demo client's id replaces it.
   */
  oauthClients?: Array<Partial<OAuthClient> & Pick<OAuthClient, "redirect_uris" | "scopes">>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Raw query string including '?', as received ('' when none). */
  search: string;
  /** Decoded query parameters (last value wins). */
  query: Record<string, string>;
  /**
   * Parsed JSON, the raw text when it is not JSON, or null when there was no body. A multipart body is its form
   * fields read as JSON (untyped: every value text) with `attachments: [{name, content_type, size}]` for its files.
   */
  body: unknown;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Status sent (0 if the connection was reset before any response). */
  status: number;
  /** API key of the tenant the request authenticated as (also when a user's own key or a token was used). */
  tenant?: string;
  /** Which credential was accepted: the tenant's key, a user's own API key, or an org OAuth token. */
  credential?: CredentialKind;
  /** The agent the request acted as: writes it made are attributed to this agent. */
  agent_id?: number;
  /** Set instead of `agent_id` when a requester's key was used (such requests are refused with 403). */
  requester_id?: number;
  /** The OAuth client: of the token used on /api/v2, or the one an `/org/oauth/v2/…` request names. */
  oauth_client_id?: string;
  /**
   * The simulator route that matched, as `METHOD pattern` with the full path pattern, e.g.
   * `PUT /api/v2/assets/:id/delete_forever`; absent when no route matched (401, 404, 405, or a fault).
   */
  route?: string;
}

export interface Simulator {
  handle(request: Request): Promise<Response>;
  /** The tenant for this key (default: the first tenant). Replaced by a fresh object on reset(). */
  tenant(apiKey?: string): TenantState;
  /** Every /api/v2 and /org/oauth/v2 request received, in order. */
  requests: RecordedRequest[];
  /** The org's OAuth side: clients (register, remove) and grants (list, revoke). Reset with everything else. */
  oauth: {
    clients(): OAuthClient[];
    register(client: unknown): OAuthClient;
    grants(): Grant[];
    revokeGrant(id: string): boolean;
  };
  /** Reseeds every tenant and clears the request log, the fault queue and the rate-limit windows. */
  reset(): void;
  injectFault(fault: Fault): void;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

interface Tenant {
  options: TenantOptions;
  state: TenantState;
  window: RateLimitWindow;
}

interface Outcome {
  status: number;
  headers: Headers;
  /** JSON text, or null for an empty body. */
  text: string | null;
  /** A file download's bytes, sent instead of `text`. */
  bytes?: Uint8Array;
}

/** A multipart body as received: its parts, or null when it does not parse. */
type MultipartParts = Awaited<ReturnType<typeof readMultipart>>;

/** The part name Freshservice reads files from. */
const ATTACHMENT_FIELD = "attachments[]";

/** What the request log keeps of a multipart body: its fields as JSON and its files' names, types and sizes. */
function multipartRecord(parts: NonNullable<MultipartParts>): unknown {
  return {
    ...formBody(parts.fields),
    attachments: parts.files.map(({ field, file }) => ({
      ...(field === ATTACHMENT_FIELD ? {} : { field }),
      name: file.name,
      content_type: file.contentType,
      size: file.bytes.length,
    })),
  };
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const now = options.now ?? Date.now;
  const tenantOptions = options.tenants?.length
    ? options.tenants
    : [{ apiKey: DEFAULT_API_KEY, name: "acme", plan: "pro" as const }];
  const router = new Router(allRoutes);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const hostedFiles = new Map<string, HostedFile>();
  let tenants = new Map<string, Tenant>();

  const seedAll = () => {
    const at = now();
    tenants = new Map(
      tenantOptions.map((o) => {
        const state = createTenantState(o);
        seedTenant(state, at, o);
        return [o.apiKey, { options: o, state, window: new RateLimitWindow(state.rateLimitPerMinute) }];
      }),
    );
  };
  seedAll();
  // After the tenants exist: clients are checked against them.
  const org = new OrgOAuth({
    now,
    tenant: (key) => tenants.get(key)?.state,
    firstTenant: () => (tenantOptions[0] as TenantOptions).apiKey,
    clients: options.oauthClients,
  });

  const firstTenant = () => tenants.values().next().value as Tenant;

  const reset = () => {
    seedAll();
    org.reset();
    requests.length = 0;
    faults.clear();
    hostedFiles.clear();
  };

  function outcome(status: number, body: unknown, headers: Record<string, string> = {}): Outcome {
    if (body instanceof Uint8Array) return { status, headers: baseHeaders(headers), text: null, bytes: body };
    return {
      status,
      headers: baseHeaders(headers),
      text: body === undefined || status === 204 ? null : JSON.stringify(body),
    };
  }

  /** Everything after the fault queue: auth, limits, media types, routing and the handler. */
  async function process(
    request: Request,
    url: URL,
    path: string,
    bodyText: string,
    record: RecordedRequest,
    multipart: MultipartParts | undefined,
  ): Promise<Outcome> {
    const authorization = request.headers.get("authorization");
    const caller =
      (await authenticateBearer(org, authorization)) ??
      authenticateBasic(authorization, (key) => tenants.get(key)?.state);
    if ("status" in caller) return outcome(caller.status, caller.body);
    const tenant = tenants.get(caller.tenant.apiKey) as Tenant;
    record.tenant = tenant.options.apiKey;
    record.credential = caller.credential;
    if (caller.agentId !== undefined) record.agent_id = caller.agentId;
    if (caller.requesterId !== undefined) record.requester_id = caller.requesterId;
    if (caller.clientId !== undefined) record.oauth_client_id = caller.clientId;

    const method = request.method.toUpperCase();
    const match = router.match(method, path);
    if (match.kind === "found") record.route = `${match.route.method} /api/v2${match.route.pattern}`;
    let extraCost = 0;
    if (match.kind === "found" && match.route.extraCost && multipart === undefined) {
      try {
        extraCost = match.route.extraCost(JSON.parse(bodyText));
      } catch {
        // An unparsable body costs nothing extra; it is answered with a 400 below.
      }
    }
    const decision = tenant.window.consume(
      now(),
      requestCost(url.searchParams, match.kind === "found" ? match.route.embeds : undefined) + extraCost,
    );
    const limitHeaders = rateLimitHeaders(decision);
    const fail = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      outcome(status, body, { ...limitHeaders, ...extra });

    if (!decision.allowed) {
      return fail(429, {
        code: "rate_limit_exceeded",
        message: `You have exceeded the limit of ${decision.limit} requests per minute. Retry after ${decision.retryAfterSeconds} seconds.`,
      });
    }
    if (!acceptsJson(request.headers.get("accept"))) {
      return fail(406, {
        code: "not_acceptable",
        message: "Only application/json responses are supported (Accept header)",
      });
    }
    if (match.kind === "not_found") return fail(404, { code: "not_found", message: `No route for ${url.pathname}` });
    if (match.kind === "method_not_allowed") {
      return fail(
        405,
        { code: "method_not_allowed", message: `Allowed methods: ${match.allowed.join(", ")}` },
        { Allow: match.allowed.join(", ") },
      );
    }
    const denied = checkAccess(caller, `${match.route.method} ${match.route.pattern}`);
    if (denied) return fail(denied.status, denied.body);
    // Files come as multipart/form-data, which only the endpoints that take attachments accept (§1.1).
    const takesFiles = match.route.multipart !== undefined && multipart !== undefined;
    if (
      WRITE_METHODS.has(method) &&
      (bodyText !== "" || multipart !== undefined) &&
      !takesFiles &&
      !isJsonContentType(request.headers.get("content-type"))
    ) {
      return fail(415, { code: "unsupported_media_type", message: "Content-Type must be application/json" });
    }
    let body: unknown = null;
    let files: UploadedFile[] = [];
    if (takesFiles) {
      if (!multipart)
        return fail(400, {
          description: "Validation failed",
          errors: [{ message: "Request body has invalid multipart/form-data format", code: "invalid_json" }],
        });
      const stray = multipart.files.find((f) => f.field !== ATTACHMENT_FIELD);
      if (stray)
        return fail(400, {
          description: "Validation failed",
          errors: [{ field: stray.field, message: "Unexpected/invalid field in request", code: "invalid_field" }],
        });
      body = formBody(multipart.fields, match.route.multipart?.(tenant.state));
      files = multipart.files.map((f) => f.file);
    } else if (bodyText.trim() !== "") {
      try {
        body = JSON.parse(bodyText);
      } catch {
        return fail(400, {
          description: "Validation failed",
          errors: [{ message: "Request body has invalid json format", code: "invalid_json" }],
        });
      }
    }
    try {
      const { handler } = match.route;
      const ctx = { tenant: tenant.state, url, query: url.searchParams, params: match.params, body, files, now: now() };
      const result = await actAs(tenant.state, caller.agentId as number, () => handler(ctx));
      return fail(result.status, result.body, result.headers ?? {});
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, e.body, e.headers);
      console.error("simulator handler error", e);
      return fail(500, { code: "internal_error", message: "Unexpected simulator error" });
    }
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/_simulator" || url.pathname.startsWith("/_simulator/")) {
      return handleControl(request, url, {
        requests,
        reset,
        injectFault: (f) => faults.add(f),
        clearFaults: () => faults.clear(),
        pendingFaults: () => faults.pending,
        clearRequests: () => {
          requests.length = 0;
        },
        findTenant: (key) => (key ? tenants.get(key)?.state : firstTenant().state),
        oauth: org,
        hostedFiles,
      });
    }
    if (url.pathname.startsWith(ORG_PATH_PREFIX)) {
      return handleOrgRequest(request, url, {
        org,
        log: (entry) => requests.push(entry),
        takeFault: (method, pathname) => faults.takeNamed(method, pathname),
      });
    }
    if (url.pathname === "/.well-known/oauth-authorization-server" && request.method.toUpperCase() === "GET") {
      return jsonResponse(200, authorizationServerMetadata(url.origin));
    }
    if (url.pathname !== "/api/v2" && !url.pathname.startsWith("/api/v2/")) {
      return jsonResponse(404, { code: "not_found", message: `No route for ${url.pathname}` });
    }

    const method = request.method.toUpperCase();
    const bytes =
      method === "GET" || method === "HEAD" ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
    const contentType = request.headers.get("content-type");
    const multipart =
      bytes.length > 0 && isMultipart(contentType) ? await readMultipart(bytes, contentType as string) : undefined;
    const bodyText = multipart === undefined ? new TextDecoder().decode(bytes) : "";
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      search: url.search,
      query: Object.fromEntries(url.searchParams),
      body: multipart ? multipartRecord(multipart) : parseBody(bodyText),
      headers,
      status: 0,
    };
    requests.push(record);
    const path = url.pathname.slice("/api/v2".length).replace(/\/+$/, "") || "/";

    const fault = faults.take(method, url.pathname);
    if (fault?.kind === "delay") await sleep(fault.ms);
    if (fault?.kind === "status") {
      record.status = fault.status;
      const h = baseHeaders(fault.headers ?? {});
      const text = fault.body ?? JSON.stringify({ code: "simulated_fault", message: `Simulated HTTP ${fault.status}` });
      return new Response(fault.status === 204 || fault.status === 304 ? null : text, {
        status: fault.status,
        headers: h,
      });
    }
    if (fault?.kind === "reset" && !fault.afterHeaders) throw new SimulatedResetError();
    if (fault?.kind === "huge") {
      record.status = 200;
      const key =
        path
          .split("/")
          .filter((s) => /^[a-z_]+$/.test(s))
          .pop() ?? "data";
      return new Response(hugeJsonStream(fault.bytes, key), { status: 200, headers: baseHeaders() });
    }

    const out = await process(request, url, path, bodyText, record, multipart);
    record.status = out.status;
    if (!fault || fault.kind === "delay") {
      return new Response(out.bytes ?? out.text, { status: out.status, headers: out.headers });
    }
    const answer = out.bytes ?? new TextEncoder().encode(out.text ?? "");
    switch (fault.kind) {
      case "reset":
        return new Response(erroringStream(new Uint8Array()), {
          status: out.status === 204 ? 200 : out.status,
          headers: out.headers,
        });
      case "truncate": {
        // Promise the whole body, deliver half of it, then fail.
        const full = answer.length > 0 ? answer : new TextEncoder().encode("{}");
        out.headers.set("Content-Length", String(full.length));
        return new Response(erroringStream(full.slice(0, Math.floor(full.length / 2))), {
          status: out.status === 204 ? 200 : out.status,
          headers: out.headers,
        });
      }
      case "invalid_json": {
        const text = out.text ? out.text.slice(0, Math.max(1, Math.floor(out.text.length / 2))) : '{"';
        return new Response(text, { status: out.status === 204 ? 200 : out.status, headers: out.headers });
      }
      case "drip":
        if (out.text === null && !out.bytes) return new Response(null, { status: out.status, headers: out.headers });
        return new Response(dripStream(answer, fault.chunkBytes ?? 16, fault.chunkDelayMs), {
          status: out.status,
          headers: out.headers,
        });
    }
  }

  return {
    handle,
    requests,
    reset,
    injectFault: (fault) => faults.add(fault),
    oauth: {
      clients: () => [...org.clients.values()],
      register(input) {
        const result = org.register(input);
        if ("problems" in result) throw new Error(result.problems.join("; "));
        return result.client;
      },
      grants: () => org.grants.list(),
      revokeGrant: (id) => org.grants.revoke(id, now()),
    },
    tenant(apiKey?: string) {
      const t = apiKey === undefined ? firstTenant() : tenants.get(apiKey);
      if (!t) throw new Error(`No simulated tenant with API key ${apiKey}`);
      return t.state;
    },
  };
}
