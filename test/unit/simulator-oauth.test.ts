import { describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, DEMO_OAUTH_CLIENT, SIGN_IN_PASSWORD } from "../../simulator/simulator";
import { advanceTestClock, api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

const ORIGIN = "http://simulator.test";
const PRIYA = 21000000002; // SD Agent
const TICKET = 58;
const CALLBACK = "http://127.0.0.1:8787/callback"; // the demo client's loopback URI, on a port chosen at run time
const VERIFIER = "a-code-verifier-that-is-long-enough-to-be-valid-0123456789";
const MINUTE = 60_000;

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function basic(id = DEMO_OAUTH_CLIENT.id, secret = DEMO_OAUTH_CLIENT.secret): string {
  return `Basic ${btoa(`${id}:${secret}`)}`;
}

function authorizeParams(overrides: Record<string, string | null> = {}): Record<string, string> {
  const all: Record<string, string | null> = {
    response_type: "code",
    client_id: DEMO_OAUTH_CLIENT.id,
    redirect_uri: CALLBACK,
    state: "state-123",
    scope: "freshservice.tickets.view freshservice.tickets.edit",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
}

function authorizeUrl(params: Record<string, string>): string {
  return `${ORIGIN}/org/oauth/v2/authorize?${new URLSearchParams(params)}`;
}

/** Submits the sign-in form (what the page's POST sends). */
function submitSignIn(params: Record<string, string>, email: string, password = SIGN_IN_PASSWORD, decision = "allow") {
  return sim.handle(
    new Request(`${ORIGIN}/org/oauth/v2/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...params, email, password, decision }),
    }),
  );
}

function token(params: Record<string, string>, options: { auth?: string | null; json?: boolean } = {}) {
  const headers: Record<string, string> = {
    "content-type": options.json ? "application/json" : "application/x-www-form-urlencoded",
  };
  if (options.auth !== null) headers.authorization = options.auth ?? basic();
  return sim.handle(
    new Request(`${ORIGIN}/org/oauth/v2/token`, {
      method: "POST",
      headers,
      body: options.json ? JSON.stringify(params) : new URLSearchParams(params),
    }),
  );
}

function revoke(tokenValue: string, auth = basic()) {
  return sim.handle(
    new Request(`${ORIGIN}/org/oauth/v2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
      body: new URLSearchParams({ token: tokenValue }),
    }),
  );
}

/** Signs `email` in with PKCE and returns the code. */
async function codeFor(email: string, scope?: string): Promise<string> {
  const params = authorizeParams({
    ...(scope ? { scope } : {}),
    code_challenge: await s256(VERIFIER),
    code_challenge_method: "S256",
  });
  const res = await submitSignIn(params, email);
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") as string);
  expect(location.searchParams.get("state")).toBe("state-123");
  return location.searchParams.get("code") as string;
}

interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

async function tokensFor(email: string, scope?: string): Promise<Tokens> {
  const code = await codeFor(email, scope);
  const res = await token({ grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: VERIFIER });
  expect(res.status).toBe(200);
  return res.json() as Promise<Tokens>;
}

/** The OAuth `error` of a token or revocation answer. */
async function errorOf(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: string }).error;
}

const bearer = (t: string) => ({ apiKey: null, headers: { authorization: `Bearer ${t}` } });

function claims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] as string;
  return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
}

