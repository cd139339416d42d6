/**
 * One Durable Object per grant: the sign-in waiting for its agent, then the grant's code, tokens and the agent's
 * upstream credential. One object per grant is single-threaded and strongly consistent everywhere, so a code is
 * redeemed once, a refresh is serialized (ten concurrent refreshes make one upstream refresh), a revocation stops
 * the next call at once, and a grant written a moment ago is visible to the MCP call that follows.
 *
 * The state lives in memory and is written through to storage. Every check-and-change runs without an `await`
 * between the check and the change, so two requests can't both pass a single-use check: an object's input gate
 * stays open while it awaits a fetch, so whatever must wait for a fetch (a rotation, an upstream refresh) is a
 * promise held in memory that later requests join.
 *
 * CONTRACT (skeleton): the method signatures below are what the other OAuth modules call.
 */
import { DurableObject } from "cloudflare:workers";
import { decryptSecret, encryptSecret } from "../store/crypto";
import { grantIndex } from "../store/oauth-grants";
import { extendRegistration } from "./client-registration";
import { FRESHWORKS_REFRESH_MARGIN_MS, FreshworksRejected, refreshFreshworksToken } from "./freshworks";
import type {
  AgentIdentity,
  GrantSession,
  GrantSummary,
  OAuthFailure,
  PendingSignIn,
  SignInWay,
  StoredCredential,
  TokenSet,
  UpstreamCredential,
} from "./grant-types";
import { READ_SCOPE } from "./paths";
import { hashGrantSecret, isCodeVerifier, mintGrantSecret, s256 } from "./tokens";

/** docs/sign-in.md step 5: the agent has ten minutes to sign in. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;
/** Step 7: a code is redeemed within a minute, once. */
export const CODE_TTL_MS = 60_000;
/** Step 8: access tokens last an hour. */
export const ACCESS_TOKEN_TTL_MS = 60 * 60_000;
/** Step 8: the previous refresh token answers the same new pair this long after its rotation. */
export const REFRESH_GRACE_MS = 60_000;
/** Step 8: a grant nobody used for 90 days ends. */
export const GRANT_IDLE_MS = 90 * 24 * 60 * 60_000;
/** `last_used_at` is written at most this often (storage and the operator's index). */
export const LAST_USED_WRITE_MS = 5 * 60_000;
/** Earlier refresh tokens remembered so that presenting one is recognised as a replay (a refresh a day, a month). */
const RETIRED_REFRESH_KEPT = 32;

export type GrantEndReason =
  | "operator"
  | "server_deleted"
  | "account_deleted"
  | "upstream_rejected"
  | "replay"
  /** RFC 7009: the client revoked one of the grant's tokens. */
  | "client"
  /** Unused: the sign-in, its code, or the grant (90 days idle) ran out. */
  | "expired"
  /** A code was presented with the wrong verifier, client, redirect or resource: it is spent, the grant ends. */
  | "failed_redemption";

interface Approved {
  agent: AgentIdentity;
  way: SignInWay;
  credential: StoredCredential;
  created_at: number;
  last_used_at: number | null;
  code: { hash: string; expires_at: number; used: boolean };
  access: { hash: string; expires_at: number; scopes: string[] } | null;
  refresh: { hash: string } | null;
  /**
   * The refresh token rotated last, and when: presented within the grace, before its successor was used, it is
   * answered again (from memory) rather than called a replay.
   */
  previous: { hash: string; rotated_at: number; successor_used: boolean } | null;
  /** Older refresh tokens (newest first): presenting one is a replay. */
  retired: string[];
}

interface GrantState {
  pending: PendingSignIn;
  nonce_hash: string;
  upstream: { verifier: string; state: string } | null;
  approved: Approved | null;
}

const STATE_KEY = "grant";

const failure = (error: OAuthFailure["error"], error_description: string): OAuthFailure => ({
  error,
  error_description,
});
const INVALID_GRANT = "The grant is not valid: it is unknown, expired, revoked, or was issued to another client.";

/** What the object calls outside itself. A field, so a test can stand in for Freshworks and the listing. */
const outside = { refreshFreshworksToken, grantIndex };

