// The query grammar of §5.1 (`"status:2 AND (priority:>3 OR tag:'vpn')"`): a parser, a validator against a
// per-endpoint field schema, and an evaluator. Pure functions, no I/O.

import type { FieldError } from "./errors";
import { DAY_MS, isDateOnly, parseDateInput } from "./time";

/** Freshservice rejects longer queries; we count the expression inside the double quotes. */
export const FILTER_QUERY_MAX_LENGTH = 512;

export type FilterLiteral =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" };

/** `:` equals, `:>` greater-or-equal, `:<` less-or-equal (inclusive, per the docs). */
export type FilterOperator = "eq" | "gte" | "lte";

export interface FilterCondition {
  type: "condition";
  field: string;
  operator: FilterOperator;
  value: FilterLiteral;
  /** `~[field]:'Jo'` (requesters/agents only). */
  startsWith: boolean;
}

export interface FilterGroup {
  type: "and" | "or";
  clauses: FilterNode[];
}

export type FilterNode = FilterCondition | FilterGroup;

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Strips the mandatory surrounding double quotes, enforcing the length cap. */
export function unwrapQuotedQuery(raw: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) {
    throw new FilterSyntaxError('The query must be enclosed in double quotes, e.g. "priority:3"', 0);
  }
  const inner = raw.slice(1, -1);
  if (inner.length > FILTER_QUERY_MAX_LENGTH) {
    throw new FilterSyntaxError(`The query must be at most ${FILTER_QUERY_MAX_LENGTH} characters long`, 0);
  }
  return inner;
}

/** Parses a query value exactly as received in the URL (after URL-decoding), quotes included. */
export function parseQuotedFilter(raw: string): FilterNode {
  return parseFilterExpression(unwrapQuotedQuery(raw));
}

/**
 * Parses the expression. Precedence is undocumented; like most boolean grammars (and Freshservice's own
 * behaviour as far as observed) AND binds tighter than OR, and parentheses group.
 */
export function parseFilterExpression(text: string): FilterNode {
  const p = new Parser(text);
  const node = p.parseOr();
  p.skipWs();
  if (!p.atEnd()) p.fail(`Unexpected '${p.rest().slice(0, 10)}'`);
  return node;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  rest(): string {
    return this.text.slice(this.pos);
  }
  fail(message: string): never {
    throw new FilterSyntaxError(`${message} at position ${this.pos}`, this.pos);
  }
  skipWs(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  /** Matches an upper-case keyword followed by whitespace or '('. */
  private keyword(word: "AND" | "OR"): boolean {
    this.skipWs();
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    if (after === undefined || !(after === "(" || /\s/.test(after))) return false;
    this.pos += word.length;
    return true;
  }

  parseOr(): FilterNode {
    const clauses = [this.parseAnd()];
    while (this.keyword("OR")) clauses.push(this.parseAnd());
    return clauses.length === 1 ? (clauses[0] as FilterNode) : { type: "or", clauses };
  }

  private parseAnd(): FilterNode {
    const clauses = [this.parsePrimary()];
    while (this.keyword("AND")) clauses.push(this.parsePrimary());
    return clauses.length === 1 ? (clauses[0] as FilterNode) : { type: "and", clauses };
  }

  private parsePrimary(): FilterNode {
    this.skipWs();
    if (this.atEnd()) this.fail("Expected a condition");
    if (this.text[this.pos] === "(") {
      this.pos++;
      const node = this.parseOr();
      this.skipWs();
      if (this.text[this.pos] !== ")") this.fail("Expected ')'");
      this.pos++;
      this.expectBoundary();
      return node;
    }
    return this.parseCondition();
  }

  private parseCondition(): FilterCondition {
    let startsWith = false;
    let field: string;
    if (this.text.startsWith("~[", this.pos)) {
      startsWith = true;
      this.pos += 2;
      field = this.identifier();
      if (this.text[this.pos] !== "]") this.fail("Expected ']'");
      this.pos++;
    } else {
      field = this.identifier();
    }
    if (field === "AND" || field === "OR") this.fail(`Expected a field name before ${field}`);
    if (this.text[this.pos] !== ":") this.fail(`Expected ':' after '${field}'`);
    this.pos++;
    let operator: FilterOperator = "eq";
    if (this.text[this.pos] === ">") {
      operator = "gte";
      this.pos++;
    } else if (this.text[this.pos] === "<") {
      operator = "lte";
      this.pos++;
    }
    this.skipWs();
    const value = this.literal();
    if (startsWith && (operator !== "eq" || value.kind !== "string")) {
      this.fail("The starts-with operator takes a quoted string, e.g. ~[first_name]:'Jo'");
    }
    this.expectBoundary();
    return { type: "condition", field, operator, value, startsWith };
  }

  /** After a value or ')' only whitespace, ')' or the end may follow. */
  private expectBoundary(): void {
    const c = this.text[this.pos];
    if (c !== undefined && c !== ")" && !/\s/.test(c)) this.fail(`Unexpected '${c}'`);
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.rest());
    if (!m) this.fail("Expected a field name");
    this.pos += m[0].length;
    return m[0];
  }

  private literal(): FilterLiteral {
    const c = this.text[this.pos];
    if (c === "'") return this.quoted();
    const num = /^-?\d+(?:\.\d+)?/.exec(this.rest());
    if (num) {
      this.pos += num[0].length;
      return { kind: "number", value: Number(num[0]) };
    }
    const word = /^[A-Za-z]+/.exec(this.rest());
    if (word) {
      if (word[0] === "true" || word[0] === "false") {
        this.pos += word[0].length;
        return { kind: "boolean", value: word[0] === "true" };
      }
      if (word[0] === "null") {
        this.pos += 4;
        return { kind: "null" };
      }
      this.fail(`Strings must be in single quotes: '${word[0]}'`);
    }
    return this.fail("Expected a value");
  }

  private quoted(): FilterLiteral {
    this.pos++; // opening quote
    let out = "";
    while (!this.atEnd()) {
      const c = this.text[this.pos] as string;
      if (c === "\\") {
        const next = this.text[this.pos + 1];
        if (next === "'" || next === "\\") {
          out += next;
          this.pos += 2;
          continue;
        }
        out += c;
        this.pos++;
        continue;
      }
      if (c === "'") {
        this.pos++;
        return { kind: "string", value: out };
      }
      out += c;
      this.pos++;
    }
    return this.fail("Unterminated string");
  }
}

