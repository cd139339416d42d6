/**
 * The sign-in page's forms and the Freshworks callback inside workerd, against the simulator: the browser binding
 * (cookie and Origin), the API key way (an agent's own key, a requester's, a wrong one, another company's,
 * throttling), the Freshworks way through the simulator's org sign-in form, and the refresh that keeps its token
 * alive. The grant object is a stand-in with the contract's rules (fake-grant.ts), so only this part is tested.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { FreshworksRejected, FreshworksUnavailable, refreshFreshworksToken } from "../../worker/oauth/freshworks";
import { handleFreshworksCallback } from "../../worker/oauth/freshworks-callback";
import type { PendingSignIn } from "../../worker/oauth/grant-types";
import { startSignIn } from "../../worker/oauth/sign-in";
import { API_KEY_FAILURES_PER_IP, handleSignInPost } from "../../worker/oauth/sign-in-post";
import { s256 } from "../../worker/oauth/tokens";
import { decryptSecret } from "../../worker/store/crypto";
import { SECOND_TENANT_API_KEY } from "../worker-pool";
import { type FakeGrantState, fakeGrants } from "./fake-grant";
import {
  call,
  clearFaults,
  createAccount,
  injectFault,
  mint,
  SIMULATOR_ORIGIN,
  simulatorControl,
  simulatorRequests,
  ORIGIN as WORKER_ORIGIN,
} from "./helpers";

/** https, so the cookie is the `__Host-` one and the callback is a redirect URI Freshworks accepts. */
const ORIGIN = "https://worker.test";
const CALLBACK = `${ORIGIN}/oauth/freshworks/callback`;
const CLIENT_REDIRECT = "https://client.example/callback";
const PRIYA = { id: 21000000002, email: "priya.shah@acme.example", name: "Priya Shah" };
const PRIYA_KEY = "sim-api-key-user-21000000002";
const REQUESTER_KEY = "sim-api-key-user-21000000011";
const FW_SCOPES = ["freshservice.tickets.view", "freshservice.requesters.view", "freshservice.agents.manage"];
/** Without `freshservice.agents.manage`: the agent is then found among requesters (`include_agents`). */
const FW_NARROW_SCOPES = ["freshservice.tickets.view", "freshservice.requesters.view"];
const FW_CLIENTS = {
  acme: { id: "fw_sign_in_test_acme", secret: "acme-fw-secret", tenant: "sim-api-key", scopes: FW_SCOPES },
  acmeNarrow: {
    id: "fw_sign_in_test_narrow",
    secret: "narrow-secret",
    tenant: "sim-api-key",
    scopes: FW_NARROW_SCOPES,
  },
  acmeBare: {
    id: "fw_sign_in_test_bare",
    secret: "bare-secret",
    tenant: "sim-api-key",
    scopes: ["freshservice.tickets.view"],
  },
  globex: {
    id: "fw_sign_in_test_globex",
    secret: "globex-fw-secret",
    tenant: SECOND_TENANT_API_KEY,
    scopes: FW_SCOPES,
  },
};

let grants: Map<string, FakeGrantState>;
let testEnv: Env;
let accountId: string;
let mcpId: string;
let ip: string;

async function registerFreshworksClients() {
  for (const c of Object.values(FW_CLIENTS)) {
    const response = await simulatorControl("oauth-clients", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...c, name: "Sign-in test", redirect_uris: [CALLBACK] }),
    });
    if (!response.ok) throw new Error(`simulator client: ${response.status}`);
  }
}

/** A fresh account (its own throttle) with both ways on, its Freshworks client `org`, and an OAuth server on it. */
async function setUp(org: keyof typeof FW_CLIENTS = "acme") {
  const fake = fakeGrants();
  grants = fake.grants;
  testEnv = { ...env, PUBLIC_ORIGIN: ORIGIN, OAUTH_GRANT: fake.namespace };
  ip = `10.${rand()}.${rand()}.${rand()}`;
  const client = FW_CLIENTS[org];
  accountId = (
    await createAccount({
      sign_in: {
        api_key: true,
        freshworks: {
          org_url: SIMULATOR_ORIGIN,
          client_id: client.id,
          client_secret: client.secret,
          scopes: client.scopes,
        },
      },
    })
  ).id;
  mcpId = (await mint(accountId, { name: "Service desk", auth: "oauth", config: { methods: ["read"] } })).id;
}