describe("org OAuth: the sign-in page", () => {
  it("shows the app, its scopes and an e-mail and password form carrying the request along", async () => {
    const res = await sim.handle(new Request(authorizeUrl(authorizeParams())));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain("MCP Demo");
    expect(html).toContain("freshservice.tickets.edit");
    expect(html).toContain('name="password"');
    expect(html).toContain(`value="${CALLBACK}"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it("escapes what the request carries into the page", async () => {
    const res = await sim.handle(new Request(authorizeUrl(authorizeParams({ state: '"><script>alert(1)</script>' }))));
    const html = await res.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;");
  });

  it.each([
    ["no client_id", { client_id: null }, "the client does not exist"],
    ["an unknown client", { client_id: "fw_ext_nobody" }, "the client does not exist"],
    ["no redirect_uri", { redirect_uri: null }, "redirect_uri is missing"],
    ["an unregistered redirect_uri", { redirect_uri: "https://evil.example/callback" }, "not registered"],
    ["another path on loopback", { redirect_uri: "http://127.0.0.1:8787/other" }, "not registered"],
    ["https on a loopback URI registered as http", { redirect_uri: "https://127.0.0.1/callback" }, "not registered"],
  ])("%s: an error page, never a redirect", async (_label, overrides, message) => {
    const res = await sim.handle(new Request(authorizeUrl(authorizeParams(overrides))));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain(message);
  });

  it.each([
    ["response_type token", { response_type: "token" }, "unsupported_response_type"],
    ["no state", { state: null }, "invalid_request"],
    ["an empty state", { state: "" }, "invalid_request"],
    ["no scope", { scope: null }, "invalid_request"],
    [
      "a scope the client wasn't given",
      { scope: "freshservice.tickets.view freshservice.departments.view" },
      "invalid_scope",
    ],
    ["a resource parameter (RFC 8707)", { resource: "https://mcp.example/mcp" }, "invalid_id"],
    ["a plain challenge too short", { code_challenge: "short" }, "invalid_request"],
    [
      "an unknown challenge method",
      { code_challenge: "x".repeat(43), code_challenge_method: "S512" },
      "invalid_request",
    ],
    ["a method without a challenge", { code_challenge_method: "S256" }, "invalid_request"],
  ])("%s: redirected back with an error", async (_label, overrides, error) => {
    const res = await sim.handle(new Request(authorizeUrl(authorizeParams(overrides))));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") as string);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get("error")).toBe(error);
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("the paths without /org answer 404", async () => {
    for (const path of ["/oauth/v2/authorize", "/oauth/v2/token", "/oauth/authorize", "/authorize", "/org/oauth/v2/x"])
      expect((await sim.handle(new Request(`${ORIGIN}${path}`))).status, path).toBe(404);
    const get = await sim.handle(new Request(`${ORIGIN}/org/oauth/v2/token`));
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("signing in redirects with a code and the state; a wrong password or a requester gets the page again", async () => {
    const params = authorizeParams();
    for (const [email, password] of [
      ["priya.shah@acme.example", "wrong"],
      ["john.smith@acme.example", SIGN_IN_PASSWORD], // a requester: no org account
      ["nobody@acme.example", SIGN_IN_PASSWORD],
    ] as const) {
      const res = await submitSignIn(params, email, password);
      expect(res.status, email).toBe(200);
      expect(await res.text()).toContain("Invalid email or password.");
    }
    const ok = await submitSignIn(params, "Priya.Shah@ACME.example");
    const location = new URL(ok.headers.get("location") as string);
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(location.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("Deny redirects with access_denied; a tampered form is checked like the GET", async () => {
    const denied = await submitSignIn(authorizeParams(), "priya.shah@acme.example", "", "deny");
    expect(new URL(denied.headers.get("location") as string).searchParams.get("error")).toBe("access_denied");
    const tampered = await submitSignIn(
      authorizeParams({ redirect_uri: "https://evil.example/" }),
      "priya.shah@acme.example",
    );
    expect(tampered.status).toBe(400);
  });

  it("serves authorization-server metadata pointing at the org endpoints on the same origin", async () => {
    const res = await sim.handle(new Request(`${ORIGIN}/.well-known/oauth-authorization-server`));
    const meta = (await res.json()) as { scopes_supported: string[] };
    expect(meta).toMatchObject({
      authorization_endpoint: `${ORIGIN}/org/oauth/v2/authorize`,
      token_endpoint: `${ORIGIN}/org/oauth/v2/token`,
      code_challenge_methods_supported: ["plain", "S256"],
    });
    expect(meta.scopes_supported).toContain("freshservice.tickets.view");
  });
});

describe("org OAuth: the token endpoint", () => {
  it("exchanges a code for a 30-minute JWT and a refresh token, form-encoded or JSON", async () => {
    for (const json of [false, true]) {
      const code = await codeFor("priya.shah@acme.example");
      const res = await token(
        { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: VERIFIER },
        { json },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = (await res.json()) as Tokens;
      expect(body).toMatchObject({
        token_type: "Bearer",
        expires_in: 1800,
        scope: "freshservice.tickets.view freshservice.tickets.edit",
      });
      expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const c = claims(body.access_token);
      expect(c).toMatchObject({
        user: "priya.shah@acme.example",
        organisation_domain: "acme.freshservice.com",
        scope: ["freshservice.tickets.view", "freshservice.tickets.edit"],
        app_id: DEMO_OAUTH_CLIENT.id,
      });
      // The org user id is numeric and is not the agent id.
      expect(c.sub).toMatch(/^\d+$/);
      expect(c.sub).not.toBe(String(PRIYA));
      expect((c.exp as number) - (c.iat as number)).toBe(1800);
    }
  });

  it.each([
    ["no client authentication", { auth: null }, 401, "invalid_client"],
    ["a wrong secret", { auth: basic(DEMO_OAUTH_CLIENT.id, "nope") }, 401, "invalid_client"],
    ["an unknown client", { auth: basic("fw_ext_nobody", "x") }, 401, "invalid_client"],
    ["a Bearer header", { auth: "Bearer abc" }, 401, "invalid_client"],
    ["the secret in the body", { body: { client_secret: DEMO_OAUTH_CLIENT.secret } }, 401, "invalid_client"],
    ["no grant_type", { body: { grant_type: "" } }, 400, "invalid_request"],
    ["client_credentials", { body: { grant_type: "client_credentials" } }, 400, "unsupported_grant_type"],
    ["a resource parameter", { body: { resource: "https://mcp.example/mcp" } }, 400, "invalid_id"],
    ["another redirect_uri", { body: { redirect_uri: "http://127.0.0.1:9999/callback" } }, 400, "invalid_grant"],
    ["no code_verifier", { body: { code_verifier: "" } }, 400, "invalid_grant"],
    ["a wrong code_verifier", { body: { code_verifier: VERIFIER.replace("a", "b") } }, 400, "invalid_grant"],
    ["an unknown code", { body: { code: "x".repeat(43) } }, 400, "invalid_grant"],
  ])("%s", async (_label, variant, status, error) => {
    const code = await codeFor("priya.shah@acme.example");
    const base = { grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: VERIFIER };
    const body = Object.fromEntries(
      Object.entries({ ...base, ...("body" in variant ? variant.body : {}) }).filter(([, v]) => v !== ""),
    );
    const res = await token(body as Record<string, string>, { auth: "auth" in variant ? variant.auth : undefined });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
    if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
  });

  it("a body that is neither a form nor JSON, or repeats a parameter, is invalid_request", async () => {
    const send = (body: string, type: string) =>
      sim.handle(
        new Request(`${ORIGIN}/org/oauth/v2/token`, {
          method: "POST",
          headers: { "content-type": type, authorization: basic() },
          body,
        }),
      );
    for (const [body, type] of [
      ["grant_type=refresh_token", "text/plain"],
      ["grant_type=refresh_token&grant_type=authorization_code", "application/x-www-form-urlencoded"],
      ['{"grant_type":["refresh_token"]}', "application/json"],
      ["{not json", "application/json"],
    ]) {
      const res = await send(body as string, type as string);
      expect([res.status, await errorOf(res)], body).toEqual([400, "invalid_request"]);
    }
  });

  it("a code is single-use (a replay revokes what it made) and lives 10 minutes", async () => {
    const code = await codeFor("priya.shah@acme.example");
    const exchange = () =>
      token({ grant_type: "authorization_code", code, redirect_uri: CALLBACK, code_verifier: VERIFIER });
    const first = (await (await exchange()).json()) as Tokens;
    const replay = await exchange();
    expect([replay.status, await errorOf(replay)]).toEqual([400, "invalid_grant"]);
    expect((await api.get("/tickets/58", undefined, bearer(first.access_token))).body.code).toBe(
      "access_token_invalid",
    );

    const late = await codeFor("priya.shah@acme.example");
    advanceTestClock(10 * MINUTE);
    const res = await token({
      grant_type: "authorization_code",
      code: late,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    });
    expect(await errorOf(res)).toBe("invalid_grant");
  });

  it("a code without PKCE needs no verifier, and refuses one", async () => {
    const res = await submitSignIn(authorizeParams(), "priya.shah@acme.example");
    const code = new URL(res.headers.get("location") as string).searchParams.get("code") as string;
    const withVerifier = await token({
      grant_type: "authorization_code",
      code,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    });
    expect(await errorOf(withVerifier)).toBe("invalid_grant");
    const res2 = await submitSignIn(authorizeParams(), "priya.shah@acme.example");
    const code2 = new URL(res2.headers.get("location") as string).searchParams.get("code") as string;
    expect((await token({ grant_type: "authorization_code", code: code2, redirect_uri: CALLBACK })).status).toBe(200);
  });

  it("refresh tokens rotate: the new pair works, the old refresh token is invalid_grant", async () => {
    const first = await tokensFor("priya.shah@acme.example");
    const res = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(res.status).toBe(200);
    const second = (await res.json()) as Tokens;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await api.get("/tickets/58", undefined, bearer(second.access_token))).status).toBe(200);
    const again = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect([again.status, await errorOf(again)]).toEqual([400, "invalid_grant"]);
    // Another client can't use it, even with a valid one of its own.
    sim.oauth.register({
      id: "fw_ext_other",
      secret: "other-secret",
      redirect_uris: [CALLBACK],
      scopes: ["freshservice.tickets.view"],
    });
    const foreign = await token(
      { grant_type: "refresh_token", refresh_token: second.refresh_token },
      { auth: basic("fw_ext_other", "other-secret") },
    );
    expect(await errorOf(foreign)).toBe("invalid_grant");
  });

  it("a refresh may narrow the scope, not widen it", async () => {
    const first = await tokensFor("priya.shah@acme.example");
    const wider = await token({
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
      scope: "freshservice.tickets.view freshservice.tickets.delete",
    });
    expect(await errorOf(wider)).toBe("invalid_scope");
    // The refused request did not spend the token.
    const narrower = await token({
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
      scope: "freshservice.tickets.view",
    });
    const body = (await narrower.json()) as Tokens;
    expect(body.scope).toBe("freshservice.tickets.view");
    expect((await api.put("/tickets/58", { priority: 4 }, bearer(body.access_token))).status).toBe(403);
  });

  it("refresh tokens last 365 days", async () => {
    const first = await tokensFor("priya.shah@acme.example");
    advanceTestClock(365 * 24 * 60 * MINUTE);
    const res = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(await errorOf(res)).toBe("invalid_grant");
  });

  it("of ten concurrent refreshes with one token exactly one succeeds, and the log counts all ten", async () => {
    const first = await tokensFor("priya.shah@acme.example");
    const results = await Promise.all(
      Array.from({ length: 10 }, () => token({ grant_type: "refresh_token", refresh_token: first.refresh_token })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(400)]);
    const refreshes = sim.requests.filter(
      (r) => r.path === "/org/oauth/v2/token" && (r.body as { grant_type?: string }).grant_type === "refresh_token",
    );
    expect(refreshes).toHaveLength(10);
    expect(refreshes[0]).toMatchObject({ oauth_client_id: DEMO_OAUTH_CLIENT.id, route: "POST /org/oauth/v2/token" });
    expect(sim.oauth.grants()[0]?.refreshes).toBe(1);
    const grants = (await api.get("/_simulator/oauth-grants")).body;
    expect(grants).toEqual([expect.objectContaining({ agent_id: PRIYA, refreshes: 1, revoked_at: null })]);
  });

  it("the request log masks the password and the client secret", async () => {
    await submitSignIn(authorizeParams(), "priya.shah@acme.example");
    await token({ grant_type: "refresh_token", refresh_token: "x", client_secret: "leak" }, {});
    const [signIn, tokenCall] = sim.requests;
    expect(signIn?.body).toMatchObject({ email: "priya.shah@acme.example", password: "***" });
    expect(tokenCall?.body).toMatchObject({ client_secret: "***" });
  });
});

describe("org OAuth: access tokens on /api/v2", () => {
  it("act as the token's agent, within its scopes and the agent's role", async () => {
    const priya = await tokensFor("priya.shah@acme.example");
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(priya.access_token))).status).toBe(200);
    const closed = await api.put(`/tickets/${TICKET}`, { status: 5 }, bearer(priya.access_token));
    expect(closed.status).toBe(200);
    expect(sim.requests.at(-1)).toMatchObject({
      credential: "oauth",
      agent_id: PRIYA,
      oauth_client_id: DEMO_OAUTH_CLIENT.id,
      tenant: DEFAULT_API_KEY,
    });
    const activities = (await api.get(`/tickets/${TICKET}/activities`)).body.activities;
    expect(activities[0].actor).toEqual({ id: PRIYA, name: "Priya Shah" });

    // Mei's token has the edit scope, but her role can only view.
    const mei = await tokensFor("mei.chen@acme.example");
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(mei.access_token))).status).toBe(200);
    const denied = await api.put(`/tickets/${TICKET}`, { status: 2 }, bearer(mei.access_token));
    expect([denied.status, denied.body.code]).toEqual([403, "access_denied"]);
    expect(sim.tenant().tickets.get(TICKET)?.status).toBe(5);
  });

  it.each([
    // [what, method, path, body, status]: the token has tickets.view and tickets.edit only
    ["read a ticket (tickets.view)", "GET", `/tickets/${TICKET}`, undefined, 200],
    ["filter tickets (tickets.view)", "GET", "/tickets/filter", undefined, 400],
    ["update a ticket (tickets.edit)", "PUT", `/tickets/${TICKET}`, { priority: 4 }, 200],
    ["create a ticket (tickets.create, not granted)", "POST", "/tickets", {}, 403],
    ["delete a ticket (tickets.delete, not granted)", "DELETE", `/tickets/${TICKET}`, undefined, 403],
    ["list problems (problems.view, not granted)", "GET", "/problems", undefined, 403],
    ["list CABs (no scope exists)", "GET", "/cabs", undefined, 403],
    ["list approvals (no scope exists)", "GET", "/approvals", undefined, 403],
    ["agents/me (undocumented, no scope)", "GET", "/agents/me", undefined, 403],
    ["an unknown URL", "GET", "/nothing-here", undefined, 404],
  ])("%s", async (_what, method, path, body, status) => {
    const t = await tokensFor("priya.shah@acme.example");
    const res = await api.request(method, path, { body, ...bearer(t.access_token) });
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body.code).toBe("access_denied");
  });

  it("expire after 30 minutes on the simulator's clock: access_token_expired, then a refresh works", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    advanceTestClock(30 * MINUTE - 1000);
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token))).status).toBe(200);
    advanceTestClock(1000);
    const expired = await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token));
    expect([expired.status, expired.body.code]).toEqual([401, "access_token_expired"]);
    expect(expired.headers.get("x-ratelimit-remaining")).toBeNull();
    const fresh = (await (
      await token({ grant_type: "refresh_token", refresh_token: t.refresh_token })
    ).json()) as Tokens;
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(fresh.access_token))).status).toBe(200);
  });

  it.each([
    ["garbage", () => "not-a-jwt"],
    ["an empty Bearer", () => ""],
    ["two parts", (t: string) => t.split(".").slice(0, 2).join(".")],
  ])("%s: not a token at all, 401 invalid_credentials", async (_label, forge) => {
    const t = await tokensFor("priya.shah@acme.example");
    const res = await api.get(`/tickets/${TICKET}`, undefined, bearer(forge(t.access_token)));
    expect([res.status, res.body.code]).toEqual([401, "invalid_credentials"]);
  });

  it.each([
    ["alg none", (t: string) => `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, "")}.${t.split(".")[1]}.`],
    [
      "a changed payload",
      (t: string) => {
        const [h, , s] = t.split(".");
        const forged = btoa(JSON.stringify({ ...claims(t), user: "alex.morgan@acme.example" })).replace(/=+$/, "");
        return `${h}.${forged.replace(/\+/g, "-").replace(/\//g, "_")}.${s}`;
      },
    ],
    ["a cut signature", (t: string) => t.slice(0, -4)],
    ["no signature", (t: string) => t.slice(0, t.lastIndexOf(".") + 1)],
    ["a token id of another shape", (t: string) => t.replace(/\.[^.]+\./, `.${btoa('{"jti":1}').replace(/=+$/, "")}.`)],
  ])("%s: 401 access_token_invalid", async (_label, forge) => {
    const t = await tokensFor("priya.shah@acme.example");
    const res = await api.get(`/tickets/${TICKET}`, undefined, bearer(forge(t.access_token)));
    expect([res.status, res.body.code]).toEqual([401, "access_token_invalid"]);
  });

  it("a token from before a reset is invalid", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    sim.reset();
    const res = await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token));
    expect(res.body.code).toBe("access_token_invalid");
    expect(sim.oauth.grants()).toEqual([]);
  });

  it("stop when the agent is deactivated", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    await api.delete(`/agents/${PRIYA}`);
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token))).body.code).toBe(
      "access_token_invalid",
    );
    const res = await token({ grant_type: "refresh_token", refresh_token: t.refresh_token });
    expect(await errorOf(res)).toBe("invalid_grant");
  });
});

