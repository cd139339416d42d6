/**
 * Endpoints in the documentation's text: the `get` + `/api/v2/…` line pair each operation shows, the URLs of its
 * curl samples, and the paths both lead to, normalized to `{placeholder}` form. Pure.
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A query argument as an endpoint line or a URL shows it: its name, and a placeholder or a literal value. */
export interface QueryTemplateEntry {
  name: string;
  /** `[page]`, `{id}` → the placeholder's name; absent for a literal value. */
  placeholder?: string;
  /** A literal value (`operation=approve`, `include=stats`). */
  value?: string;
}

export interface Endpoint {
  method: HttpMethod;
  /** Below /api/v2, placeholders as `{name}`: `/tickets/{id}/notes`. */
  path: string;
  query: QueryTemplateEntry[];
}

/**
 * The copy turned `&order_by` into `ℴ_by` (`&order` read as the HTML entity for U+2134); it is put back before a
 * URL is read.
 */
function repairEntities(url: string): string {
  return url.replace(/ℴ/g, "&order");
}

/** A path segment that is a placeholder in any of the copy's spellings: `[id]`, `{id}`, `id]`, `[id]]`. */
function placeholderName(segment: string): string | undefined {
  const match = /^[[{]?([a-z][a-z0-9_]*)[\]}]+$/.exec(segment) ?? /^[[{]([a-z][a-z0-9_]*)[\]}]*$/.exec(segment);
  return match?.[1];
}

/**
 * A documented path below /api/v2 with every placeholder as `{name}`. A bare `id` segment after a collection is a
 * placeholder too (`/onboarding_requests/id`), and so is a number or UUID (curl samples show real ids).
 */
export function normalizePath(raw: string): string {
  const path = raw
    .trim()
    .replace(/^https?:\/\/[^/]+/, "")
    .replace(/^\/*(api\/v2\/*)+/, "/");
  const segments = path.split("/").filter((segment) => segment.length > 0);
  const normalized = segments.map((segment, index) => {
    const name = placeholderName(segment);
    if (name && /[[\]{}]/.test(segment)) return `{${name}}`;
    if (segment === "id" && index > 0) return "{id}";
    if (/^\d+$/.test(segment) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment))
      return "{}";
    return segment;
  });
  return `/${normalized.join("/")}`;
}

/** The placeholder names of a normalized path, in order (`{}` from a sample counts as unnamed). */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([a-z0-9_]*)\}/g)].map((match) => match[1] ?? "");
}

/** A path with every placeholder erased: two paths address the same endpoint when their shapes are equal. */
export function pathShape(path: string): string {
  return path.replace(/\{[a-z0-9_]*\}/g, "{}");
}

/** `a=[x]&b=literal` → entries; names are lower-case identifiers, anything else is dropped. */
export function parseQueryString(query: string): QueryTemplateEntry[] {
  const entries: QueryTemplateEntry[] = [];
  for (const part of repairEntities(query).split("&")) {
    const [rawName = "", ...rest] = part.split("=");
    const name = rawName.trim();
    if (!/^[a-z][a-z0-9_]*$/.test(name)) continue;
    const raw = rest.join("=").trim();
    const placeholder = /^[[{]([^\]}]*)[\]}]$/.exec(raw)?.[1];
    if (placeholder !== undefined) entries.push({ name, placeholder });
    else entries.push({ name, value: decodeValue(raw) });
  }
  return entries;
}

function decodeValue(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

/** A documented URL (with or without host and /api/v2) → its normalized path and query. */
export function parseUrl(url: string): { path: string; query: QueryTemplateEntry[] } {
  // A query whose `?` the copy lost (`/workspaces/query=[query]`) starts at the segment holding the `=`.
  const repaired = repairEntities(url.trim()).replace(/^([^?=]*)\/([a-z_]+=)/, "$1?$2");
  const at = repaired.indexOf("?");
  const path = normalizePath(at >= 0 ? repaired.slice(0, at) : repaired);
  return { path, query: at >= 0 ? parseQueryString(repaired.slice(at + 1)) : [] };
}

/**
 * The endpoint an operation's section names: a line holding only the lower-case verb, followed by the path line
 * (`/api/v2/tickets/[id]`, sometimes without the leading slash).
 */
export function findEndpointLine(lines: string[]): Endpoint | undefined {
  for (let index = 0; index + 1 < lines.length; index += 1) {
    const verb = (lines[index] ?? "").toUpperCase();
    const next = lines[index + 1] ?? "";
    if (!(HTTP_METHODS as readonly string[]).includes(verb) || lines[index] !== verb.toLowerCase()) continue;
    if (!/^\/?api\/v2\//.test(next)) continue;
    const url = next.split(/\s+/)[0] ?? next;
    return { method: verb as HttpMethod, ...parseUrl(url) };
  }
  return undefined;
}

/** What a curl sample shows: its verb, URL, JSON body text (`-d '…'`) and multipart field names (`-F`). */
export interface CurlSample {
  method: HttpMethod;
  path: string;
  query: QueryTemplateEntry[];
  /** The text after `-d` / `--data`, unparsed. */
  body?: string;
  /** Names of `-F 'name=value'` parts (multipart uploads). */
  formFields: string[];
}

export function parseCurl(text: string): CurlSample | undefined {
  const url = /(https?:\/\/[^'"‘’“”\s]*\/api\/v2\/[^'"‘’“”\s]*)/.exec(text)?.[1];
  if (!url) return undefined;
  const body = dataArgument(text);
  const formFields = [...text.matchAll(/-F\s*'([a-z][a-z0-9_]*(?:\[\])?)=/g)].map((match) => match[1] ?? "");
  const explicit = /-X\s*(GET|POST|PUT|PATCH|DELETE)\b/.exec(text)?.[1] as HttpMethod | undefined;
  const method: HttpMethod = explicit ?? (body !== undefined || formFields.length ? "POST" : "GET");
  return { method, ...parseUrl(url), ...(body !== undefined ? { body } : {}), formFields };
}

/** The single-quoted argument of `-d` or `--data`, which may span lines and is followed by a quote or a space. */
function dataArgument(text: string): string | undefined {
  const flag = /(?:^|\s)(?:-d|--data(?:-raw)?)\s*'/.exec(text);
  if (!flag) return undefined;
  const start = flag.index + flag[0].length;
  // The body ends at the first quote followed by whitespace, another quote or the end of the sample.
  const end = /'(?=\s|'|$)/g;
  end.lastIndex = start;
  const close = end.exec(text);
  return text.slice(start, close ? close.index : text.length);
}
