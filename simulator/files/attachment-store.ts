// Uploaded files (§4 attachments): their records on a ticket, conversation, change or contract, the bytes behind
// them, the documented 40 MB cap on all of a ticket's attachments, and the content the download endpoints serve.
// Seeded attachments have no uploaded bytes: theirs are made up to their recorded size, deterministically.

import { fieldError } from "../errors";
import type { TenantState } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { Attachment } from "../types";
import type { UploadedFile } from "./multipart";

/** "The total size of all the ticket's attachments (not just this note) cannot exceed 40 MB." */
export const TICKET_ATTACHMENTS_MAX_BYTES = 40_000_000;

/** Bytes of uploaded files per tenant, outside the state (its snapshot stays JSON); a reset starts a new state. */
const uploaded = new WeakMap<TenantState, Map<number, Uint8Array>>();

/** Anything with an `attachments` list (tickets, conversations, changes) or the contracts' internal one. */
type Owner = { attachments: Attachment[] } | { _attachments?: Attachment[] };

function listOf(owner: Owner): Attachment[] {
  if ("attachments" in owner) return owner.attachments;
  owner._attachments ??= [];
  return owner._attachments;
}

/** Records the files on their owner, keeps their bytes, and returns the new records. */
export function addAttachments(
  state: TenantState,
  owner: Owner,
  files: readonly UploadedFile[],
  now: number,
): Attachment[] {
  const bytes = uploaded.get(state) ?? new Map<number, Uint8Array>();
  uploaded.set(state, bytes);
  const added = files.map((file) => {
    const record = attachmentRecord(state, now, file.name, file.contentType, file.bytes.length);
    bytes.set(record.id, file.bytes);
    return record;
  });
  listOf(owner).push(...added);
  return added;
}

export function attachmentRecord(
  state: TenantState,
  at: number,
  name: string,
  contentType: string,
  size: number,
): Attachment {
  const id = state.nextId("attachment");
  const ts = formatTimestamp(at);
  return {
    id,
    content_type: contentType,
    size,
    name,
    attachment_url: `https://${state.domain}/api/v2/attachments/${id}`,
    created_at: ts,
    updated_at: ts,
  };
}

/** 400 when the ticket's attachments (its own and its conversations') and these files pass the documented cap. */
export function checkTicketAttachmentSize(
  state: TenantState,
  ticketId: number | undefined,
  files: readonly UploadedFile[],
): void {
  if (files.length === 0) return;
  let total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  if (ticketId !== undefined) {
    for (const a of state.tickets.get(ticketId)?.attachments ?? []) total += a.size;
    for (const c of state.conversations.values())
      if (c.ticket_id === ticketId) for (const a of c.attachments) total += a.size;
  }
  if (total > TICKET_ATTACHMENTS_MAX_BYTES)
    throw fieldError("attachments", "The total size of all the ticket's attachments cannot exceed 40 MB");
}

/** Where `GET /attachments/:id` finds a file: tickets, conversations, and the engine's problems, changes, releases. */
function findAttachment(state: TenantState, id: number, itil: boolean): Attachment | undefined {
  const owners: Owner[] = itil
    ? [...state.collections.contracts.values(), ...state.collections.purchaseOrders.values()].map((r) => r as Owner)
    : [
        ...state.tickets.values(),
        ...state.conversations.values(),
        ...(["problems", "changes", "releases"] as const).flatMap((name) =>
          [...state.collections[name].values()].map((r) => r as Owner),
        ),
      ];
  for (const owner of owners) {
    const list = "attachments" in owner ? owner.attachments : owner._attachments;
    const found = Array.isArray(list) ? list.find((a) => a.id === id) : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * A file's record and bytes, or undefined when no record the endpoint covers has it: `/attachments/:id` serves
 * tickets, conversations, problems, changes and releases; `/itil_attachments/:id` contracts and purchase orders.
 */
export function attachmentContent(
  state: TenantState,
  id: number,
  itil: boolean,
): { record: Attachment; bytes: Uint8Array } | undefined {
  const record = findAttachment(state, id, itil);
  if (!record) return undefined;
  return { record, bytes: uploaded.get(state)?.get(id) ?? madeUpContent(record) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A seeded file's bytes: log lines for text, a PNG signature for PNGs, zeros otherwise; always its recorded size. */
function madeUpContent(record: Attachment): Uint8Array {
  const bytes = new Uint8Array(record.size);
  if (record.content_type.startsWith("text/")) {
    const line = new TextEncoder().encode(
      `${record.created_at} ${record.name}: connection to gateway lost, retrying\n`,
    );
    for (let i = 0; i < bytes.length; i++) bytes[i] = line[i % line.length] as number;
  } else if (record.content_type === "image/png") bytes.set(PNG_SIGNATURE.slice(0, bytes.length));
  return bytes;
}
