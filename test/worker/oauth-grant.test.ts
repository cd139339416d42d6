/**
 * The grant object (docs/sign-in.md steps 5-9), called directly: a sign-in bound to its browser, a single-use code
 * with PKCE, refresh rotation with replay detection, ten concurrent refreshes making one rotation and one upstream
 * refresh, revocation that stops the next call at once, and a token refused for another server's resource.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { FreshworksRejected } from "../../worker/oauth/freshworks";
import type { OAuthFailure, PendingSignIn, StoredCredential, TokenSet } from "../../worker/oauth/grant-types";
import { s256 } from "../../worker/oauth/tokens";
import { encryptSecret, sha256Hex } from "../../worker/store/crypto";

const upstream = { calls: 0, next: null as null | (() => Promise<unknown>) };
const index = { puts: [] as { grant_id: string }[], removed: [] as string[] };

/** Freshworks and the operator's listing, as this file stands in for them inside each grant object. */
const outside = {
  refreshFreshworksToken: async () => {
    upstream.calls++;
    if (!upstream.next) throw new Error("no upstream answer set");
    return upstream.next();
  },
  grantIndex: () => ({
    put: async (_account: string, summary: { grant_id: string }) => void index.puts.push(summary),
    remove: async (_account: string, _mcp: string, grantId: string) => void index.removed.push(grantId),
    list: async () => [],
  }),
};

/** The object of a grant, with this file's stand-ins. */
async function grantObject(_env: Env, grantId: string) {
  const stub = env.OAUTH_GRANT.getByName(grantId);
  await runInDurableObject(stub, (instance) => {
    (instance as unknown as { outside: unknown }).outside = outside;
  });
  return stub;
}
type Grant = ReturnType<typeof env.OAUTH_GRANT.getByName>;

const ORIGIN = "http://worker.test";
const VERIFIER = "v".repeat(43);
const NONCE = "browser-nonce-of-the-starting-browser";
const CLIENT_ID = "https://client.example.com/oauth/metadata.json";
const REDIRECT = "https://client.example.com/callback";

beforeEach(() => {
  upstream.calls = 0;
  upstream.next = null;
  index.puts.length = 0;
  index.removed.length = 0;
});

async function pendingSignIn(overrides: Partial<PendingSignIn> = {}): Promise<PendingSignIn> {
  const mcpId = crypto.randomUUID();
  const now = Date.now();
  return {
    grant_id: crypto.randomUUID(),
    account_id: crypto.randomUUID(),
    mcp_id: mcpId,
    client: { client_id: CLIENT_ID, name: "Example", kind: "metadata_document", host: "client.example.com" },
    redirect_uri: REDIRECT,
    state: "client-state",
    code_challenge: await s256(VERIFIER),
    scopes: ["freshservice:read"],
    resource: `${ORIGIN}/mcp/oauth/${mcpId}`,
    issuer: `${ORIGIN}/oauth/${mcpId}`,
    created_at: now,
    expires_at: now + 600_000,
    ...overrides,
  };
}

const agent = { id: 21000000002, email: "priya@acme.example", name: "Priya Shah" };

async function apiKeyCredential(grantId: string): Promise<StoredCredential> {
  return { way: "api_key", api_key: await encryptSecret("agent-own-key", env.CREDENTIALS_KEY, grantId) };
}

async function freshworksCredential(grantId: string, expiresAt: number): Promise<StoredCredential> {
  return {
    way: "freshworks",
    access_token: await encryptSecret("fw-access-1", env.CREDENTIALS_KEY, grantId),
    refresh_token: await encryptSecret("fw-refresh-1", env.CREDENTIALS_KEY, grantId),
    expires_at: expiresAt,
  };
}

/** begin → approve: the grant's object and the code from its redirect. */
async function approved(options: { pending?: Partial<PendingSignIn>; credential?: StoredCredential } = {}) {
  const pending = await pendingSignIn(options.pending);
  const grant = await grantObject(env, pending.grant_id);
  await grant.begin(pending, await sha256Hex(NONCE));
  const credential = options.credential ?? (await apiKeyCredential(pending.grant_id));
  const result = await grant.approve(NONCE, { agent, way: credential.way, credential });
  if (!result) throw new Error("approve refused");
  const redirect = new URL(result.redirect);
  return { grant, pending, redirect, code: redirect.searchParams.get("code") as string };
}

