/**
 * `get_single_freshservice_attachment_content`: one file attached to a ticket (or one of its replies and notes), a
 * change, a problem, a release or a contract, named by the record and the attachment's id. The record is read
 * through this URL's own tools, so its filters, budget and errors apply and an id reaches only files of records the
 * URL may read. The answer always holds the file's metadata; its content too when it is text (cut to the result
 * cap) or an image a client can show that fits the cap; otherwise a note says why not. The file comes from
 * Freshservice's documented download endpoint (attachment-download.ts).
 */
import { type ListedTool, MAX_ID } from "../catalog/build-tools";
import type { SearchableTool } from "../catalog/tool-search";
import { imageTypeOfBytes, isTextual, mayBeShownImage } from "../files/media-types";
import { toBase64, utf8Bytes } from "../text/byte-encoding";
import { cleanFileText, cleanText } from "../text/untrusted-text";
import type { RateLimitState } from "../upstream/rate-limit";
import { downloadAttachment } from "./attachment-download";
import { type LocalTool, readFreshservice, type ToolCallContext } from "./run-tool";
import { DEFAULT_MAX_RESULT_BYTES, failedOutcome, jsonOutcome, type ToolOutcome } from "./tool-result";

export const ATTACHMENT_CONTENT = "get_single_freshservice_attachment_content";

type Json = Record<string, unknown>;

/** An attachment as a record lists it, and what it hangs on (`conversation 77 of ticket 58`). */
interface Listed {
  attachment: Json;
  on: string;
}

/** Where a kind's attachments are listed: a tool of this URL, its arguments, and how to find them in its answer. */
interface Source {
  tool: string;
  args: (id: number) => Json;
  /** What was looked at, for the answer when the id is not there. */
  what: string;
  attachments: (body: Json, id: number) => Listed[];
}

interface Kind {
  type: string;
  /** The tag of its tools (so search_tools finds this tool for the area). */
  tag: string;
  sources: Source[];
  /** Freshservice's download path: `/attachments/{id}` for ITIL records, `/itil_attachments/{id}` for contracts. */
  download: string;
}

/** The attachments of the record under `key` (`{"ticket":{…,"attachments":[…]}}`). */
const ofRecord =
  (key: string, noun: string) =>
  (body: Json, id: number): Listed[] =>
    recordsIn(asRecord(body[key])?.attachments).map((attachment) => ({ attachment, on: `${noun} ${id}` }));

const KINDS: Kind[] = [
  {
    type: "ticket",
    tag: "tickets",
    download: "/api/v2/attachments",
    sources: [
      {
        tool: "get_single_freshservice_ticket_by_id",
        args: (id) => ({ id }),
        what: "the ticket",
        attachments: ofRecord("ticket", "ticket"),
      },
      {
        tool: "list_all_freshservice_ticket_conversations",
        args: (id) => ({ ticket_id: id, limit: 100 }),
        what: "its first 100 replies and notes",
        attachments: (body, id) =>
          recordsIn(body.conversations).flatMap((c) =>
            recordsIn(c.attachments).map((attachment) => ({
              attachment,
              on: `conversation ${Number(c.id)} (a reply or note) of ticket ${id}`,
            })),
          ),
      },
    ],
  },
  ...(["change", "problem", "release"] as const).map(
    (type): Kind => ({
      type,
      tag: `${type}s`,
      download: "/api/v2/attachments",
      sources: [
        {
          tool: `get_single_freshservice_${type}_by_id`,
          args: (id) => ({ id }),
          what: `the ${type}`,
          attachments: ofRecord(type, type),
        },
      ],
    }),
  ),
  {
    type: "contract",
    tag: "contracts",
    download: "/api/v2/itil_attachments",
    sources: [
      {
        tool: "list_all_freshservice_contract_attachments",
        args: (id) => ({ contract_id: id }),
        what: "the contract's attachments",
        attachments: (body, id) =>
          recordsIn(body.attachments).map((attachment) => ({ attachment, on: `contract ${id}` })),
      },
    ],
  },
];

/** What the answer's JSON around the content may take of the result cap. */
const METADATA_MARGIN_BYTES = 2048;
/** At most this many of a record's attachments are named when the id asked for is not among them. */
const MAX_KNOWN_NAMED = 20;

