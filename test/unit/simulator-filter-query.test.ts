import { describe, expect, it } from "vitest";
import {
  FILTER_QUERY_MAX_LENGTH,
  type FilterNode,
  type FilterSchema,
  FilterSyntaxError,
  filterConditions,
  matchesFilter,
  parseFilterExpression,
  parseQuotedFilter,
  validateFilter,
} from "../../simulator/filter-query";

/** Compact rendering of a tree: conditions as field op value, groups parenthesised. */
function show(node: FilterNode): string {
  if (node.type === "condition") {
    const op = { eq: ":", gte: ":>", lte: ":<" }[node.operator];
    const v = node.value;
    const value = v.kind === "null" ? "null" : v.kind === "string" ? `'${v.value}'` : String(v.value);
    return `${node.startsWith ? `~[${node.field}]` : node.field}${op}${value}`;
  }
  return `(${node.clauses.map(show).join(` ${node.type.toUpperCase()} `)})`;
}

describe("filter grammar: parsing", () => {
  it.each([
    ["priority:3", "priority:3"],
    ["priority:>3", "priority:>3"],
    ["due_by:<'2025-01-31'", "due_by:<'2025-01-31'"],
    ["agent_id:null", "agent_id:null"],
    ["spam:true", "spam:true"],
    ["x:-1.5", "x:-1.5"],
    ["name:'O\\'Connor'", "name:'O'Connor'"],
    ["name:'back\\\\slash'", "name:'back\\slash'"],
    ["asset_state:'IN STOCK'", "asset_state:'IN STOCK'"],
    ["~[first_name]:'Jo'", "~[first_name]:'Jo'"],
    ["status:2 AND priority:3", "(status:2 AND priority:3)"],
    ["status:2 OR status:3 OR status:4", "(status:2 OR status:3 OR status:4)"],
    // AND binds tighter than OR.
    ["status:2 OR status:3 AND priority:4", "(status:2 OR (status:3 AND priority:4))"],
    ["status:2 AND priority:4 OR tag:'vpn'", "((status:2 AND priority:4) OR tag:'vpn')"],
    // Parentheses group.
    ["(status:2 OR status:3) AND priority:4", "((status:2 OR status:3) AND priority:4)"],
    ["((status:2))", "status:2"],
    ["  status:2   AND   ( priority:1 OR priority:2 )  ", "(status:2 AND (priority:1 OR priority:2))"],
    ["status:2 AND(priority:1)", "(status:2 AND priority:1)"],
    ["name:'a AND b'", "name:'a AND b'"],
  ])("%s", (input, expected) => {
    expect(show(parseFilterExpression(input))).toBe(expected);
  });

  it.each([
    ["", "empty"],
    ["priority", "no operator"],
    ["priority:", "no value"],
    ["priority 3", "space instead of colon"],
    ["name:John", "unquoted string"],
    ["name:'John", "unterminated string"],
    ["status:2 and priority:3", "lower-case and"],
    ["status:2 AND", "dangling AND"],
    ["OR status:2", "leading OR"],
    ["(status:2", "unclosed paren"],
    ["status:2)", "stray paren"],
    ["status:2 priority:3", "missing connective"],
    ["status:2AND priority:3", "no space before AND"],
    ["~[first_name]:>'Jo'", "starts-with with :>"],
    ["~[first_name]:3", "starts-with with a number"],
    ['status:"2"', "double-quoted value"],
  ])("rejects %j (%s)", (input) => {
    expect(() => parseFilterExpression(input)).toThrow(FilterSyntaxError);
  });

  it("requires the surrounding double quotes", () => {
    expect(show(parseQuotedFilter('"priority:3"'))).toBe("priority:3");
    expect(() => parseQuotedFilter("priority:3")).toThrow(/double quotes/);
    expect(() => parseQuotedFilter('"priority:3')).toThrow(/double quotes/);
    expect(() => parseQuotedFilter("'priority:3'")).toThrow(/double quotes/);
  });

  it(`caps the expression at ${FILTER_QUERY_MAX_LENGTH} characters`, () => {
    const clause = "priority:1 OR ";
    let expr = clause.repeat(40);
    expr = `${expr}priority:2`.slice(-FILTER_QUERY_MAX_LENGTH);
    expr = expr.slice(expr.indexOf("priority"));
    expect(() => parseQuotedFilter(`"${expr}"`)).not.toThrow();
    expect(() => parseQuotedFilter(`"${"priority:1 OR ".repeat(40)}priority:2"`)).toThrow(/at most 512/);
  });

  it("lists conditions left to right", () => {
    const fields = filterConditions(parseFilterExpression("a:1 AND (b:2 OR c:3)")).map((c) => c.field);
    expect(fields).toEqual(["a", "b", "c"]);
  });
});

