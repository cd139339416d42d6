/**
 * JSON samples in the documentation's flattened text (one token per line, trailing commas, `nil`, strings the
 * copy broke apart) → a value where it parses, else only the key names a lenient scan can see; and a value → its
 * shape (keys, JSON types, date formats), the facts the reference keeps of a sample. Pure.
 */

/** A sample's shape: JSON types seen at this place, and the keys or items below it. */
export interface Shape {
  /** The JSON types seen here, sorted and joined by `|`: `string`, `null|number`, `object`, `array`. */
  type: string;
  /** Every string seen here looked like this format. */
  format?: "date-time" | "date";
  /** Object keys seen here (every element of a list merged). */
  keys?: Record<string, Shape>;
  /** The merged shape of an array's elements, when it had any. */
  items?: Shape;
}

export type SampleParse =
  | { ok: true; value: unknown; repaired: boolean }
  | { ok: false /** Key names found by scanning, at any depth, in order of first sight. */; keys: string[] };

/** Repairs the flattening and the samples' commonest slips so JSON.parse can read them. */
function repair(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/,\s*([}\]])/g, "$1")
    .replace(/:\s*(nil|None|undefined)\b/g, ": null")
    .replace(/:\s*True\b/g, ": true")
    .replace(/:\s*False\b/g, ": false")
    .replace(/[“”]/g, '"');
}

