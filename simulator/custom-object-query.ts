// The custom-object record query grammar (§5.1, last bullet), which differs from the shared one: no outer
// double quotes, conditions joined only by AND, operators `:` `<` `>` `:<` `:>`, and `:` accepting a list
// (`platform:['PC','Mac']`). Spaces around the operator are allowed (`category : 'Hardware'`). Pure functions.

export type RecordLiteral = string | number | boolean | null;

export interface RecordCondition {
  field: string;
  /** eq (`:`), in (`:` with a list), lt (`<`), gt (`>`), lte (`:<`), gte (`:>`). */
  operator: "eq" | "in" | "lt" | "gt" | "lte" | "gte";
  value: RecordLiteral | RecordLiteral[];
}

export class RecordQueryError extends Error {}

/** Parses `field:'x' AND n:>3 AND os:['PC','Mac']` into conditions (all must hold). */
export function parseRecordQuery(text: string): RecordCondition[] {
  const src = text.trim();
  if (src.startsWith('"'))
    throw new RecordQueryError("Custom object queries are not wrapped in double quotes, e.g. status:'Open'");
  if (src === "") throw new RecordQueryError("The query is empty");
  let pos = 0;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos] as string)) pos++;
  };
  const fail = (message: string): never => {
    throw new RecordQueryError(`${message} at position ${pos}`);
  };
  const literal = (): RecordLiteral => {
    ws();
    const c = src[pos];
    if (c === "'") {
      pos++;
      let out = "";
      while (pos < src.length) {
        const ch = src[pos] as string;
        if (ch === "\\" && src[pos + 1] === "'") {
          out += "'";
          pos += 2;
          continue;
        }
        if (ch === "'") {
          pos++;
          return out;
        }
        out += ch;
        pos++;
      }
      return fail("Unterminated string");
    }
    const num = /^-?\d+(?:\.\d+)?/.exec(src.slice(pos));
    if (num) {
      pos += num[0].length;
      return Number(num[0]);
    }
    const word = /^[A-Za-z]+/.exec(src.slice(pos));
    if (word && ["true", "false", "null"].includes(word[0])) {
      pos += word[0].length;
      return word[0] === "null" ? null : word[0] === "true";
    }
    return fail(word ? `Strings must be in single quotes: '${word[0]}'` : "Expected a value");
  };
  const conditions: RecordCondition[] = [];
  for (;;) {
    ws();
    if (src[pos] === "(") fail("Parentheses are not supported in custom object queries");
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(pos));
    if (!name) fail("Expected a field name");
    const field = (name as RegExpExecArray)[0];
    pos += field.length;
    ws();
    let operator: RecordCondition["operator"];
    if (src.startsWith(":<", pos)) {
      operator = "lte";
      pos += 2;
    } else if (src.startsWith(":>", pos)) {
      operator = "gte";
      pos += 2;
    } else if (src[pos] === ":") {
      operator = "eq";
      pos += 1;
    } else if (src[pos] === "<") {
      operator = "lt";
      pos += 1;
    } else if (src[pos] === ">") {
      operator = "gt";
      pos += 1;
    } else return fail(`Expected an operator after '${field}'`);
    ws();
    let value: RecordLiteral | RecordLiteral[];
    if (src[pos] === "[") {
      if (operator !== "eq") fail("Lists can only be used with ':'");
      pos++;
      const list: RecordLiteral[] = [literal()];
      ws();
      while (src[pos] === ",") {
        pos++;
        list.push(literal());
        ws();
      }
      if (src[pos] !== "]") fail("Expected ']'");
      pos++;
      operator = "in";
      value = list;
    } else value = literal();
    conditions.push({ field, operator, value });
    ws();
    if (pos >= src.length) return conditions;
    const joiner = /^[A-Za-z]+/.exec(src.slice(pos))?.[0];
    if (joiner === "OR") fail("Custom object queries only support AND");
    if (joiner !== "AND") fail(`Unexpected '${src.slice(pos, pos + 10)}'`);
    pos += 3;
    if (!/\s/.test(src[pos] ?? "")) fail("Expected a space after AND");
  }
}

function compare(actual: unknown, expected: RecordLiteral, asDate: boolean): number | null {
  if (actual === null || actual === undefined || expected === null) return null;
  if (asDate) {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(expected));
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  if (typeof actual === "number" && typeof expected === "number") return actual - expected;
  const a = String(actual).toLowerCase();
  const b = String(expected).toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evaluates one condition; `asDate` compares instants, lookups compare their ids. */
export function matchesRecordCondition(c: RecordCondition, actual: unknown, asDate: boolean): boolean {
  const plain =
    actual !== null && typeof actual === "object" && "id" in (actual as object)
      ? (actual as { id: unknown }).id
      : actual;
  if (c.operator === "in") return (c.value as RecordLiteral[]).some((v) => compare(plain, v, asDate) === 0);
  const v = c.value as RecordLiteral;
  if (v === null) return c.operator === "eq" && (plain === null || plain === undefined || plain === "");
  const d = compare(plain, v, asDate);
  if (d === null) return false;
  switch (c.operator) {
    case "eq":
      return d === 0;
    case "lt":
      return d < 0;
    case "gt":
      return d > 0;
    case "lte":
      return d <= 0;
    case "gte":
      return d >= 0;
  }
}
