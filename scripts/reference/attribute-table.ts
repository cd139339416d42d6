/**
 * The documentation's attribute tables, flattened to one cell per line (name, optional `*`, type, description
 * lines): each row → a field fact (type, format, required, read-only, enum, default), plus the value tables
 * ("Severity / Value / Critical / 201 …") and "Supported Values" tables that list a field's values. Pure.
 */

/** A field as the reference records it. Only what the documentation states is set. */
export interface FieldFact {
  /** JSON type: string, number, integer, boolean, array, object. */
  type?: string;
  /** Other types the documentation shows for it (a table says number, a sample sends a string). */
  other_types?: string[];
  /** date-time, date (from the type column or a "Format:" note); both when both are documented. */
  format?: string[];
  /** Element type of an array (`array of numbers` → number). */
  items?: string;
  /** true: marked mandatory; "one_of": one of a starred group is mandatory. */
  required?: true | "one_of";
  /** Marked with a `*` whose meaning the table does not explain. */
  starred?: true;
  read_only?: true;
  /** Documented values (numbers or strings). */
  enum?: (string | number)[];
  /** Documented default value, as written. */
  default?: string;
  /** Documented length limits of a string. */
  min_length?: number;
  max_length?: number;
  /** null documented as a value (a sample sends it, or the text says it clears). */
  nullable?: true;
}

export interface TableRow {
  name: string;
  /** Which table of the lines the row belongs to (0, 1, …): rows of one table share a role. */
  table: number;
  fact: FieldFact;
  /** The description's lines (used for enum and default facts; never stored in the reference). */
  description: string[];
}

interface TypeFact {
  type: string;
  format?: string[];
  items?: string;
}

function scalar(word: string): TypeFact | undefined {
  switch (word) {
    case "string":
    case "strings":
    case "text":
    case "email":
    case "url":
      return { type: "string" };
    case "number":
    case "numbers":
    case "decimal":
    case "float":
      return { type: "number" };
    case "integer":
    case "integers":
      return { type: "integer" };
    case "boolean":
    case "booleans":
    case "bool":
      return { type: "boolean" };
    case "datetime":
    case "date-time":
    case "timestamp":
      return { type: "string", format: ["date-time"] };
    case "date":
      return { type: "string", format: ["date"] };
    case "object":
    case "objects":
    case "hash":
    case "hashes":
    case "dictionary":
    case "json":
      return { type: "object" };
    default:
      return undefined;
  }
}

/** A type cell → its JSON type, or undefined when the line is not a type (so it is not a table row). */
export function parseTypeCell(cell: string): TypeFact | undefined {
  const words = cell.toLowerCase().replace(/\s+/g, " ").trim();
  if (words === "-") return { type: "unknown" };
  const direct = scalar(words);
  if (direct) return direct;
  if (words === "array" || words === "list") return { type: "array" };
  const arrayOf = /^(?:array|list) of (?:attachment )?([a-z-]+)$/.exec(words) ?? /^([a-z-]+) array$/.exec(words);
  if (arrayOf) {
    const inner = scalar(arrayOf[1] ?? "");
    if (!inner) return undefined;
    return { type: "array", items: inner.type === "string" && inner.format ? "string" : inner.type };
  }
  return undefined;
}

const FIELD_NAME = /^[a-z][a-z0-9_]*(\[\])?$/;
const TYPE_KEYWORDS = new Set([
  "string",
  "number",
  "integer",
  "decimal",
  "boolean",
  "date",
  "datetime",
  "hash",
  "object",
  "array",
]);