/** Every condition in the tree, left to right. */
export function filterConditions(node: FilterNode): FilterCondition[] {
  return node.type === "condition" ? [node] : node.clauses.flatMap(filterConditions);
}

// ---- schema, validation and evaluation ----

export type FilterFieldType = "number" | "string" | "boolean" | "date";

export interface FilterField<T> {
  type: FilterFieldType;
  /** The record's value; arrays match when any element matches. */
  get(record: T): unknown;
  /** Allowed labels for dropdown fields (compared case-insensitively). */
  choices?: readonly string[];
  /** Allows `~[field]:'…'`. */
  startsWith?: boolean;
  /** `contains` for asset `search=` (partial match); default exact. */
  match?: "exact" | "contains";
}

export type FilterSchema<T> = Readonly<Record<string, FilterField<T>>>;

function schemaField<T>(schema: FilterSchema<T>, name: string): FilterField<T> | undefined {
  return Object.hasOwn(schema, name) ? schema[name] : undefined;
}

/** Field errors in Freshservice's filter shape (unknown field → `[:invalid_field]`, code invalid_value). */
export function validateFilter<T>(node: FilterNode, schema: FilterSchema<T>): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of filterConditions(node)) {
    const f = schemaField(schema, c.field);
    const err = (message: string) => errors.push({ field: c.field, message, code: "invalid_value" });
    if (!f) {
      err("[:invalid_field]");
      continue;
    }
    if (c.startsWith && !f.startsWith) {
      err("The starts-with operator is not supported for this field");
      continue;
    }
    if (c.value.kind === "null") {
      if (c.operator !== "eq") err("null can only be compared with ':'");
      continue;
    }
    switch (f.type) {
      case "number":
        if (c.value.kind !== "number") err("It should be a/an Positive Integer");
        break;
      case "boolean":
        if (c.value.kind !== "boolean") err("It should be a/an Boolean");
        else if (c.operator !== "eq") err("Only ':' is supported for this field");
        break;
      case "string":
        if (c.value.kind !== "string") err("It should be a/an String");
        else if (c.operator !== "eq") err("Only ':' is supported for this field");
        else if (
          f.choices &&
          !f.choices.some((ch) => ch.toLowerCase() === (c.value as { value: string }).value.toLowerCase())
        )
          err("It should be one of the choice value.");
        break;
      case "date":
        if (c.value.kind !== "string" || parseDateInput(c.value.value) === null)
          err("It should be a/an date in 'yyyy-mm-dd' format");
        else if (c.operator === "eq") err("Dates only support ':>' and ':<'");
        break;
    }
  }
  return errors;
}

export function matchesFilter<T>(node: FilterNode, record: T, schema: FilterSchema<T>): boolean {
  if (node.type !== "condition") {
    const test = (n: FilterNode) => matchesFilter(n, record, schema);
    return node.type === "and" ? node.clauses.every(test) : node.clauses.some(test);
  }
  const f = schemaField(schema, node.field);
  if (!f) return false;
  const raw = f.get(record);
  const values = Array.isArray(raw) ? raw : [raw];
  if (node.value.kind === "null") return values.every(isBlank);
  return values.some((v) => !isBlank(v) && matchValue(f, node, v));
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || v === "";
}

function matchValue<T>(f: FilterField<T>, c: FilterCondition, actual: unknown): boolean {
  const lit = c.value;
  switch (f.type) {
    case "number": {
      if (lit.kind !== "number" || typeof actual !== "number") return false;
      if (c.operator === "gte") return actual >= lit.value;
      if (c.operator === "lte") return actual <= lit.value;
      return actual === lit.value;
    }
    case "boolean":
      return lit.kind === "boolean" && actual === lit.value;
    case "string": {
      if (lit.kind !== "string") return false;
      const a = String(actual).toLowerCase();
      const b = lit.value.toLowerCase();
      if (c.startsWith) return a.startsWith(b);
      if (f.match === "contains") return a.includes(b);
      return a === b;
    }
    case "date": {
      if (lit.kind !== "string" || typeof actual !== "string") return false;
      const at = parseDateInput(actual);
      const start = parseDateInput(lit.value);
      if (at === null || start === null) return false;
      // A bare date covers the whole UTC day: `:>` from its first instant, `:<` up to its last.
      const end = isDateOnly(lit.value) ? start + DAY_MS - 1 : start;
      if (c.operator === "gte") return at >= start;
      if (c.operator === "lte") return at <= end;
      return at >= start && at <= end;
    }
  }
}
