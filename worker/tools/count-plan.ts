/**
 * What a count asks Freshservice: the records that can be counted (each through its list tool's filter), the fields
 * a count can be broken down by, and a count's arguments turned into the filter query of its total and of each
 * bucket, within the bound on calls. Pure: every problem here is found before any call.
 */
import {
  type BucketValue,
  bucketExpression,
  checkQuery,
  condition,
  EVERY_RECORD,
  MAX_EXPRESSION_CHARS,
} from "./count-query";

/**
 * Each bucket is one Freshservice call (an asset bucket one or more), counted against the account's per-minute
 * limit, which every integration of the account shares (the smallest plan lists tickets or assets 40 times a
 * minute), and against the URL's own budget: one count makes at most half of that.
 */
export const MAX_CALLS_PER_COUNT = 20;
/** The total takes one call of the bound; the buckets the rest. */
export const MAX_VALUES = MAX_CALLS_PER_COUNT - 1;

export type CountRecord = "tickets" | "changes" | "assets";

/** A field a count may be broken down by: one value per record, so the buckets don't overlap. */
export interface GroupField {
  name: string;
  type: "integer" | "string";
  /** The grammar's `null` (no value) is documented for it. */
  takesNull: boolean;
  /** Its documented values, counted when the model names none. */
  known?: readonly { value: number; label: string }[];
  /** Its values are the workspace's agent groups, read with that tool when the model names none. */
  discover?: "groups";
}

/** How a filter answer tells how many records match. */
export type Tally =
  /** `total` in the body (the ticket filter; the changes query "returns total count"). */
  | { from: "total" }
  /**
   * From the pages themselves: the asset filter sends its total "in the headers" under a name the documentation
   * doesn't give, 30 records a page, at most 40 pages.
   */
  | { from: "pages"; pageSize: number; maxPage: number };

export interface CountKind {
  record: CountRecord;
  /** The tag of its list tool: a URL whose filters leave that tool out can't count these records. */
  tag: string;
  /** The list tool whose filter counts them, the argument that takes the filter query, and its answer's key. */
  tool: string;
  filterArg: string;
  key: string;
  /** Arguments that make the answer smallest (a page of one change); the ticket and asset filters page by 30. */
  smallest: Record<string, unknown>;
  tally: Tally;
  fields: readonly GroupField[];
}

const PRIORITY = [
  { value: 1, label: "Low" },
  { value: 2, label: "Medium" },
  { value: 3, label: "High" },
  { value: 4, label: "Urgent" },
] as const;
const LEVEL = [
  { value: 1, label: "Low" },
  { value: 2, label: "Medium" },
  { value: 3, label: "High" },
] as const;

const id = (name: string, takesNull = false): GroupField => ({ name, type: "integer", takesNull });

/**
 * The documented filter fields with one value per record (§5.2); `null` where the documentation says it filters
 * for no value (agent and group on tickets and changes; any asset field). A ticket's `tag` is left out: a ticket
 * has several, so its buckets would overlap.
 */
export const COUNT_KINDS: readonly CountKind[] = [
  {
    record: "tickets",
    tag: "tickets",
    tool: "list_all_freshservice_tickets",
    filterArg: "query",
    key: "tickets",
    smallest: {},
    tally: { from: "total" },
    fields: [
      { ...id("group_id", true), discover: "groups" },
      id("agent_id", true),
      id("requester_id"),
      { ...id("priority"), known: PRIORITY },
      {
        ...id("status"),
        known: [
          { value: 2, label: "Open" },
          { value: 3, label: "Pending" },
          { value: 4, label: "Resolved" },
          { value: 5, label: "Closed" },
        ],
      },
      { ...id("impact"), known: LEVEL },
      { ...id("urgency"), known: LEVEL },
    ],
  },
  {
    record: "changes",
    tag: "changes",
    tool: "list_all_freshservice_changes",
    filterArg: "query",
    key: "changes",
    smallest: { limit: 1 },
    tally: { from: "total" },
    fields: [
      { ...id("group_id", true), discover: "groups" },
      id("agent_id", true),
      id("requester_id"),
      id("department_id"),
      { ...id("priority"), known: PRIORITY },
      {
        ...id("status"),
        known: [
          { value: 1, label: "Open" },
          { value: 2, label: "Planning" },
          { value: 3, label: "Awaiting Approval" },
          { value: 4, label: "Pending Release" },
          { value: 5, label: "Pending Review" },
          { value: 6, label: "Closed" },
        ],
      },
      { ...id("impact"), known: LEVEL },
      {
        ...id("risk"),
        known: [...LEVEL, { value: 4, label: "Very High" }],
      },
      {
        ...id("change_type"),
        known: [
          { value: 1, label: "Minor" },
          { value: 2, label: "Standard" },
          { value: 3, label: "Major" },
          { value: 4, label: "Emergency" },
        ],
      },
      id("approval_status"),
    ],
  },
  {
    record: "assets",
    tag: "assets",
    tool: "list_all_freshservice_assets",
    filterArg: "filter",
    key: "assets",
    smallest: {},
    tally: { from: "pages", pageSize: 30, maxPage: 40 },
    fields: [
      id("asset_type_id", true),
      id("department_id", true),
      id("location_id", true),
      id("user_id", true),
      id("agent_id", true),
      { name: "asset_state", type: "string", takesNull: true },
    ],
  },
];

