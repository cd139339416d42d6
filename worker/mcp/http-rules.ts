/**
 * The Streamable HTTP rules both lanes share: which answer format the client's Accept asks for, which
 * protocol revisions we speak, and which browser origins may call.
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import Negotiator from "negotiator";

const JSON_TYPE = "application/json";
const SSE_TYPE = "text/event-stream";

/**
 * Clients must accept both JSON and SSE on POST (the spec and the SDK transport refuse otherwise); within
 * that, we answer in the one the client ranks higher, JSON on a tie.
 */
export function answerFormat(accept: string | null): "json" | "sse" | null {
  const negotiator = new Negotiator({ headers: { accept: accept ?? "" } });
  const acceptable = negotiator.mediaTypes([JSON_TYPE, SSE_TYPE]);
  if (!acceptable.includes(JSON_TYPE) || !acceptable.includes(SSE_TYPE)) return null;
  return acceptable[0] === SSE_TYPE ? "sse" : "json";
}

/** A missing header means an older client (the spec says assume 2025-03-26); a present one must be known. */
export function isSupportedProtocolVersion(header: string | null): boolean {
  return header === null || SUPPORTED_PROTOCOL_VERSIONS.includes(header);
}

/**
 * DNS-rebinding defence: a browser's `Origin`, when present, must be one the operator allowed. The request's
 * own origin is trusted only where `ALLOWED_HOSTS` vouches for its Host (locally): elsewhere an attacker who
 * rebinds a name of theirs controls the Host the own origin is built from. Non-browser clients send no Origin.
 */
export function isAllowedOrigin(request: Request, allowedOrigins: string, allowedHosts?: string): boolean {
  const origin = request.headers.get("origin");
  if (origin === null || list(allowedOrigins).includes(origin)) return true;
  const own = new URL(request.url);
  return list(allowedHosts ?? "").includes(own.hostname) && origin === own.origin;
}

/**
 * Where `ALLOWED_HOSTS` is set (local development, where DNS rebinding is the threat), the Host must be one of
 * those host names; deployed Workers are reached only through their configured routes and leave it unset.
 */
export function isAllowedHost(request: Request, allowedHosts: string | undefined): boolean {
  const hosts = list(allowedHosts ?? "");
  return hosts.length === 0 || hosts.includes(new URL(request.url).hostname);
}

function list(commaSeparated: string): string[] {
  return commaSeparated
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}
