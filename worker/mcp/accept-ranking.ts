/**
 * Ranks the two answer formats against an Accept header exactly as the `negotiator` package's media-type
 * preference does (the Worker used it before): its parsing (quoted commas and semicolons, `q` ending a range's
 * parameters), its specificity (type, subtype, parameters) and its ties broken by the header's order. Only what
 * two parameterless types need of it, so the bundle carries none of its charset, encoding and language code.
 */

/** A media range from the header: type, subtype, parameters before `q`, q, and its place in the header. */
interface Range {
  type: string;
  subtype: string;
  params: Record<string, string | undefined>;
  q: number;
  o: number;
}

/** How well a range matches an offered type, and which range and offer it was. */
interface Priority {
  o: number;
  q: number;
  s: number;
  i?: number;
}

const RANGE = /^\s*([^\s/;]+)\/([^;\s]+)\s*(?:;(.*))?$/;

/** The offered types (each `type/subtype`, no parameters) the header accepts, most preferred first. */
export function rankMediaTypes(accept: string, offered: readonly string[]): string[] {
  const ranges: Range[] = [];
  splitOutsideQuotes(accept, ",").forEach((text, o) => {
    const range = parseRange(text.trim(), o);
    if (range) ranges.push(range);
  });
  const priorities = offered.map((type, i) => priority(type, ranges, i));
  return priorities
    .filter((p) => p.q > 0)
    .sort(compare)
    .map((p) => offered[priorities.indexOf(p)] as string);
}

function parseRange(text: string, o: number): Range | null {
  const match = RANGE.exec(text);
  if (!match) return null;
  const params: Record<string, string | undefined> = Object.create(null);
  let q = 1;
  if (match[3])
    for (const pair of splitOutsideQuotes(match[3], ";")) {
      const trimmed = pair.trim();
      const eq = trimmed.indexOf("=");
      const key = (eq === -1 ? trimmed : trimmed.slice(0, eq)).toLowerCase();
      const raw = eq === -1 ? undefined : trimmed.slice(eq + 1);
      const value = raw && raw[0] === '"' && raw[raw.length - 1] === '"' ? raw.slice(1, -1) : raw;
      if (key === "q") {
        q = Number.parseFloat(value as string);
        break;
      }
      params[key] = value;
    }
  return { type: match[1] as string, subtype: match[2] as string, params, q, o };
}

/** The best range for an offered type: most specific, then highest q, then latest in the header. */
function priority(type: string, ranges: Range[], i: number): Priority {
  let best: Priority = { o: -1, q: 0, s: 0 };
  for (const range of ranges) {
    const spec = specificity(type, range, i);
    if (spec && (best.s - spec.s || best.q - spec.q || best.o - spec.o) < 0) best = spec;
  }
  return best;
}

function specificity(offered: string, range: Range, i: number): Priority | null {
  const [type = "", subtype = ""] = offered.toLowerCase().split("/");
  let s = 0;
  if (range.type.toLowerCase() === type) s |= 4;
  else if (range.type !== "*") return null;
  if (range.subtype.toLowerCase() === subtype) s |= 2;
  else if (range.subtype !== "*") return null;
  const values = Object.values(range.params);
  if (values.length > 0) {
    // An offered type has no parameters: a range's parameter matches only as `*` or empty.
    if (values.every((value) => value === "*" || !value)) s |= 1;
    else return null;
  }
  return { i, o: range.o, q: range.q, s };
}

function compare(a: Priority, b: Priority): number {
  return b.q - a.q || b.s - a.s || a.o - b.o || (a.i ?? Number.NaN) - (b.i ?? Number.NaN) || 0;
}

/** `text` split at `separator`, except inside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts = text.split(separator);
  let j = 0;
  for (let i = 1; i < parts.length; i++) {
    if (quoteCount(parts[j] as string) % 2 === 0) parts[++j] = parts[i] as string;
    else parts[j] += separator + parts[i];
  }
  parts.length = j + 1;
  return parts;
}

function quoteCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count++;
  return count;
}
