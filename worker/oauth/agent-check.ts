/**
 * Who is signing in: `GET /api/v2/agents/me` at the account's own Freshservice with the agent's own credential
 * (their API key as Basic `key:X`, or their Freshworks token as Bearer). Only an active agent of this account
 * passes; every refusal is a sentence the sign-in page can show, and none carries the credential or
 * Freshservice's body.
 */
import { type AccountRecord, accountStore } from "../store/accounts";
import { toBase64, utf8Bytes } from "../text/byte-encoding";
import { loopbackAllowed } from "../upstream/loopback";
import type { AgentIdentity, UpstreamCredential } from "./grant-types";

/** The agent is waiting on the page: a slow Freshservice gets a "try again", not a hanging form. */
export const AGENT_CHECK_TIMEOUT_MS = 5_000;
/** An agent record is a few KB; anything far larger is not one. */
const MAX_AGENT_BODY_BYTES = 256 * 1024;

export type AgentRefusal =
  | "wrong_credential"
  | "not_an_agent"
  | "other_account"
  | "missing_scope"
  | "busy"
  | "unavailable";

export type AgentCheck = { ok: true; agent: AgentIdentity } | { ok: false; reason: AgentRefusal; message: string };

/** The Freshservice API origin of an account: its domain, or its loopback `base_url` where that is allowed. */
export function accountApiOrigin(env: Env, account: AccountRecord): string | null {
  if (!account.base_url) return `https://${account.domain}`;
  // A record written where loopback was allowed must not reach loopback where it is not.
  return loopbackAllowed(env) ? account.base_url : null;
}

interface AgentRecord {
  id?: unknown;
  email?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  active?: unknown;
}

/** An agent as `/requesters?include_agents=true` lists them. */
interface RequesterRecord extends Omit<AgentRecord, "email"> {
  primary_email?: unknown;
  is_agent?: unknown;
}

/**
 * Checks the credential against the account. `email` is the signed-in user named by a Freshworks token: Freshworks
 * gives `/agents/me` no OAuth scope, so a token may be refused there, and the agent is then looked up by that
 * e-mail with the same token.
 */
export async function checkAgent(
  env: Env,
  account: AccountRecord,
  credential: UpstreamCredential,
  email?: string,
): Promise<AgentCheck> {
  const origin = accountApiOrigin(env, account);
  if (!origin) return refuse("unavailable", "This account's Freshservice can't be reached from here.");
  const where = account.domain;
  const auth = authorization(credential);
  let answer = await getJson(`${origin}/api/v2/agents/me`, auth);
  let record: AgentRecord | undefined;
  if (answer.status === 200) record = (answer.body as { agent?: AgentRecord } | null)?.agent;
  else if (answer.status === 403 && credential.kind === "bearer" && email) {
    const found = await findAgentByEmail(origin, auth, email);
    answer = found.answer;
    if (answer.status === 200 && !found.record) return notAnAgent(where);
    if (answer.status === 403)
      return refuse(
        "missing_scope",
        "Freshworks signed you in, but its app for this account may not look agents up. Ask your operator to add the freshservice.requesters.view scope to it.",
      );
    record = found.record;
  }
  const refused = refusalFor(answer.status, where, credential.kind);
  if (refused) return refused;
  const agent = identity(record);
  if (!agent || record?.active === false) return notAnAgent(where);
  // A loopback upstream (the simulator) serves every company on one origin and tells them apart by credential,
  // so the domain alone doesn't prove the agent belongs to this account: the account's own key must find the
  // same agent. A real Freshservice domain answers only its own agents' credentials.
  if (account.base_url && !(await sameAgentForAccount(env, account, origin, agent))) {
    return refuse("other_account", `This credential belongs to another Freshservice account, not ${where}.`);
  }
  return { ok: true, agent };
}

/**
 * The token's own agent, by the e-mail the token names: `GET /agents?email=` (scope `freshservice.agents.manage`),
 * else `GET /requesters?email=&include_agents=true` (scope `freshservice.requesters.view`, where agents appear with
 * `is_agent`), whichever scope the operator registered.
 */
