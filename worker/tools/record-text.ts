/**
 * A Freshservice record as `search` ranks it and `fetch` shows it: title, body, replies and metadata, every string
 * through the one sanitiser (worker/text/untrusted-text.ts), so a record hides nothing and its size bounds the CPU
 * it costs. What identifies a record (its kind, id and page) is research-tools.ts's.
 */
import { cleanBodyText, cleanText } from "../text/untrusted-text";

type Record_ = Record<string, unknown>;

/** A title is a name in a list of results: one line. */
const MAX_TITLE_CHARS = 200;
/**
 * What ranking reads of a record's body: its opening carries the words a search is after, and a page of 100
 * records that each hold 40,000 `<` costs what a page of short ones does.
 */
const MAX_RANKED_BODY_CHARS = 2_000;
/** What ranking reads of a record's tags. */
const MAX_RANKED_TAGS = 20;
/** Metadata values are short fields: statuses, ids, dates, category names, tags. */
const MAX_METADATA_CHARS = 200;
const MAX_METADATA_ITEMS = 50;

/** Record fields shown as metadata and at the top of the text, when present. */
const METADATA_FIELDS = [
  "status",
  "priority",
  "type",
  "category",
  "asset_tag",
  "asset_type_id",
  "requester_id",
  "responder_id",
  "agent_id",
  "user_id",
  "group_id",
  "department_id",
  "location_id",
  "folder_id",
  "tags",
  "planned_start_date",
  "planned_end_date",
  "due_by",
  "created_at",
  "updated_at",
];
/** Text bodies, in the order they are tried: Freshservice's plain text first, else its HTML. */
const BODY_FIELDS = [
  ["description_text", "plain"],
  ["description", "html"],
] as const;

/** The record's title, clean, or `fallback` when it has none. */
export function recordTitle(value: unknown, fallback: string): string {
  return cleanText(value, MAX_TITLE_CHARS) ?? fallback;
}

/** What ranking reads of a record besides its title: the opening of its body and its first tags. */
export function rankedText(record: Record_): { description: string; tags: string[] } {
  return { description: recordBody(record, MAX_RANKED_BODY_CHARS), tags: cleanList(record.tags, MAX_RANKED_TAGS) };
}

/** The record's fields and body, then any conversations (a ticket's replies and notes), in at most `maxBytes`. */
export function recordText(record: Record_, maxBytes: number): string {
  // A code point is at least one byte, so no body needs more than maxBytes of them.
  const maxChars = maxBytes;
  const fields = Object.entries(recordMetadata(record)).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`);
  const conversations = Array.isArray(record.conversations)
    ? record.conversations.filter(isRecord).map((c) => {
        const who = c.private === true ? "Private note" : c.incoming === true ? "From the requester" : "Reply";
        const body = cleanBodyText(c.body_text, maxChars, "plain") ?? cleanBodyText(c.body, maxChars, "html") ?? "";
        return `${who} (${cleanText(c.created_at, MAX_METADATA_CHARS) ?? ""}):\n${body}`;
      })
    : [];
  return capBytes(
    [fields.join("\n"), recordBody(record, maxChars), ...conversations].filter(Boolean).join("\n\n"),
    maxBytes,
  );
}

/** The record's short fields that are present, clean. */
export function recordMetadata(record: Record_): Record_ {
  const metadata: Record_ = {};
  for (const field of METADATA_FIELDS) {
    const value = record[field];
    if (typeof value === "number" || typeof value === "boolean") metadata[field] = value;
    else if (typeof value === "string") {
      const text = cleanText(value, MAX_METADATA_CHARS);
      if (text) metadata[field] = text;
    } else if (Array.isArray(value)) {
      const items = cleanList(value, MAX_METADATA_ITEMS);
      if (items.length) metadata[field] = items;
    }
  }
  return metadata;
}

function recordBody(record: Record_, maxChars: number): string {
  for (const [field, format] of BODY_FIELDS) {
    const body = cleanBodyText(record[field], maxChars, format);
    if (body) return body;
  }
  return "";
}

/** The first `maxItems` strings of a list, each clean; the rest and anything else dropped. */
function cleanList(value: unknown, maxItems: number): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, maxItems)
    .map((item) => cleanText(item, MAX_METADATA_CHARS))
    .filter((item): item is string => item !== undefined);
}

function capBytes(text: string, maxBytes: number): string {
  const encoded = new TextEncoder().encode(text);
  if (encoded.byteLength <= maxBytes) return text;
  const cut = new TextDecoder().decode(encoded.subarray(0, maxBytes)).replace(/\uFFFD$/, "");
  return `${cut}\n[Cut off at ${maxBytes} bytes: this connection's result cap.]`;
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
