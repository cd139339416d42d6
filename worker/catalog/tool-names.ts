/**
 * Tool names, by one deterministic rule (docs/schema-format.md#tool-names).
 * claude.ai withholds every tool if one name breaks `^[A-Za-z0-9_-]{1,64}$`, so the rule ends in a hard cap.
 */
import type { Operation, Resource } from "./schema-format";

export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** claude.ai and the conformance suite reject longer names. */
export const MAX_TOOL_NAME_LENGTH = 64;
const HASH_LENGTH = 8;

export function toolName(resource: Pick<Resource, "name" | "plural">, op: Pick<Operation, "method" | "tool_name">) {
  return shorten(baseName(resource, op));
}

function baseName(resource: Pick<Resource, "name" | "plural">, op: Pick<Operation, "method" | "tool_name">) {
  switch (op.method) {
    case "list":
      return `list_all_freshservice_${resource.plural}`;
    case "get":
      return `get_single_freshservice_${resource.name}_by_id`;
    case "create":
      return `create_a_freshservice_${resource.name}`;
    case "update":
      return `update_a_freshservice_${resource.name}_by_id`;
    case "delete":
      return `delete_a_freshservice_${resource.name}_by_id`;
    default:
      return op.tool_name ?? `freshservice_${resource.name}_${op.method}`;
  }
}

/**
 * Names over 64 characters: first `freshservice` becomes `fs`; if still too long, keep the first 55
 * characters and add `_` plus 8 hex digits of the FNV-1a hash of the full name, so that two long names
 * sharing a prefix stay distinct and the same name always shortens the same way.
 */
export function shorten(name: string): string {
  if (name.length <= MAX_TOOL_NAME_LENGTH) return name;
  const abbreviated = name.replace("freshservice", "fs");
  if (abbreviated.length <= MAX_TOOL_NAME_LENGTH) return abbreviated;
  const keep = MAX_TOOL_NAME_LENGTH - HASH_LENGTH - 1;
  return `${abbreviated.slice(0, keep)}_${fnv1a(name)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(HASH_LENGTH, "0");
}