/** The tool and its search_tools entry, or none when the URL can read no record that has attachments. */
export function attachmentTools(hasTool: (name: string) => boolean): {
  tools: LocalTool[];
  searchable: SearchableTool[];
} {
  const kinds = KINDS.filter((k) => hasTool((k.sources[0] as Source).tool));
  if (!kinds.length) return { tools: [], searchable: [] };
  const listing: ListedTool = {
    name: ATTACHMENT_CONTENT,
    title: "Read an attachment",
    description: `Read one file attached to a Freshservice ${kinds.map((k) => (k.type === "ticket" ? "ticket (or one of its replies and notes)" : k.type)).join(", ")}. Always returns its metadata {attachment:{id,name,content_type,size,…},on}; with its content when it is text ("text", cut to this connection's result cap, 64 KiB by default) or a PNG, JPEG, GIF or WebP image that fits the cap (an image item); otherwise "content_note" says why not (too large, not text or an image). Attachment ids are in the attachments lists of ${kinds.flatMap((k) => k.sources.filter((s) => hasTool(s.tool)).map((s) => s.tool)).join(", ")}. Costs two or three Freshservice calls.`,
    inputSchema: {
      type: "object",
      properties: {
        record_type: {
          type: "string",
          enum: kinds.map((k) => k.type),
          description: "What the file is attached to. A ticket's replies and notes count as the ticket.",
        },
        record_id: {
          type: "integer",
          minimum: 1,
          maximum: MAX_ID,
          description: "The record's id (a ticket's number, as in INC-<id>; a contract's id, not its number).",
        },
        attachment_id: {
          type: "integer",
          minimum: 1,
          maximum: MAX_ID,
          description: "The attachment's id, from the record's attachments list.",
        },
      },
      required: ["record_type", "record_id", "attachment_id"],
      additionalProperties: false,
    },
    annotations: {
      title: "Read an attachment",
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
  };
  return {
    tools: [{ listing, run: (args, ctx) => readAttachment(ctx, kinds, args) }],
    searchable: [{ ...listing, tags: kinds.map((k) => k.tag), method: "get", category: "read" }],
  };
}

async function readAttachment(ctx: ToolCallContext, kinds: Kind[], args: Json): Promise<ToolOutcome> {
  const kind = kinds.find((k) => k.type === args.record_type) as Kind;
  const recordId = Number(args.record_id);
  const attachmentId = Number(args.attachment_id);
  const readIds = { [`${kind.type}_id`]: recordId };
  const known: Listed[] = [];
  const looked: string[] = [];
  let rateLimit: RateLimitState = {};
  let status: number | undefined;
  for (const source of kind.sources) {
    if (!ctx.findTool(source.tool)) continue;
    const read = await readFreshservice(ctx, source.tool, source.args(recordId));
    if (!read.ok) return { ...read.outcome, readIds };
    ({ rateLimit, status } = read);
    looked.push(source.what);
    const listed = source.attachments(asRecord(read.body) ?? {}, recordId);
    const match = listed.find((l) => l.attachment.id === attachmentId);
    if (match) return { ...(await readContent(ctx, kind, match, rateLimit)), readIds };
    known.push(...listed);
  }
  const failure = {
    kind: "unknown_attachment" as const,
    record: `${kind.type} ${recordId}`,
    attachmentId,
    looked: looked.join(" and "),
    known: known.slice(0, MAX_KNOWN_NAMED).map(({ attachment: a }) => {
      const name = cleanText(a.name, 80);
      return `${Number(a.id)}${name ? ` ${JSON.stringify(name)}` : ""}`;
    }),
  };
  return { ...failedOutcome(failure, rateLimit, { http_status: status }), readIds };
}

async function readContent(ctx: ToolCallContext, kind: Kind, listed: Listed, rateLimit: RateLimitState) {
  const meta = metadata(listed.attachment);
  const doc = { attachment: meta, on: listed.on };
  const cap = ctx.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const room = Math.max(cap - METADATA_MARGIN_BYTES, 1024);
  const type = meta.content_type ?? "";
  const name = meta.name ?? "";
  const note = (content_note: string, limits: RateLimitState = rateLimit) =>
    jsonOutcome({ ...doc, content_note }, limits);

  if (isTextual(type, name)) {
    const got = await downloadAttachment(ctx, kind.download, meta.id, room);
    if (!got.ok) return got.outcome;
    if ("note" in got) return note(got.note, got.rateLimit);
    const text = utf8OrUndefined(got.bytes, got.truncated);
    if (text === undefined)
      return note("Not shown: it is declared as text, but its bytes are not UTF-8 text.", got.rateLimit);
    const fitted = fitText(cleanFileText(text, room), room);
    const cut = got.truncated || fitted.cut;
    return jsonOutcome(
      {
        ...doc,
        text: fitted.text,
        ...(cut
          ? {
              truncated: true,
              notice: `Only the beginning of the file is shown: it is larger than this connection's result cap of ${kilobytes(cap)} KB (the operator can raise max_result_bytes). Open attachment_url for the whole file.`,
            }
          : {}),
      },
      got.rateLimit,
      { httpStatus: got.status },
    );
  }

  if (mayBeShownImage(type, name)) {
    const maxImageBytes = Math.floor(room / 4) * 3;
    const tooLarge = `Not shown: as base64 the image would not fit this connection's result cap of ${kilobytes(cap)} KB (images up to ${kilobytes(maxImageBytes)} KB fit; the operator can raise max_result_bytes). Open attachment_url to see it.`;
    if (typeof meta.size === "number" && meta.size > maxImageBytes) return note(tooLarge);
    const got = await downloadAttachment(ctx, kind.download, meta.id, maxImageBytes);
    if (!got.ok) return got.outcome;
    if ("note" in got) return note(got.note, got.rateLimit);
    if (got.truncated) return note(tooLarge, got.rateLimit);
    const mimeType = imageTypeOfBytes(got.bytes);
    if (!mimeType)
      return note(
        `Not shown: it is declared as ${type || "an image"}, but its bytes are not a PNG, JPEG, GIF or WebP image.`,
        got.rateLimit,
      );
    return jsonOutcome({ ...doc, content: "the image item that follows" }, got.rateLimit, { httpStatus: got.status }, [
      { type: "image", data: toBase64(got.bytes), mimeType },
    ]);
  }

  return note(
    `Not shown: ${type || "its type"} is neither text nor an image a client can show (PNG, JPEG, GIF, WebP). Open attachment_url to see it.`,
  );
}

/** The attachment's fields as Freshservice lists them, each cleaned by the one sanitiser. */
function metadata(a: Json): { id: number; name?: string; content_type?: string; size?: number } & Json {
  const size = typeof a.size === "number" ? a.size : typeof a.file_size === "number" ? a.file_size : undefined;
  const url =
    typeof a.attachment_url === "string" && /^https?:\/\//.test(a.attachment_url) ? a.attachment_url : undefined;
  const fields = {
    id: Number(a.id),
    name: cleanText(a.name, 255),
    content_type: cleanText(a.content_type, 100),
    size,
    created_at: cleanText(a.created_at, 40),
    updated_at: cleanText(a.updated_at, 40),
    attachment_url: url && cleanText(url, 2048),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as typeof fields;
}

/** UTF-8 text, or undefined when the bytes are not text (invalid UTF-8, or a NUL); a cut mid-character is fine. */
function utf8OrUndefined(bytes: Uint8Array, truncated: boolean): string | undefined {
  try {
    // With `stream`, an incomplete last character (the cut went through it) is held back rather than an error.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes, { stream: truncated });
    return text.includes("\u0000") ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The text cut until it fits `room` bytes as a JSON string (escaping makes some characters longer). */
function fitText(text: string, room: number): { text: string; cut: boolean } {
  let fitted = text;
  for (let i = 0; i < 8; i++) {
    const size = utf8Bytes(JSON.stringify(fitted)).length;
    if (size <= room) return { text: fitted, cut: fitted !== text };
    const keep = Math.floor((fitted.length * room) / size) - 1;
    fitted = cleanFileText(fitted, Math.max(keep, 0));
  }
  return { text: "", cut: true };
}

function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(1).replace(/\.0$/, "");
}

function asRecord(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function recordsIn(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(asRecord).filter((v): v is Json => v !== undefined) : [];
}
