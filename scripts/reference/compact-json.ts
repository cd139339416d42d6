/**
 * JSON laid out for review: a value whose one-line form fits the width stays on one line, anything larger opens
 * one member per line. The reference is about 600 KB minified; this keeps each field's facts on one line and its
 * diffs readable.
 */
export function compactJson(value: unknown, width = 120, indent = ""): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return "null";
  if (value === null || typeof value !== "object" || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((item) => inner + compactJson(item, width, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined);
  if (!entries.length) return "{}";
  const members = entries.map(([key, member]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return head + compactJson(member, width, inner).replace(/^\s+/, "");
  });
  return `{\n${members.join(",\n")}\n${indent}}`;
}
