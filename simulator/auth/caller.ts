// Who a request acts as, once its credential is accepted: the account, the kind of credential, and the agent
// (or requester) whose role and name every check and every write uses.

import type { TenantState } from "../tenant-state";

/** `tenant_key`: the tenant's own key, its admin's; `api_key`: a user's own key; `oauth`: an org access token. */
export type CredentialKind = "tenant_key" | "api_key" | "oauth";

export interface Caller {
  tenant: TenantState;
  credential: CredentialKind;
  /** The agent the request acts as; absent when a requester's key was used. */
  agentId?: number;
  /** Set instead of `agentId` when the key is a requester's. */
  requesterId?: number;
  /** OAuth only: the scopes the token was granted and the client it was issued to. */
  scopes?: ReadonlySet<string>;
  clientId?: string;
}

/** The 401 every refused credential gets (no rate-limit headers: there is no tenant to count against). */
export interface Unauthenticated {
  status: 401;
  body: { code: string; message: string };
}

export const INVALID_CREDENTIALS: Unauthenticated = {
  status: 401,
  body: { code: "invalid_credentials", message: "You have to be logged in to perform this action." },
};
