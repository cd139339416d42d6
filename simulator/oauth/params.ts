// Reading an OAuth request's parameters: the query of an authorization request, or the body of a token or
// revocation request. Reports differ on whether Freshworks' token endpoint wants JSON or a form, so both are
// read; every value must be a string, and a parameter given twice is refused (RFC 6749 §3.1).

export type Params = Map<string, string>;

export function queryParams(url: URL): Params | { problem: string } {
  return fromPairs([...url.searchParams]);
}

/** The parameters in a request body of this Content-Type. */
export function bodyParams(contentType: string | null, text: string): Params | { problem: string } {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return fromPairs([...new URLSearchParams(text)]);
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { problem: "The body is not valid JSON" };
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      return { problem: "The body must be a JSON object" };
    const pairs = Object.entries(parsed);
    if (!pairs.every(([, v]) => typeof v === "string")) return { problem: "Every parameter must be a string" };
    return fromPairs(pairs as Array<[string, string]>);
  }
  return { problem: "Send the parameters as application/x-www-form-urlencoded or application/json" };
}

function fromPairs(pairs: Array<[string, string]>): Params | { problem: string } {
  const out: Params = new Map();
  for (const [k, v] of pairs) {
    if (out.has(k)) return { problem: `${k} is given more than once` };
    out.set(k, v);
  }
  return out;
}

/** A parameter's value, with an empty value read as absent (RFC 6749 §3.1). */
export function param(params: Params, name: string): string | null {
  const v = params.get(name);
  return v === undefined || v === "" ? null : v;
}