/** The agent groups' list tool, which gives group_id its values. */
export const GROUPS_TOOL = "list_all_freshservice_agent_groups";

export interface CountArguments {
  query?: string;
  group_by?: string;
  values?: BucketValue[];
  workspace_id?: number;
}

/** One value of the breakdown, with its label where one is known, and its filter expression. */
export interface Bucket {
  value: BucketValue;
  label?: string;
  expression: string;
}

export interface CountPlan {
  /** The query as sent (outer double quotes taken off); undefined = every record. */
  expression?: string;
  /** What the total counts. */
  totalExpression: string;
  field?: GroupField;
  /** The buckets, or the values still to be read (the workspace's groups). */
  buckets: Bucket[] | "groups";
}

/** A count's arguments → its total and buckets, or every problem with them (then nothing is sent). */
export function planCount(kind: CountKind, args: CountArguments): { plan: CountPlan } | { problems: string[] } {
  const problems: string[] = [];
  let expression: string | undefined;
  if (args.query !== undefined) {
    const checked = checkQuery(args.query);
    if ("problem" in checked) problems.push(checked.problem);
    else expression = checked.expression;
  }
  const field = args.group_by === undefined ? undefined : kind.fields.find((f) => f.name === args.group_by);
  if (args.group_by !== undefined && !field)
    problems.push(
      `group_by: ${kind.record} can't be broken down by ${JSON.stringify(args.group_by.slice(0, 64))}; by ${groupable(kind)}`,
    );
  if (args.values !== undefined && args.group_by === undefined)
    problems.push("values: are the buckets of group_by; name the field too");
  if (expression !== undefined && expression.length > MAX_EXPRESSION_CHARS)
    problems.push(`query: is longer than Freshservice's ${MAX_EXPRESSION_CHARS} characters`);
  if (problems.length) return { problems };
  if (!field) return { plan: { ...totalOf(expression), buckets: [] } };

  let entries: { value: BucketValue; label?: string }[] | "groups";
  if (args.values !== undefined) entries = valuesFor(field, args.values, problems);
  else if (field.known) entries = [...field.known];
  else if (field.discover) entries = field.discover;
  else {
    problems.push(
      `group_by: ${field.name} has no list of values the Worker knows: name the buckets in values (ids${field.takesNull ? ", null for none" : ""})`,
    );
    entries = [];
  }
  if (problems.length) return { problems };
  if (entries === "groups") return { plan: { ...totalOf(expression), field, buckets: "groups" } };
  const buckets = bucketsFor(expression, field, entries);
  return "problems" in buckets ? buckets : { plan: { ...totalOf(expression), field, buckets: buckets.buckets } };
}

/**
 * The buckets of these values (the model's, a field's documented ones, or the groups read for it): each one's
 * expression checked against Freshservice's length limit, since the condition lengthens the query.
 */
export function bucketsFor(
  expression: string | undefined,
  field: GroupField,
  entries: { value: BucketValue; label?: string }[],
): { buckets: Bucket[] } | { problems: string[] } {
  const problems: string[] = [];
  const buckets: Bucket[] = [];
  for (const entry of entries) {
    const written = condition(field.name, entry.value);
    if ("problem" in written) {
      problems.push(written.problem);
      continue;
    }
    const bucketText = bucketExpression(expression, written.text);
    if (bucketText.length > MAX_EXPRESSION_CHARS) {
      problems.push(
        `query: with ${written.text} added, a bucket's query is ${bucketText.length} characters, over Freshservice's ${MAX_EXPRESSION_CHARS}: shorten the query by ${bucketText.length - MAX_EXPRESSION_CHARS}`,
      );
      break;
    }
    buckets.push({ ...entry, expression: bucketText });
  }
  return problems.length ? { problems } : { buckets };
}

/** The field names a record can be broken down by, for a refusal. */
export function groupable(kind: CountKind): string {
  return kind.fields.map((f) => f.name).join(", ");
}

function totalOf(expression: string | undefined): Pick<CountPlan, "expression" | "totalExpression"> {
  return { ...(expression !== undefined ? { expression } : {}), totalExpression: expression ?? EVERY_RECORD };
}

/** The model's values, each of the field's type (null only where documented), duplicates dropped. */
function valuesFor(field: GroupField, values: BucketValue[], problems: string[]) {
  const seen = new Set<string>();
  const entries: { value: BucketValue; label?: string }[] = [];
  for (const value of values) {
    const key = JSON.stringify(value);
    if (seen.has(key)) continue;
    seen.add(key);
    if (value === null && !field.takesNull) {
      problems.push(`values: ${field.name} can't be filtered for no value (null)`);
      continue;
    }
    if (value !== null && field.type === "integer" && !(typeof value === "number" && Number.isSafeInteger(value))) {
      problems.push(`values: ${field.name} takes whole numbers, not ${JSON.stringify(value).slice(0, 40)}`);
      continue;
    }
    if (value !== null && field.type === "string" && typeof value !== "string") {
      problems.push(`values: ${field.name} takes labels in words (e.g. 'In Use'), not ${value}`);
      continue;
    }
    const label = value === null ? "none" : field.known?.find((k) => k.value === value)?.label;
    entries.push({ value, ...(label ? { label } : {}) });
  }
  return entries;
}