function rand() {
  return Math.floor(Math.random() * 250) + 1;
}

/** The authorization endpoint's hand-over: a pending sign-in, the page, and the browser's cookie. */
async function begin(codeChallenge = "challenge"): Promise<{ grantId: string; cookie: string; page: Response }> {
  const grantId = crypto.randomUUID();
  const now = Date.now();
  const pending: PendingSignIn = {
    grant_id: grantId,
    account_id: accountId,
    mcp_id: mcpId,
    client: {
      client_id: "https://client.example/meta.json",
      name: "Client",
      kind: "metadata_document",
      host: "client.example",
    },
    redirect_uri: CLIENT_REDIRECT,
    state: "client-state",
    code_challenge: codeChallenge,
    scopes: ["freshservice:read"],
    resource: `${ORIGIN}/mcp/oauth/${mcpId}`,
    issuer: `${ORIGIN}/oauth/${mcpId}`,
    created_at: now,
    expires_at: now + 600_000,
  };
  const page = await startSignIn(new Request(`${ORIGIN}/oauth/${mcpId}/authorize`), testEnv, pending);
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { grantId, cookie, page };
}

function post(fields: Record<string, string>, headers: Record<string, string>): Promise<Response> {
  const request = new Request(`${ORIGIN}/oauth/${mcpId}/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": ip, ...headers },
    body: new URLSearchParams(fields),
  });
  return handleSignInPost(request, testEnv, mcpId);
}

function signInWithKey(grantId: string, cookie: string, apiKey: string) {
  return post({ sign_in: grantId, way: "api_key", api_key: apiKey }, { cookie, origin: ORIGIN });
}

async function agentsMeCalls(): Promise<number> {
  return (await simulatorRequests()).filter((r) => r.path === "/api/v2/agents/me").length;
}

describe("the sign-in page's start", () => {
  beforeEach(() => setUp());

  it("binds the sign-in to this browser with a __Host- cookie and answers the page with its headers", async () => {
    const { grantId, page } = await begin();
    expect(page.status).toBe(200);
    const setCookie = page.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^__Host-fsmcp-sign-in=${grantId}\\.[A-Za-z0-9_-]{43};`));
    for (const attribute of ["HttpOnly", "SameSite=Lax", "Path=/", "Secure", "Max-Age=600"])
      expect(setCookie).toContain(attribute);
    expect(setCookie).not.toContain("Domain");
    // Only the nonce's hash is handed to the grant object.
    const nonce = setCookie.split(";")[0]?.split(".")[1] ?? "";
    expect(grants.get(grantId)?.nonceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(grants.get(grantId)?.nonceHash).not.toContain(nonce);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain("Sign in with my API key");
    expect(html).toContain("Sign in with Freshworks");
    expect(html).toContain("Service desk");
    expect(html).toContain("read-only");
  });

  it("uses the plain cookie name on plain-http local development", async () => {
    testEnv = { ...testEnv, PUBLIC_ORIGIN: "http://localhost:8787" };
    const { page } = await begin();
    const setCookie = page.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^fsmcp-sign-in=/);
    expect(setCookie).not.toContain("Secure");
  });
});

