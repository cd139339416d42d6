/**
 * Client ID Metadata Documents: a client whose `client_id` is an https URL publishes its metadata there, and we fetch
 * it. The fetch is a trust boundary: public hosts only (the file-URL rule: no private, loopback or internal address
 * in any spelling; loopback only in local development), no redirects, 5 KB and 5 seconds at most, a JSON content
 * type. The document must name itself as `client_id`, list redirect URIs, and hold no shared secret (anyone can read it).
 */
import { checkFileUrl } from "../files/file-url";
import { loopbackAllowed } from "../upstream/loopback";
import { readCappedText } from "../upstream/read-capped";
import { cleanName } from "./client-registration";
import { redirectUriProblem } from "./redirect-uri";

/** A metadata document is a few hundred bytes; a larger one is refused, not read. */
export const CIMD_MAX_BYTES = 5 * 1024;
/** The agent is waiting on the authorization page. */
export const CIMD_TIMEOUT_MS = 5_000;
const MAX_REDIRECT_URIS = 20;
/**
 * Methods a public client may name. `private_key_jwt` is ChatGPT's: its document names it, and such a client gets no
 * more from us than a `none` client (PKCE and the exact redirect are what bind its code; no assertion is checked).
 */
const PUBLIC_AUTH_METHODS = new Set(["none", "private_key_jwt"]);

export interface MetadataDocumentClient {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
  /** The document URL's host: the only part of the client's identity anyone verified. */
  host: string;
}

export type MetadataDocumentResult = { ok: true; client: MetadataDocumentClient } | { ok: false; problem: string };

/** Whether `clientId` is meant as a metadata document URL (rather than an id we registered). */
export function isMetadataDocumentUrl(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

export async function fetchClientMetadataDocument(
  env: Pick<Env, "ALLOW_LOOPBACK_UPSTREAM" | "ENVIRONMENT">,
  clientId: string,
  options: { timeoutMs?: number } = {},
): Promise<MetadataDocumentResult> {
  const checked = checkFileUrl(clientId, { allowLoopback: loopbackAllowed(env) });
  if (!checked.ok) return fail(`The client's metadata document URL can't be fetched: ${checked.problem}.`);
  const { url } = checked;
  if (url.pathname === "/" || url.hash || clientId.includes("#"))
    return fail("A client metadata document URL needs a path and no fragment.");
  if (hasDotSegment(clientId))
    return fail("A client metadata document URL must not have a dot segment (. or ..) in its path.");
  const timeout = AbortSignal.timeout(options.timeoutMs ?? CIMD_TIMEOUT_MS);
  const late = new Promise<null>((resolve) => timeout.addEventListener("abort", () => resolve(null), { once: true }));
  let response: Response;
  try {
    response = await fetch(url.href, {
      headers: { accept: "application/json", "user-agent": "freshservice-mcp-worker" },
      redirect: "manual",
      signal: timeout,
    });
  } catch {
    return fail(
      timeout.aborted
        ? `The client's metadata document did not answer within ${seconds(options)} s.`
        : "The client's metadata document could not be reached.",
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    return fail(`The client's metadata document answered ${response.status}, not the document.`);
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > CIMD_MAX_BYTES) {
    await response.body?.cancel().catch(() => {});
    return fail(`The client's metadata document is larger than ${CIMD_MAX_BYTES / 1024} KB.`);
  }
  // The deadline holds for the body too.
  const text = await Promise.race([readCappedText(response, CIMD_MAX_BYTES), late]);
  if (text === null)
    return fail(
      timeout.aborted
        ? `The client's metadata document did not arrive within ${seconds(options)} s.`
        : `The client's metadata document is larger than ${CIMD_MAX_BYTES / 1024} KB or broke off.`,
    );
  // The draft: `application/json` or a more specific `application/<…>+json`; any other type is an error answer.
  if (!isJsonType(response.headers.get("content-type")))
    return fail("The client's metadata document is not served with a JSON content type (application/json).");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail("The client's metadata document is not JSON.");
  }
  return validateMetadataDocument(document, clientId, url.host);
}

/** The checks on a document's content, pure. */
export function validateMetadataDocument(document: unknown, clientId: string, host: string): MetadataDocumentResult {
  if (typeof document !== "object" || document === null || Array.isArray(document))
    return fail("The client's metadata document is not a JSON object.");
  const doc = document as Record<string, unknown>;
  if (doc.client_id !== clientId) return fail("The client's metadata document names another client_id than its URL.");
  if ("client_secret" in doc || "client_secret_expires_at" in doc)
    return fail("The client's metadata document holds a client secret, which a public document can't keep.");
  const method = doc.token_endpoint_auth_method ?? "none";
  if (typeof method !== "string" || !PUBLIC_AUTH_METHODS.has(method))
    return fail("The client's metadata document asks for a shared-secret token endpoint method; it must be none.");
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > MAX_REDIRECT_URIS)
    return fail(`The client's metadata document must list 1 to ${MAX_REDIRECT_URIS} redirect_uris.`);
  const valid = uris.filter((uri): uri is string => typeof uri === "string" && redirectUriProblem(uri) === null);
  if (!valid.length) return fail("None of the client's redirect_uris is https or an http loopback address.");
  const name = doc.client_name;
  if (name !== undefined && (typeof name !== "string" || !cleanName(name)))
    return fail("The client's metadata document has a client_name that is not a non-empty string.");
  return {
    ok: true,
    client: { client_id: clientId, client_name: name ? cleanName(name as string) : host, redirect_uris: valid, host },
  };
}

function isJsonType(header: string | null): boolean {
  const type = header?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

/**
 * The draft forbids `.` and `..` path segments: the parser would resolve them, so the URL fetched would not be the
 * client_id the document must repeat exactly. Checked on the text as sent, percent-encoded dots included.
 */
function hasDotSegment(clientId: string): boolean {
  const path = clientId.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0] ?? "";
  return path.split(/[/\\]/).some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

function fail(problem: string): MetadataDocumentResult {
  return { ok: false, problem };
}

function seconds(options: { timeoutMs?: number }): number {
  return (options.timeoutMs ?? CIMD_TIMEOUT_MS) / 1000;
}
