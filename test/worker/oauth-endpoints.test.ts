/**
 * The OAuth endpoints over HTTP: discovery documents, dynamic registration, client metadata documents, the
 * authorization request's checks (an HTML page before the client is trusted, a redirect after), and the token and
 * revocation endpoints end to end with the grant object. The sign-in page is another module's: the authorization
 * endpoint is called here with a stand-in that hands back the pending sign-in it was given.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { handleAuthorize } from "../../worker/oauth/authorize-request";
import {
  CIMD_MAX_BYTES,
  fetchClientMetadataDocument,
  validateMetadataDocument,
} from "../../worker/oauth/client-metadata-document";
import { REGISTRATIONS_PER_MINUTE } from "../../worker/oauth/client-registration";
import type { PendingSignIn } from "../../worker/oauth/grant-types";
import { resolveOAuthServer } from "../../worker/oauth/oauth-server";
import { s256 } from "../../worker/oauth/tokens";
import { encryptSecret, sha256Hex } from "../../worker/store/crypto";
import { kvKeys } from "../../worker/store/kv-keys";
import { admin, call, createAccount, mint, ORIGIN } from "./helpers";

const VERIFIER = "z".repeat(50);
const NONCE = "the-browser-nonce";

/** An OAuth server, minted through the admin API. */
async function oauthServer(): Promise<{ accountId: string; mcpId: string }> {
  const { id: accountId } = await createAccount();
  const { id: mcpId } = await mint(accountId, { auth: "oauth" });
  return { accountId, mcpId };
}