describe("the form is bound to the browser that started the sign-in", () => {
  beforeEach(async () => {
    await setUp();
    await simulatorControl("requests", { method: "DELETE" });
  });

  it("takes a form without Origin from a client holding the starting browser's cookie (no browser omits it cross-site)", async () => {
    const { grantId, cookie } = await begin();
    expect((await post({ sign_in: grantId, way: "api_key", api_key: PRIYA_KEY }, { cookie })).status).toBe(303);
  });

  it.each([
    ["no cookie", (_cookie: string) => ({ origin: ORIGIN })],
    ["another browser's cookie", (_cookie: string) => ({ origin: ORIGIN, cookie: "__Host-fsmcp-sign-in=x" })],
    ["a cross-site form", (cookie: string) => ({ origin: "https://evil.example", cookie })],
    ["a form with Origin null", (cookie: string) => ({ origin: "null", cookie })],
    [
      "a form without Origin that the browser says came from another site",
      (cookie: string) => ({
        "sec-fetch-site": "cross-site",
        cookie,
      }),
    ],
  ])("refuses %s with an HTML error and changes nothing", async (_name, headersFor) => {
    const { grantId, cookie } = await begin();
    for (const way of ["api_key", "deny", "freshworks"]) {
      const response = await post({ sign_in: grantId, way, api_key: PRIYA_KEY }, headersFor(cookie));
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).not.toContain(PRIYA_KEY);
    }
    expect(grants.get(grantId)?.calls).toEqual(["begin"]);
    expect(await agentsMeCalls()).toBe(0);
  });

  it("refuses another sign-in's cookie (a browser that started a different one)", async () => {
    const first = await begin();
    const second = await begin();
    const response = await post({ sign_in: first.grantId, way: "deny" }, { origin: ORIGIN, cookie: second.cookie });
    expect(response.status).toBe(403);
    expect(grants.get(first.grantId)?.calls).toEqual(["begin"]);
    expect(grants.get(second.grantId)?.calls).toEqual(["begin"]);
  });

  it("Deny sends the client access_denied, once", async () => {
    const { grantId, cookie } = await begin();
    const response = await post({ sign_in: grantId, way: "deny" }, { origin: ORIGIN, cookie });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe(CLIENT_REDIRECT);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(response.headers.get("set-cookie")).toContain("Max-Age=0");
    const again = await post({ sign_in: grantId, way: "deny" }, { origin: ORIGIN, cookie });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already used");
  });
});

