// Building Web-standard responses with the headers every Freshservice response carries, and media-type checks.

export const API_VERSION_HEADER = "latest=v2; requested=v2";
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function baseHeaders(extra: Record<string, string> = {}): Headers {
  const h = new Headers({ "Content-Type": JSON_CONTENT_TYPE, "X-Freshservice-Api-Version": API_VERSION_HEADER });
  for (const [k, v] of Object.entries(extra)) h.set(k, v);
  return h;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined || status === 204 || status === 304 ? null : JSON.stringify(body);
  return new Response(text, { status, headers: baseHeaders(headers) });
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

/** Parses an Accept / Content-Type value into media ranges (lower-cased, with q). */
export function parseMediaTypes(header: string): MediaRange[] {
  return header
    .split(",")
    .map((part) => {
      const [essence = "", ...params] = part.split(";").map((s) => s.trim());
      const [type = "", subtype = ""] = essence.toLowerCase().split("/");
      let q = 1;
      for (const p of params) {
        const [k, v] = p.split("=").map((s) => s.trim());
        if (k?.toLowerCase() === "q" && v !== undefined) q = Number(v);
      }
      return { type, subtype, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((m) => m.type !== "");
}

/** Accept is absent, or admits application/json (`application/json`, `application/*` or `*\/*` with q > 0). */
export function acceptsJson(accept: string | null): boolean {
  if (accept === null || accept.trim() === "") return true;
  return parseMediaTypes(accept).some(
    (m) =>
      m.q > 0 &&
      ((m.type === "application" && (m.subtype === "json" || m.subtype === "*")) ||
        (m.type === "*" && m.subtype === "*")),
  );
}

/** The Content-Type's essence is application/json (parameters such as charset are fine). */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [m] = parseMediaTypes(contentType);
  return m !== undefined && m.type === "application" && m.subtype === "json";
}
