/** What every admin handler needs: the stores, the parsed pieces of the request, and the environment's rules. */
import { type AccountStore, accountStore } from "../store/accounts";
import { type ApiTokenStore, apiTokenStore } from "../store/api-tokens";
import { type McpServerStore, mcpServerStore } from "../store/mcp-servers";
import { loopbackAllowed } from "../upstream/loopback";

export interface AdminContext {
  env: Env;
  accounts: AccountStore;
  servers: McpServerStore;
  apiTokens: ApiTokenStore;
  /** The loopback simulator is an allowed upstream only in local development and tests. */
  allowLoopback: boolean;
}

export function adminContext(env: Env): AdminContext {
  return {
    env,
    accounts: accountStore(env.STORE, env.CREDENTIALS_KEY),
    servers: mcpServerStore(env.STORE),
    apiTokens: apiTokenStore(env.STORE),
    allowLoopback: loopbackAllowed(env),
  };
}
