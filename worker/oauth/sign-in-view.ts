/**
 * What the sign-in page shows for a pending sign-in, read from the stores: the account (and the ways its operator
 * enabled) and the server's config. Null when either is gone, so nobody signs in to a deleted account or server.
 */
import { type AccountRecord, type AccountSignIn, accountStore, DEFAULT_SIGN_IN } from "../store/accounts";
import { isOAuth, type McpServerRecord, mcpServerStore } from "../store/mcp-servers";
import { freshworksOrgOrigin } from "./freshworks";
import type { PendingSignIn } from "./grant-types";
import type { SignInView } from "./sign-in-page";

export interface SignInContext {
  account: AccountRecord;
  server: McpServerRecord;
  signIn: AccountSignIn;
  view: SignInView;
}

export async function loadSignIn(env: Env, pending: PendingSignIn): Promise<SignInContext | null> {
  const [account, server] = await Promise.all([
    accountStore(env.STORE, env.CREDENTIALS_KEY).get(pending.account_id),
    mcpServerStore(env.STORE).get(pending.account_id, pending.mcp_id),
  ]);
  if (!account || !server || !isOAuth(server)) return null;
  const signIn = account.sign_in ?? DEFAULT_SIGN_IN;
  const freshworksOrigin = signIn.freshworks ? freshworksOrgOrigin(env, signIn.freshworks.org_url) : null;
  const view: SignInView = {
    pending,
    account: { name: account.name, domain: account.domain },
    server: {
      name: server.name,
      readOnly: isReadOnly(server.config.methods),
      tags: server.config.tags ?? [],
      expires_at: server.expires_at,
    },
    ways: { api_key: signIn.api_key, freshworks: freshworksOrigin !== null },
    freshworksOrigin,
  };
  return { account, server, signIn, view };
}

/** Read-only when the methods filter admits only reads: `read`, or exact list and get method names. */
function isReadOnly(methods: string[] | undefined): boolean {
  if (!methods || methods.length === 0) return false;
  return methods.every((m) => m === "read" || m === "list" || m === "get");
}
