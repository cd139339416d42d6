/**
 * Labels, descriptions and choices come from the account's admins and reach the model: untrusted text.
 * Strip markup and control characters and cap lengths, so a field can't smuggle instructions or bulk.
 */

export const MAX_LABEL_CHARS = 80;
export const MAX_DESCRIPTION_CHARS = 200;
export const MAX_CHOICE_CHARS = 200;
export const MAX_CHOICES = 500;
export const MAX_FIELDS_PER_KIND = 300;
/** Field names become JSON Schema property names and request keys: only plain identifiers. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);
/** C0 controls and DEL: they could forge line structure in what a model reads. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
/** Also C1 controls and invisible or direction-changing Unicode, for display text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

export function cleanText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value
    .replace(/<[^>]*>/g, " ")
    .replace(INVISIBLE_CHARACTERS, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function isSafeFieldName(name: unknown): name is string {
  return typeof name === "string" && FIELD_NAME.test(name) && !RESERVED_NAMES.has(name);
}

/**
 * A choice is sent back to Freshservice verbatim, so it is never rewritten: one that is too long or carries
 * control characters is dropped instead.
 */
export function isSafeChoice(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_CHOICE_CHARS &&
    !value.match(CONTROL_CHARACTERS)
  );
}
