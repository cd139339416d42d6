/**
 * The OAuth authorization server against an attacker's requests: the authorization endpoint is no open redirector
 * for clients anyone can register, request objects are refused rather than ignored, a public client can't pass a
 * secret, a revocation names the right client, and a metadata document URL with dot segments is never fetched.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchClientMetadataDocument } from "../../worker/oauth/client-metadata-document";
import { REGISTRATIONS_PER_MINUTE } from "../../worker/oauth/client-registration";
import { s256 } from "../../worker/oauth/tokens";
import { encryptSecret, sha256Hex } from "../../worker/store/crypto";
import { admin, call, createAccount, mint, ORIGIN, settled } from "./helpers";

const VERIFIER = "v".repeat(64);
const NONCE = "a-browser-nonce-for-these-tests";
const REDIRECT = "https://app.example.com/callback";

let mcpId: string;
beforeAll(async () => {
  const { id: accountId } = await createAccount();
  ({ id: mcpId } = await mint(accountId, { auth: "oauth" }));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const resource = () => `${ORIGIN}/mcp/oauth/${mcpId}`;
const issuer = () => `${ORIGIN}/oauth/${mcpId}`;

async function register(redirectUris: string[], method = "none", ip = "203.0.113.77") {
  const response = await call(`/oauth/${mcpId}/register`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": ip },
    body: JSON.stringify({ client_name: "Some app", redirect_uris: redirectUris, token_endpoint_auth_method: method }),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status}`);
  return (await response.json()) as { client_id: string; client_secret?: string };
}

async function authorize(clientId: string, redirectUri: string, overrides: Record<string, string | null> = {}) {
  const params: Record<string, string | null> = {
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
    resource: resource(),
    state: "st-123",
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value);
  return call(`/oauth/${mcpId}/authorize?${query}`);
}

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A grant approved for `clientId` the way the sign-in page does it, and its code. */
async function approvedCode(clientId: string) {
  const page = await authorize(clientId, REDIRECT);
  expect(page.status).toBe(200);
  const grantId = /name="sign_in" value="([^"]+)"/.exec(await page.text())?.[1] as string;
  const grant = env.OAUTH_GRANT.getByName(grantId);
  // The page began the sign-in with its own nonce; this test's browser is the grant object's direct caller.
  const pending = await grantPending(grantId);
  await grantRestart(grantId, pending);
  const approval = await grant.approve(NONCE, {
    agent: { id: 21000000002, email: "priya@acme.example", name: "Priya Shah" },
    way: "api_key",
    credential: { way: "api_key", api_key: await encryptSecret("agent-key", env.CREDENTIALS_KEY, grantId) },
  });
  return { grant, grantId, code: new URL(approval?.redirect as string).searchParams.get("code") as string };
}

/** The pending sign-in the page stored (read through the object's storage, since its nonce is the page's). */
async function grantPending(grantId: string) {
  const { runInDurableObject } = await import("cloudflare:test");
  return runInDurableObject(env.OAUTH_GRANT.getByName(grantId), async (_instance, state) => {
    const stored = (await state.storage.get("grant")) as { pending: unknown };
    return stored.pending;
  });
}

/** Rebinds the pending sign-in to this test's nonce (as if this test's browser had started it). */
async function grantRestart(grantId: string, pending: unknown) {
  const { runInDurableObject } = await import("cloudflare:test");
  const nonceHash = await sha256Hex(NONCE);
  await runInDurableObject(env.OAUTH_GRANT.getByName(grantId), async (instance, state) => {
    const record = { pending, nonce_hash: nonceHash, upstream: null, approved: null };
    await state.storage.put("grant", record);
    (instance as unknown as { state: unknown }).state = record;
  });
}