function redeem(grant: Grant, pending: PendingSignIn, code: string, overrides = {}) {
  return grant.redeemCode({
    code,
    code_verifier: VERIFIER,
    redirect_uri: pending.redirect_uri,
    client_id: pending.client.client_id,
    resource: pending.resource,
    mcp_id: pending.mcp_id,
    ...overrides,
  });
}

/** A grant with tokens. */
async function active(options: Parameters<typeof approved>[0] = {}) {
  const made = await approved(options);
  const tokens = tokenSet(await redeem(made.grant, made.pending, made.code));
  return { ...made, tokens };
}

function tokenSet(answer: TokenSet | OAuthFailure): TokenSet {
  if ("error" in answer) throw new Error(`expected tokens, got ${answer.error}: ${answer.error_description}`);
  return answer;
}

function refresh(grant: Grant, pending: PendingSignIn, refreshToken: string) {
  return grant.refresh({
    refresh_token: refreshToken,
    client_id: pending.client.client_id,
    scope: null,
    resource: pending.resource,
    mcp_id: pending.mcp_id,
  });
}

describe("sign-in and code", () => {
  it("binds the sign-in to its browser, approves once, and redirects with code, state and iss", async () => {
    const pending = await pendingSignIn();
    const grant = await grantObject(env, pending.grant_id);
    await grant.begin(pending, await sha256Hex(NONCE));
    expect(await grant.pending("another-browser")).toBeNull();
    expect((await grant.pending(NONCE))?.grant_id).toBe(pending.grant_id);
    const credential = await apiKeyCredential(pending.grant_id);
    expect(await grant.approve("another-browser", { agent, way: "api_key", credential })).toBeNull();
    const result = await grant.approve(NONCE, { agent, way: "api_key", credential });
    const redirect = new URL(result?.redirect as string);
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
    expect(redirect.searchParams.get("code")).toMatch(new RegExp(`^${pending.grant_id}\\.[A-Za-z0-9_-]{43}$`));
    expect(redirect.searchParams.get("state")).toBe("client-state");
    expect(redirect.searchParams.get("iss")).toBe(pending.issuer);
    // Single use, and no longer pending.
    expect(await grant.approve(NONCE, { agent, way: "api_key", credential })).toBeNull();
    expect(await grant.pending(NONCE)).toBeNull();
    expect(index.puts.map((s) => s.grant_id)).toContain(pending.grant_id);
    expect((await grant.summary())?.agent_email).toBe(agent.email);
  });

  it("keeps the Freshworks way's verifier for the same browser and state, once", async () => {
    const pending = await pendingSignIn();
    const grant = await grantObject(env, pending.grant_id);
    await grant.begin(pending, await sha256Hex(NONCE));
    expect(await grant.awaitUpstream("another-browser", { verifier: "x", state: "s" })).toBe(false);
    expect(await grant.awaitUpstream(NONCE, { verifier: "fw-verifier", state: "fw-state" })).toBe(true);
    expect(await grant.takeUpstream(NONCE, "other-state")).toBeNull();
    expect(await grant.takeUpstream(NONCE, "fw-state")).toEqual({ verifier: "fw-verifier" });
    expect(await grant.takeUpstream(NONCE, "fw-state")).toBeNull();
  });

  it("denies with access_denied and ends the sign-in", async () => {
    const pending = await pendingSignIn();
    const grant = await grantObject(env, pending.grant_id);
    await grant.begin(pending, await sha256Hex(NONCE));
    const denied = new URL((await grant.deny(NONCE))?.redirect as string);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("client-state");
    expect(denied.searchParams.get("iss")).toBe(pending.issuer);
    expect(await grant.pending(NONCE)).toBeNull();
  });

  it("forgets a sign-in nobody finished once its ten minutes are up", async () => {
    const pending = await pendingSignIn({ expires_at: Date.now() - 1 });
    const grant = await grantObject(env, pending.grant_id);
    await grant.begin(pending, await sha256Hex(NONCE));
    expect(await grant.pending(NONCE)).toBeNull();
    const credential = await apiKeyCredential(pending.grant_id);
    expect(await grant.approve(NONCE, { agent, way: "api_key", credential })).toBeNull();
  });

  it("exchanges the code for tokens whose session carries the agent's decrypted credential", async () => {
    const { grant, pending, tokens } = await active({
      pending: { scopes: ["freshservice:read", "freshservice:write"] },
    });
    expect(tokens).toMatchObject({
      token_type: "Bearer",
      expires_in: 3600,
      scope: "freshservice:read freshservice:write",
    });
    expect(tokens.access_token.startsWith(`${pending.grant_id}.`)).toBe(true);
    const session = await grant.authenticate(tokens.access_token, pending.resource);
    expect(session).toMatchObject({
      grant_id: pending.grant_id,
      account_id: pending.account_id,
      mcp_id: pending.mcp_id,
      agent,
      way: "api_key",
      scopes: ["freshservice:read", "freshservice:write"],
      credential: { kind: "api_key", apiKey: "agent-own-key" },
    });
    expect(await grant.authenticate(tokens.refresh_token, pending.resource)).toBeNull();
    expect(await grant.authenticate(`${pending.grant_id}.${"A".repeat(43)}`, pending.resource)).toBeNull();
  });

  it.each([
    ["a PKCE mismatch", { code_verifier: "w".repeat(43) }, "invalid_grant"],
    ["a verifier that is no verifier", { code_verifier: "short" }, "invalid_grant"],
    ["another redirect_uri", { redirect_uri: "https://client.example.com/other" }, "invalid_grant"],
    ["another client", { client_id: "https://evil.example.com/metadata.json" }, "invalid_grant"],
    ["another server's token endpoint", { mcp_id: crypto.randomUUID() }, "invalid_grant"],
    ["another resource", { resource: `${ORIGIN}/mcp/oauth/${crypto.randomUUID()}` }, "invalid_target"],
  ])("refuses a code with %s, and the code is spent", async (_what, overrides, error) => {
    const { grant, pending, code } = await approved();
    expect(await redeem(grant, pending, code, overrides)).toMatchObject({ error });
    // The right request after that finds nothing.
    expect(await redeem(grant, pending, code)).toMatchObject({ error: "invalid_grant" });
    expect(await grant.summary()).toBeNull();
    expect(index.removed).toContain(pending.grant_id);
  });

  it("refuses a wrong code without spending the right one", async () => {
    const { grant, pending, code } = await approved();
    expect(await redeem(grant, pending, `${pending.grant_id}.${"B".repeat(43)}`)).toMatchObject({
      error: "invalid_grant",
    });
    tokenSet(await redeem(grant, pending, code));
  });

  it("revokes the grant when a code is redeemed a second time", async () => {
    const { grant, pending, code } = await approved();
    const tokens = tokenSet(await redeem(grant, pending, code));
    expect(await grant.authenticate(tokens.access_token, pending.resource)).not.toBeNull();
    expect(await redeem(grant, pending, code)).toMatchObject({ error: "invalid_grant" });
    expect(await grant.authenticate(tokens.access_token, pending.resource)).toBeNull();
    expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an expired code, and the alarm ends a grant whose code nobody redeemed", async () => {
    const { grant, pending, code } = await approved();
    await runInDurableObject(grant, (instance) => {
      (
        instance as unknown as { state: { approved: { code: { expires_at: number } } } }
      ).state.approved.code.expires_at = Date.now() - 1;
    });
    expect(await redeem(grant, pending, code)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/expired/),
    });
    expect(await grant.summary()).toBeNull();

    const other = await approved();
    await runInDurableObject(other.grant, async (instance) => {
      (
        instance as unknown as { state: { approved: { code: { expires_at: number } } } }
      ).state.approved.code.expires_at = Date.now() - 1;
      await instance.alarm();
    });
    expect(await other.grant.summary()).toBeNull();
    expect(await redeem(other.grant, other.pending, other.code)).toMatchObject({ error: "invalid_grant" });
  });
});