let server: { accountId: string; mcpId: string };
beforeAll(async () => {
  server = await oauthServer();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const resourceOf = (mcpId: string) => `${ORIGIN}/mcp/oauth/${mcpId}`;
const issuerOf = (mcpId: string) => `${ORIGIN}/oauth/${mcpId}`;

function register(mcpId: string, body: unknown, ip = "203.0.113.7") {
  return call(`/oauth/${mcpId}/register`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify(body),
  });
}

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

async function authorizeQuery(clientId: string, redirectUri: string, overrides: Record<string, string | null> = {}) {
  const params: Record<string, string | null> = {
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
    resource: resourceOf(server.mcpId),
    state: "xyz",
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value);
  const resolved = await resolveOAuthServer(env, server.mcpId);
  if (!resolved) throw new Error("no OAuth server");
  const request = new Request(`${ORIGIN}/oauth/${server.mcpId}/authorize?${query}`);
  // The sign-in page (another module) stood in for: it answers the pending sign-in it was handed.
  return handleAuthorize(request, env, resolved, ORIGIN, async (_request, _env, pending) => Response.json(pending));
}

describe("discovery", () => {
  it("serves path-aware protected resource metadata and authorization server metadata", async () => {
    const prm = await call(`/.well-known/oauth-protected-resource/mcp/oauth/${server.mcpId}`);
    expect(prm.status).toBe(200);
    expect(prm.headers.get("access-control-allow-origin")).toBe("*");
    expect(await prm.json()).toMatchObject({
      resource: resourceOf(server.mcpId),
      authorization_servers: [issuerOf(server.mcpId)],
      scopes_supported: ["freshservice:read"],
    });
    const as = await call(`/.well-known/oauth-authorization-server/oauth/${server.mcpId}`);
    expect(as.status).toBe(200);
    expect(as.headers.get("access-control-allow-origin")).toBe("*");
    expect(await as.json()).toEqual({
      issuer: issuerOf(server.mcpId),
      authorization_endpoint: `${issuerOf(server.mcpId)}/authorize`,
      token_endpoint: `${issuerOf(server.mcpId)}/token`,
      registration_endpoint: `${issuerOf(server.mcpId)}/register`,
      revocation_endpoint: `${issuerOf(server.mcpId)}/revoke`,
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
      revocation_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
      scopes_supported: ["freshservice:read", "freshservice:write"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
    const preflight = await call(`/oauth/${server.mcpId}/token`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("knows no server that is unknown, not an OAuth server, or deleted", async () => {
    const { id: accountId } = await createAccount();
    const { id: tokenServer } = await mint(accountId);
    for (const mcpId of [crypto.randomUUID(), tokenServer, "not-a-uuid"])
      expect((await call(`/.well-known/oauth-authorization-server/oauth/${mcpId}`)).status).toBe(404);
    const gone = await oauthServer();
    expect((await admin(`/integrated-account/${gone.accountId}/mcp/${gone.mcpId}`, undefined, "DELETE")).status).toBe(
      204,
    );
    expect((await call(`/.well-known/oauth-protected-resource/mcp/oauth/${gone.mcpId}`)).status).toBe(404);
    const page = await call(`/oauth/${gone.mcpId}/authorize?client_id=x`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });
});

describe("dynamic client registration", () => {
  it("registers a public client, and a confidential one whose secret is stored only hashed", async () => {
    const publicClient = await register(server.mcpId, {
      client_name: "Inspector",
      redirect_uris: ["http://localhost:6274/oauth/callback"],
      token_endpoint_auth_method: "none",
    });
    expect(publicClient.status).toBe(201);
    const body = (await publicClient.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ client_name: "Inspector", token_endpoint_auth_method: "none" });
    expect(body.client_secret).toBeUndefined();

    const confidential = await register(server.mcpId, { redirect_uris: ["https://claude.ai/api/mcp/auth_callback"] });
    expect(confidential.status).toBe(201);
    const made = (await confidential.json()) as { client_id: string; client_secret: string };
    expect(made.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await env.STORE.get(kvKeys.oauthClient(made.client_id));
    expect(stored).not.toContain(made.client_secret);
    expect(stored).toContain(await sha256Hex(made.client_secret));
  });

  it.each([
    ["plain http on a public host", ["http://evil.example.com/cb"]],
    ["a custom scheme", ["myapp://callback"]],
    ["a fragment", ["https://app.example.com/cb#x"]],
    ["no URI", []],
  ])("refuses a redirect URI with %s and stores nothing", async (_what, uris) => {
    const response = await register(server.mcpId, { redirect_uris: uris, token_endpoint_auth_method: "none" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_redirect_uri" });
  });

  it("bounds registrations per client address", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const body = { redirect_uris: ["https://app.example.com/cb"], token_endpoint_auth_method: "none" };
    const statuses: number[] = [];
    for (let i = 0; i <= REGISTRATIONS_PER_MINUTE; i++) statuses.push((await register(server.mcpId, body, ip)).status);
    // All in one budget minute unless the minute turned meanwhile; then the next address's count starts again.
    expect(statuses.filter((s) => s === 429).length).toBeLessThanOrEqual(1);
    const more = await register(server.mcpId, body, ip);
    const refused = statuses.includes(429) ? 429 : more.status;
    expect(refused).toBe(429);
    expect((await register(server.mcpId, body, "192.0.2.200")).status).toBe(201);
  });
});

describe("client metadata documents", () => {
  const docUrl = "https://app.example.com/oauth/client.json";
  const document = {
    client_id: docUrl,
    client_name: "Example App",
    redirect_uris: ["https://app.example.com/callback", "http://127.0.0.1/callback"],
    token_endpoint_auth_method: "none",
  };

  it("validates what the document says", () => {
    expect(validateMetadataDocument(document, docUrl, "app.example.com")).toMatchObject({
      ok: true,
      client: { client_name: "Example App", host: "app.example.com" },
    });
    expect(
      validateMetadataDocument({ ...document, client_id: "https://other.example.com/c.json" }, docUrl, "h").ok,
    ).toBe(false);
    expect(validateMetadataDocument({ ...document, client_secret: "s" }, docUrl, "h").ok).toBe(false);
    expect(
      validateMetadataDocument({ ...document, token_endpoint_auth_method: "client_secret_basic" }, docUrl, "h").ok,
    ).toBe(false);
    expect(validateMetadataDocument({ ...document, redirect_uris: [] }, docUrl, "h").ok).toBe(false);
  });

  it("fetches a public document", async () => {
    const fetches = vi.spyOn(globalThis, "fetch").mockImplementation(async () => Response.json(document));
    const result = await fetchClientMetadataDocument(env, docUrl);
    expect(result).toMatchObject({ ok: true, client: { client_id: docUrl } });
    expect(fetches.mock.calls[0]?.[1]).toMatchObject({ redirect: "manual" });
  });

  it.each([
    "https://10.0.0.8/client.json",
    "https://192.168.1.1/client.json",
    "https://[fd00::1]/client.json",
    "https://intranet.local/client.json",
    "https://app.example.com/",
  ])("refuses %s without fetching it", async (url) => {
    const fetches = vi.spyOn(globalThis, "fetch");
    expect((await fetchClientMetadataDocument(env, url)).ok).toBe(false);
    expect(fetches).not.toHaveBeenCalled();
  });

  it("refuses a loopback document outside local development", async () => {
    const fetches = vi.spyOn(globalThis, "fetch");
    const deployed = { ALLOW_LOOPBACK_UPSTREAM: "false", ENVIRONMENT: "production" };
    for (const url of ["http://127.0.0.1:9999/client.json", "https://2130706433/client.json", "https://[::1]/c.json"])
      expect((await fetchClientMetadataDocument(deployed, url)).ok).toBe(false);
    expect(fetches).not.toHaveBeenCalled();
  });

  it("refuses a huge document, declared or streamed", async () => {
    const big = JSON.stringify({ ...document, padding: "x".repeat(CIMD_MAX_BYTES) });
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(big));
    expect(await fetchClientMetadataDocument(env, docUrl)).toMatchObject({ ok: false, problem: /larger than 5 KB/ });
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      const stream = new ReadableStream({
        pull(controller) {
          controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        },
      });
      return new Response(stream);
    });
    expect(await fetchClientMetadataDocument(env, docUrl)).toMatchObject({ ok: false, problem: /larger than 5 KB/ });
  });

  it("gives up on a slow document, in its head or its body", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(
      (_input, init) =>
        new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted")))),
    );
    expect(await fetchClientMetadataDocument(env, docUrl, { timeoutMs: 20 })).toMatchObject({
      ok: false,
      problem: /did not answer/,
    });
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(new ReadableStream({ pull() {} })));
    expect(await fetchClientMetadataDocument(env, docUrl, { timeoutMs: 20 })).toMatchObject({
      ok: false,
      problem: /did not arrive/,
    });
  });

  it("refuses a redirect", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(
      async () => new Response(null, { status: 302, headers: { location: "https://10.0.0.1/" } }),
    );
    expect(await fetchClientMetadataDocument(env, docUrl)).toMatchObject({ ok: false, problem: /answered 302/ });
  });
});

describe("authorization request", () => {
  const docUrl = "https://app.example.com/oauth/client.json";
  const redirect = "https://app.example.com/callback";
  const serveDocument = () =>
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json({
        client_id: docUrl,
        client_name: "Example App",
        redirect_uris: [redirect, "http://127.0.0.1/callback"],
      }),
    );

  it("hands a valid request to the sign-in page with read by default", async () => {
    serveDocument();
    const response = await authorizeQuery(docUrl, redirect, { scope: "offline_access" });
    expect(response.status).toBe(200);
    const pending = (await response.json()) as PendingSignIn;
    expect(pending).toMatchObject({
      account_id: server.accountId,
      mcp_id: server.mcpId,
      client: { client_id: docUrl, name: "Example App", kind: "metadata_document", host: "app.example.com" },
      redirect_uri: redirect,
      state: "xyz",
      scopes: ["freshservice:read"],
      resource: resourceOf(server.mcpId),
      issuer: issuerOf(server.mcpId),
    });
    expect(pending.expires_at - pending.created_at).toBe(600_000);
  });

  it("grants write only when asked, and matches a loopback redirect on any port", async () => {
    serveDocument();
    const response = await authorizeQuery(docUrl, "http://127.0.0.1:53682/callback", {
      scope: "freshservice:read freshservice:write",
    });
    const pending = (await response.json()) as PendingSignIn;
    expect(pending.scopes).toEqual(["freshservice:read", "freshservice:write"]);
    expect(pending.redirect_uri).toBe("http://127.0.0.1:53682/callback");
  });

  it.each([
    ["an unknown registered client", { client_id: crypto.randomUUID() }],
    ["a client registered elsewhere", "elsewhere"],
    ["an unregistered redirect", { redirect_uri: "https://evil.example.com/callback" }],
    ["a redirect on another loopback path", { redirect_uri: "http://127.0.0.1:4000/other" }],
    ["no redirect", { redirect_uri: null }],
    ["no client", { client_id: null }],
    ["a private metadata document", { client_id: "https://10.1.2.3/client.json" }],
  ])("answers %s with an HTML page, never a redirect", async (_what, overrides) => {
    serveDocument();
    let query: Record<string, string | null>;
    if (overrides === "elsewhere") {
      const other = await oauthServer();
      const made = (await (
        await register(other.mcpId, { redirect_uris: [redirect], token_endpoint_auth_method: "none" }, "192.0.2.9")
      ).json()) as { client_id: string };
      query = { client_id: made.client_id };
    } else query = overrides as Record<string, string | null>;
    const response = await authorizeQuery(docUrl, redirect, query);
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  });

  it.each([
    ["no code_challenge", { code_challenge: null }, "invalid_request"],
    ["plain PKCE", { code_challenge_method: "plain" }, "invalid_request"],
    ["no challenge method", { code_challenge_method: null }, "invalid_request"],
    ["no resource", { resource: null }, "invalid_target"],
    ["another server's resource", { resource: `${ORIGIN}/mcp/oauth/${crypto.randomUUID()}` }, "invalid_target"],
    ["an unknown scope", { scope: "freshservice:admin" }, "invalid_scope"],
    ["another response type", { response_type: "token" }, "unsupported_response_type"],
  ])("sends %s back to the client with error, state and iss", async (_what, overrides, error) => {
    serveDocument();
    // A loopback redirect (the agent's own machine) is followed at once.
    const loopback = "http://127.0.0.1:53682/callback";
    const response = await authorizeQuery(docUrl, loopback, overrides);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") as string);
    expect(location.origin + location.pathname).toBe(loopback);
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("state")).toBe("xyz");
    expect(location.searchParams.get("iss")).toBe(issuerOf(server.mcpId));
    // An https one anyone could have registered is a page linking back with the same answer (RFC 9700 §4.11.2).
    const page = await authorizeQuery(docUrl, redirect, overrides);
    expect(page.status).toBe(400);
    expect(page.headers.get("location")).toBeNull();
    const href = /<a href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll("&amp;", "&") as string;
    const back = new URL(href);
    expect(back.origin + back.pathname).toBe(redirect);
    expect(back.searchParams.get("error")).toBe(error);
    expect(back.searchParams.get("state")).toBe("xyz");
    expect(back.searchParams.get("iss")).toBe(issuerOf(server.mcpId));
  });
});

describe("token and revocation endpoints", () => {
  const redirect = "https://claude.ai/api/mcp/auth_callback";

  /** Registration, authorization, and the sign-in page's part (begin and approve) as the page does it. */
  async function signedIn(auth: "none" | "client_secret_basic" = "client_secret_basic") {
    const made = (await (
      await register(server.mcpId, { redirect_uris: [redirect], token_endpoint_auth_method: auth }, "192.0.2.10")
    ).json()) as { client_id: string; client_secret?: string };
    const pending = (await (
      await authorizeQuery(made.client_id, redirect, { scope: "freshservice:write" })
    ).json()) as PendingSignIn;
    const grant = env.OAUTH_GRANT.getByName(pending.grant_id);
    await grant.begin(pending, await sha256Hex(NONCE));
    const api_key = await encryptSecret("agent-key", env.CREDENTIALS_KEY, pending.grant_id);
    const approval = await grant.approve(NONCE, {
      agent: { id: 21000000001, email: "alex@acme.example", name: "Alex Morgan" },
      way: "api_key",
      credential: { way: "api_key", api_key },
    });
    const code = new URL(approval?.redirect as string).searchParams.get("code") as string;
    const basic: Record<string, string> = made.client_secret
      ? { authorization: `Basic ${btoa(`${made.client_id}:${made.client_secret}`)}` }
      : {};
    return { made, pending, grant, code, basic };
  }

  const tokenPath = () => `/oauth/${server.mcpId}/token`;

  it("exchanges a code at the token endpoint, echoes resource, refreshes, and revokes", async () => {
    const { made, pending, grant, code, basic } = await signedIn();
    const response = await form(
      tokenPath(),
      {
        grant_type: "authorization_code",
        code,
        code_verifier: VERIFIER,
        redirect_uri: redirect,
        resource: resourceOf(server.mcpId),
      },
      basic,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const tokens = (await response.json()) as Record<string, string>;
    expect(tokens).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      scope: "freshservice:read freshservice:write",
      resource: resourceOf(server.mcpId),
    });
    expect(await grant.authenticate(tokens.access_token as string, pending.resource)).not.toBeNull();

    const refreshed = await form(
      tokenPath(),
      { grant_type: "refresh_token", refresh_token: tokens.refresh_token as string },
      basic,
    );
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as Record<string, string>;
    expect(second.refresh_token).not.toBe(tokens.refresh_token);

    // The registration a grant uses was extended (it would otherwise go after a day).
    const registration = await env.STORE.get<{ extended_at?: string }>(kvKeys.oauthClient(made.client_id), "json");
    expect(registration?.extended_at).toBeDefined();

    const revoked = await form(`/oauth/${server.mcpId}/revoke`, { token: second.refresh_token as string }, basic);
    expect(revoked.status).toBe(200);
    expect(await grant.authenticate(second.access_token as string, pending.resource)).toBeNull();
    // Revoking again, or garbage, is still 200.
    expect((await form(`/oauth/${server.mcpId}/revoke`, { token: "nothing" })).status).toBe(200);
  });

  it("lists the grant for the operator, whose revocation stops it at once", async () => {
    const { made, pending, grant, code } = await signedIn("none");
    const response = await form(tokenPath(), {
      grant_type: "authorization_code",
      code,
      code_verifier: VERIFIER,
      redirect_uri: redirect,
      client_id: made.client_id,
    });
    const tokens = (await response.json()) as { access_token: string };
    const grantsPath = `/integrated-account/${server.accountId}/mcp/${server.mcpId}/grants`;
    const listed = (await (await admin(grantsPath)).json()) as { grants: { grant_id: string; agent_email: string }[] };
    expect(listed.grants.find((g) => g.grant_id === pending.grant_id)).toMatchObject({
      agent_email: "alex@acme.example",
    });
    expect((await admin(`${grantsPath}/${pending.grant_id}`, undefined, "DELETE")).status).toBe(204);
    expect(await grant.authenticate(tokens.access_token, pending.resource)).toBeNull();
  });

  it("refuses a confidential client's wrong or missing secret with 401 invalid_client", async () => {
    const { made, code } = await signedIn();
    const fields = { grant_type: "authorization_code", code, code_verifier: VERIFIER, redirect_uri: redirect };
    const wrong = await form(tokenPath(), fields, {
      authorization: `Basic ${btoa(`${made.client_id}:not-the-secret`)}`,
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    const missing = await form(tokenPath(), { ...fields, client_id: made.client_id });
    expect(missing.status).toBe(401);
    // client_secret_post works too.
    const posted = await form(tokenPath(), {
      ...fields,
      client_id: made.client_id,
      client_secret: made.client_secret as string,
    });
    expect(posted.status).toBe(200);
  });

  it("refuses a code at another server's token endpoint", async () => {
    const { made, code } = await signedIn("none");
    const other = await oauthServer();
    const response = await form(`/oauth/${other.mcpId}/token`, {
      grant_type: "authorization_code",
      code,
      code_verifier: VERIFIER,
      redirect_uri: redirect,
      client_id: made.client_id,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("answers bad requests with RFC 6749 errors", async () => {
    const { made, code } = await signedIn("none");
    const cases: [Record<string, string>, string][] = [
      [{ grant_type: "password", client_id: made.client_id }, "unsupported_grant_type"],
      [{ grant_type: "authorization_code", client_id: made.client_id, code }, "invalid_request"],
      [
        {
          grant_type: "authorization_code",
          client_id: made.client_id,
          code: "garbage",
          code_verifier: VERIFIER,
          redirect_uri: redirect,
        },
        "invalid_grant",
      ],
      [
        {
          grant_type: "authorization_code",
          client_id: made.client_id,
          code,
          code_verifier: VERIFIER,
          redirect_uri: redirect,
          resource: `${ORIGIN}/mcp/oauth/${crypto.randomUUID()}`,
        },
        "invalid_target",
      ],
    ];
    for (const [fields, error] of cases) {
      const response = await form(tokenPath(), fields);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error });
    }
    const json = await call(tokenPath(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(await json.json()).toMatchObject({ error: "invalid_request" });
  });
});
