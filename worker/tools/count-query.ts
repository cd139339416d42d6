/**
 * A count's filter queries in Freshservice's grammar (§5.1): the model's query, checked so that a bucket's condition
 * ANDed onto it can't change what it means, and each bucket's condition written so that no value can leave its
 * literal. Pure.
 */
import { FILTER_QUERY_MAX_LENGTH } from "../upstream/filter-query";

/** A bucket's value: an id or number, a label (asset_state), or null for "no value". */
export type BucketValue = number | string | null;

/**
 * What matches every record, for a count without a query: the ticket filter takes no empty query, and every record
 * has a creation date (dates take only `:>` and `:<`).
 */
export const EVERY_RECORD = "created_at:>'1970-01-01'";

/** The longest expression the Worker may send: Freshservice's limit counts the double quotes it adds. */
export const MAX_EXPRESSION_CHARS = FILTER_QUERY_MAX_LENGTH - 2;

/**
 * The query as an expression a condition can be ANDed onto: one pair of outer double quotes (which the Worker adds
 * anyway) taken off, then refused if it holds another double quote (it would end the quoted parameter), a string
 * left open, or parentheses that don't pair up: `status:2) OR (priority:1` in `(…) AND group_id:5` would leave the
 * second half ungrouped, and every bucket would count it.
 */
export function checkQuery(query: string): { expression: string } | { problem: string } {
  let expression = query.trim();
  if (expression.length >= 2 && expression.startsWith('"') && expression.endsWith('"'))
    expression = expression.slice(1, -1).trim();
  if (!expression) return { problem: "query: is empty; leave it out to count every record" };
  if (expression.includes('"'))
    return { problem: "query: has a double quote inside; write strings in single quotes ('In Use')" };
  let depth = 0;
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === "'") inString = false;
    } else if (char === "'") inString = true;
    else if (char === "(") depth++;
    else if (char === ")" && --depth < 0)
      return { problem: `query: has a ')' with no '(' before it (at character ${i + 1})` };
  }
  if (inString) return { problem: "query: a string in single quotes is not closed" };
  if (depth > 0) return { problem: "query: has a '(' that is not closed" };
  return { expression };
}

/**
 * A bucket's condition, `field:value`: null as the grammar's `null` keyword, a number bare, a string in single
 * quotes with its apostrophes escaped (`\'`, the one escape Freshservice documents). A string that holds a
 * backslash, a double quote or a control character can't be written safely, so it is refused.
 */
export function condition(field: string, value: BucketValue): { text: string } | { problem: string } {
  if (value === null) return { text: `${field}:null` };
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) return { problem: `values: ${value} is not a whole number` };
    return { text: `${field}:${value}` };
  }
  if (!value || /["\\\p{Cc}]/u.test(value))
    return { problem: `values: ${JSON.stringify(value.slice(0, 40))} can't be written in a filter query` };
  return { text: `${field}:'${value.replaceAll("'", "\\'")}'` };
}

/** The expression of one bucket: the query (grouped, so its ORs stay inside) AND the bucket's condition. */
export function bucketExpression(expression: string | undefined, conditionText: string): string {
  return expression ? `(${expression}) AND ${conditionText}` : conditionText;
}