describe("signing in with an API key", () => {
  beforeEach(() => setUp());

  it("accepts Priya's own key as Priya, keeping the key only encrypted", async () => {
    const { grantId, cookie } = await begin();
    const response = await signInWithKey(grantId, cookie, PRIYA_KEY);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("code")).toMatch(new RegExp(`^${grantId}\\.`));
    expect(location.searchParams.get("state")).toBe("client-state");
    const outcome = grants.get(grantId)?.outcome;
    if (outcome?.kind !== "approved" || outcome.credential.way !== "api_key") throw new Error("not approved");
    expect(outcome.agent).toEqual(PRIYA);
    expect(outcome.way).toBe("api_key");
    expect(JSON.stringify(outcome.credential)).not.toContain(PRIYA_KEY);
    expect(await decryptSecret(outcome.credential.api_key, env.CREDENTIALS_KEY, grantId)).toBe(PRIYA_KEY);
    // Single use: the same form again is refused and approves nothing more.
    const replay = await signInWithKey(grantId, cookie, PRIYA_KEY);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("already used");
    expect(grants.get(grantId)?.calls).toEqual(["begin", "approve"]);
  });

  it.each([
    ["a requester's key", REQUESTER_KEY, "requester"],
    ["a wrong key", "sim-api-key-user-99999999999", "accept this API key"],
    ["another company's key", `${SECOND_TENANT_API_KEY}-user-21000000002`, "another Freshservice account"],
  ])("refuses %s with the page and a clear error, never echoing the key", async (_name, key, words) => {
    const { grantId, cookie } = await begin();
    const response = await signInWithKey(grantId, cookie, key);
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const html = await response.text();
    expect(html).toContain(words);
    expect(html).toContain("Your Freshservice API key");
    expect(html).not.toContain(key);
    expect(grants.get(grantId)?.outcome).toBeNull();
    // The sign-in is still pending: the right key works after a wrong one.
    expect((await signInWithKey(grantId, cookie, PRIYA_KEY)).status).toBe(303);
  });

  it("says Freshservice is busy when it answers 429, and the sign-in stays open", async () => {
    const { grantId, cookie } = await begin();
    await injectFault({ kind: "status", status: 429, match: { pathPrefix: "/agents/me" } });
    try {
      const response = await signInWithKey(grantId, cookie, PRIYA_KEY);
      expect(response.status).toBe(429);
      expect(await response.text()).toContain("Freshservice is busy, try again");
    } finally {
      await clearFaults();
    }
    expect((await signInWithKey(grantId, cookie, PRIYA_KEY)).status).toBe(303);
  });

  it("counts only wrong keys: more agents than the per-address limit sign in from one address", async () => {
    for (let i = 0; i < API_KEY_FAILURES_PER_IP + 2; i++) {
      const { grantId, cookie } = await begin();
      expect((await signInWithKey(grantId, cookie, PRIYA_KEY)).status).toBe(303);
    }
  });

  it("throttles repeated wrong keys from one address before a key reaches Freshservice", async () => {
    const { grantId, cookie } = await begin();
    await simulatorControl("requests", { method: "DELETE" });
    const statuses: number[] = [];
    // Five a minute; the window may turn over once during the loop, so at most ten pass before the refusal.
    for (let i = 0; i < 11 && !statuses.includes(429); i++)
      statuses.push((await signInWithKey(grantId, cookie, `sim-api-key-user-9999999999${i % 10}`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(await agentsMeCalls()).toBe(statuses.length - 1);
    const refused = await signInWithKey(grantId, cookie, PRIYA_KEY);
    if (refused.status === 429) {
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await refused.text()).toContain("Too many sign-in attempts");
    }
  });
});

describe("with the real grant object", () => {
  beforeEach(async () => {
    await setUp();
    testEnv = { ...testEnv, OAUTH_GRANT: env.OAUTH_GRANT };
  });

  it("an API key sign-in gives a code the grant redeems for Priya, once", async () => {
    const verifier = "v".repeat(43);
    const { grantId, cookie } = await begin(await s256(verifier));
    const wrong = await signInWithKey(grantId, cookie, REQUESTER_KEY);
    expect(wrong.status).toBe(400);
    const response = await signInWithKey(grantId, cookie, PRIYA_KEY);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("iss")).toBe(`${ORIGIN}/oauth/${mcpId}`);
    const code = location.searchParams.get("code") ?? "";
    expect((await signInWithKey(grantId, cookie, PRIYA_KEY)).status).toBe(400);
    const tokens = await env.OAUTH_GRANT.getByName(grantId).redeemCode({
      code,
      code_verifier: verifier,
      redirect_uri: CLIENT_REDIRECT,
      client_id: "https://client.example/meta.json",
      resource: `${ORIGIN}/mcp/oauth/${mcpId}`,
      mcp_id: mcpId,
    });
    expect(tokens).toMatchObject({ token_type: "Bearer" });
    const summary = await env.OAUTH_GRANT.getByName(grantId).summary();
    expect(summary).toMatchObject({ agent_id: PRIYA.id, agent_email: PRIYA.email, way: "api_key" });
  });

  it("Deny ends the real sign-in: the form can't be used again", async () => {
    const { grantId, cookie } = await begin();
    const response = await post({ sign_in: grantId, way: "deny" }, { origin: ORIGIN, cookie });
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied");
    expect((await signInWithKey(grantId, cookie, PRIYA_KEY)).status).toBe(400);
  });
});

