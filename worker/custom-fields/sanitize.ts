/**
 * Labels, descriptions and choices come from the account's admins and reach the model: untrusted text, cleaned
 * by the one sanitiser (worker/text/untrusted-text.ts). Here: the caps per field and the field-name rule.
 */
import { cleanText, isCleanValue } from "../text/untrusted-text";

export { cleanText };

export const MAX_LABEL_CHARS = 80;
export const MAX_DESCRIPTION_CHARS = 200;
export const MAX_CHOICE_CHARS = 120;
/** A dropdown past this many choices is cut: every choice is in each create/update tool's schema. */
export const MAX_CHOICES = 250;
export const MAX_FIELDS_PER_KIND = 300;
/** Field names become JSON Schema property names and request keys: only plain identifiers. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

export function isSafeFieldName(name: unknown): name is string {
  return typeof name === "string" && FIELD_NAME.test(name) && !RESERVED_NAMES.has(name);
}

/**
 * A choice is sent back to Freshservice verbatim, so it is never rewritten: one that is too long or carries
 * hidden characters or markup is dropped instead.
 */
export function isSafeChoice(value: unknown): value is string {
  return isCleanValue(value, MAX_CHOICE_CHARS);
}
