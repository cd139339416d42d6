/**
 * The count's pure parts: the query a bucket's condition is ANDed onto, the condition itself (no value can leave
 * its literal: each composed query is parsed with the simulator's grammar), the buckets a count plans within its
 * bound, and counting from pages.
 */
import { describe, expect, it } from "vitest";
import { type FilterNode, parseFilterExpression } from "../../simulator/filter-query";
import { COUNT_KINDS, type CountKind, MAX_VALUES, planCount } from "../../worker/tools/count-plan";
import {
  bucketExpression,
  checkQuery,
  condition,
  EVERY_RECORD,
  MAX_EXPRESSION_CHARS,
} from "../../worker/tools/count-query";
import { afterPage, countSoFar, nextPage, pageSearch } from "../../worker/tools/page-count";

const kind = (record: string) => COUNT_KINDS.find((k) => k.record === record) as CountKind;
const tickets = kind("tickets");

describe("the query a bucket is ANDed onto", () => {
  it.each([
    ["status:2", "status:2"],
    ['  "status:2 AND priority:4"  ', "status:2 AND priority:4"],
    [
      "(priority:3 OR priority:4) AND created_at:>'2026-11-30'",
      "(priority:3 OR priority:4) AND created_at:>'2026-11-30'",
    ],
    ["name:'a (b'", "name:'a (b'"],
    ["name:'O\\'Brien) x'", "name:'O\\'Brien) x'"],
  ])("%j is taken as %j", (query, expression) => {
    expect(checkQuery(query)).toEqual({ expression });
  });

  it.each([
    ["status:2) OR (priority:1", /'\)' with no '\('/],
    ["(status:2 OR priority:1", /'\(' that is not closed/],
    ["name:'open", /not closed/],
    ['status:2 OR name:"x"', /double quote inside/],
    ['""', /is empty/],
  ])("%j is refused: %s", (query, problem) => {
    const checked = checkQuery(query);
    expect("problem" in checked && checked.problem).toMatch(problem);
  });
});

/** The composed expression's tree: the query's own, ANDed with exactly one condition on the field. */
function splitBucket(text: string): { query: FilterNode; field: string; value: unknown } {
  const tree = parseFilterExpression(text);
  if (tree.type !== "and" || tree.clauses.length !== 2) throw new Error(`not one AND of two: ${text}`);
  const [query, last] = tree.clauses as [FilterNode, FilterNode];
  if (last.type !== "condition") throw new Error(`the bucket's condition is not last: ${text}`);
  const value = last.value.kind === "null" ? null : last.value.value;
  return { query, field: last.field, value };
}

describe("a bucket's condition", () => {
  it.each<[string | number | null, string]>([
    [4, "priority:4"],
    [null, "priority:null"],
    ["In Use", "priority:'In Use'"],
    ["O'Brien", "priority:'O\\'Brien'"],
  ])("%j is written %s", (value, text) => {
    expect(condition("priority", value)).toEqual({ text });
  });

  // Values written to leave their literal: each must stay one string, and the query around it unchanged.
  it.each([
    "a' OR priority:1 OR name:'b",
    "x') OR (status:'1",
    "'",
    "''",
    "') OR created_at:>'1970-01-01' OR ('",
    "In Use' AND asset_type_id:null OR asset_state:'x",
  ])("the value %j stays one literal", (value) => {
    const written = condition("asset_state", value);
    if (!("text" in written)) throw new Error(written.problem);
    const query = "(asset_type_id:25 OR asset_type_id:26) AND location_id:3";
    const bucket = splitBucket(bucketExpression(query, written.text));
    expect(bucket).toEqual({ query: parseFilterExpression(query), field: "asset_state", value });
  });

  it.each(['a"b', "back\\slash", "line\nbreak", "nul\u0000", ""])("%j can't be written, so is refused", (value) => {
    expect(condition("asset_state", value)).toHaveProperty("problem");
  });

  it("a number that is not whole is refused", () => {
    expect(condition("priority", 1.5)).toHaveProperty("problem");
  });
});