interface Row {
  status: number;
  priority: number;
  tags: string[];
  agent: number | null;
  name: string;
  created: string;
  vip: boolean;
}

const schema: FilterSchema<Row> = {
  status: { type: "number", get: (r) => r.status },
  priority: { type: "number", get: (r) => r.priority },
  tag: { type: "string", get: (r) => r.tags },
  agent_id: { type: "number", get: (r) => r.agent },
  name: { type: "string", get: (r) => r.name, startsWith: true },
  created_at: { type: "date", get: (r) => r.created },
  vip: { type: "boolean", get: (r) => r.vip },
  state: { type: "string", get: (r) => r.name, choices: ["In Stock", "In Use"] },
};

const row: Row = {
  status: 2,
  priority: 3,
  tags: ["vpn", "remote"],
  agent: null,
  name: "John O'Connor",
  created: "2025-03-10T15:30:00Z",
  vip: false,
};

describe("filter grammar: evaluation", () => {
  it.each([
    ["status:2", true],
    ["status:3", false],
    ["priority:>3", true], // :> is greater-or-equal
    ["priority:>4", false],
    ["priority:<3", true], // :< is less-or-equal
    ["priority:<2", false],
    ["tag:'vpn'", true],
    ["tag:'VPN'", true],
    ["tag:'wifi'", false],
    ["agent_id:null", true],
    ["agent_id:5", false],
    ["name:'john o\\'connor'", true],
    ["~[name]:'jo'", true],
    ["~[name]:'oc'", false],
    ["vip:false", true],
    ["created_at:>'2025-03-10'", true],
    ["created_at:<'2025-03-10'", true], // a bare date covers the whole day
    ["created_at:>'2025-03-11'", false],
    ["created_at:<'2025-03-09'", false],
    ["created_at:>'2025-03-10T16:00:00Z'", false],
    ["status:3 OR priority:3 AND tag:'vpn'", true],
    ["(status:3 OR priority:3) AND tag:'wifi'", false],
    ["status:3 OR (priority:3 AND tag:'wifi')", false],
  ])("%s → %s", (expr, expected) => {
    const node = parseFilterExpression(expr);
    expect(validateFilter(node, schema)).toEqual([]);
    expect(matchesFilter(node, row, schema)).toBe(expected);
  });
});

describe("filter grammar: validation against a schema", () => {
  it.each([
    ["time_period:3", "time_period", "[:invalid_field]"],
    ["Status:2", "Status", "[:invalid_field]"], // field names are case-sensitive
    ["status:'open'", "status", "It should be a/an Positive Integer"],
    ["name:3", "name", "It should be a/an String"],
    ["vip:'yes'", "vip", "It should be a/an Boolean"],
    ["created_at:'2025-03-10'", "created_at", "Dates only support ':>' and ':<'"],
    ["created_at:>'10/03/2025'", "created_at", "It should be a/an date in 'yyyy-mm-dd' format"],
    ["name:>'a'", "name", "Only ':' is supported for this field"],
    ["state:'Lost'", "state", "It should be one of the choice value."],
    ["~[tag]:'v'", "tag", "The starts-with operator is not supported for this field"],
  ])("%s → %s: %s", (expr, field, message) => {
    expect(validateFilter(parseFilterExpression(expr), schema)).toEqual([{ field, message, code: "invalid_value" }]);
  });

  it("accepts dropdown labels case-insensitively", () => {
    expect(validateFilter(parseFilterExpression("state:'IN STOCK'"), schema)).toEqual([]);
  });

  it("does not treat prototype names as fields", () => {
    expect(validateFilter(parseFilterExpression("constructor:1"), schema)[0]?.message).toBe("[:invalid_field]");
  });
});
