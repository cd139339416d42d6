/**
 * Generates docs/coverage.md from schemas/*.json, scripts/coverage-left-out.json, the documentation reference
 * (reference/freshservice-operations.json) and scripts/coverage-known-differences.json: per family, every resource
 * with its tools (name, HTTP method, path) and what of the API reference was left out and why; then what the
 * reference found, the documented operations no tool calls, and the accepted differences with their reasons.
 * Run with `npx tsx scripts/coverage-table.ts`; a unit test fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildCatalog, type CatalogTool } from "../worker/catalog/build-tools";
import type { SchemaFile } from "../worker/catalog/schema-format";
import { loadValidatedSchemas } from "./build-catalog";
import { checkKnown, type KnownDifferences, loadKnownDifferences } from "./reference/known-differences";
import { loadReference, type Reference } from "./reference/reference-format";
import { summarizeReference } from "./reference/reference-summary";
import { catalogDifferences, matchTool } from "./reference/tool-drift";

const LEFT_OUT_FILE = fileURLToPath(new URL("./coverage-left-out.json", import.meta.url));
export const COVERAGE_FILE = fileURLToPath(new URL("../docs/coverage.md", import.meta.url));

export interface LeftOutEntry {
  what: string;
  reference: string;
  reason: string;
}
export interface LeftOut {
  families: Record<string, LeftOutEntry[]>;
  modules: LeftOutEntry[];
}

/** Every schema file, validated, in file-name order. */
export function loadSchemaFiles(): SchemaFile[] {
  return loadValidatedSchemas().sort((a, b) => (a.family < b.family ? -1 : 1));
}

export function loadLeftOut(): LeftOut {
  const raw = JSON.parse(readFileSync(LEFT_OUT_FILE, "utf8")) as Partial<LeftOut>;
  return { families: raw.families ?? {}, modules: raw.modules ?? [] };
}

/** A table cell: pipes escaped, so paths and prose cannot break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function pathOf(tool: CatalogTool): string {
  const op = tool.operation;
  const routed = Object.entries(op.path_when).map(([arg, path]) => ` (with \`${arg}\`: \`${cell(path)}\`)`);
  // Required query arguments are part of the call's identity (`?operation=approve`, `?ids=…`).
  const requiredQuery = Object.entries(op.query)
    .filter(([name]) => op.required.includes(name))
    .map(([name, schema]) => {
      const fixed = Array.isArray(schema.enum) && schema.enum.length === 1 ? String(schema.enum[0]) : "…";
      return `${name}=${fixed}`;
    });
  const query = requiredQuery.length ? `?${requiredQuery.join("&")}` : "";
  return `\`${cell(op.path + query)}\`${routed.join("")}`;
}

/** A Markdown table with padded columns, laid out the way `biome format` lays it out, so formatting leaves it alone. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function leftOutList(entries: LeftOutEntry[]): string[] {
  if (entries.length === 0) return ["Nothing."];
  return entries.map((e) => `- ${e.what} (${e.reference}): ${e.reason}`);
}

/** The reference's counts, the documented operations no tool calls, and the accepted differences. */
function referenceSections(tools: CatalogTool[], reference: Reference, known: KnownDifferences): string[] {
  const lines: string[] = [
    "## The documentation reference",
    "",
    `\`reference/freshservice-operations.json\` holds the facts of ${reference.operations.length} documented operations, extracted from the published Freshservice API documentation ([docs/reference.md](reference.md)). What the extraction found, per kind of fact:`,
    "",
    ...table(
      ["fact", "of", "found"],
      summarizeReference(reference).map((line) => [
        line.fact,
        String(line.of),
        line.counts.map(([label, n]) => `${n} ${label}`).join(", "),
      ]),
    ),
    "",
  ];
  const called = new Set(tools.flatMap((tool) => matchTool(tool, reference).operations.map((op) => op.key)));
  const uncalled = reference.operations.filter((op) => !called.has(op.key));
  lines.push(
    "## Documented operations without a tool",
    "",
    `${uncalled.length} of the ${reference.operations.length} documented operations are called by no tool (the families' "Left out" lists say why, where they name them), with the sections (their index in the documentation copy) that document each.`,
    "",
    ...table(
      ["operation", "sections"],
      uncalled.map((op) => [`\`${cell(op.key)}\``, op.sections.map((section) => section.index).join(", ")]),
    ),
    "",
  );
  const { accepted } = checkKnown(catalogDifferences(tools, reference), known);
  lines.push(
    "## Known differences from the documentation",
    "",
    `Each tool is compared with the documented operations it calls (\`test/unit/tool-drift.test.ts\`, [docs/reference.md](reference.md)). ${accepted.length} differences are accepted, each for the reason above its table (\`scripts/coverage-known-differences.json\`); the test fails on any other, and on a listed one that no longer exists.`,
    "",
  );
  for (const group of known.groups) {
    const rows = accepted.filter(({ reason }) => reason === group.reason);
    if (!rows.length) continue;
    lines.push(
      `${group.reason}`,
      "",
      ...table(
        ["tool", "difference", "field", "what"],
        rows.map(({ difference }) => [
          `\`${difference.tool}\``,
          difference.kind,
          difference.field ? `\`${cell(difference.field)}\`` : "",
          cell(difference.detail),
        ]),
      ),
      "",
    );
  }
  return lines;
}