describe("through the Worker", () => {
  it("a dynamically registered client's sign-in: the page, Priya's key, the code, the tokens", async () => {
    const { id: account } = await createAccount();
    const { id: server } = await mint(account, { name: "Desk", auth: "oauth" });
    const redirect = "http://127.0.0.1:45678/callback";
    const registered = await call(`/oauth/${server}/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.77" },
      body: JSON.stringify({
        redirect_uris: [redirect],
        token_endpoint_auth_method: "none",
        client_name: "<b>Tool</b>",
      }),
    });
    expect(registered.status).toBe(201);
    const { client_id } = (await registered.json()) as { client_id: string };
    const verifier = "w".repeat(43);
    const query = new URLSearchParams({
      response_type: "code",
      client_id,
      redirect_uri: redirect,
      code_challenge: await s256(verifier),
      code_challenge_method: "S256",
      resource: `${WORKER_ORIGIN}/mcp/oauth/${server}`,
      state: "st",
    });
    const page = await call(`/oauth/${server}/authorize?${query}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("registered dynamically — not verified");
    expect(html).toContain("an app on this computer");
    expect(html).toContain("&lt;b&gt;Tool&lt;/b&gt;");
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^fsmcp-sign-in=/);
    const grantId = /name="sign_in" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const signIn = (headers: Record<string, string>) =>
      call(`/oauth/${server}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "192.0.2.78", ...headers },
        body: new URLSearchParams({ sign_in: grantId, way: "api_key", api_key: PRIYA_KEY }).toString(),
      });
    expect((await signIn({ cookie, origin: "https://evil.example" })).status).toBe(403);
    const approved = await signIn({ cookie, origin: WORKER_ORIGIN });
    expect(approved.status).toBe(303);
    const code = new URL(approved.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const token = await call(`/oauth/${server}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        code_verifier: verifier,
        redirect_uri: redirect,
        client_id,
        resource: `${WORKER_ORIGIN}/mcp/oauth/${server}`,
      }).toString(),
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ token_type: "Bearer" });
  });
});

