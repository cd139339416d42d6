// CLI: runs the simulator on PORT (default 8790) until SIGINT/SIGTERM.

import { agentsWithApiAccess } from "./auth/agent-access";
import { startSimulatorServer } from "./node-server";
import { DEFAULT_API_KEY, DEMO_OAUTH_CLIENT, SIGN_IN_PASSWORD } from "./simulator";

const DEFAULT_PORT = 8790;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const server = await startSimulatorServer({ port, host: process.env.HOST ?? "127.0.0.1" });
  console.log(`Freshservice simulator: ${server.url}/api/v2`);
  console.log(`API key (Basic auth username, any password): ${DEFAULT_API_KEY}  tenant: acme (Acme Corp, plan pro)`);
  console.log("Agents whose own API key is on (every active agent can also sign in on the org page):");
  for (const a of agentsWithApiAccess(server.simulator.tenant()))
    console.log(`  ${a.name.padEnd(12)} ${a.email.padEnd(26)} ${a.roles.join(", ").padEnd(16)} key ${a.apiKey}`);
  console.log(`Org sign-in: ${server.url}/org/oauth/v2/authorize  password ${SIGN_IN_PASSWORD}`);
  console.log(
    `OAuth client: ${DEMO_OAUTH_CLIENT.id} / ${DEMO_OAUTH_CLIENT.secret}  token: ${server.url}/org/oauth/v2/token`,
  );
  console.log(`Control API: ${server.url}/_simulator/requests | reset | faults | state | oauth-clients | oauth-grants`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping simulator`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