describe("org OAuth: revocation", () => {
  it("revoking the refresh token ends the grant: its access tokens and refresh token stop working", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    const other = await tokensFor("mei.chen@acme.example");
    const res = await revoke(t.refresh_token);
    expect([res.status, await res.json()]).toEqual([200, {}]);
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token))).body.code).toBe(
      "access_token_invalid",
    );
    expect(await errorOf(await token({ grant_type: "refresh_token", refresh_token: t.refresh_token }))).toBe(
      "invalid_grant",
    );
    // Another agent's grant is untouched.
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(other.access_token))).status).toBe(200);
  });

  it("an access token revokes its grant too; unknown tokens answer 200; another client's token is left alone", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    expect((await revoke("unknown-token")).status).toBe(200);
    sim.oauth.register({
      id: "fw_ext_other",
      secret: "other-secret",
      redirect_uris: [CALLBACK],
      scopes: ["freshservice.tickets.view"],
    });
    expect((await revoke(t.access_token, basic("fw_ext_other", "other-secret"))).status).toBe(200);
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token))).status).toBe(200);
    expect((await revoke(t.access_token)).status).toBe(200);
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token))).status).toBe(401);
    expect((await revoke(t.access_token, basic(DEMO_OAUTH_CLIENT.id, "wrong"))).status).toBe(401);
  });

  it("the control API revokes a grant as the agent disconnecting the app would", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    const [grant] = (await api.get("/_simulator/oauth-grants")).body;
    expect((await api.delete(`/_simulator/oauth-grants/${grant.id}`)).status).toBe(204);
    expect((await api.delete(`/_simulator/oauth-grants/${grant.id}`)).status).toBe(404);
    expect((await api.get(`/tickets/${TICKET}`, undefined, bearer(t.access_token))).status).toBe(401);
  });
});

