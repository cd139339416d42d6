// The authorization server's memory: codes waiting to be exchanged, grants (one per sign-in: agent, client,
// scopes), the current refresh token of each grant and the access tokens issued from it. Everything is
// checked against the simulator's clock. Revoking a grant kills its refresh token and its access tokens.

import { randomToken } from "./base64url";
import { ACCESS_TOKEN_TTL_SECONDS, AUTHORIZATION_CODE_TTL_MS, REFRESH_TOKEN_TTL_MS } from "./lifetimes";

export interface AuthorizationCode {
  clientId: string;
  tenant: string;
  agentId: number;
  scopes: string[];
  redirectUri: string;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
  expiresAt: number;
  /** Set by the first exchange, before anything is checked, so that a code can't be raced or retried. */
  used: boolean;
  /** The grant the exchange made: a second exchange revokes it (RFC 6749 §4.1.2). */
  grantId: string | null;
}

export interface Grant {
  id: string;
  clientId: string;
  tenant: string;
  agentId: number;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
  /** Successful refresh_token exchanges, so a test can count upstream refreshes. */
  refreshes: number;
}

export interface IssuedAccessToken {
  jti: string;
  grantId: string;
  scopes: string[];
  /** Epoch seconds, as in the token's `exp`. */
  exp: number;
}

export type TokenState = "active" | "expired" | "invalid";

export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly grants = new Map<string, Grant>();
  /** refresh token → grant id and expiry; the previous token is deleted when one rotates. */
  private readonly refreshTokens = new Map<string, { grantId: string; expiresAt: number }>();
  private readonly accessTokens = new Map<string, IssuedAccessToken>();
  private grantCount = 0;

  issueCode(code: Omit<AuthorizationCode, "expiresAt" | "used" | "grantId">, now: number): string {
    const value = randomToken();
    this.codes.set(value, { ...code, expiresAt: now + AUTHORIZATION_CODE_TTL_MS, used: false, grantId: null });
    return value;
  }

  /**
   * Spends a code of this client and returns it, or says why not. A code is spent by its first exchange even
   * if a later check (redirect URI, verifier) fails; a second exchange revokes the grant the first one made.
   */
  redeemCode(value: string, clientId: string, now: number): AuthorizationCode | "invalid" | "replayed" {
    const code = this.codes.get(value);
    if (!code || code.clientId !== clientId) return "invalid";
    if (code.used) {
      if (code.grantId !== null) this.revoke(code.grantId, now);
      return "replayed";
    }
    code.used = true;
    return now >= code.expiresAt ? "invalid" : code;
  }

  /** Makes the grant for a redeemed code and remembers the code as used. */
  startGrant(code: AuthorizationCode, now: number): Grant {
    this.grantCount += 1;
    const grant: Grant = {
      id: `grant-${this.grantCount}`,
      clientId: code.clientId,
      tenant: code.tenant,
      agentId: code.agentId,
      scopes: code.scopes,
      createdAt: now,
      revokedAt: null,
      refreshes: 0,
    };
    code.grantId = grant.id;
    this.grants.set(grant.id, grant);
    return grant;
  }

  newRefreshToken(grant: Grant, now: number): string {
    const value = randomToken();
    this.refreshTokens.set(value, { grantId: grant.id, expiresAt: now + REFRESH_TOKEN_TTL_MS });
    return value;
  }

  newAccessToken(grant: Grant, scopes: string[], now: number): IssuedAccessToken {
    const token = {
      jti: randomToken(16),
      grantId: grant.id,
      scopes,
      exp: Math.floor(now / 1000) + ACCESS_TOKEN_TTL_SECONDS,
    };
    this.accessTokens.set(token.jti, token);
    return token;
  }

  /** The live grant a refresh token of this client belongs to; null if unknown, rotated away, expired or revoked. */
  refreshGrant(value: string, clientId: string, now: number): Grant | null {
    const entry = this.refreshTokens.get(value);
    const grant = entry ? this.grants.get(entry.grantId) : undefined;
    if (!entry || !grant || grant.clientId !== clientId || grant.revokedAt !== null) return null;
    return now < entry.expiresAt ? grant : null;
  }

  /**
   * Replaces the grant's refresh token with a new one and counts the refresh. Called in the same turn as
   * `refreshGrant`, so of two concurrent refreshes with one token exactly one gets through.
   */
  rotateRefreshToken(previous: string, grant: Grant, now: number): string {
    this.refreshTokens.delete(previous);
    grant.refreshes += 1;
    return this.newRefreshToken(grant, now);
  }

  /** Whether the access token with this id may still be used (its signature was checked by the caller). */
  accessTokenState(jti: string, nowMs: number): { state: TokenState; token?: IssuedAccessToken; grant?: Grant } {
    const token = this.accessTokens.get(jti);
    const grant = token ? this.grants.get(token.grantId) : undefined;
    if (!token || !grant || grant.revokedAt !== null) return { state: "invalid" };
    if (nowMs >= token.exp * 1000) return { state: "expired", token, grant };
    return { state: "active", token, grant };
  }

  /** The grant a refresh token or access-token id belongs to (for revocation), if any. */
  grantOfToken(value: string, jti: string | null): Grant | undefined {
    const byRefresh = this.refreshTokens.get(value);
    if (byRefresh) return this.grants.get(byRefresh.grantId);
    const byAccess = jti === null ? undefined : this.accessTokens.get(jti);
    return byAccess ? this.grants.get(byAccess.grantId) : undefined;
  }

  /** Ends a grant: its refresh token and every access token issued from it stop working. */
  revoke(grantId: string, now: number): boolean {
    const grant = this.grants.get(grantId);
    if (!grant || grant.revokedAt !== null) return false;
    grant.revokedAt = now;
    for (const [value, entry] of this.refreshTokens) if (entry.grantId === grantId) this.refreshTokens.delete(value);
    return true;
  }

  list(): Grant[] {
    return [...this.grants.values()];
  }
}