describe("the authorization endpoint is no open redirector", () => {
  it("answers an error for an https redirect with a page and a link back, not an automatic redirect", async () => {
    // Anyone can register this client and its redirect: an automatic 302 would send a victim anywhere from our
    // host (RFC 9700 §4.11.2), so the agent sees why and decides.
    const client = await register(["https://evil.example.net/landing"]);
    const response = await authorize(client.client_id, "https://evil.example.net/landing", {
      response_type: "token",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    const html = await response.text();
    const href = /<a href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") as string;
    const back = new URL(href);
    expect(back.origin + back.pathname).toBe("https://evil.example.net/landing");
    expect(back.searchParams.get("error")).toBe("unsupported_response_type");
    expect(back.searchParams.get("state")).toBe("st-123");
    expect(back.searchParams.get("iss")).toBe(issuer());
    expect(html).toContain("evil.example.net");
  });

  it("still redirects a loopback client at once (its own machine: nothing an attacker gains)", async () => {
    const client = await register(["http://127.0.0.1/callback"]);
    const response = await authorize(client.client_id, "http://127.0.0.1:43123/callback", { resource: null });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") as string);
    expect(location.host).toBe("127.0.0.1:43123");
    expect(location.searchParams.get("error")).toBe("invalid_target");
    expect(location.searchParams.get("iss")).toBe(issuer());
    expect(location.searchParams.get("state")).toBe("st-123");
  });

  it.each([
    ["request", "eyJhbGciOiJub25lIn0.e30.", "request_not_supported"],
    ["request_uri", "urn:ietf:params:oauth:request_uri:abc", "request_uri_not_supported"],
  ])("refuses a %s parameter instead of ignoring what it says", async (name, value, error) => {
    const client = await register(["http://127.0.0.1/callback"]);
    const response = await authorize(client.client_id, "http://127.0.0.1:5000/callback", { [name]: value });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") as string);
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("iss")).toBe(issuer());
  });
});

describe("client authentication", () => {
  it("refuses a secret from a public client, at the token endpoint", async () => {
    const client = await register([REDIRECT], "none");
    const { code, grant, grantId } = await approvedCode(client.client_id);
    const fields = { grant_type: "authorization_code", code, code_verifier: VERIFIER, redirect_uri: REDIRECT };
    const posted = await form(`/oauth/${mcpId}/token`, {
      ...fields,
      client_id: client.client_id,
      client_secret: "made-up",
    });
    expect(posted.status).toBe(401);
    expect(await posted.json()).toMatchObject({ error: "invalid_client" });
    const basic = await form(`/oauth/${mcpId}/token`, fields, {
      authorization: `Basic ${btoa(`${client.client_id}:made-up`)}`,
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get("www-authenticate")).toMatch(/^Basic /);
    // Neither attempt spent the code: the client that sends what it registered still gets its tokens.
    const ok = await form(`/oauth/${mcpId}/token`, { ...fields, client_id: client.client_id });
    expect(ok.status).toBe(200);
    expect(grantId).toBeTruthy();
    expect(grant).toBeTruthy();
  });

  it("answers a revocation's wrong Basic secret with 401 and a Basic challenge", async () => {
    const client = await register([REDIRECT], "client_secret_basic");
    const response = await form(
      `/oauth/${mcpId}/revoke`,
      { token: "anything" },
      { authorization: `Basic ${btoa(`${client.client_id}:wrong`)}` },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic /);
  });

  it("does not let another client revoke a grant (RFC 7009 §2.1)", async () => {
    const owner = await register([REDIRECT], "none");
    const other = await register([REDIRECT], "none", "203.0.113.78");
    const { code, grant } = await approvedCode(owner.client_id);
    const tokens = (await (
      await form(`/oauth/${mcpId}/token`, {
        grant_type: "authorization_code",
        code,
        code_verifier: VERIFIER,
        redirect_uri: REDIRECT,
        client_id: owner.client_id,
      })
    ).json()) as { access_token: string; refresh_token: string };
    const revoked = await form(`/oauth/${mcpId}/revoke`, { token: tokens.refresh_token, client_id: other.client_id });
    expect(revoked.status).toBe(200);
    expect(await grant.authenticate(tokens.access_token, resource())).not.toBeNull();
    // The owner, or a holder who names no client, still can.
    await form(`/oauth/${mcpId}/revoke`, { token: tokens.refresh_token, client_id: owner.client_id });
    expect(await grant.authenticate(tokens.access_token, resource())).toBeNull();
  });
});

describe("client metadata document URLs", () => {
  it.each([
    "https://app.example.com/a/../client.json",
    "https://app.example.com/./client.json",
    "https://app.example.com/a/%2e%2e/client.json",
  ])("refuses %s (dot segments) without fetching it", async (url) => {
    const fetches = vi.spyOn(globalThis, "fetch");
    const result = await fetchClientMetadataDocument(env, url);
    expect(result).toMatchObject({ ok: false, problem: /dot segment/ });
    expect(fetches).not.toHaveBeenCalled();
  });
});

describe("client metadata document answers", () => {
  const docUrl = "https://app.example.com/oauth/client.json";
  const document = JSON.stringify({ client_id: docUrl, client_name: "App", redirect_uris: [REDIRECT] });

  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["application/oauth-client+json", true],
    ["text/plain", false],
    ["text/html; charset=utf-8", false],
    [null, false],
  ])("takes a document served as %s: %s", async (type, ok) => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      const response = new Response(document);
      if (type === null) response.headers.delete("content-type");
      else response.headers.set("content-type", type);
      return response;
    });
    const result = await fetchClientMetadataDocument(env, docUrl);
    expect(result.ok).toBe(ok);
    if (!ok) expect(result).toMatchObject({ problem: /content type/ });
  });
});