export class OAuthGrant extends DurableObject<Env> {
  protected outside = outside;
  private state: GrantState | null = null;
  /** The pair the last rotation issued, in plaintext, for the grace period only (never stored). */
  private recent: { previousHash: string; tokens: TokenSet; until: number } | null = null;
  private rotation: { hash: string; promise: Promise<TokenSet | OAuthFailure> } | null = null;
  private upstreamRefresh: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.state = (await ctx.storage.get<GrantState>(STATE_KEY)) ?? null;
    });
  }

  /** Starts a sign-in: the pending request and the SHA-256 (hex) of the nonce in the starting browser's cookie. */
  async begin(pending: PendingSignIn, browserNonceHash: string): Promise<void> {
    if (this.state) throw new Error("this grant has already begun");
    this.state = { pending, nonce_hash: browserNonceHash, upstream: null, approved: null };
    await this.save();
    await this.ctx.storage.setAlarm(pending.expires_at);
  }

  /** The pending sign-in when still pending, unexpired, and `browserNonce` is the starting browser's; else null. */
  async pending(browserNonce: string): Promise<PendingSignIn | null> {
    const nonceHash = await hashGrantSecret(browserNonce);
    return this.pendingFor(nonceHash)?.pending ?? null;
  }

  /** Keeps the Freshworks way's own PKCE verifier and state while the agent is at Freshworks. */
  async awaitUpstream(browserNonce: string, upstream: { verifier: string; state: string }): Promise<boolean> {
    const nonceHash = await hashGrantSecret(browserNonce);
    const state = this.pendingFor(nonceHash);
    if (!state) return false;
    state.upstream = { verifier: upstream.verifier, state: upstream.state };
    await this.save();
    return true;
  }

  /** The Freshworks way's verifier, once, when `state` and the browser match. */
  async takeUpstream(browserNonce: string, state: string): Promise<{ verifier: string } | null> {
    const nonceHash = await hashGrantSecret(browserNonce);
    const current = this.pendingFor(nonceHash);
    const upstream = current?.upstream;
    if (!current || !upstream || upstream.state !== state) return null;
    current.upstream = null;
    await this.save();
    return { verifier: upstream.verifier };
  }

  /**
   * Single use: the agent proved who they are. Stores the agent and their credential, and returns the
   * authorization code (`<grant_id>.<secret>`, 60 seconds) and the redirect to send the browser to.
   * Null when the sign-in is no longer pending (used, expired, another browser).
   */
  async approve(
    browserNonce: string,
    approval: { agent: AgentIdentity; way: SignInWay; credential: StoredCredential },
  ): Promise<{ redirect: string } | null> {
    const nonceHash = await hashGrantSecret(browserNonce);
    const grantId = this.state?.pending.grant_id;
    if (!grantId) return null;
    const code = mintGrantSecret(grantId);
    const codeHash = await hashGrantSecret(code);
    // From here to the change, no await: a second approve finds the sign-in no longer pending.
    const state = this.pendingFor(nonceHash);
    if (!state) return null;
    const now = Date.now();
    state.upstream = null;
    state.approved = {
      agent: approval.agent,
      way: approval.way,
      credential: approval.credential,
      created_at: now,
      last_used_at: null,
      code: { hash: codeHash, expires_at: now + CODE_TTL_MS, used: false },
      access: null,
      refresh: null,
      previous: null,
      retired: [],
    };
    await this.save();
    // If the code is never redeemed, the alarm ends the grant.
    await this.ctx.storage.setAlarm(now + CODE_TTL_MS);
    await this.writeIndex();
    if (state.pending.client.kind === "registered")
      await extendRegistration(this.env, state.pending.client.client_id).catch(() => logFailure("extend_client"));
    return { redirect: clientRedirect(state.pending, { code }) };
  }

  /** The agent said no, or proved nothing: ends the sign-in and returns the client's error redirect. */
  async deny(browserNonce: string): Promise<{ redirect: string } | null> {
    const nonceHash = await hashGrantSecret(browserNonce);
    const state = this.pendingFor(nonceHash);
    if (!state) return null;
    await this.end("operator", false);
    return {
      redirect: clientRedirect(state.pending, {
        error: "access_denied",
        error_description: "The agent did not allow access.",
      }),
    };
  }

  async redeemCode(input: {
    code: string;
    code_verifier: string;
    redirect_uri: string;
    client_id: string;
    resource: string | null;
    /** The server whose token endpoint was called: a code is redeemed only at its own issuer. */
    mcp_id: string;
  }): Promise<TokenSet | OAuthFailure> {
    const hash = await hashGrantSecret(input.code);
    const verified = isCodeVerifier(input.code_verifier) ? await s256(input.code_verifier) : null;
    const issued = await this.mintPair();
    // From here to the change, no await: the code is spent by whichever request gets here first.
    const state = this.state;
    const approved = state?.approved;
    if (!state || !approved || approved.code.hash !== hash)
      return failure("invalid_grant", "The authorization code is not valid.");
    if (approved.code.used) {
      await this.end("replay");
      return failure("invalid_grant", "The authorization code was already used; the grant it made is revoked.");
    }
    approved.code.used = true;
    const { pending } = state;
    const problem =
      Date.now() >= approved.code.expires_at
        ? failure("invalid_grant", "The authorization code has expired.")
        : input.mcp_id !== pending.mcp_id
          ? failure("invalid_grant", "The authorization code was issued by another server.")
          : input.client_id !== pending.client.client_id
            ? failure("invalid_grant", "The authorization code was issued to another client.")
            : input.redirect_uri !== pending.redirect_uri
              ? failure("invalid_grant", "redirect_uri is not the one the authorization request used.")
              : input.resource !== null && input.resource !== pending.resource
                ? failure("invalid_target", "resource is not the one the authorization request named.")
                : verified === null || verified !== pending.code_challenge
                  ? failure("invalid_grant", "The code_verifier does not match the code_challenge (PKCE S256).")
                  : null;
    if (problem) {
      await this.end(Date.now() >= approved.code.expires_at ? "expired" : "failed_redemption");
      return problem;
    }
    return this.issue(state, approved, issued, pending.scopes, null);
  }

  async refresh(input: {
    refresh_token: string;
    client_id: string;
    scope: string | null;
    resource: string | null;
    /** The server whose token endpoint was called: a refresh token is used only at its own issuer. */
    mcp_id: string;
  }): Promise<TokenSet | OAuthFailure> {
    const hash = await hashGrantSecret(input.refresh_token);
    const state = this.state;
    const approved = state?.approved;
    if (!state || !approved?.refresh) return failure("invalid_grant", INVALID_GRANT);
    const { pending } = state;
    const known = [approved.refresh.hash, approved.previous?.hash, ...approved.retired].includes(hash);
    if (!known) return failure("invalid_grant", INVALID_GRANT);
    if (input.mcp_id !== pending.mcp_id || input.client_id !== pending.client.client_id)
      return failure("invalid_grant", INVALID_GRANT);
    if (input.resource !== null && input.resource !== pending.resource)
      return failure("invalid_target", "resource is not the one this grant was issued for.");
    const scopes = narrowedScopes(pending.scopes, input.scope);
    if (!scopes)
      return failure("invalid_scope", `scope may only name scopes this grant holds: ${pending.scopes.join(" ")}.`);

    if (approved.refresh.hash === hash) {
      if (this.rotation?.hash === hash) return this.rotation.promise;
      return this.rotate(hash, scopes);
    }
    const recent = this.recent;
    if (recent && recent.previousHash === hash && Date.now() < recent.until) return recent.tokens;
    const previous = approved.previous;
    if (
      !recent &&
      previous?.hash === hash &&
      !previous.successor_used &&
      Date.now() - previous.rotated_at < REFRESH_GRACE_MS
    )
      // Rotated a moment ago, but this object has restarted since and the pair it answered is gone (it was never
      // stored): refuse without calling it a replay.
      return failure("invalid_grant", "This refresh token was just rotated; use the new one.");
    await this.end("replay");
    return failure("invalid_grant", "This refresh token was already used; the grant is revoked. Sign in again.");
  }

  /** An MCP request's access token → the session (upstream credential fresh), or null: unknown, expired, revoked. */
  async authenticate(accessToken: string, resource: string): Promise<GrantSession | null> {
    const hash = await hashGrantSecret(accessToken);
    const state = this.state;
    const approved = state?.approved;
    if (!state || !approved?.access || approved.access.hash !== hash) return null;
    const now = Date.now();
    if (now >= approved.access.expires_at || resource !== state.pending.resource) return null;
    if (now - lastActive(approved) >= GRANT_IDLE_MS) {
      await this.end("expired");
      return null;
    }
    if (approved.credential.way === "freshworks" && approved.credential.expires_at - now < FRESHWORKS_REFRESH_MARGIN_MS)
      try {
        await this.refreshUpstream();
      } catch (error) {
        if (!(error instanceof FreshworksRejected))
          throw new Error("the agent's Freshworks token could not be refreshed");
        await this.end("upstream_rejected");
        return null;
      }
    // Revoked while the upstream refresh was under way.
    if (this.state !== state || state.approved !== approved) return null;
    const credential = await this.upstreamCredential(state.pending.grant_id, approved.credential);
    if (now - (approved.last_used_at ?? 0) >= LAST_USED_WRITE_MS) {
      approved.last_used_at = now;
      await this.save();
      await this.ctx.storage.setAlarm(now + GRANT_IDLE_MS);
      this.ctx.waitUntil(this.writeIndex());
    }
    return {
      grant_id: state.pending.grant_id,
      account_id: state.pending.account_id,
      mcp_id: state.pending.mcp_id,
      agent: approved.agent,
      client: state.pending.client,
      scopes: approved.access.scopes,
      way: approved.way,
      credential,
    };
  }

  /**
   * RFC 7009: either of the grant's tokens (or its code) revokes the whole grant, at its own server only, and only
   * for its own client when the caller named one.
   */
  /**
   * Freshservice answered 401 to the agent's credential `rejected`. A Freshworks token is renewed (one refresh at a
   * time; a token renewed meanwhile is simply handed out) and the new credential returned, so the call is sent
   * once more; an API key, or a refresh Freshworks refuses, ends the grant (null). Throws when Freshworks can't
   * be reached: the grant stays.
   */
  async renewUpstream(rejected: UpstreamCredential): Promise<UpstreamCredential | null> {
    const state = this.state;
    const approved = state?.approved;
    if (!state || !approved) return null;
    if (approved.credential.way !== "freshworks" || rejected.kind !== "bearer") {
      await this.end("upstream_rejected");
      return null;
    }
    const grantId = state.pending.grant_id;
    const current = await this.upstreamCredential(grantId, approved.credential);
    if (current.kind === "bearer" && current.accessToken !== rejected.accessToken) return current;
    try {
      await this.refreshUpstream();
    } catch (error) {
      if (!(error instanceof FreshworksRejected)) throw new Error("the agent's Freshworks token could not be renewed");
      await this.end("upstream_rejected");
      return null;
    }
    const renewed = this.state?.approved?.credential;
    return renewed ? this.upstreamCredential(grantId, renewed) : null;
  }

  async revokeToken(token: string, mcpId?: string, clientId?: string): Promise<void> {
    const hash = await hashGrantSecret(token);
    const state = this.state;
    const approved = state?.approved;
    if (!state || !approved || (mcpId !== undefined && mcpId !== state.pending.mcp_id)) return;
    if (clientId !== undefined && clientId !== state.pending.client.client_id) return;
    const hashes = [approved.code.hash, approved.access?.hash, approved.refresh?.hash, approved.previous?.hash];
    if (hashes.includes(hash) || approved.retired.includes(hash)) await this.end("client");
  }

  /** Ends the grant for good (operator, server or account deleted, upstream refused the credential). */
  async revoke(reason: GrantEndReason): Promise<void> {
    await this.end(reason);
  }

  async summary(): Promise<GrantSummary | null> {
    const state = this.state;
    return state?.approved ? summaryOf(state, state.approved) : null;
  }

  /** Ends what ran out: a sign-in nobody finished, a code nobody redeemed, a grant nobody used for 90 days. */
  override async alarm(): Promise<void> {
    const state = this.state;
    if (!state) {
      await this.ctx.storage.deleteAll();
      return;
    }
    const now = Date.now();
    const approved = state.approved;
    const endsAt = !approved
      ? state.pending.expires_at
      : approved.refresh
        ? lastActive(approved) + GRANT_IDLE_MS
        : approved.code.expires_at;
    if (now >= endsAt) await this.end("expired");
    else await this.ctx.storage.setAlarm(endsAt);
  }

  /** The state when it is a sign-in still pending for this browser (by the nonce's hash), else null. */
  private pendingFor(nonceHash: string): GrantState | null {
    const state = this.state;
    if (!state || state.approved || Date.now() >= state.pending.expires_at) return null;
    return state.nonce_hash === nonceHash ? state : null;
  }

  private rotate(hash: string, scopes: string[]): Promise<TokenSet | OAuthFailure> {
    // The successor of the previous token is being used: the previous one is no longer answered.
    this.recent = null;
    const previous = this.state?.approved?.previous;
    if (previous) previous.successor_used = true;
    const promise = (async (): Promise<TokenSet | OAuthFailure> => {
      const approved = this.state?.approved;
      // A refresh renews the agent's Freshworks token too (one upstream refresh however many refreshes join this
      // rotation), so the client's refresh cadence also keeps the agent's sign-in at Freshworks alive.
      if (approved?.credential.way === "freshworks")
        try {
          await this.refreshUpstream();
        } catch (error) {
          if (error instanceof FreshworksRejected) {
            await this.end("upstream_rejected");
            return failure("invalid_grant", "Freshworks no longer accepts the agent's sign-in; sign in again.");
          }
          // Freshworks could not be reached: our tokens rotate all the same, and the next call refreshes it.
        }
      const issued = await this.mintPair();
      const state = this.state;
      const current = state?.approved;
      if (!state || !current?.refresh || current.refresh.hash !== hash) return failure("invalid_grant", INVALID_GRANT);
      if (current.previous)
        current.retired = [current.previous.hash, ...current.retired].slice(0, RETIRED_REFRESH_KEPT);
      current.previous = { hash, rotated_at: Date.now(), successor_used: false };
      const tokens = await this.issue(state, current, issued, scopes, hash);
      return tokens;
    })();
    const rotation = { hash, promise };
    this.rotation = rotation;
    promise
      .finally(() => {
        if (this.rotation === rotation) this.rotation = null;
      })
      .catch(() => {});
    return promise;
  }

  /** Stores a new access and refresh token pair's hashes and answers the pair. */
  private async issue(
    state: GrantState,
    approved: Approved,
    issued: { access: string; accessHash: string; refresh: string; refreshHash: string },
    scopes: string[],
    rotatedFrom: string | null,
  ): Promise<TokenSet> {
    const now = Date.now();
    approved.access = { hash: issued.accessHash, expires_at: now + ACCESS_TOKEN_TTL_MS, scopes };
    approved.refresh = { hash: issued.refreshHash };
    approved.last_used_at = now;
    const tokens: TokenSet = {
      access_token: issued.access,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_TTL_MS / 1000,
      refresh_token: issued.refresh,
      scope: scopes.join(" "),
    };
    if (rotatedFrom) this.recent = { previousHash: rotatedFrom, tokens, until: now + REFRESH_GRACE_MS };
    await this.save();
    await this.ctx.storage.setAlarm(now + GRANT_IDLE_MS);
    if (state.approved === approved) this.ctx.waitUntil(this.writeIndex());
    return tokens;
  }

  private async mintPair() {
    const grantId = this.state?.pending.grant_id ?? "00000000-0000-0000-0000-000000000000";
    const access = mintGrantSecret(grantId);
    const refresh = mintGrantSecret(grantId);
    const [accessHash, refreshHash] = await Promise.all([hashGrantSecret(access), hashGrantSecret(refresh)]);
    return { access, accessHash, refresh, refreshHash };
  }

  /** One Freshworks refresh at a time per grant: every caller while one is under way waits for that one. */
  private refreshUpstream(): Promise<void> {
    this.upstreamRefresh ??= (async () => {
      const state = this.state;
      const approved = state?.approved;
      if (!state || !approved || approved.credential.way !== "freshworks") return;
      const grantId = state.pending.grant_id;
      const key = this.env.CREDENTIALS_KEY;
      const refreshToken = await decryptSecret(approved.credential.refresh_token, key, grantId);
      const tokens = await this.outside.refreshFreshworksToken(this.env, state.pending.account_id, refreshToken);
      const [access_token, refresh_token] = await Promise.all([
        encryptSecret(tokens.access_token, key, grantId),
        encryptSecret(tokens.refresh_token, key, grantId),
      ]);
      if (this.state !== state || state.approved !== approved) return;
      approved.credential = { way: "freshworks", access_token, refresh_token, expires_at: tokens.expires_at };
      await this.save();
    })().finally(() => {
      this.upstreamRefresh = null;
    });
    return this.upstreamRefresh;
  }

  private async upstreamCredential(grantId: string, credential: StoredCredential): Promise<UpstreamCredential> {
    const key = this.env.CREDENTIALS_KEY;
    return credential.way === "api_key"
      ? { kind: "api_key", apiKey: await decryptSecret(credential.api_key, key, grantId) }
      : { kind: "bearer", accessToken: await decryptSecret(credential.access_token, key, grantId) };
  }

  /** Everything goes at once (the next call is refused), then the operator's listing entry. */
  private async end(reason: GrantEndReason, log = true): Promise<void> {
    const state = this.state;
    this.state = null;
    this.recent = null;
    this.rotation = null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    if (!state) return;
    if (log) console.log(JSON.stringify({ event: "oauth_grant_ended", grant_id: state.pending.grant_id, reason }));
    if (state.approved)
      try {
        await this.outside
          .grantIndex(this.env.STORE)
          .remove(state.pending.account_id, state.pending.mcp_id, state.pending.grant_id);
      } catch {
        logFailure("grant_index_remove");
      }
  }

  private save(): Promise<void> {
    return this.state ? this.ctx.storage.put(STATE_KEY, this.state) : Promise.resolve();
  }

  /** The listing is not the truth (this object is), so a failed write costs a listing, never a revocation. */
  private async writeIndex(): Promise<void> {
    const state = this.state;
    if (!state?.approved) return;
    try {
      await this.outside.grantIndex(this.env.STORE).put(state.pending.account_id, summaryOf(state, state.approved));
    } catch {
      logFailure("grant_index_put");
    }
  }
}

