/**
 * What the reference found and what it did not, counted per kind of fact, for the extraction's output and
 * docs/coverage.md: so a missing fact reads as "not found", never as "documented as absent". Pure.
 */
import type { FactsFound, Reference } from "./reference-format";

export interface SummaryLine {
  /** What is counted ("answer", "body of a write"). */
  fact: string;
  /** Of how many operations it applies to. */
  of: number;
  /** Count per outcome, in a fixed order. */
  counts: [string, number][];
}

function tally<T extends string>(values: T[], order: T[]): [string, number][] {
  return order.map((value): [string, number] => [value, values.filter((v) => v === value).length]).filter(([, n]) => n);
}

export function summarizeReference(reference: Reference): SummaryLine[] {
  const ops = reference.operations;
  const found = ops.map((op) => op.found);
  const writes = ops.filter((op) => ["POST", "PUT", "PATCH"].includes(op.method));
  const lists = found.filter((f) => f.paging !== "n/a");
  return [
    {
      fact: "endpoint",
      of: ops.length,
      counts: tally(
        found.map((f) => f.endpoint),
        ["line", "curl"],
      ),
    },
    {
      fact: "answer",
      of: ops.length,
      counts: tally<FactsFound["response"]>(
        found.map((f) => f.response),
        ["sample", "scanned", "status", "none"],
      ),
    },
    {
      fact: "body of a write (POST, PUT, PATCH)",
      of: writes.length,
      counts: tally<FactsFound["body"]>(
        writes.map((op) => op.found.body),
        ["table+sample", "table", "sample", "none"],
      ),
    },
    {
      fact: "mandatory fields marked, of writes with a body",
      of: writes.filter((op) => op.found.body !== "none").length,
      counts: tally(
        writes.filter((op) => op.found.body !== "none").map((op) => (op.found.required ? "marked" : "not marked")),
        ["marked", "not marked"],
      ),
    },
    {
      fact: "paging of a list answer",
      of: lists.length,
      counts: tally<FactsFound["paging"]>(
        lists.map((f) => f.paging),
        ["link", "page", "meta", "token", "next_page_link", "none"],
      ),
    },
    {
      fact: "query arguments",
      of: ops.length,
      counts: tally(
        found.map((f) => (f.query ? "documented" : "none")),
        ["documented", "none"],
      ),
    },
    {
      fact: "resource attribute table",
      of: ops.length,
      counts: tally(
        ops.map((op) => (op.object ? "linked" : "none")),
        ["linked", "none"],
      ),
    },
  ];
}

/** One line per fact: "answer: 336 sample, 11 scanned, 3 status, 86 none (of 436)". */
export function summaryText(reference: Reference): string[] {
  return summarizeReference(reference).map(
    (line) => `${line.fact}: ${line.counts.map(([label, n]) => `${n} ${label}`).join(", ")} (of ${line.of})`,
  );
}
