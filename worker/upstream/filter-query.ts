/**
 * Freshservice's filter grammar wants the whole expression in double quotes, then URL-encoded
 * (`query="status:2 AND priority:>3"`). Models write the bare expression, and quotes they do type are often
 * lost in JSON escaping, so the Worker adds them; an expression that already carries them is left alone.
 */

/** Freshservice's documented maximum length of a filter query. */
export const FILTER_QUERY_MAX_LENGTH = 512;

export function quoteFilterQuery(expression: string): string {
  const trimmed = expression.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed;
  return `"${trimmed}"`;
}
