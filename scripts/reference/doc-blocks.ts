/**
 * One documentation section's flattened text → lines, split into code blocks (curl samples, JSON samples, other
 * code) and the prose and table lines around them. Pure; the published copy's text never leaves this parse.
 */

/** A section of the published documentation copy, as the copy stores it. */
export interface DocSection {
  url: string;
  title: string;
  section_id: string;
  content: string;
}

export type Block =
  | { kind: "text"; lines: string[] }
  | { kind: "curl"; text: string; label: string }
  | { kind: "json"; text: string; label: string }
  | { kind: "code"; text: string; label: string };

/** The copy ends every code sample with this marker (the page's "expand" button). */
const EXPAND = "EXPAND ↓";

/**
 * UTF-8 text that was decoded as Latin-1 (â€™ for ’): decoded again where that gives valid UTF-8, so quoted values
 * ("low") come out whole. Lines without such bytes are left as they are.
 */
export function repairMojibake(line: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(line)) return line;
  const bytes = Uint8Array.from(line, (char) => char.charCodeAt(0) & 0xff);
  if ([...line].some((char) => char.charCodeAt(0) > 0xff)) return line;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return line;
  }
}

/** Trimmed, repaired, non-empty lines. */
export function sectionLines(content: string): string[] {
  return content
    .split("\n")
    .map((line) => repairMojibake(line).trim())
    .filter((line) => line.length > 0);
}

/** The line-number gutter the copy puts before each code sample: "1", "2", … counted from 1. */
function gutterEnd(lines: string[], start: number): number {
  let next = 1;
  let index = start;
  while (index < lines.length && lines[index] === String(next)) {
    next += 1;
    index += 1;
  }
  return next > 1 ? index : start;
}

/** The last prose line before a code sample names it ("Response", "Sample code | Curl", an example's caption). */
function labelBefore(text: string[]): string {
  return text[text.length - 1] ?? "";
}

/** A code sample's kind: curl, JSON (an answer may open with a comment line first), or other code. */
function codeBlock(text: string, label: string): Block {
  let body = text;
  if (body.startsWith("//") && /^(Response|Request)$/.test(label)) {
    const json = body.search(/^[{[]/m);
    if (json > 0) body = body.slice(json);
  }
  if (body.startsWith("curl")) return { kind: "curl", text: body, label };
  // A JSON sample that lost its opening brace starts with its first key (`"onboarding_requests" : [`).
  if (/^[{[]|^"[^"]*"\s*:/.test(body)) return { kind: "json", text: body, label };
  return { kind: "code", text: body, label };
}

/**
 * Splits a section's lines into blocks: a code sample is a gutter ("1", "2", …) followed by its text up to the
 * expand marker; it is a curl sample when it starts with `curl`, JSON when it starts with `{` or `[`.
 */
export function splitBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let text: string[] = [];
  const flushText = () => {
    if (text.length) blocks.push({ kind: "text", lines: text });
    text = [];
  };
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    const afterGutter = gutterEnd(lines, index);
    const first = lines[afterGutter] ?? "";
    const startsCode = afterGutter > index && (first.startsWith("curl") || /^[{["]/.test(first));
    if (startsCode || line.startsWith("curl ")) {
      const label = labelBefore(text);
      flushText();
      const from = startsCode ? afterGutter : index;
      let end = from;
      while (end < lines.length && lines[end] !== EXPAND) end += 1;
      blocks.push(codeBlock(lines.slice(from, end).join("\n"), label));
      index = end + 1;
      continue;
    }
    const captioned = /^(Response|Request|Sample code \| .*)$/.test(labelBefore(text));
    if ((afterGutter - index >= 2 || (captioned && afterGutter > index)) && lines.indexOf(EXPAND, afterGutter) > 0) {
      // A gutter before something else (a Ruby sample, a query example, a commented answer). A lone "1" is more
      // often a value in a table than a gutter, so it takes two, or a caption.
      const label = labelBefore(text);
      flushText();
      let end = afterGutter;
      while (end < lines.length && lines[end] !== EXPAND) end += 1;
      blocks.push(codeBlock(lines.slice(afterGutter, end).join("\n"), label));
      index = end + 1;
      continue;
    }
    if (line !== EXPAND) text.push(line);
    index += 1;
  }
  flushText();
  return blocks;
}

/** Every prose and table line of the blocks, in order. */
export function textLines(blocks: Block[]): string[] {
  return blocks.flatMap((block) => (block.kind === "text" ? block.lines : []));
}
