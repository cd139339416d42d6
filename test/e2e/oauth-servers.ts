/**
 * OAuth MCP servers for the end-to-end tests: an account on the simulator with both sign-in ways enabled (the
 * agent's API key, and Freshworks through the simulator's demo OAuth client, whose loopback redirect URIs take the
 * Worker's callback on any port), an OAuth server minted on it, the seeded agents who sign in, and the operator's
 * views (grants, audit trail).
 */
import { DEFAULT_API_KEY, demoSignInSettings } from "../../simulator/simulator";
import type { Stack } from "./stack";

/** Two seeded agents of different roles (simulator/README.md, "Who is calling"). */
export const PRIYA = {
  id: 21000000002,
  name: "Priya Shah",
  email: "priya.shah@acme.example",
  apiKey: `${DEFAULT_API_KEY}-user-21000000002`,
} as const;
/** A read-only agent: Freshservice answers every write of hers 403 `access_denied`. */
export const MEI = {
  id: 21000000010,
  name: "Mei Chen",
  email: "mei.chen@acme.example",
  apiKey: `${DEFAULT_API_KEY}-user-21000000010`,
} as const;

export const READ = "freshservice:read";
export const WRITE = "freshservice:write";

export interface OAuthServer {
  accountId: string;
  mcpId: string;
  /** The MCP URL: no secret in it. */
  url: string;
}

async function expectCreated(response: Response, what: string) {
  if (response.status !== 201) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; url: string };
}

/** A fresh account on the simulator's tenant with both sign-in ways, and one OAuth server on it. */
export async function mintOAuthServer(
  stack: Stack,
  config: Record<string, unknown> = { tags: ["tickets"] },
): Promise<OAuthServer> {
  const account = await expectCreated(
    await stack.admin("/integrated-account", {
      body: {
        name: "Acme (sign-in)",
        domain: "acme.freshservice.com",
        api_key: DEFAULT_API_KEY,
        base_url: stack.simulator.url,
        sign_in: demoSignInSettings(stack.simulator.url),
      },
    }),
    "account",
  );
  return { accountId: account.id, ...(await mintOnAccount(stack, account.id, config)) };
}

/** One more OAuth server on an account. */
export async function mintOnAccount(stack: Stack, accountId: string, config: Record<string, unknown> = {}) {
  const server = await expectCreated(
    await stack.admin(`/integrated-account/${accountId}/mcp`, {
      body: { name: "e2e sign-in", auth: "oauth", config },
    }),
    "oauth server",
  );
  return { mcpId: server.id, url: server.url };
}

export interface Grant {
  grant_id: string;
  agent_id: number;
  agent_email: string;
  client_id: string;
  client_name: string;
  way: string;
  scopes: string[];
}

/** The operator's list of a server's grants. */
export async function grantsOf(stack: Stack, server: OAuthServer): Promise<Grant[]> {
  const response = await stack.admin(`/integrated-account/${server.accountId}/mcp/${server.mcpId}/grants`);
  if (response.status !== 200) throw new Error(`grants: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { grants: Grant[] }).grants;
}

/** The server's audit trail, newest first. */
export async function auditOf(stack: Stack, server: OAuthServer): Promise<Record<string, unknown>[]> {
  const response = await stack.admin(`/integrated-account/${server.accountId}/mcp/${server.mcpId}/logs?limit=100`);
  if (response.status !== 200) throw new Error(`logs: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: Record<string, unknown>[] }).result;
}

/** Open tickets of the seed, each handed out once, so that every test closes a ticket of its own. */
export function openTickets(stack: Stack): () => number {
  const ids = [...stack.simulator.simulator.tenant().tickets.values()]
    .filter((t) => t.status === 2)
    .map((t) => t.id)
    .sort((a, b) => a - b);
  return () => {
    const id = ids.shift();
    if (id === undefined) throw new Error("no open ticket left in the seed");
    return id;
  };
}