describe("a count's plan", () => {
  it("without a query the total counts every record, and without group_by there are no buckets", () => {
    expect(planCount(tickets, {})).toEqual({ plan: { totalExpression: EVERY_RECORD, buckets: [] } });
    expect(parseFilterExpression(EVERY_RECORD)).toMatchObject({ field: "created_at", operator: "gte" });
  });

  it("a documented field counts each documented value, labelled, its condition ANDed onto the query", () => {
    const planned = planCount(tickets, { query: "created_at:>'2026-11-30'", group_by: "priority" });
    if (!("plan" in planned)) throw new Error(planned.problems.join());
    expect(planned.plan.totalExpression).toBe("created_at:>'2026-11-30'");
    expect(planned.plan.buckets).toEqual([
      { value: 1, label: "Low", expression: "(created_at:>'2026-11-30') AND priority:1" },
      { value: 2, label: "Medium", expression: "(created_at:>'2026-11-30') AND priority:2" },
      { value: 3, label: "High", expression: "(created_at:>'2026-11-30') AND priority:3" },
      { value: 4, label: "Urgent", expression: "(created_at:>'2026-11-30') AND priority:4" },
    ]);
  });

  it("group_id without values is read from the workspace's groups; with values, those (duplicates once, null as none)", () => {
    expect(planCount(tickets, { group_by: "group_id" })).toMatchObject({ plan: { buckets: "groups" } });
    const planned = planCount(tickets, { group_by: "group_id", values: [7, null, 7] });
    expect(planned).toMatchObject({
      plan: {
        buckets: [
          { value: 7, expression: "group_id:7" },
          { value: null, label: "none", expression: "group_id:null" },
        ],
      },
    });
  });

  it.each<[string, Parameters<typeof planCount>[1], RegExp]>([
    [
      "tickets",
      { group_by: "asset_type_id" },
      /tickets can't be broken down by "asset_type_id"; by group_id, agent_id/,
    ],
    ["tickets", { group_by: "tag" }, /can't be broken down by "tag"/],
    ["assets", { group_by: "priority" }, /assets can't be broken down by "priority"/],
    ["tickets", { values: [1] }, /values: are the buckets of group_by/],
    ["tickets", { group_by: "priority", values: [null] }, /priority can't be filtered for no value/],
    ["tickets", { group_by: "priority", values: ["4"] }, /takes whole numbers, not "4"/],
    ["assets", { group_by: "asset_state", values: [3] }, /takes labels in words/],
    [
      "tickets",
      { group_by: "agent_id" },
      /agent_id has no list of values the Worker knows: name the buckets in values \(ids, null for none\)/,
    ],
    ["tickets", { query: "status:2) OR (status:3", group_by: "priority" }, /with no '\('/],
    [
      "tickets",
      { query: `name:'${"x".repeat(MAX_EXPRESSION_CHARS - 10)}'`, group_by: "priority" },
      /shorten the query by \d+/,
    ],
  ])("%s %j is refused before any call", (record, args, problem) => {
    const planned = planCount(kind(record), args);
    expect("problems" in planned && planned.problems.join("\n")).toMatch(problem);
  });

  it("at most one bucket per call the bound leaves after the total", () => {
    expect(MAX_VALUES).toBe(19);
  });
});

describe("counting from pages of 30 (at most 40 pages)", () => {
  /** Runs a search over `total` matches; returns the count and how many pages it read. */
  function count(total: number) {
    let search = pageSearch(30, 40);
    let reads = 0;
    for (let page = nextPage(search); page !== undefined; page = nextPage(search)) {
      reads++;
      search = afterPage(search, page, Math.max(0, Math.min(30, total - (page - 1) * 30)));
      if (reads > 40) throw new Error("no end");
    }
    return { ...countSoFar(search), reads };
  }

  it.each([
    [0, 0, false, 1],
    [1, 1, false, 1],
    [29, 29, false, 1],
    [30, 30, false, 2],
    [39, 39, false, 2],
    [60, 60, false, 4],
    [100, 100, false, 3],
    [1000, 1000, false, 9],
    [1199, 1199, false, 7],
    [1200, 1200, true, 7],
    [5000, 1200, true, 7],
  ])("%i matches count %i (at least: %s) in %i reads", (total, expected, atLeast, reads) => {
    expect(count(total)).toEqual({ count: expected, atLeast, reads });
  });

  it("never reads more than 10 pages, whatever the count", () => {
    for (let total = 0; total <= 1300; total++) expect(count(total).reads).toBeLessThanOrEqual(10);
  });

  it("a page read short after its records moved is believed: the newer read wins", () => {
    let search = afterPage(pageSearch(30, 40), 1, 30);
    search = afterPage(search, 2, 30);
    search = afterPage(search, 4, 0);
    expect(nextPage(search)).toBe(3);
    search = afterPage(search, 3, 0);
    expect(countSoFar(search)).toEqual({ count: 60, atLeast: false });
  });
});