async function findAgentByEmail(
  origin: string,
  auth: string,
  email: string,
): Promise<{ answer: { status: number; body: unknown }; record?: AgentRecord }> {
  const query = encodeURIComponent(email);
  const agents = await getJson(`${origin}/api/v2/agents?email=${query}`, auth);
  if (agents.status === 200) {
    const list = (agents.body as { agents?: AgentRecord[] } | null)?.agents ?? [];
    return { answer: agents, record: list.find((a) => typeof a.email === "string" && sameEmail(a.email, email)) };
  }
  if (agents.status !== 403) return { answer: agents };
  const people = await getJson(`${origin}/api/v2/requesters?email=${query}&include_agents=true`, auth);
  const list = (people.body as { requesters?: RequesterRecord[] } | null)?.requesters ?? [];
  const match = list.find(
    (r) => r.is_agent === true && typeof r.primary_email === "string" && sameEmail(r.primary_email, email),
  );
  return { answer: people, record: match && { ...match, email: match.primary_email } };
}

function refusalFor(status: number, where: string, kind: UpstreamCredential["kind"]): AgentCheck | null {
  if (status === 200) return null;
  if (status === 0)
    return refuse("unavailable", `${where} didn't answer within ${AGENT_CHECK_TIMEOUT_MS / 1000} seconds. Try again.`);
  if (status === 401)
    return refuse(
      "wrong_credential",
      kind === "api_key"
        ? `${where} doesn't accept this API key. Copy your key again from Freshservice (your profile → Profile settings → Your API key).`
        : `${where} doesn't accept this Freshworks sign-in. Sign in again.`,
    );
  if (status === 403 || status === 404) return notAnAgent(where);
  if (status === 429) return refuse("busy", "Freshservice is busy, try again in a minute.");
  return refuse("unavailable", `${where} answered ${status}, so we couldn't check who you are. Try again shortly.`);
}

function notAnAgent(where: string): AgentCheck {
  return refuse(
    "not_an_agent",
    `This credential is not an active agent's of ${where}. Sign in as an agent (a requester's key can't be used).`,
  );
}

function refuse(reason: AgentRefusal, message: string): AgentCheck {
  return { ok: false, reason, message };
}

function identity(record: AgentRecord | undefined): AgentIdentity | null {
  if (!record || typeof record.id !== "number" || !Number.isSafeInteger(record.id)) return null;
  if (typeof record.email !== "string" || !record.email) return null;
  const name = [record.first_name, record.last_name]
    .filter((part): part is string => typeof part === "string" && part.length > 0)
    .join(" ");
  return { id: record.id, email: record.email, name: name || record.email };
}

async function sameAgentForAccount(
  env: Env,
  account: AccountRecord,
  origin: string,
  agent: AgentIdentity,
): Promise<boolean> {
  let key: string;
  try {
    key = await accountStore(env.STORE, env.CREDENTIALS_KEY).apiKey(account);
  } catch {
    return false;
  }
  const answer = await getJson(`${origin}/api/v2/agents/${agent.id}`, authorization({ kind: "api_key", apiKey: key }));
  const email = (answer.body as { agent?: AgentRecord } | null)?.agent?.email;
  return answer.status === 200 && typeof email === "string" && sameEmail(email, agent.email);
}

function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function authorization(credential: UpstreamCredential): string {
  return credential.kind === "api_key"
    ? `Basic ${toBase64(utf8Bytes(`${credential.apiKey}:X`))}`
    : `Bearer ${credential.accessToken}`;
}

/** Status 0: no answer in time, or none at all. The body is parsed only on a 200, within a size cap. */
async function getJson(url: string, authorization: string): Promise<{ status: number; body: unknown }> {
  const signal = AbortSignal.timeout(AGENT_CHECK_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json", authorization, "user-agent": "freshservice-mcp-worker" },
      redirect: "manual",
      signal,
    });
  } catch {
    return { status: 0, body: null };
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (response.status !== 200 || declared > MAX_AGENT_BODY_BYTES) {
    await response.body?.cancel().catch(() => {});
    return { status: response.status === 200 ? 502 : response.status, body: null };
  }
  try {
    const text = await response.text();
    return text.length > MAX_AGENT_BODY_BYTES ? { status: 502, body: null } : { status: 200, body: JSON.parse(text) };
  } catch {
    // A body cut by the timeout, or not JSON: either way no agent.
    return { status: signal.aborted ? 0 : 502, body: null };
  }
}
