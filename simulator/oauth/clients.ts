// OAuth clients ("OAuth credentials" in the Freshworks developer portal): an id and secret, a name of at most
// three words shown on the consent screen, the redirect URLs and the `freshservice.<module>.<action>` scopes it
// may ask for, and the org (here: the tenant) it was made in. Registration rules and redirect matching live here.

import { randomToken } from "./base64url";

export interface OAuthClient {
  id: string;
  secret: string;
  name: string;
  redirect_uris: string[];
  scopes: string[];
  /** The API key of the tenant whose org the client belongs to; its agents are the ones who can sign in. */
  tenant: string;
}

/**
 * The client every simulator starts with (first tenant). Its redirect URIs are loopback URIs without a port,
 * which match that URI on any port: a local client's `/callback`, and the Worker's own Freshworks callback
 * (`/oauth/freshworks/callback`), so that `npm start` and the tests sign agents in through it on whatever port the
 * Worker got. Register any other callback by posting this id again.
 */
export const DEMO_OAUTH_CLIENT: Readonly<Omit<OAuthClient, "tenant">> = {
  id: "fw_ext_simulator_demo",
  secret: "sim-oauth-secret",
  name: "MCP Demo",
  redirect_uris: [
    "http://localhost/callback",
    "http://127.0.0.1/callback",
    "http://localhost/oauth/freshworks/callback",
    "http://127.0.0.1/oauth/freshworks/callback",
  ],
  scopes: [
    "freshservice.tickets.view",
    "freshservice.tickets.create",
    "freshservice.tickets.edit",
    "freshservice.tickets.delete",
    "freshservice.tickets.fields.manage",
    "freshservice.tickets.conversations.view",
    "freshservice.tickets.conversations.create",
    "freshservice.problems.view",
    "freshservice.changes.view",
    "freshservice.assets.view",
    "freshservice.solutions.view",
    "freshservice.requesters.view",
    "freshservice.agents.manage",
  ],
};

/**
 * An account's sign-in ways with this simulator as its Freshworks org: the agent's own API key, and Freshworks
 * through the demo client (whose loopback redirect URIs take the Worker's callback on any port), with every scope
 * it was registered with, as an operator would pick them.
 */
export function demoSignInSettings(simulatorUrl: string) {
  return {
    api_key: true,
    freshworks: {
      org_url: simulatorUrl,
      client_id: DEMO_OAUTH_CLIENT.id,
      client_secret: DEMO_OAUTH_CLIENT.secret,
      scopes: [...DEMO_OAUTH_CLIENT.scopes],
    },
  };
}

const CLIENT_ID = /^[A-Za-z0-9_.-]{1,100}$/;
// `freshservice.tickets.view`, `freshservice.agentgroups.manage.itsm`, `freshservice.journeys.configs.fields.view`.
const SCOPE = /^freshservice(\.[a-z_]+){2,4}$/;
// The portal shows the name on the consent screen and allows at most three words.
const MAX_NAME_WORDS = 3;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
}

/** A redirect URI clients may register: https anywhere, or http on a loopback address with any port. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri)} is not an absolute URL`;
  }
  if (url.hash !== "" || uri.includes("#")) return `${uri} has a fragment`;
  if (url.username !== "" || url.password !== "") return `${uri} carries credentials`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopback(url)) return null;
  return `${uri} must be https, or http on a loopback address`;
}

/**
 * The registered URI this request's `redirect_uri` names, compared exactly; a registered loopback URI without a
 * port also matches the same URI on any port (RFC 8252 §7.3: native and local apps get a port at run time).
 */
export function matchRedirectUri(client: OAuthClient, requested: string): boolean {
  if (client.redirect_uris.includes(requested)) return true;
  // Compared as text, port taken out: `http://localhost:54321/cb` against a registered `http://localhost/cb`.
  // No URL normalisation, so `/cb/../cb` or another letter case is not the registered URI.
  const m = /^(http:\/\/[^/:?#]+|http:\/\/\[::1\]):\d{1,5}([/?].*)?$/.exec(requested);
  if (!m) return false;
  const portless = `${m[1]}${m[2] ?? ""}`;
  return client.redirect_uris.some((r) => r === portless && isLoopback(new URL(r)));
}

/** Validates a registration from the control API; the id and secret are made up when absent. */
export function parseClientRegistration(
  input: unknown,
  defaultTenant: string,
  knownTenant: (key: string) => boolean,
): OAuthClient | { problems: string[] } {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return { problems: ["The body must be a JSON object"] };
  const b = input as Record<string, unknown>;
  const problems: string[] = [];
  const str = (key: string) => (typeof b[key] === "string" ? (b[key] as string) : undefined);
  const id = b.id === undefined ? `fw_ext_${randomToken(12)}` : str("id");
  if (id === undefined || !CLIENT_ID.test(id)) problems.push("id must be 1-100 letters, digits, '_', '.' or '-'");
  const secret = b.secret === undefined ? randomToken() : str("secret");
  if (secret === undefined || secret === "" || /[^\x21-\x7e]/.test(secret))
    problems.push("secret must be a non-empty string of visible ASCII characters");
  const name = b.name === undefined ? "Simulator app" : str("name");
  if (name === undefined || name.trim() === "" || name.trim().split(/\s+/).length > MAX_NAME_WORDS)
    problems.push(`name must be 1 to ${MAX_NAME_WORDS} words`);
  const uris = b.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === "string"))
    problems.push("redirect_uris must be a non-empty array of URLs");
  else for (const u of uris as string[]) problems.push(...[redirectUriProblem(u)].filter((p) => p !== null));
  const scopes = b.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === "string" && SCOPE.test(s)))
    problems.push("scopes must be a non-empty array of freshservice.<module>.<action> scopes");
  const tenant = b.tenant === undefined ? defaultTenant : str("tenant");
  if (tenant === undefined || !knownTenant(tenant)) problems.push("tenant must be the API key of a simulated tenant");
  if (problems.length > 0) return { problems };
  return {
    id: id as string,
    secret: secret as string,
    name: (name as string).trim(),
    redirect_uris: [...new Set(uris as string[])],
    scopes: [...new Set(scopes as string[])],
    tenant: tenant as string,
  };
}

/** A client as the control API lists it: everything but the secret. */
export function publicClient(client: OAuthClient): Omit<OAuthClient, "secret"> {
  const { secret: _secret, ...rest } = client;
  return rest;
}
