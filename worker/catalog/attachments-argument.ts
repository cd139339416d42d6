/**
 * The `attachments` argument of the tools whose operation takes files (`"attachments": true` in a schema file), and
 * the limits it states: one definition, so every such tool describes and bounds files alike. Pure.
 */
import type { JsonSchema } from "./build-tools";

/**
 * Freshservice's documented cap on the total size of a ticket's attachments ("cannot exceed 40 MB", counting the
 * ticket's earlier files too). Decimal megabytes, the smaller reading: a call the Worker sends is never refused for
 * a size Freshservice might count differently. The Worker refuses a call whose own files pass it before sending.
 */
export const FRESHSERVICE_MAX_ATTACHMENT_BYTES = 40_000_000;
/** Freshservice documents no count; ten bounds the downloads one call can start (each with its own time cap). */
export const MAX_ATTACHMENTS_PER_CALL = 10;
/** A file name as file systems and Freshservice's UI take it. */
export const MAX_ATTACHMENT_NAME_CHARS = 255;
/** Longer URLs are not file links a model was given; browsers and CDNs cut near here too. */
export const MAX_ATTACHMENT_URL_CHARS = 2048;
export const MAX_CONTENT_TYPE_CHARS = 100;
/**
 * A tools/call body is capped at 1 MiB (MAX_MCP_BODY_BYTES), so base64 content can never be longer: about 750 KB of
 * file. Larger files go by URL.
 */
export const MAX_BASE64_CHARS = 1024 * 1024;
/** How long one file download may take, head and body: well within the minute clients wait, with Freshservice's 25 s after it. */
export const FILE_FETCH_TIMEOUT_MS = 10_000;
/** Redirects followed for one file, each target checked again. */
export const MAX_FILE_REDIRECTS = 3;

export const ATTACHMENTS_ARGUMENT: JsonSchema = {
  type: "array",
  minItems: 1,
  maxItems: MAX_ATTACHMENTS_PER_CALL,
  description: `Files to attach (at most ${MAX_ATTACHMENTS_PER_CALL}). Each is {name, content_base64} for a small file you write yourself (its bytes in base64; a whole call is capped at 1 MiB, so about 750 KB of file), or {name, url} for a file on the web, which the server downloads: https on a public host only (loopback, private and link-local addresses are refused), at most ${MAX_FILE_REDIRECTS} redirects, ${FILE_FETCH_TIMEOUT_MS / 1000} s. content_type (e.g. text/csv, image/png) is optional: by default the URL's Content-Type, else the name's extension. A call's files may hold at most 40 MB together (Freshservice's limit, which also counts the ticket's earlier attachments). A call with attachments is sent as multipart/form-data; nothing is sent if a file can't be had.`,
  items: {
    type: "object",
    properties: {
      name: {
        type: "string",
        minLength: 1,
        maxLength: MAX_ATTACHMENT_NAME_CHARS,
        description: "The file name Freshservice shows, with its extension, e.g. report.csv (no / or \\).",
      },
      content_type: {
        type: "string",
        maxLength: MAX_CONTENT_TYPE_CHARS,
        description: "The media type, e.g. text/plain or image/png. Optional.",
      },
      content_base64: {
        type: "string",
        minLength: 1,
        maxLength: MAX_BASE64_CHARS,
        description: "The file's bytes in base64 (a data: URL prefix is accepted). Give this or url, not both.",
      },
      url: {
        type: "string",
        minLength: 1,
        maxLength: MAX_ATTACHMENT_URL_CHARS,
        description: "An https URL the server downloads the file from. Give this or content_base64, not both.",
      },
    },
    required: ["name"],
    additionalProperties: false,
  },
};