/** Further slips, tried only when the first repairs do not do: missing or doubled commas, elisions, masks. */
function repairMore(text: string): string {
  return text
    .replace(/\s+X{3,}\b/g, "")
    .replace(/,\s*\.\.\.\s*(?=[{[])/g, ", ")
    .replace(/\{\s*\{/g, "{")
    .replace(/,(\s*,)+/g, ",")
    .replace(/\}\s*\{/g, "}, {")
    .replace(/("|\d|true|false|null|\}|\])\s+(?="[A-Za-z_][A-Za-z0-9_ ]*"\s*:)/g, "$1, ")
    .replace(/,\s*([}\]])/g, "$1");
}

/** Keys the sample left unquoted (`{ approvals : [`), quoted; last, as it can misread a string's text. */
function quoteKeys(text: string): string {
  return text.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":');
}

/** The text of one JSON value: from the first `{`/`[` to its matching close, ignoring brackets inside strings. */
function firstValue(text: string): string {
  const start = text.search(/[{[]/);
  if (start < 0) return text;
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth += 1;
    else if (char === "}" || char === "]") {
      depth -= 1;
      if (depth === 0) return text.slice(start, index + 1);
    }
  }
  return text.slice(start);
}

export function parseSample(text: string): SampleParse {
  try {
    return { ok: true, value: JSON.parse(text), repaired: false };
  } catch {
    // fall through to the repairs
  }
  // A sample that lost its opening brace starts with its first key.
  const braced = /^\s*"/.test(text) ? `{${text}` : text;
  const first = repair(braced);
  for (const attempt of [first, repairMore(first), quoteKeys(repairMore(first))]) {
    try {
      return { ok: true, value: JSON.parse(firstValue(attempt)), repaired: true };
    } catch {
      // try the next repair
    }
  }
  const keys: string[] = [];
  for (const match of text.matchAll(/"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*"\s*:/g)) {
    const key = match[1] ?? "";
    if (!keys.includes(key)) keys.push(key);
  }
  return { ok: false, keys };
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

function stringFormat(value: string): Shape["format"] | "other" {
  if (DATE_TIME.test(value)) return "date-time";
  if (DATE.test(value)) return "date";
  return "other";
}

/** Merges two shapes of the same place (list elements, repeated samples). */
export function mergeShapes(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a) return b;
  if (!b) return a;
  const type = [...new Set([...a.type.split("|"), ...b.type.split("|")])].sort().join("|");
  const merged: Shape = { type };
  const aString = a.type.split("|").includes("string");
  const bString = b.type.split("|").includes("string");
  // A format holds only while every string seen at this place had it.
  if (aString && bString) {
    if (a.format && a.format === b.format) merged.format = a.format;
  } else if (aString && a.format) merged.format = a.format;
  else if (bString && b.format) merged.format = b.format;
  if (a.keys || b.keys) {
    const keys: Record<string, Shape> = {};
    for (const name of new Set([...Object.keys(a.keys ?? {}), ...Object.keys(b.keys ?? {})])) {
      const shape = mergeShapes(a.keys?.[name], b.keys?.[name]);
      if (shape) keys[name] = shape;
    }
    merged.keys = keys;
  }
  const items = mergeShapes(a.items, b.items);
  if (items) merged.items = items;
  return merged;
}

export function shapeOf(value: unknown): Shape {
  const type = jsonType(value);
  if (type === "string") {
    const format = stringFormat(value as string);
    return format === "other" ? { type } : { type, format };
  }
  if (type === "array") {
    const items = (value as unknown[]).map(shapeOf).reduce<Shape | undefined>(mergeShapes, undefined);
    return items ? { type, items } : { type };
  }
  if (type === "object") {
    const keys: Record<string, Shape> = {};
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) keys[name] = shapeOf(inner);
    return { type, keys };
  }
  return { type };
}

/** Top-level keys of an answer that are not the record: paging and counts beside the envelope. */
const ENVELOPE_SIBLINGS = new Set(["meta", "total", "link", "links", "next_page_url", "next_page_link"]);

/** How an answer sample wraps its record(s). */
export interface Envelope {
  /** The envelope key (`ticket`, `tickets`), absent for a bare object or list. */
  wrapper?: string;
  /** The record is a list. */
  list: boolean;
  /** The record's shape (a list's elements merged). */
  record?: Shape;
  /** Other top-level keys beside the envelope key (`meta`, `total`), with their shapes. */
  siblings?: Record<string, Shape>;
}

/**
 * The envelope of an answer sample: a top-level object whose one non-paging key holds an object or a list is an
 * envelope (`{"tickets": […], "meta": {…}}`). Where several keys hold records (`{"journey_requests": […], "users":
 * […]}`), the one named for the path's last word (`hint`: "requests" → journey_requests) is the envelope and the
 * rest are siblings. Anything else is the record itself.
 */
export function envelopeOf(value: unknown, hint?: string): Envelope {
  if (Array.isArray(value)) {
    const record = shapeOf(value).items;
    return record ? { list: true, record } : { list: true };
  }
  if (value === null || typeof value !== "object") return { list: false };
  const entries = Object.entries(value as Record<string, unknown>);
  const candidates = entries.filter(
    ([name, inner]) => !ENVELOPE_SIBLINGS.has(name) && inner !== null && typeof inner === "object",
  );
  const others = entries.filter(([name]) => !ENVELOPE_SIBLINGS.has(name));
  let chosen: [string, unknown] | undefined;
  if (candidates.length === 1 && candidates.length === others.length) chosen = candidates[0];
  else if (hint && candidates.length > 1 && candidates.length === others.length) {
    const words = [hint, hint.replace(/ies$/, "y").replace(/s$/, "")].map((word) => word.replace(/-/g, "_"));
    const named = candidates.filter(([name]) => words.some((word) => name === word || name.endsWith(`_${word}`)));
    if (named.length === 1) chosen = named[0];
  }
  if (chosen) {
    const [wrapper, inner] = chosen;
    const siblings: Record<string, Shape> = {};
    for (const [name, sibling] of entries) if (name !== wrapper) siblings[name] = shapeOf(sibling);
    const list = Array.isArray(inner);
    const record = list ? shapeOf(inner).items : shapeOf(inner);
    return {
      wrapper,
      list,
      ...(record ? { record } : {}),
      ...(Object.keys(siblings).length ? { siblings } : {}),
    };
  }
  return { list: false, record: shapeOf(value) };
}
