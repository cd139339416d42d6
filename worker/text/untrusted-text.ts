/**
 * The one sanitiser for text a model reads that came from an account or from Freshservice (field labels,
 * descriptions, choices, upstream error text, account and server names, the records search and fetch show):
 * nothing hidden, nothing that costs CPU. Input is capped before any pattern runs, every pattern is a single pass
 * (no backtracking), and text is cut on code points, so no lone surrogate is ever produced.
 */

/**
 * Characters a reader can't see or that reorder what is seen: controls, format characters (bidi embeddings,
 * overrides and isolates U+202A–202E and U+2066–2069, zero-width U+200B–200F, the tag characters
 * U+E0000–E007F that can spell invisible instructions), lone surrogates, private-use characters, line and
 * paragraph separators, and every other default-ignorable code point (variation selectors, fillers).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const HAS_HIDDEN = new RegExp(HIDDEN.source, "u");
/** The same, but a line break is kept: a record's body has paragraphs. */
const HIDDEN_EXCEPT_LINE_BREAK = new RegExp(`(?!\\n)${HIDDEN.source}`, "gu");
/** A tag: `<` up to the next `>` with no `<` between, so each character is scanned once. */
const MARKUP = /<[^<>]*>/g;
/** What is left of `<` after tags are gone: removed too, so no pass can leave (or make) a tag. */
const STRAY_OPENER = /</g;
const HAS_MARKUP = new RegExp(MARKUP.source);
const WHITESPACE_RUN = /\s+/g;
/**
 * The HTML elements that end a line where a reader sees one. Like MARKUP, it stops at the next `<`, so each
 * character is scanned once.
 */
const LINE_BREAK_TAG = /<(?:br|\/(?:p|div|li|h[1-6]|tr))\b[^<>]*>/gi;
/** The entities Freshservice's HTML bodies use, decoded in one pass (`&amp;lt;` stays `&lt;`). */
const ENTITY = /&(nbsp|amp|lt|gt|quot|#39|apos);/g;
const ENTITY_TEXT: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'" };
const SPACE_RUN = /[^\S\n]+/g;
/** After SPACE_RUN, at most one space on either side: one pass. */
const SPACED_LINE_BREAK = / ?\n ?/g;
const BLANK_LINES = /\n{3,}/g;
/** Markup and hidden characters may be removed, so more than the kept length is read; never more than this. */
export const SCANNED_CHARS_PER_KEPT_CHAR = 8;

/** Plain, visible, single-line text of at most `maxChars` code points, or undefined when nothing is left. */
export function cleanText(value: unknown, maxChars: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value
    .slice(0, maxChars * SCANNED_CHARS_PER_KEPT_CHAR)
    .replace(MARKUP, " ")
    .replace(STRAY_OPENER, " ")
    .replace(HIDDEN, " ")
    .replace(WHITESPACE_RUN, " ")
    .trim();
  return text ? cutCodePoints(text, maxChars) : undefined;
}

/**
 * A record's body (a description, a reply) as the visible text a reader sees, line breaks kept, of at most
 * `maxChars` code points, or undefined when nothing is left. HTML loses its tags (a raw `<` is always markup there;
 * a shown one is `&lt;`), then its entities are decoded, so the text keeps what the page shows; plain text keeps
 * its `<` (it is what Freshservice shows). Either way hidden characters go, and a body cut before it was cleaned
 * ends with `…`.
 */
export function cleanBodyText(value: unknown, maxChars: number, format: "html" | "plain"): string | undefined {
  if (typeof value !== "string") return undefined;
  const cut = value.length > maxChars * SCANNED_CHARS_PER_KEPT_CHAR;
  const scanned = cut ? withoutCutTag(value.slice(0, maxChars * SCANNED_CHARS_PER_KEPT_CHAR), format) : value;
  const visible =
    format === "html"
      ? scanned
          .replace(LINE_BREAK_TAG, "\n")
          .replace(MARKUP, "")
          .replace(STRAY_OPENER, "")
          .replace(ENTITY, (_, name: string) => ENTITY_TEXT[name] ?? "")
      : scanned;
  const text = visible
    .replace(HIDDEN_EXCEPT_LINE_BREAK, " ")
    .replace(SPACE_RUN, " ")
    .replace(SPACED_LINE_BREAK, "\n")
    .replace(BLANK_LINES, "\n\n")
    .trim();
  if (!text) return undefined;
  return cutCodePoints(cut ? `${text}…` : text, maxChars);
}

/** Hidden characters except the line break and the tab a text file is laid out with. */
const HIDDEN_EXCEPT_LAYOUT = new RegExp(`(?![\\n\\t])${HIDDEN.source}`, "gu");

/**
 * A text file's content as a model reads it (an attachment): hidden characters go, line breaks and tabs stay, and
 * so does every space (indentation is content) and any markup (a file of HTML or XML is its markup; it reaches
 * the model as text, never rendered). Carriage returns go with the other controls, so CRLF reads as LF. At most
 * `maxChars` code points, the last one an ellipsis when something was cut.
 */
export function cleanFileText(value: string, maxChars: number): string {
  return cutCodePoints(value.slice(0, maxChars * 2).replace(HIDDEN_EXCEPT_LAYOUT, ""), maxChars);
}

/** HTML cut inside a tag ends before that tag, so the tag's insides don't show as text. */
function withoutCutTag(prefix: string, format: "html" | "plain"): string {
  const opener = prefix.lastIndexOf("<");
  return format === "html" && opener > prefix.lastIndexOf(">") ? prefix.slice(0, opener) : prefix;
}

/**
 * A value sent back to Freshservice verbatim (a dropdown choice) can't be rewritten: it is kept only when it is
 * already clean text (no hidden characters, no markup) of at most `maxChars` code points.
 */
export function isCleanValue(value: unknown, maxChars: number): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > maxChars * 2) return false;
  return (
    !HAS_HIDDEN.test(value) && !HAS_MARKUP.test(value) && value.trim() !== "" && codePointLength(value) <= maxChars
  );
}

/** At most `maxChars` code points, the last one an ellipsis when something was cut. */
export function cutCodePoints(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // A code point is one or two code units, so this prefix holds at least maxChars of them.
  const points = Array.from(text.slice(0, maxChars * 2));
  if (points.length <= maxChars && text.length <= maxChars * 2) return text;
  return `${points.slice(0, maxChars - 1).join("")}…`;
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}