describe("refresh scopes", () => {
  it("keeps read, the baseline, in a refresh that asks for write alone", async () => {
    const client = await register([REDIRECT], "none", "203.0.113.79");
    const page = await authorize(client.client_id, REDIRECT, { scope: "freshservice:read freshservice:write" });
    const grantId = /name="sign_in" value="([^"]+)"/.exec(await page.text())?.[1] as string;
    await grantRestart(grantId, await grantPending(grantId));
    const approval = await env.OAUTH_GRANT.getByName(grantId).approve(NONCE, {
      agent: { id: 21000000002, email: "priya@acme.example", name: "Priya Shah" },
      way: "api_key",
      credential: { way: "api_key", api_key: await encryptSecret("agent-key", env.CREDENTIALS_KEY, grantId) },
    });
    const code = new URL(approval?.redirect as string).searchParams.get("code") as string;
    const tokens = (await (
      await form(`/oauth/${mcpId}/token`, {
        grant_type: "authorization_code",
        code,
        code_verifier: VERIFIER,
        redirect_uri: REDIRECT,
        client_id: client.client_id,
      })
    ).json()) as { refresh_token: string; scope: string };
    expect(tokens.scope).toBe("freshservice:read freshservice:write");
    const narrowed = (await (
      await form(`/oauth/${mcpId}/token`, {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id: client.client_id,
        scope: "freshservice:write",
      })
    ).json()) as { scope: string };
    expect(narrowed.scope).toBe("freshservice:read freshservice:write");
  });
});

describe("per-address bounds count an IPv6 host by its /64", () => {
  it("refuses registrations past the minute's bound from one /64, whatever its last 64 bits", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    const statuses: number[] = [];
    for (let i = 1; i <= 2 * REGISTRATIONS_PER_MINUTE + 1; i++) {
      const response = await call(`/oauth/${mcpId}/register`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `${prefix}::${i.toString(16)}` },
        body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: "none" }),
      });
      statuses.push(response.status);
    }
    // 2n + 1 in at most two budget minutes leave n + 1 in one of them.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});

describe("the operator's revocation", () => {
  it("ends a grant the listing doesn't show yet (the object is the truth), and no other server's", async () => {
    const { id: accountId } = await createAccount();
    const { id: otherMcp } = await mint(accountId, { auth: "oauth" });
    const client = await register([REDIRECT], "none", "203.0.113.80");
    const { code, grant, grantId } = await approvedCode(client.client_id);
    const tokens = (await (
      await form(`/oauth/${mcpId}/token`, {
        grant_type: "authorization_code",
        code,
        code_verifier: VERIFIER,
        redirect_uri: REDIRECT,
        client_id: client.client_id,
      })
    ).json()) as { access_token: string };
    await settled();
    // The listing is eventually consistent: here it has not seen the grant.
    const { keys } = await env.STORE.list({ prefix: "oauth-grant:" });
    for (const key of keys.filter((k) => k.name.endsWith(grantId))) await env.STORE.delete(key.name);
    const serverAccount = (await env.STORE.get<{ account_id: string }>(`oauth-server:${mcpId}`, "json"))?.account_id;

    // Another server's route can't reach it.
    const elsewhere = await admin(
      `/integrated-account/${accountId}/mcp/${otherMcp}/grants/${grantId}`,
      undefined,
      "DELETE",
    );
    expect(elsewhere.status).toBe(404);
    expect(await grant.authenticate(tokens.access_token, resource())).not.toBeNull();

    const ended = await admin(
      `/integrated-account/${serverAccount}/mcp/${mcpId}/grants/${grantId}`,
      undefined,
      "DELETE",
    );
    expect(ended.status).toBe(204);
    expect(await grant.authenticate(tokens.access_token, resource())).toBeNull();
  });
});

describe("metadata document URLs naming an internal address in any spelling", () => {
  const deployed = { ALLOW_LOOPBACK_UPSTREAM: "false", ENVIRONMENT: "production" };
  it.each([
    "https://[::ffff:127.0.0.1]/c.json",
    "https://[::ffff:7f00:1]/c.json",
    "https://[64:ff9b::a00:1]/c.json",
    "https://[2002:c0a8:101::]/c.json",
    "https://0177.0.0.1/c.json",
    "https://0x7f.1/c.json",
    "https://127.1/c.json",
    "https://0/c.json",
    "https://169.254.169.254/latest/meta-data",
    "https://metadata.google.internal/c.json",
    "https://localhost./c.json",
    "https://app.localhost/c.json",
    "https://intranet/c.json",
    "https://app.example.com:8443/c.json",
    "http://app.example.com/c.json",
  ])("refuses %s without fetching it", async (url) => {
    const fetches = vi.spyOn(globalThis, "fetch");
    expect((await fetchClientMetadataDocument(deployed, url)).ok).toBe(false);
    expect(fetches).not.toHaveBeenCalled();
  });
});