describe("org OAuth: clients in the control API", () => {
  it("lists the demo client without its secret", async () => {
    const clients = (await api.get("/_simulator/oauth-clients")).body;
    expect(clients).toEqual([
      {
        id: DEMO_OAUTH_CLIENT.id,
        name: "MCP Demo",
        redirect_uris: DEMO_OAUTH_CLIENT.redirect_uris,
        scopes: DEMO_OAUTH_CLIENT.scopes,
        tenant: DEFAULT_API_KEY,
      },
    ]);
  });

  it("registers a client (201, secret shown once), replaces it by id (200) and removes it with its grants", async () => {
    const client = {
      id: "fw_ext_worker",
      secret: "worker-secret",
      name: "MCP Worker",
      redirect_uris: ["https://mcp.example.com/oauth/callback", "http://localhost:8787/oauth/callback"],
      scopes: ["freshservice.tickets.view"],
    };
    const created = await api.post("/_simulator/oauth-clients", client);
    expect([created.status, created.body.secret]).toEqual([201, "worker-secret"]);
    const replaced = await api.post("/_simulator/oauth-clients", { ...client, scopes: ["freshservice.tickets.edit"] });
    expect(replaced.status).toBe(200);
    const generated = await api.post("/_simulator/oauth-clients", { redirect_uris: [CALLBACK], scopes: client.scopes });
    expect(generated.body.id).toMatch(/^fw_ext_/);
    expect(generated.body.secret.length).toBeGreaterThan(20);
    expect((await api.delete("/_simulator/oauth-clients/fw_ext_worker")).status).toBe(204);
    expect((await api.delete("/_simulator/oauth-clients/fw_ext_worker")).status).toBe(404);
  });

  it.each([
    ["no redirect URIs", { redirect_uris: [] }],
    ["plain http off loopback", { redirect_uris: ["http://mcp.example.com/callback"] }],
    ["a fragment", { redirect_uris: ["https://mcp.example.com/callback#x"] }],
    ["credentials in the URI", { redirect_uris: ["https://user:pw@mcp.example.com/callback"] }],
    ["a relative URI", { redirect_uris: ["/callback"] }],
    ["a custom scheme", { redirect_uris: ["javascript:alert(1)"] }],
    ["no scopes", { scopes: [] }],
    ["a scope of another product", { scopes: ["freshdesk.tickets.view"] }],
    ["a four-word name", { name: "My Very Long App" }],
    ["an id with a colon", { id: "a:b" }],
    ["a secret with a space", { secret: "a b" }],
    ["an unknown tenant", { tenant: "nope" }],
  ])("refuses %s (400)", async (_label, override) => {
    const res = await api.post("/_simulator/oauth-clients", {
      redirect_uris: [CALLBACK],
      scopes: ["freshservice.tickets.view"],
      ...override,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_value");
  });

  it("accepts loopback redirect URIs on any port, and a portless one matches every port", async () => {
    for (const uri of [
      "http://127.0.0.1:1/cb",
      "http://localhost:65535/cb",
      "http://[::1]:8080/cb",
      "http://127.0.0.2/cb",
    ])
      expect(
        (await api.post("/_simulator/oauth-clients", { redirect_uris: [uri], scopes: ["freshservice.tickets.view"] }))
          .status,
        uri,
      ).toBe(201);
    for (const port of [1, 8787, 54321]) {
      const res = await sim.handle(
        new Request(authorizeUrl(authorizeParams({ redirect_uri: `http://localhost:${port}/callback` }))),
      );
      expect(res.status, String(port)).toBe(200);
    }
  });

  it("a client of another tenant signs in that tenant's agents and its tokens act there", async () => {
    const { createSimulator } = await import("../../simulator/simulator");
    const two = createSimulator({
      now: () => Date.UTC(2025, 5, 16, 12),
      tenants: [{ apiKey: DEFAULT_API_KEY }, { apiKey: "globex-key", name: "globex" }],
      oauthClients: [
        {
          id: "fw_ext_globex",
          secret: "globex-secret",
          redirect_uris: [CALLBACK],
          scopes: ["freshservice.tickets.view"],
          tenant: "globex-key",
        },
      ],
    });
    const params = authorizeParams({ client_id: "fw_ext_globex", scope: "freshservice.tickets.view" });
    const form = (email: string) =>
      two.handle(
        new Request(`${ORIGIN}/org/oauth/v2/authorize`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ ...params, email, password: SIGN_IN_PASSWORD, decision: "allow" }),
        }),
      );
    expect((await form("priya.shah@acme.example")).status).toBe(200); // not an agent of globex
    const ok = await form("priya.shah@globex.example");
    const code = new URL(ok.headers.get("location") as string).searchParams.get("code") as string;
    const res = await two.handle(
      new Request(`${ORIGIN}/org/oauth/v2/token`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: basic("fw_ext_globex", "globex-secret") },
        body: JSON.stringify({ grant_type: "authorization_code", code, redirect_uri: CALLBACK }),
      }),
    );
    const t = (await res.json()) as Tokens;
    expect(claims(t.access_token).organisation_domain).toBe("globex.freshservice.com");
    await two.handle(
      new Request(`${ORIGIN}/api/v2/tickets/1`, { headers: { authorization: `Bearer ${t.access_token}` } }),
    );
    expect(two.requests.at(-1)).toMatchObject({ tenant: "globex-key", credential: "oauth", status: 200 });
  });
});

describe("org OAuth: faults", () => {
  it("apply to an org path only when a fault names it", async () => {
    const t = await tokensFor("priya.shah@acme.example");
    sim.injectFault({ kind: "status", status: 503 }); // meant for the API
    sim.injectFault({ kind: "status", status: 502, match: { pathPrefix: "/org/oauth/v2/token" } });
    const refresh = await token({ grant_type: "refresh_token", refresh_token: t.refresh_token });
    expect(refresh.status).toBe(502);
    // The unnamed fault is still queued and hits the next API call.
    expect((await api.get(`/tickets/${TICKET}`)).status).toBe(503);
    // The failed refresh did not spend the token.
    expect((await token({ grant_type: "refresh_token", refresh_token: t.refresh_token })).status).toBe(200);
  });
});
