/**
 * RFC 7591 dynamic client registration at `/oauth/<mcp_id>/register`, for clients that don't use a metadata
 * document. A registration belongs to the server it was made at, lives a day unless a grant uses it (then 90 days
 * from that use), and is bounded per client address, so a flood of registrations neither fills KV nor lingers. A
 * confidential client's secret is answered once and stored only as its SHA-256.
 */

import { readBodyText } from "../http/read-json-body";
import { mintToken, sha256Hex } from "../store/crypto";
import { kvKeys } from "../store/kv-keys";
import { clientAddress, MAX_OAUTH_BODY_BYTES, oauthError, oauthJson } from "./oauth-responses";
import { redirectUriProblem } from "./redirect-uri";

export const CLIENT_AUTH_METHODS = ["none", "client_secret_basic", "client_secret_post"] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export interface RegisteredClient {
  client_id: string;
  mcp_id: string;
  client_name: string;
  redirect_uris: string[];
  token_endpoint_auth_method: ClientAuthMethod;
  /** SHA-256 (hex) of the secret of a confidential client; null for a public one. */
  client_secret_hash: string | null;
  created_at: string;
  /** When a grant last extended its life (absent: never; it expires a day after `created_at`). */
  extended_at?: string;
}

/** An unused registration goes after a day (KV's expiration does it). */
export const UNUSED_REGISTRATION_TTL_SECONDS = 24 * 60 * 60;
/** A registration a grant used stays as long as an idle grant does. */
export const USED_REGISTRATION_TTL_SECONDS = 90 * 24 * 60 * 60;
/**
 * Registrations per client address per minute (the UrlBudget window). A client registers once per sign-in, but some
 * register anew for every sign-in and step-up, and an office shares one address; a flood still stops within a minute.
 */
export const REGISTRATIONS_PER_MINUTE = 30;
const MAX_REDIRECT_URIS = 10;
const MAX_CLIENT_NAME_CHARS = 100;
const GRANT_TYPES = new Set(["authorization_code", "refresh_token"]);

export async function registerClient(request: Request, env: Env, mcpId: string): Promise<Response> {
  const budget = await env.URL_BUDGET.getByName(`oauth-register:${clientAddress(request)}`).take(
    REGISTRATIONS_PER_MINUTE,
  );
  if (!budget.allowed)
    return oauthError(429, "slow_down", "Too many registrations from this address; try again in a minute.", {
      "retry-after": String(budget.resetSeconds),
    });
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return invalid("The registration must be a JSON object (application/json).");
  let body: unknown;
  try {
    body = JSON.parse(await readBodyText(request, MAX_OAUTH_BODY_BYTES));
  } catch {
    return invalid(`The registration must be a JSON object of at most ${MAX_OAUTH_BODY_BYTES / 1024} KB.`);
  }
  const parsed = parseRegistration(body);
  if (!parsed.ok) return oauthError(400, parsed.error, parsed.description);
  const { metadata } = parsed;
  const secret = metadata.token_endpoint_auth_method === "none" ? null : mintToken();
  const record: RegisteredClient = {
    client_id: crypto.randomUUID(),
    mcp_id: mcpId,
    client_name: metadata.client_name,
    redirect_uris: metadata.redirect_uris,
    token_endpoint_auth_method: metadata.token_endpoint_auth_method,
    client_secret_hash: secret === null ? null : await sha256Hex(secret),
    created_at: new Date().toISOString(),
  };
  await env.STORE.put(kvKeys.oauthClient(record.client_id), JSON.stringify(record), {
    expirationTtl: UNUSED_REGISTRATION_TTL_SECONDS,
  });
  return oauthJson(
    {
      client_id: record.client_id,
      client_id_issued_at: Math.floor(Date.parse(record.created_at) / 1000),
      ...(secret === null ? {} : { client_secret: secret, client_secret_expires_at: 0 }),
      client_name: record.client_name,
      redirect_uris: record.redirect_uris,
      token_endpoint_auth_method: record.token_endpoint_auth_method,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    },
    201,
  );
}

type Parsed =
  | { ok: true; metadata: Pick<RegisteredClient, "client_name" | "redirect_uris" | "token_endpoint_auth_method"> }
  | { ok: false; error: "invalid_redirect_uri" | "invalid_client_metadata"; description: string };

