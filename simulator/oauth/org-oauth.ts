// Freshworks org OAuth as one object the simulator holds: the registered clients, the grant store, the key
// access tokens are signed with, the clock and the tenants (each tenant stands for its own org). The endpoint
// modules and the Bearer check read it; `reset()` returns it to the seeded clients and no grants.

import type { TenantState } from "../tenant-state";
import { DEMO_OAUTH_CLIENT, type OAuthClient, parseClientRegistration } from "./clients";
import { GrantStore } from "./grants";
import { newSigningKey } from "./jwt";

export interface OrgOAuthOptions {
  now: () => number;
  /** The tenant for an API key, and the first tenant's key (where clients go by default). */
  tenant: (apiKey: string) => TenantState | undefined;
  firstTenant: () => string;
  /** Clients registered at start and after each reset, besides (or replacing, by id) the demo client. */
  clients?: unknown[];
}

export class OrgOAuth {
  readonly now: () => number;
  readonly tenant: (apiKey: string) => TenantState | undefined;
  readonly clients = new Map<string, OAuthClient>();
  grants = new GrantStore();
  /** Made once per simulator: tokens from another simulator (or a forged key) never verify here. */
  readonly signingKey: Promise<CryptoKey> = newSigningKey();

  constructor(private readonly options: OrgOAuthOptions) {
    this.now = options.now;
    this.tenant = options.tenant;
    this.reset();
  }

  reset(): void {
    this.grants = new GrantStore();
    this.clients.clear();
    this.clients.set(DEMO_OAUTH_CLIENT.id, { ...DEMO_OAUTH_CLIENT, tenant: this.options.firstTenant() });
    for (const input of this.options.clients ?? []) {
      const client = this.register(input);
      if ("problems" in client) throw new Error(`oauthClients: ${client.problems.join("; ")}`);
    }
  }

  /** Adds a client, or replaces the one with the same id (its grants stay: the credential is the same). */
  register(input: unknown): { client: OAuthClient; replaced: boolean } | { problems: string[] } {
    const client = parseClientRegistration(input, this.options.firstTenant(), (key) => this.tenant(key) !== undefined);
    if ("problems" in client) return client;
    const replaced = this.clients.has(client.id);
    this.clients.set(client.id, client);
    return { client, replaced };
  }

  /** Removes a client and ends every grant made through it. */
  unregister(id: string): boolean {
    if (!this.clients.delete(id)) return false;
    for (const g of this.grants.list()) if (g.clientId === id) this.grants.revoke(g.id, this.now());
    return true;
  }
}
