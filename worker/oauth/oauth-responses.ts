/**
 * What the OAuth endpoints answer with: RFC 6749 §5.2 error JSON, never cached, and the CORS headers that let a
 * browser-based client (the Inspector in a browser, a web IDE) read the metadata and call token, register and revoke.
 * Those endpoints take no cookie and no ambient credential, so any origin may call them.
 */
import { readBodyText } from "../http/read-json-body";
import { HttpError } from "../http/responses";
import { throttleAddress } from "./client-address";

export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, mcp-protocol-version",
  "access-control-max-age": "86400",
};

/** Tokens and errors about them must not be kept by any cache (RFC 6749 §5.1). */
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/** A form or registration body is a few hundred bytes; this leaves room for long redirect URI lists. */
export const MAX_OAUTH_BODY_BYTES = 16 * 1024;

export function oauthJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE, ...CORS_HEADERS, ...headers },
  });
}

export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Response {
  return oauthJson({ error, error_description: description }, status, headers);
}

export function preflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

/** A POST body of `application/x-www-form-urlencoded`, each parameter at most once (RFC 6749 §3.2). */
export async function readForm(
  request: Request,
): Promise<{ ok: true; form: Map<string, string> } | { ok: false; response: Response }> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return bad("The body must be application/x-www-form-urlencoded.");
  let text: string;
  try {
    text = await readBodyText(request, MAX_OAUTH_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError) return bad(`The body is larger than ${MAX_OAUTH_BODY_BYTES} bytes.`);
    throw error;
  }
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (form.has(name)) return bad(`The parameter ${name} appears more than once.`);
    form.set(name, value);
  }
  return { ok: true, form };
}

function bad(description: string): { ok: false; response: Response } {
  return { ok: false, response: oauthError(400, "invalid_request", description) };
}

/** The address a request came from (Cloudflare sets it; absent locally and in tests), as a throttle counts it. */
export function clientAddress(request: Request): string {
  return throttleAddress(request.headers.get("cf-connecting-ip"));
}