/** RFC 7591 §2 metadata, as much of it as we use; the rest is ignored. */
export function parseRegistration(body: unknown): Parsed {
  const meta = (error: "invalid_client_metadata" | "invalid_redirect_uri", description: string): Parsed => ({
    ok: false,
    error,
    description,
  });
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return meta("invalid_client_metadata", "The registration must be a JSON object.");
  const input = body as Record<string, unknown>;
  const uris = input.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > MAX_REDIRECT_URIS)
    return meta("invalid_redirect_uri", `redirect_uris must list 1 to ${MAX_REDIRECT_URIS} URIs.`);
  for (const uri of uris) {
    if (typeof uri !== "string") return meta("invalid_redirect_uri", "Each redirect URI must be a string.");
    const problem = redirectUriProblem(uri);
    if (problem) return meta("invalid_redirect_uri", `The redirect URI ${shown(uri)} ${problem}.`);
  }
  // RFC 7591 §2: without one, the method is client_secret_basic.
  const method = input.token_endpoint_auth_method ?? "client_secret_basic";
  if (typeof method !== "string" || !(CLIENT_AUTH_METHODS as readonly string[]).includes(method))
    return meta(
      "invalid_client_metadata",
      `token_endpoint_auth_method must be one of ${CLIENT_AUTH_METHODS.join(", ")}.`,
    );
  const grantTypes = input.grant_types ?? ["authorization_code"];
  if (!Array.isArray(grantTypes) || grantTypes.some((g) => typeof g !== "string" || !GRANT_TYPES.has(g)))
    return meta("invalid_client_metadata", "grant_types may only be authorization_code and refresh_token.");
  const responseTypes = input.response_types ?? ["code"];
  if (!Array.isArray(responseTypes) || responseTypes.some((r) => r !== "code"))
    return meta("invalid_client_metadata", "response_types may only be code.");
  const name = input.client_name ?? "Unnamed client";
  if (typeof name !== "string" || !name.trim())
    return meta("invalid_client_metadata", "client_name must be a non-empty string.");
  return {
    ok: true,
    metadata: {
      client_name: cleanName(name),
      redirect_uris: uris as string[],
      token_endpoint_auth_method: method as ClientAuthMethod,
    },
  };
}

/** The registration of `clientId` when it was made at this server. */
export async function registeredClient(env: Env, mcpId: string, clientId: string): Promise<RegisteredClient | null> {
  if (clientId.length > 64) return null;
  const record = await env.STORE.get<RegisteredClient>(kvKeys.oauthClient(clientId), "json");
  return record && record.mcp_id === mcpId ? record : null;
}

/** A registration in use is extended at most this often (a KV write), well within its 90 days. */
const EXTEND_EVERY_MS = 7 * 24 * 60 * 60_000;

/** A grant used this registration: keep it as long as such a grant may live unused. */
export async function extendRegistration(env: Env, clientId: string, known?: RegisteredClient): Promise<void> {
  const record = known ?? (await env.STORE.get<RegisteredClient>(kvKeys.oauthClient(clientId), "json"));
  if (!record) return;
  const extended: RegisteredClient = { ...record, extended_at: new Date().toISOString() };
  await env.STORE.put(kvKeys.oauthClient(clientId), JSON.stringify(extended), {
    expirationTtl: USED_REGISTRATION_TTL_SECONDS,
  });
}

/** Whether a registration a grant is using should be extended now (its last extension is a week old). */
export function extensionDue(record: RegisteredClient, now = Date.now()): boolean {
  return !record.extended_at || now - Date.parse(record.extended_at) >= EXTEND_EVERY_MS;
}

/** Shown to the agent as text (never HTML): no control characters, a bounded length. */
export function cleanName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const text = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "").trim();
  return text.length > MAX_CLIENT_NAME_CHARS ? `${text.slice(0, MAX_CLIENT_NAME_CHARS - 1)}…` : text;
}

function invalid(description: string): Response {
  return oauthError(400, "invalid_client_metadata", description);
}

function shown(uri: string): string {
  return JSON.stringify(uri.length > 100 ? `${uri.slice(0, 99)}…` : uri);
}