export function renderCoverage(
  files: SchemaFile[] = loadSchemaFiles(),
  leftOut: LeftOut = loadLeftOut(),
  reference: Reference = loadReference(),
  known: KnownDifferences = loadKnownDifferences(),
): string {
  const families = files.map((file) => ({ file, tools: buildCatalog([file]) }));
  const total = families.reduce((sum, f) => sum + f.tools.length, 0);
  const lines: string[] = [
    "# Freshservice API coverage",
    "",
    "<!-- Generated by scripts/coverage-table.ts from schemas/*.json and scripts/coverage-left-out.json. Do not edit by hand: run `npx tsx scripts/coverage-table.ts`. -->",
    "",
    `${total} tools in ${families.length} families. Paths are below \`/api/v2\`; \`{…}\` are path arguments. Section numbers (§) refer to the project's Freshservice API reference notes.`,
    "",
    ...table(
      ["family", "tools", "read", "write", "tags"],
      families.map(({ file, tools }) => {
        const reads = tools.filter((t) => t.category === "read").length;
        const tags = [...new Set(tools.flatMap((t) => t.tags))].map((t) => `\`${t}\``).join(" ");
        return [
          `[${file.family}](#${file.family})`,
          String(tools.length),
          String(reads),
          String(tools.length - reads),
          tags,
        ];
      }),
    ),
    "",
  ];
  for (const { file, tools } of families) {
    lines.push(`## ${file.family}`, "", `${file.description}`, "");
    lines.push(
      ...table(
        ["resource", "tool", "method", "path"],
        tools.map((tool) => [tool.resource.name, `\`${tool.name}\``, tool.operation.http_method, pathOf(tool)]),
      ),
    );
    lines.push("", "Left out:", "", ...leftOutList(leftOut.families[file.family] ?? []), "");
  }
  lines.push(
    "## Not covered",
    "",
    "Modules of the API with no family at all:",
    "",
    ...leftOutList(leftOut.modules),
    "",
    ...referenceSections(
      families.flatMap(({ tools }) => tools),
      reference,
      known,
    ),
  );
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = loadSchemaFiles();
  const leftOut = loadLeftOut();
  const known = new Set(files.map((f) => f.family));
  const stale = Object.keys(leftOut.families).filter((family) => !known.has(family));
  if (stale.length) throw new Error(`coverage-left-out.json names unknown families: ${stale.join(", ")}`);
  writeFileSync(COVERAGE_FILE, renderCoverage(files, leftOut));
  console.log(`Wrote ${COVERAGE_FILE}`);
}