/** The object of one grant (grant ids are random UUIDs we mint; tokens carry theirs before the dot). */
export function grantObject(env: Env, grantId: string) {
  return env.OAUTH_GRANT.getByName(grantId);
}

function lastActive(approved: Approved): number {
  return approved.last_used_at ?? approved.created_at;
}

/** RFC 6749 §6: a refresh may ask for fewer scopes than the grant holds, never more. Null: more. */
function narrowedScopes(granted: string[], requested: string | null): string[] | null {
  if (requested === null || requested.trim() === "") return granted;
  const asked = new Set(requested.split(" ").filter(Boolean));
  // offline_access is accepted and ignored everywhere (docs/sign-in.md).
  asked.delete("offline_access");
  if ([...asked].some((scope) => !granted.includes(scope))) return null;
  // Read is the baseline every token carries (docs/sign-in.md): narrowing drops write, never read.
  const narrowed = granted.filter((scope) => scope === READ_SCOPE || asked.has(scope));
  return narrowed.length ? narrowed : granted;
}

/** `redirect_uri` with the answer's parameters, `state` when the client sent one, and `iss` (RFC 9207). */
function clientRedirect(pending: PendingSignIn, params: Record<string, string>): string {
  const url = new URL(pending.redirect_uri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (pending.state !== null) url.searchParams.set("state", pending.state);
  url.searchParams.set("iss", pending.issuer);
  return url.href;
}

function summaryOf(state: GrantState, approved: Approved): GrantSummary {
  const { pending } = state;
  return {
    grant_id: pending.grant_id,
    mcp_id: pending.mcp_id,
    agent_id: approved.agent.id,
    agent_email: approved.agent.email,
    agent_name: approved.agent.name,
    client_id: pending.client.client_id,
    client_name: pending.client.name,
    client_kind: pending.client.kind,
    way: approved.way,
    scopes: pending.scopes,
    created_at: new Date(approved.created_at).toISOString(),
    last_used_at: approved.last_used_at === null ? null : new Date(approved.last_used_at).toISOString(),
  };
}

function logFailure(what: string): void {
  console.error(JSON.stringify({ event: "oauth_grant_side_effect_failed", what }));
}
