/**
 * A stand-in for the grant object's sign-in methods (`begin`, `pending`, `awaitUpstream`, `takeUpstream`,
 * `approve`, `deny`), with the contract's rules: the browser's nonce must hash to the one begun, the sign-in is
 * single use and expires, the upstream verifier is taken once with its state. The sign-in tests run against it so
 * they test the page and its forms alone; it records every call, so a test can say that nothing changed.
 */

import type { AgentIdentity, PendingSignIn, SignInWay, StoredCredential } from "../../worker/oauth/grant-types";
import { sha256Hex } from "../../worker/store/crypto";

export interface FakeGrantState {
  pending: PendingSignIn;
  nonceHash: string;
  upstream: { verifier: string; state: string } | null;
  outcome:
    | { kind: "approved"; agent: AgentIdentity; way: SignInWay; credential: StoredCredential }
    | { kind: "denied" }
    | null;
  calls: string[];
}

export function fakeGrants() {
  const grants = new Map<string, FakeGrantState>();
  const open = async (id: string, nonce: string) => {
    const g = grants.get(id);
    if (!g || g.outcome || g.pending.expires_at <= Date.now()) return null;
    return (await sha256Hex(nonce)) === g.nonceHash ? g : null;
  };
  const stub = (id: string) => ({
    async begin(pending: PendingSignIn, nonceHash: string) {
      grants.set(id, { pending, nonceHash, upstream: null, outcome: null, calls: ["begin"] });
    },
    async pending(nonce: string) {
      return (await open(id, nonce))?.pending ?? null;
    },
    async awaitUpstream(nonce: string, upstream: { verifier: string; state: string }) {
      const g = await open(id, nonce);
      if (!g) return false;
      g.calls.push("awaitUpstream");
      g.upstream = upstream;
      return true;
    },
    async takeUpstream(nonce: string, state: string) {
      const g = await open(id, nonce);
      if (!g?.upstream || g.upstream.state !== state) return null;
      g.calls.push("takeUpstream");
      const { verifier } = g.upstream;
      g.upstream = null;
      return { verifier };
    },
    async approve(nonce: string, approval: { agent: AgentIdentity; way: SignInWay; credential: StoredCredential }) {
      const g = await open(id, nonce);
      if (!g) return null;
      g.calls.push("approve");
      g.outcome = { kind: "approved", ...approval };
      const url = new URL(g.pending.redirect_uri);
      url.searchParams.set("code", `${id}.fake-code`);
      if (g.pending.state !== null) url.searchParams.set("state", g.pending.state);
      url.searchParams.set("iss", g.pending.issuer);
      return { redirect: url.toString() };
    },
    async deny(nonce: string) {
      const g = await open(id, nonce);
      if (!g) return null;
      g.calls.push("deny");
      g.outcome = { kind: "denied" };
      const url = new URL(g.pending.redirect_uri);
      url.searchParams.set("error", "access_denied");
      if (g.pending.state !== null) url.searchParams.set("state", g.pending.state);
      url.searchParams.set("iss", g.pending.issuer);
      return { redirect: url.toString() };
    },
  });
  const namespace = { getByName: (id: string) => stub(id) } as unknown as Env["OAUTH_GRANT"];
  return { grants, namespace };
}