/** Lines that end a table: the endpoint, a code sample's caption, a new table's header. */
function endsTable(line: string, next: string | undefined): boolean {
  if (/^(get|post|put|patch|delete)$/.test(line) && /^\/?api\/v2\//.test(next ?? "")) return true;
  return /^(OAuth 2\.0 Scope|Sample code \| .*|Response|Additional examples|Attribute|Field|Attributes)$/.test(line);
}

/** Where a row starts: a field name, an optional `*`, then a type cell. Returns the type's index. */
function rowAt(lines: string[], index: number): number | undefined {
  // A star may sit on the name itself ("type*") instead of on a line of its own.
  const name = (lines[index] ?? "").replace(/\*$/, "");
  // A type keyword in the name column is a table of types ("Custom Fields Supported / Type / … / string"), not a
  // row; words that are also field names (email, url) stay rows.
  if (!FIELD_NAME.test(name) || TYPE_KEYWORDS.has(name)) return undefined;
  const typeIndex = lines[index + 1] === "*" ? index + 2 : index + 1;
  return parseTypeCell(lines[typeIndex] ?? "") ? typeIndex : undefined;
}

/** What a footnote `*` means: "Mandatory attribute" → required; "Any of the five … is mandatory" → one of. */
function footnoteMeaning(text: string): "required" | "one_of" | undefined {
  if (/\b(any|one) of\b/i.test(text) && /mandatory|required/i.test(text)) return "one_of";
  if (/^(mandatory|required)( attribute| field)?s?\.?$/i.test(text.trim())) return "required";
  return undefined;
}

/**
 * Every row of every attribute table in the lines. A description runs until the next row, a line that ends the
 * table, or a `*` footnote (which says what the stars of this table mean).
 */
export function parseTableRows(lines: string[]): TableRow[] {
  const rows: TableRow[] = [];
  let tableStart = 0;
  let table = 0;
  const finishTable = (meaning: "required" | "one_of" | undefined) => {
    for (const row of rows.slice(tableStart)) {
      if (!row.fact.starred) continue;
      if (meaning === "required") {
        row.fact.required ??= true;
        delete row.fact.starred;
      } else if (meaning === "one_of") {
        row.fact.required ??= "one_of";
        delete row.fact.starred;
      }
    }
    if (rows.length > tableStart) table += 1;
    tableStart = rows.length;
  };
  let index = 0;
  while (index < lines.length) {
    const typeIndex = rowAt(lines, index);
    if (typeIndex === undefined) {
      if (lines[index] === "*" && lines[index + 1] && !rowAt(lines, index + 1)) {
        const meaning = footnoteMeaning(lines[index + 1] ?? "");
        if (meaning) finishTable(meaning);
      } else if (endsTable(lines[index] ?? "", lines[index + 1])) finishTable(undefined);
      index += 1;
      continue;
    }
    const name = (lines[index] ?? "").replace(/\*$/, "").replace(/\[\]$/, "");
    const typeFact = parseTypeCell(lines[typeIndex] ?? "") as TypeFact;
    const fact: FieldFact = {};
    if (typeFact.type !== "unknown") fact.type = typeFact.type;
    if (typeFact.format) fact.format = [...typeFact.format];
    if (typeFact.items) fact.items = typeFact.items;
    if (typeIndex === index + 2 || (lines[index] ?? "").endsWith("*")) fact.starred = true;
    const description: string[] = [];
    let next = typeIndex + 1;
    while (next < lines.length && rowAt(lines, next) === undefined) {
      const line = lines[next] ?? "";
      if (endsTable(line, lines[next + 1])) break;
      if (line === "*" && footnoteMeaning(lines[next + 1] ?? "")) break;
      description.push(line);
      next += 1;
    }
    applyDescription(fact, description);
    rows.push({ name, table, fact, description });
    index = next;
  }
  finishTable(undefined);
  return rows;
}

/** A description's prose: example URLs (`api/v2/projects?page=1`) are not statements about values. */
function withoutExamples(description: string[]): string[] {
  return description.filter((line) => !/^Example:?$/i.test(line) && !/\bapi\/v2\//.test(line));
}

/** The facts a row's description states: mandatory, read-only, date formats, values, default. */
function applyDescription(fact: FieldFact, description: string[]): void {
  const text = withoutExamples(description).join(" ");
  // "Mandatory" on its own line marks the field, unless a condition follows ("Mandatory / if visibility is 4").
  const marked = description.findIndex((line) => /^\(?(mandatory|required)\)?\.?$/i.test(line));
  const conditional =
    (marked >= 0 && /^(if|when|for|only|in case)\b/i.test(description[marked + 1] ?? "")) ||
    /\bnot mandatory\b/i.test(text);
  if ((marked >= 0 && !conditional) || /\bMANDATORY\b/.test(text)) fact.required = true;
  if (description.some((line) => /^read[- ]only\.?$/i.test(line))) fact.read_only = true;
  const formats = new Set(fact.format ?? []);
  for (const line of description) {
    if (/^YYYY-MM-DD$/i.test(line)) formats.add("date");
    if (/^YYYY-MM-DD[T ]HH:MM(:SS)?Z?$/i.test(line)) formats.add("date-time");
  }
  if (formats.size) fact.format = [...formats].sort();
  const values = enumFromText(text, withoutExamples(description));
  if (values) fact.enum = values;
  const byDefault = /\bdefault (?:value )?(?:is|will be)\s+['"‘“]?([A-Za-z0-9_.-]+)/i.exec(text);
  if (byDefault?.[1] && !/^(the|a|an|set|false|true)$/i.test(byDefault[1])) fact.default = byDefault[1];
  else if (byDefault?.[1] && /^(false|true)$/i.test(byDefault[1])) fact.default = byDefault[1].toLowerCase();
  if (/\bnull\b/i.test(text) && /\b(clear|remove|unset|reset)/i.test(text)) fact.nullable = true;
}

/** Numbers with labels (`1-Low, 2-Medium`, `ok=51, warning=101`), or a list after "Possible values:". */
export function enumFromText(text: string, lines: string[] = [text]): (string | number)[] | undefined {
  const numberFirst = [
    ...text.matchAll(/(?:^|[\s(,])(\d+)\s*(?:-|–|:)\s*[A-Za-z][A-Za-z ]{0,30}?(?=\s*(?:[,.;)]|$))/g),
  ];
  if (numberFirst.length >= 2) return uniqueNumbers(numberFirst.map((match) => match[1] ?? ""));
  const labelFirst = [...text.matchAll(/\b[A-Za-z][A-Za-z_ ]{0,20}?\s*=\s*(\d+)\b/g)];
  if (labelFirst.length >= 2) return uniqueNumbers(labelFirst.map((match) => match[1] ?? ""));
  const listed =
    /\b(?:(?:possible|allowed|accepted|supported|valid) (?:values|filters)(?: are| include)?|(?:values|filters) available are|values?(?=\s*:))\s*:?\s*(.*)$/i.exec(
      text,
    );
  if (listed) {
    const rest = (listed[1] ?? "").trim();
    // "Possible values:" with one value per following line ("12h (12 hour format)", "1 (Beginner)").
    const at = lines.findIndex((line) => /values(?: are| include)?\s*:?\s*$/i.test(line));
    if (
      at >= 0 &&
      (lines[at] ?? "").length &&
      rest.length &&
      lines.length > at + 1 &&
      !/[,]/.test(lines[at + 1] ?? "")
    ) {
      const values = lines
        .slice(at + 1)
        .map((line) => /^([A-Za-z0-9_]+)\s*\(/.exec(line)?.[1])
        .filter((value): value is string => value !== undefined);
      if (values.length >= 2) return typedValues(values);
    }
    const list =
      /^[[(]?\s*((?:['"‘“]?[A-Za-z0-9_]+['"’”]?\s*(?:,|\bor\b|\band\b)\s*)+['"‘“]?[A-Za-z0-9_]+['"’”]?)/.exec(rest);
    if (list?.[1]) {
      const values = list[1]
        .split(/,|\bor\b|\band\b/)
        .map((value) => value.trim().replace(/^['"‘“]|['"’”]$/g, ""))
        .filter((value) => value.length > 0);
      if (values.length >= 2) return typedValues(values);
    }
  }
  return undefined;
}

function uniqueNumbers(values: string[]): number[] {
  return [...new Set(values.map(Number))];
}

function typedValues(values: string[]): (string | number)[] {
  const unique = [...new Set(values)];
  return unique.every((value) => /^\d+$/.test(value)) ? unique.map(Number) : unique;
}

/** A "Severity / Value / Critical / 201 / …" table: its heading and the numbers it lists. */
export interface ValueTable {
  heading: string;
  values: number[];
  labels: string[];
}

/** Every "<Heading> / Value / <label> / <number> …" table in the lines. */
export function parseValueTables(lines: string[]): ValueTable[] {
  const tables: ValueTable[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    if (lines[index] !== "Value") continue;
    const heading = lines[index - 1] ?? "";
    const values: number[] = [];
    const labels: string[] = [];
    let next = index + 1;
    while (/^[A-Za-z][A-Za-z ()/-]{0,40}$/.test(lines[next] ?? "") && /^\d+$/.test(lines[next + 1] ?? "")) {
      labels.push(lines[next] ?? "");
      values.push(Number(lines[next + 1]));
      next += 2;
    }
    if (values.length >= 2) tables.push({ heading, values, labels });
  }
  return tables;
}

/** An "Attribute / Supported Values / Comments" table: field → its listed values. */
export function parseSupportedValues(lines: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (let index = 0; index + 1 < lines.length; index += 1) {
    if (lines[index] !== "Attribute" || lines[index + 1] !== "Supported Values") continue;
    let next = index + (lines[index + 2] === "Comments" ? 3 : 2);
    while (next + 1 < lines.length) {
      const names = lines[next] ?? "";
      const values = lines[next + 1] ?? "";
      if (!/^[a-z][a-z0-9_]*(\s*,\s*[a-z][a-z0-9_]*)*$/.test(names)) break;
      if (!/^[A-Za-z0-9_ -]+(\s*,\s*[A-Za-z0-9_ -]+)+$/.test(values)) break;
      const list = values.split(",").map((value) => value.trim());
      for (const name of names.split(",")) found.set(name.trim(), list);
      next += 2;
      // An optional comment cell ("The default value is 'low'") before the next row.
      if (lines[next] && !/^[a-z][a-z0-9_]*(\s*,\s*[a-z][a-z0-9_]*)*$/.test(lines[next] ?? "")) next += 1;
    }
  }
  return found;
}

/**
 * Query arguments listed outside a typed table: "Request Params / page / per_page / type*" (a `*` marks a mandatory
 * one) and "Query Parameters / [Type] / Handle / filter / [string] / <description> / Example: …" (each name a line
 * of its own, its description after it, up to the endpoint).
 */
export function parseParamLists(lines: string[]): TableRow[] {
  const rows: TableRow[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const heading = lines[index];
    if (heading !== "Request Params" && heading !== "Query Parameters") continue;
    let next = index + 1;
    while (lines[next] === "Type" || lines[next] === "Handle" || lines[next] === "Description") next += 1;
    let row: TableRow | undefined;
    for (; next < lines.length; next += 1) {
      const line = lines[next] ?? "";
      if (endsTable(line, lines[next + 1]) || line === "Note:") break;
      // "per page" above a type cell is the argument per_page written as words.
      const spaced =
        /^[a-z]+( [a-z]+)+$/.test(line) && parseTypeCell(lines[next + 1] ?? "") ? line.replace(/ /g, "_") : line;
      const name = /^([a-z][a-z0-9_]*)(\*?)$/.exec(spaced);
      if (name && !parseTypeCell(line)) {
        row = { name: name[1] ?? "", table: 0, fact: name[2] ? { required: true } : {}, description: [] };
        rows.push(row);
        continue;
      }
      if (heading === "Request Params") break;
      if (!row) break;
      const type = parseTypeCell(line);
      if (type && row.description.length === 0) {
        if (type.type !== "unknown") row.fact.type = type.type;
        continue;
      }
      row.description.push(line);
      if (/^mandatory$/i.test(line)) row.fact.required = true;
      const prose = withoutExamples(row.description);
      const values = enumFromText(prose.join(" "), prose);
      if (values) row.fact.enum = values;
    }
  }
  return rows;
}
