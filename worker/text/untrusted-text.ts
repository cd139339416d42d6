/**
 * The one sanitiser for text a model reads that came from an account or from Freshservice (field labels,
 * descriptions, choices, upstream error text, account and server names): nothing hidden, nothing that costs
 * CPU. Input is capped before any pattern runs, every pattern is a single pass (no backtracking), and text is
 * cut on code points, so no lone surrogate is ever produced.
 */

/**
 * Characters a reader can't see or that reorder what is seen: controls, format characters (bidi embeddings,
 * overrides and isolates U+202A–202E and U+2066–2069, zero-width U+200B–200F, the tag characters
 * U+E0000–E007F that can spell invisible instructions), lone surrogates, private-use characters, line and
 * paragraph separators, and every other default-ignorable code point (variation selectors, fillers).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const HAS_HIDDEN = new RegExp(HIDDEN.source, "u");
/** A tag: `<` up to the next `>` with no `<` between, so each character is scanned once. */
const MARKUP = /<[^<>]*>/g;
/** What is left of `<` after tags are gone: removed too, so no pass can leave (or make) a tag. */
const STRAY_OPENER = /</g;
const HAS_MARKUP = new RegExp(MARKUP.source);
const WHITESPACE_RUN = /\s+/g;
/** Markup and hidden characters may be removed, so more than the kept length is read; never more than this. */
const SCANNED_CHARS_PER_KEPT_CHAR = 8;

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
