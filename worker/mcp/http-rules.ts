/**
 * The Streamable HTTP rules every answer shares: which answer format the client's Accept asks for, and which
 * browser origins may call (which hosts: worker/http/allowed-hosts.ts, shared with the admin API). Protocol
 * revisions are the SDK's business (protocol-lane.ts).
 */
import { commaList } from "../http/comma-list";
import { rankMediaTypes } from "./accept-ranking";

const JSON_TYPE = "application/json";
const SSE_TYPE = "text/event-stream";
const OFFERED = [JSON_TYPE, SSE_TYPE];

/**
 * JSON or SSE, whichever the client ranks higher by q and specificity; JSON on a tie, whatever the order the client
 * listed them in (a JSON answer carries its length and reads in every client); null when it accepts neither. Liberal where
 * the spec lets a server be: the spec asks clients to list both types, but some send `application/json` alone,
 * a wildcard (any type) or no Accept at all, and every one of them reads a JSON answer.
 */
export function answerFormat(accept: string | null): AnswerFormat | null {
  if (accept === null || accept.trim() === "") return "json";
  const known = negotiated.get(accept);
  if (known !== undefined) return known;
  const format = negotiate(accept);
  if (accept.length <= MAX_REMEMBERED_ACCEPT_CHARS) {
    if (negotiated.size >= MAX_REMEMBERED_ACCEPTS) negotiated.clear();
    negotiated.set(accept, format);
  }
  return format;
}

// Clients send the same few Accept values on every request: each is negotiated once per isolate (the answer
// depends on the header alone). Bounded in count and length, so odd headers can't fill memory.
const negotiated = new Map<string, AnswerFormat | null>();
const MAX_REMEMBERED_ACCEPTS = 64;
const MAX_REMEMBERED_ACCEPT_CHARS = 256;

function negotiate(accept: string): AnswerFormat | null {
  const ranked = rank(accept);
  if (ranked.length === 0) return null;
  if (ranked[0] === JSON_TYPE) return "json";
  // The ranking breaks a tie (same q, same specificity) by the header's order; reversing the header's ranges
  // tells a real preference for SSE (it stays first) from a tie (it doesn't), and a tie is answered as JSON.
  return rank(accept.split(",").reverse().join(","))[0] === SSE_TYPE ? "sse" : "json";
}

function rank(accept: string): string[] {
  return rankMediaTypes(accept, OFFERED);
}

export type AnswerFormat = "json" | "sse";

/**
 * DNS-rebinding defence: a browser's `Origin`, when present, must be one the operator allowed. The request's
 * own origin is trusted only where `ALLOWED_HOSTS` vouches for its Host (locally): elsewhere an attacker who
 * rebinds a name of theirs controls the Host the own origin is built from. Non-browser clients send no Origin.
 */
export function isAllowedOrigin(request: Request, allowedOrigins: string, allowedHosts?: string): boolean {
  const origin = request.headers.get("origin");
  if (origin === null || commaList(allowedOrigins).includes(origin)) return true;
  const own = new URL(request.url);
  return commaList(allowedHosts ?? "").includes(own.hostname) && origin === own.origin;
}