describe("tokens", () => {
  it("refuses a token for another server's resource", async () => {
    const { grant, pending, tokens } = await active();
    expect(await grant.authenticate(tokens.access_token, `${ORIGIN}/mcp/oauth/${crypto.randomUUID()}`)).toBeNull();
    expect(await grant.authenticate(tokens.access_token, pending.resource)).not.toBeNull();
    // And a refresh at another server's token endpoint.
    const elsewhere = await grant.refresh({
      refresh_token: tokens.refresh_token,
      client_id: pending.client.client_id,
      scope: null,
      resource: null,
      mcp_id: crypto.randomUUID(),
    });
    expect(elsewhere).toMatchObject({ error: "invalid_grant" });
  });

  it("rotates refresh tokens: the previous one answers the same pair until the new one is used, then is a replay", async () => {
    const { grant, pending, tokens } = await active();
    const second = tokenSet(await refresh(grant, pending, tokens.refresh_token));
    expect(second.refresh_token).not.toBe(tokens.refresh_token);
    expect(second.access_token).not.toBe(tokens.access_token);
    // The old access token is replaced.
    expect(await grant.authenticate(tokens.access_token, pending.resource)).toBeNull();
    expect(await grant.authenticate(second.access_token, pending.resource)).not.toBeNull();
    // A late duplicate of the same refresh gets the same pair.
    expect(tokenSet(await refresh(grant, pending, tokens.refresh_token))).toEqual(second);
    // The new one is used: the first one is now a replay, which revokes the grant.
    const third = tokenSet(await refresh(grant, pending, second.refresh_token));
    expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({ error: "invalid_grant" });
    expect(await grant.authenticate(third.access_token, pending.resource)).toBeNull();
    expect(await refresh(grant, pending, third.refresh_token)).toMatchObject({ error: "invalid_grant" });
    expect(index.removed).toContain(pending.grant_id);
  });

  it("treats the previous refresh token as a replay once its minute is over", async () => {
    const { grant, pending, tokens } = await active();
    const second = tokenSet(await refresh(grant, pending, tokens.refresh_token));
    await runInDurableObject(grant, (instance) => {
      const object = instance as unknown as {
        recent: { until: number };
        state: { approved: { previous: { rotated_at: number } } };
      };
      object.recent.until = Date.now() - 1;
      object.state.approved.previous.rotated_at = Date.now() - 61_000;
    });
    expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({ error: "invalid_grant" });
    expect(await grant.authenticate(second.access_token, pending.resource)).toBeNull();
  });

  it("refuses the previous refresh token without revoking when the object restarted within its minute", async () => {
    const { grant, pending, tokens } = await active();
    const second = tokenSet(await refresh(grant, pending, tokens.refresh_token));
    // A restart loses the pair kept in memory (it was never stored).
    await runInDurableObject(grant, (instance) => {
      (instance as unknown as { recent: unknown }).recent = null;
    });
    expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/just rotated/),
    });
    expect(await grant.authenticate(second.access_token, pending.resource)).not.toBeNull();
    const third = tokenSet(await refresh(grant, pending, second.refresh_token));
    await runInDurableObject(grant, (instance) => {
      (instance as unknown as { recent: unknown }).recent = null;
    });
    // Its successor was used: the first one is a replay now.
    expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringMatching(/already used/),
    });
    expect(await grant.authenticate(third.access_token, pending.resource)).toBeNull();
  });

  it("narrows scopes on refresh but never widens them", async () => {
    const { grant, pending, tokens } = await active({ pending: { scopes: ["freshservice:read"] } });
    const wider = await grant.refresh({
      refresh_token: tokens.refresh_token,
      client_id: pending.client.client_id,
      scope: "freshservice:read freshservice:write",
      resource: null,
      mcp_id: pending.mcp_id,
    });
    expect(wider).toMatchObject({ error: "invalid_scope" });
    tokenSet(await refresh(grant, pending, tokens.refresh_token));
  });

  it("ten concurrent refreshes make one rotation and one upstream refresh, and leave one valid grant", async () => {
    const pendingGrant = await pendingSignIn();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream.next = async () => {
      await gate;
      return { access_token: "fw-access-2", refresh_token: "fw-refresh-2", expires_at: Date.now() + 30 * 60_000 };
    };
    // The Freshworks token has a minute left: inside the five-minute margin.
    const credential = await freshworksCredential(pendingGrant.grant_id, Date.now() + 60_000);
    const made = await approved({ pending: pendingGrant, credential });
    const tokens = tokenSet(await redeem(made.grant, made.pending, made.code));
    const answers = Array.from({ length: 10 }, () => refresh(made.grant, made.pending, tokens.refresh_token));
    // Every request is in the object before the one upstream refresh answers.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const pairs = (await Promise.all(answers)).map(tokenSet);
    expect(upstream.calls).toBe(1);
    expect(new Set(pairs.map((p) => p.refresh_token)).size).toBe(1);
    expect(new Set(pairs.map((p) => p.access_token)).size).toBe(1);
    const [pair] = pairs as [TokenSet];
    const session = await made.grant.authenticate(pair.access_token, made.pending.resource);
    expect(session?.credential).toEqual({ kind: "bearer", accessToken: "fw-access-2" });
    expect(upstream.calls).toBe(1);
    // The one grant goes on: its new refresh token rotates, and renews the Freshworks token once more.
    tokenSet(await refresh(made.grant, made.pending, pair.refresh_token));
    expect(upstream.calls).toBe(2);
  });

  it("serializes the upstream refresh of concurrent MCP calls too", async () => {
    const pendingGrant = await pendingSignIn();
    upstream.next = async () => ({
      access_token: "fw-access-3",
      refresh_token: "fw-refresh-3",
      expires_at: Date.now() + 30 * 60_000,
    });
    const credential = await freshworksCredential(pendingGrant.grant_id, Date.now() + 60_000);
    const { grant, pending, tokens } = await active({ pending: pendingGrant, credential });
    const sessions = await Promise.all(
      Array.from({ length: 5 }, () => grant.authenticate(tokens.access_token, pending.resource)),
    );
    expect(sessions.map((s) => s?.credential)).toEqual(Array(5).fill({ kind: "bearer", accessToken: "fw-access-3" }));
    expect(upstream.calls).toBe(1);
  });

  it("ends the grant when Freshworks refuses the refresh, and keeps it when Freshworks can't be reached", async () => {
    const first = await pendingSignIn();
    const { grant, pending, tokens } = await active({
      pending: first,
      credential: await freshworksCredential(first.grant_id, Date.now() + 60_000),
    });
    upstream.next = async () => {
      throw new Error("network down");
    };
    const outcome = await grant.authenticate(tokens.access_token, pending.resource).then(
      () => "answered",
      () => "failed",
    );
    expect(outcome).toBe("failed");
    expect(await grant.summary()).not.toBeNull();
    upstream.next = async () => {
      throw new FreshworksRejected("refused");
    };
    expect(await grant.authenticate(tokens.access_token, pending.resource)).toBeNull();
    expect(await grant.summary()).toBeNull();
    expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({ error: "invalid_grant" });
  });

  it("stops authenticating at once when revoked, by either token or by the operator", async () => {
    for (const how of ["access", "refresh", "operator"] as const) {
      const { grant, pending, tokens } = await active();
      expect(await grant.authenticate(tokens.access_token, pending.resource)).not.toBeNull();
      if (how === "operator") await grant.revoke("operator");
      else await grant.revokeToken(how === "access" ? tokens.access_token : tokens.refresh_token, pending.mcp_id);
      expect(await grant.authenticate(tokens.access_token, pending.resource)).toBeNull();
      expect(await refresh(grant, pending, tokens.refresh_token)).toMatchObject({ error: "invalid_grant" });
      expect(index.removed).toContain(pending.grant_id);
    }
  });

  it("ignores a revocation at another server or with a token it never issued", async () => {
    const { grant, pending, tokens } = await active();
    await grant.revokeToken(tokens.access_token, crypto.randomUUID());
    await grant.revokeToken(`${pending.grant_id}.${"C".repeat(43)}`, pending.mcp_id);
    expect(await grant.authenticate(tokens.access_token, pending.resource)).not.toBeNull();
  });

  it("ends a grant unused for 90 days", async () => {
    const { grant, pending, tokens } = await active();
    await runInDurableObject(grant, async (instance) => {
      const object = instance as unknown as { state: { approved: { last_used_at: number } } };
      object.state.approved.last_used_at = Date.now() - 91 * 24 * 60 * 60_000;
      await instance.alarm();
    });
    expect(await grant.authenticate(tokens.access_token, pending.resource)).toBeNull();
    expect(await grant.summary()).toBeNull();
  });
});
