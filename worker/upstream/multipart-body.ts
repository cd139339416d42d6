/**
 * A request body as Freshservice takes it with files: multipart/form-data whose files are repeated `attachments[]`
 * parts and whose other arguments are form fields. Pure: the files are already in memory when the body is built.
 *
 * Fields use the bracket notation Freshservice's Rails application reads (and Freshdesk, its sibling, documents):
 * a list is repeated `name[]` fields (Freshservice's own article sample sends `tags[]=tag1`), an object's keys are
 * `name[key]` (`custom_fields[cf_site]=Berlin`), and a list of objects repeats `name[][key]` (`assets[][display_id]=3`,
 * a new object starting where a key repeats).
 */

/** The form part every file goes in, as Freshservice's curl samples send it. */
export const ATTACHMENT_PART_NAME = "attachments[]";

/** A file ready to send: the bytes and what Freshservice is told about them. */
export interface UploadFile {
  name: string;
  contentType: string;
  data: Blob;
}

/** Nesting deeper than this is not a tool argument: bodies nest two or three levels. */
const MAX_DEPTH = 8;

/**
 * The body's fields in bracket notation, in argument order. `null` is left out (a form field has no null, and an
 * empty one would set the field to ""), and so is an empty list (a form can't write one; it is the default anyway).
 */
export function formFields(body: Record<string, unknown>): [string, string][] {
  const fields: [string, string][] = [];
  for (const [key, value] of Object.entries(body)) addField(fields, key, value, 0);
  return fields;
}

function addField(fields: [string, string][], name: string, value: unknown, depth: number): void {
  if (value === null || value === undefined) return;
  if (depth > MAX_DEPTH) throw new RangeError(`${name} nests too deep for a form`);
  if (typeof value === "string") fields.push([name, value]);
  else if (typeof value === "number" || typeof value === "boolean") fields.push([name, String(value)]);
  else if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item)) throw new RangeError(`${name} holds a list of lists, which a form can't write`);
      addField(fields, `${name}[]`, item, depth + 1);
    }
  } else if (typeof value === "object")
    for (const [key, item] of Object.entries(value)) addField(fields, `${name}[${key}]`, item, depth + 1);
}

/** The multipart body: the fields, then one `attachments[]` part per file (the runtime writes the boundary). */
export function multipartBody(fields: [string, string][], files: UploadFile[]): FormData {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  // A slice with the file's type: the part's Content-Type, without copying the bytes.
  for (const file of files)
    form.append(ATTACHMENT_PART_NAME, file.data.slice(0, file.data.size, file.contentType), file.name);
  return form;
}
