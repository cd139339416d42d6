/**
 * One Durable Object per grant: the sign-in waiting for its agent, then the grant's code, tokens and the agent's
 * upstream credential. One object per grant is single-threaded and strongly consistent everywhere, so a code is
 * redeemed once, a refresh is serialized (ten concurrent refreshes make one upstream refresh), a revocation stops
 * the next call at once, and a grant written a moment ago is visible to the MCP call that follows.
 *
 * CONTRACT (skeleton): the method signatures below are what the other OAuth modules call.
 */
import { DurableObject } from "cloudflare:workers";
import type {
  AgentIdentity,
  GrantSession,
  GrantSummary,
  OAuthFailure,
  PendingSignIn,
  SignInWay,
  StoredCredential,
  TokenSet,
} from "./grant-types";

export class OAuthGrant extends DurableObject<Env> {
  /** Starts a sign-in: the pending request and the SHA-256 (hex) of the nonce in the starting browser's cookie. */
  async begin(_pending: PendingSignIn, _browserNonceHash: string): Promise<void> {
    throw new Error("not implemented");
  }

  /** The pending sign-in when still pending, unexpired, and `browserNonce` is the starting browser's; else null. */
  async pending(_browserNonce: string): Promise<PendingSignIn | null> {
    throw new Error("not implemented");
  }

  /** Keeps the Freshworks way's own PKCE verifier and state while the agent is at Freshworks. */
  async awaitUpstream(_browserNonce: string, _upstream: { verifier: string; state: string }): Promise<boolean> {
    throw new Error("not implemented");
  }

  /** The Freshworks way's verifier, once, when `state` and the browser match. */
  async takeUpstream(_browserNonce: string, _state: string): Promise<{ verifier: string } | null> {
    throw new Error("not implemented");
  }

  /**
   * Single use: the agent proved who they are. Stores the agent and their credential, and returns the
   * authorization code (`<grant_id>.<secret>`, 60 seconds) and the redirect to send the browser to.
   * Null when the sign-in is no longer pending (used, expired, another browser).
   */
  async approve(
    _browserNonce: string,
    _approval: { agent: AgentIdentity; way: SignInWay; credential: StoredCredential },
  ): Promise<{ redirect: string } | null> {
    throw new Error("not implemented");
  }

  /** The agent said no, or proved nothing: ends the sign-in and returns the client's error redirect. */
  async deny(_browserNonce: string): Promise<{ redirect: string } | null> {
    throw new Error("not implemented");
  }

  async redeemCode(_input: {
    code: string;
    code_verifier: string;
    redirect_uri: string;
    client_id: string;
    resource: string | null;
  }): Promise<TokenSet | OAuthFailure> {
    throw new Error("not implemented");
  }

  async refresh(_input: {
    refresh_token: string;
    client_id: string;
    scope: string | null;
    resource: string | null;
  }): Promise<TokenSet | OAuthFailure> {
    throw new Error("not implemented");
  }

  /** An MCP request's access token → the session (upstream credential fresh), or null: unknown, expired, revoked. */
  async authenticate(_accessToken: string, _resource: string): Promise<GrantSession | null> {
    throw new Error("not implemented");
  }

  /** RFC 7009: either of the grant's tokens revokes the whole grant. */
  async revokeToken(_token: string): Promise<void> {
    throw new Error("not implemented");
  }

  /** Ends the grant for good (operator, server or account deleted, upstream refused the credential). */
  async revoke(
    _reason: "operator" | "server_deleted" | "account_deleted" | "upstream_rejected" | "replay",
  ): Promise<void> {
    throw new Error("not implemented");
  }

  async summary(): Promise<GrantSummary | null> {
    throw new Error("not implemented");
  }
}
