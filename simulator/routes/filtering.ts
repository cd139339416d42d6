// Reading a quoted filter expression from a query parameter and turning grammar or schema problems into 400s.

import { fieldError, validationError } from "../errors";
import {
  type FilterNode,
  type FilterSchema,
  FilterSyntaxError,
  matchesFilter,
  parseQuotedFilter,
  validateFilter,
} from "../filter-query";

/** The parsed expression in `param`, undefined when absent; 400 when unquoted, too long, malformed or invalid. */
export function readFilterParam<T>(
  query: URLSearchParams,
  param: string,
  schema: FilterSchema<T>,
): FilterNode | undefined {
  const raw = query.get(param);
  if (raw === null) return undefined;
  let node: FilterNode;
  try {
    node = parseQuotedFilter(raw);
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw fieldError(param, e.message);
    throw e;
  }
  const errors = validateFilter(node, schema);
  if (errors.length > 0) throw validationError(errors);
  return node;
}

export function applyFilter<T>(items: T[], node: FilterNode | undefined, schema: FilterSchema<T>): T[] {
  return node ? items.filter((item) => matchesFilter(node, item, schema)) : items;
}
