/**
 * tools/list's `tools` array as UTF-8 bytes, serialized once and kept in the isolate: the full list is 436 KB,
 * and stringifying it again on every tools/list was most of that request's CPU. The key names everything a list
 * is built from (the URL's tool set array, its account and portal, its exposure, and the version of every field
 * set merged into it), so any change to those is another key: an entry is never stale, only unused, and the least
 * recently used go first once the entries pass the bound.
 */
import type { Tool } from "@modelcontextprotocol/server";
import type { FieldSet } from "../catalog/account-field";
import type { CatalogTool, ListedTool } from "../catalog/build-tools";

/** Bytes kept: about nineteen full lists, a small share of the isolate's 128 MB. */
export const MAX_CACHED_LIST_BYTES = 8 * 1024 * 1024;

const lists = new Map<string, Uint8Array>();
let cachedBytes = 0;
const utf8 = new TextEncoder();

/** The `tools` array exactly as the SDK writes it for tools/list (only the fields a client is shown). */
export function serializeToolList(tools: ListedTool[]): string {
  return JSON.stringify(tools.map(describeTool));
}

/** The list cached under `key`, or built, serialized and cached now. */
export async function cachedToolList(key: string, build: () => ListedTool[] | Promise<ListedTool[]>) {
  const hit = lists.get(key);
  if (hit) {
    // Map order is insertion order: moving a hit to the end makes the first entry the least recently used.
    lists.delete(key);
    lists.set(key, hit);
    return hit;
  }
  const bytes = utf8.encode(serializeToolList(await build()));
  if (bytes.byteLength > MAX_CACHED_LIST_BYTES) return bytes;
  lists.set(key, bytes);
  cachedBytes += bytes.byteLength;
  for (const [oldKey, old] of lists) {
    if (cachedBytes <= MAX_CACHED_LIST_BYTES) break;
    lists.delete(oldKey);
    cachedBytes -= old.byteLength;
  }
  return bytes;
}

// Tool sets are built once per isolate per config and never changed, so one array is one set of tools.
const toolSetIds = new WeakMap<CatalogTool[], number>();
let lastToolSetId = 0;

/** A number for this very tool set array, for list keys. */
export function toolSetId(tools: CatalogTool[]): number {
  let id = toolSetIds.get(tools);
  if (id === undefined) {
    id = ++lastToolSetId;
    toolSetIds.set(tools, id);
  }
  return id;
}

/**
 * A field set's version, for list keys: the time it was fetched (each fetch is a new version, and refresh-fields
 * forces one), or why it could not be loaded (a list shows the reason), or that there is none to merge.
 */
export function fieldSetVersion(fieldSet: FieldSet | undefined): string {
  if (!fieldSet) return "none";
  return fieldSet.ok ? `fetched ${fieldSet.fetchedAt}` : `failed ${fieldSet.reason}`;
}

/** What the cache holds now, for tests of its bound. */
export function cachedToolListBytes(): number {
  return cachedBytes;
}

/** A listed tool as tools/list shows it: only the fields a client is shown. */
export function describeTool(tool: ListedTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    // Every catalog schema is an object schema (catalog tests check it); the SDK's type wants that spelled out.
    inputSchema: tool.inputSchema as Tool["inputSchema"],
    annotations: tool.annotations,
  };
}