describe("signing in with Freshworks", () => {
  beforeEach(registerFreshworksClients);

  /** The agent at the simulator's org sign-in form, as a browser would fill it in. */
  async function atFreshworks(authorizeUrl: string, email: string, decision = "allow"): Promise<string> {
    const page = await fetch(authorizeUrl, { redirect: "manual" });
    expect(page.status).toBe(200);
    await page.text();
    const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
    form.set("email", email);
    form.set("password", "sim-password");
    form.set("decision", decision);
    const answer = await fetch(`${SIMULATOR_ORIGIN}/org/oauth/v2/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
      redirect: "manual",
    });
    expect(answer.status).toBe(302);
    return answer.headers.get("location") ?? "";
  }

  async function startFreshworks() {
    const started = await begin();
    const response = await post(
      { sign_in: started.grantId, way: "freshworks" },
      { origin: ORIGIN, cookie: started.cookie },
    );
    expect(response.status).toBe(303);
    return { ...started, authorizeUrl: response.headers.get("location") ?? "" };
  }

  it("sends the agent to the org with our own PKCE and state, and approves the agent Freshworks names", async () => {
    await setUp("acme");
    const { grantId, cookie, authorizeUrl } = await startFreshworks();
    const authorize = new URL(authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${SIMULATOR_ORIGIN}/org/oauth/v2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: FW_CLIENTS.acme.id,
      redirect_uri: CALLBACK,
      scope: FW_SCOPES.join(" "),
      code_challenge_method: "S256",
    });
    expect(authorize.searchParams.get("state")).toMatch(new RegExp(`^${grantId}\\.`));
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const callback = await atFreshworks(authorizeUrl, PRIYA.email);
    expect(callback.startsWith(`${CALLBACK}?`)).toBe(true);
    const response = await handleFreshworksCallback(new Request(callback, { headers: { cookie } }), testEnv);
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("code")).toMatch(
      new RegExp(`^${grantId}\\.`),
    );
    const outcome = grants.get(grantId)?.outcome;
    if (outcome?.kind !== "approved" || outcome.credential.way !== "freshworks") throw new Error("not approved");
    expect(outcome.agent).toEqual(PRIYA);
    expect(outcome.credential.expires_at).toBeGreaterThan(Date.now() + 25 * 60_000);

    // The refresh rotates the token; the old refresh token is then refused, as is a revoked one.
    const refreshToken = await decryptSecret(outcome.credential.refresh_token, env.CREDENTIALS_KEY, grantId);
    const renewed = await refreshFreshworksToken(testEnv, accountId, refreshToken);
    expect(renewed.refresh_token).not.toBe(refreshToken);
    expect(renewed.access_token).not.toBe(
      await decryptSecret(outcome.credential.access_token, env.CREDENTIALS_KEY, grantId),
    );
    await expect(refreshFreshworksToken(testEnv, accountId, refreshToken)).rejects.toBeInstanceOf(FreshworksRejected);
    const granted = (await (await simulatorControl("oauth-grants")).json()) as {
      id: string;
      client_id: string;
      revoked_at: string | null;
    }[];
    for (const g of granted.filter((g) => g.client_id === FW_CLIENTS.acme.id && !g.revoked_at))
      await simulatorControl(`oauth-grants/${g.id}`, { method: "DELETE" });
    await expect(refreshFreshworksToken(testEnv, accountId, renewed.refresh_token)).rejects.toBeInstanceOf(
      FreshworksRejected,
    );
  });

  it("finds the agent among requesters when the client may not list agents", async () => {
    await setUp("acmeNarrow");
    await simulatorControl("requests", { method: "DELETE" });
    const { grantId, cookie, authorizeUrl } = await startFreshworks();
    const callback = await atFreshworks(authorizeUrl, PRIYA.email);
    const response = await handleFreshworksCallback(new Request(callback, { headers: { cookie } }), testEnv);
    expect(response.status).toBe(303);
    const outcome = grants.get(grantId)?.outcome;
    expect(outcome?.kind === "approved" && outcome.agent).toEqual(PRIYA);
    const log = (await simulatorRequests()) as unknown as { status: number; path: string }[];
    const paths = log.map((r) => `${r.status} ${r.path}`);
    expect(paths).toContain("403 /api/v2/agents");
    expect(paths).toContain("200 /api/v2/requesters");
  });

  it("says which scope is missing when the client may look up no one", async () => {
    await setUp("acmeBare");
    const { grantId, cookie, authorizeUrl } = await startFreshworks();
    const callback = await atFreshworks(authorizeUrl, PRIYA.email);
    const response = await handleFreshworksCallback(new Request(callback, { headers: { cookie } }), testEnv);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("freshservice.requesters.view");
    expect(grants.get(grantId)?.outcome).toBeNull();
  });

  it("a refresh Freshworks refuses ends the grant; one it can't answer leaves it", async () => {
    await setUp("acme");
    await expect(refreshFreshworksToken(testEnv, accountId, "never-issued")).rejects.toBeInstanceOf(FreshworksRejected);
    await injectFault({ kind: "status", status: 503, match: { pathPrefix: "/org/oauth/v2/token" } });
    try {
      const failure = await refreshFreshworksToken(testEnv, accountId, "never-issued").catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(FreshworksUnavailable);
      expect(failure).not.toBeInstanceOf(FreshworksRejected);
      expect(String(failure)).not.toContain("never-issued");
    } finally {
      await clearFaults();
    }
  });

  it("refuses a Freshworks sign-in for another company's Freshservice", async () => {
    await setUp("globex");
    const { grantId, cookie, authorizeUrl } = await startFreshworks();
    const callback = await atFreshworks(authorizeUrl, "priya.shah@globex.example");
    const response = await handleFreshworksCallback(new Request(callback, { headers: { cookie } }), testEnv);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("globex.freshservice.com");
    expect(html).toContain("this server is for acme.freshservice.com");
    expect(grants.get(grantId)?.outcome).toBeNull();
  });

  it("a callback without this browser's cookie, or with a state we didn't send, changes nothing", async () => {
    await setUp("acme");
    const { grantId, cookie, authorizeUrl } = await startFreshworks();
    const callback = await atFreshworks(authorizeUrl, PRIYA.email);
    const noCookie = await handleFreshworksCallback(new Request(callback), testEnv);
    expect(noCookie.status).toBe(403);
    const forged = new URL(callback);
    forged.searchParams.set("state", `${grantId}.forged`);
    const wrongState = await handleFreshworksCallback(new Request(forged, { headers: { cookie } }), testEnv);
    expect(wrongState.status).toBe(400);
    expect(grants.get(grantId)?.outcome).toBeNull();
  });

  it("Deny at Freshworks sends the client access_denied", async () => {
    await setUp("acme");
    const { grantId, cookie, authorizeUrl } = await startFreshworks();
    const callback = await atFreshworks(authorizeUrl, PRIYA.email, "deny");
    const response = await handleFreshworksCallback(new Request(callback, { headers: { cookie } }), testEnv);
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("error")).toBe("access_denied");
    expect(grants.get(grantId)?.outcome).toEqual({ kind: "denied" });
  });
});
