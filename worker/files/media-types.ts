/**
 * What kind of file a name, a declared media type or the first bytes say it is: the media type to send a file
 * with when the call names none, whether an attachment reads as text, and which images a client can show. Pure.
 */

/** A media type essence as RFC 9110 spells tokens (`text/csv`, `application/vnd.ms-excel`). */
export const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]{1,60}\/[a-z0-9!#$&^_.+-]{1,60}$/i;

const BY_EXTENSION: Record<string, string> = {
  txt: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  html: "text/html",
  htm: "text/html",
  json: "application/json",
  xml: "application/xml",
  yaml: "application/yaml",
  yml: "application/yaml",
  ini: "text/plain",
  conf: "text/plain",
  cfg: "text/plain",
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The media type a file name's extension implies, else application/octet-stream. */
export function mediaTypeOfName(name: string): string {
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || "application/octet-stream";
}

/** Application types that are text through and through. */
const TEXT_APPLICATION_TYPES = new Set([
  "application/json",
  "application/xml",
  "application/yaml",
  "application/x-yaml",
  "application/csv",
  "application/x-ndjson",
  "application/javascript",
  "application/sql",
]);

/**
 * Does the attachment read as text? By its declared type (`text/*`, JSON, XML, YAML, `+json`/`+xml`), or, where
 * Freshservice says only application/octet-stream (its own samples do, for a .txt), by the name's extension. The
 * bytes still have to be valid UTF-8 before they are shown as text.
 */
export function isTextual(contentType: string, name: string): boolean {
  const type = contentType.toLowerCase().split(";")[0]?.trim() ?? "";
  if (isTextType(type)) return true;
  return (type === "application/octet-stream" || type === "") && isTextType(mediaTypeOfName(name));
}

function isTextType(type: string): boolean {
  return (
    type.startsWith("text/") || TEXT_APPLICATION_TYPES.has(type) || type.endsWith("+json") || type.endsWith("+xml")
  );
}

/** The images MCP clients show (an `image` content item), by their first bytes. */
const IMAGE_SIGNATURES: [type: string, matches: (b: Uint8Array) => boolean][] = [
  ["image/png", (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ["image/jpeg", (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ["image/gif", (b) => startsWith(b, [0x47, 0x49, 0x46, 0x38])],
  ["image/webp", (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50])],
];

/** A declared type (or name) that may be an image a client shows; the bytes decide (imageTypeOfBytes). */
export function mayBeShownImage(contentType: string, name: string): boolean {
  const type = contentType.toLowerCase().split(";")[0]?.trim() ?? "";
  const shown = (t: string) => IMAGE_SIGNATURES.some(([image]) => image === t);
  return shown(type) || ((type === "application/octet-stream" || type === "") && shown(mediaTypeOfName(name)));
}

/** The image type the bytes are (PNG, JPEG, GIF, WebP), whatever was declared; undefined when they are none. */
export function imageTypeOfBytes(bytes: Uint8Array): string | undefined {
  return IMAGE_SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}
