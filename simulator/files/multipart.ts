// Request bodies sent as multipart/form-data (ticket create, reply and note with files): the parts parsed by the
// platform's own parser, the files set apart, and the form fields read back into a JSON-shaped body by the
// bracket notation Freshservice's Rails application uses (`tags[]`, `custom_fields[cf_x]`, `assets[][display_id]`),
// each value typed the way the endpoint's JSON body would have it.

import type { JsonObject } from "../validate";

/** A file part as received. */
export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** The JSON type a form field is read as, by its bracket path without indices (`assets[][display_id]`). */
export type FormFieldTypes = Readonly<Record<string, "integer" | "number" | "boolean">>;

export function isMultipart(contentType: string | null): boolean {
  return /^multipart\/form-data\s*;/i.test(contentType ?? "");
}

/** The parts of a multipart body, or null when it does not parse. Files are every part with a file name. */
export async function readMultipart(
  bytes: Uint8Array,
  contentType: string,
): Promise<{ fields: [string, string][]; files: { field: string; file: UploadedFile }[] } | null> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    return null;
  }
  const fields: [string, string][] = [];
  const files: { field: string; file: UploadedFile }[] = [];
  // Workers' types still say string for every value; file parts are File objects at run time.
  for (const [name, value] of form.entries() as Iterable<[string, string | File]>) {
    if (typeof value === "string") fields.push([name, value]);
    else
      files.push({
        field: name,
        file: {
          name: value.name,
          contentType: value.type || "application/octet-stream",
          bytes: new Uint8Array(await value.arrayBuffer()),
        },
      });
  }
  return { fields, files };
}

/** `a[b][]` → `["a", "b", ""]`, or null for a name that is not bracket notation. */
function nameTokens(name: string): string[] | null {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!match) return null;
  const rest = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
  return [match[1] as string, ...rest];
}

/**
 * The form fields as a JSON object: `a=1` a key, `a[]` a list, `a[b]` an object, `a[][b]` a list of objects (a new
 * object starting where a key repeats, as Rails reads it). Values stay text unless `types` names their path; text
 * that doesn't read as its type stays text, so the endpoint's own checks report it as they would in JSON.
 */
export function formBody(fields: [string, string][], types: FormFieldTypes = {}): JsonObject {
  const body: JsonObject = {};
  for (const [name, raw] of fields) {
    const tokens = nameTokens(name);
    if (!tokens) {
      body[name] = raw;
      continue;
    }
    const path = tokens.map((t, i) => (i === 0 ? t : `[${t === "" ? "" : t}]`)).join("");
    assign(body, tokens, typed(raw, types[path]));
  }
  return body;
}

function assign(target: JsonObject, tokens: string[], value: unknown): void {
  const [key, next, ...rest] = tokens as [string, string | undefined, ...string[]];
  if (next === undefined) {
    target[key] = value;
    return;
  }
  if (next === "") {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
    target[key] = list;
    if (rest.length === 0) {
      list.push(value);
      return;
    }
    // A list of objects: fill the last one until the key it would get is already there.
    const last = list[list.length - 1];
    const item = isObject(last) && !((rest[0] as string) in last) ? last : {};
    if (item !== last) list.push(item);
    assign(item, rest, value);
    return;
  }
  const child = isObject(target[key]) ? (target[key] as JsonObject) : {};
  target[key] = child;
  assign(child, [next, ...rest], value);
}

function typed(raw: string, type: FormFieldTypes[string] | undefined): unknown {
  if (type === "integer" && /^-?\d{1,16}$/.test(raw)) return Number(raw);
  if (type === "number" && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
