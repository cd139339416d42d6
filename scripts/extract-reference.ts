/**
 * Rebuilds reference/freshservice-operations.json from a copy of the published Freshservice API documentation: a
 * JSON array of sections `{url, title, section_id, content}` (the public copy `data/raw_freshservice_docs.json` of
 * github.com/ktj709/API-scraping-freshservice). Only facts are written, never the documentation's text.
 *   npx tsx scripts/extract-reference.ts <path to raw_freshservice_docs.json>
 * (or set FRESHSERVICE_DOCS to the path). Tests read only the checked-in file: CI needs neither the copy nor network.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { compactJson } from "./reference/compact-json";
import type { DocSection } from "./reference/doc-blocks";
import { extractReference } from "./reference/extract-operations";
import { REFERENCE_FILE } from "./reference/reference-format";
import { summaryText } from "./reference/reference-summary";

export const DOCS_COPY = "github.com/ktj709/API-scraping-freshservice, data/raw_freshservice_docs.json";

const path = process.argv[2] ?? process.env.FRESHSERVICE_DOCS;
if (!path) {
  console.error(
    "Usage: npx tsx scripts/extract-reference.ts <raw_freshservice_docs.json> (or FRESHSERVICE_DOCS=<path>)",
  );
  process.exit(2);
}
const sections = JSON.parse(readFileSync(path, "utf8")) as DocSection[];
if (
  !Array.isArray(sections) ||
  !sections.every((s) => typeof s?.content === "string" && typeof s?.section_id === "string")
)
  throw new Error(`${path} is not an array of documentation sections {url, title, section_id, content}`);
const reference = extractReference(sections, { copy: DOCS_COPY });
writeFileSync(REFERENCE_FILE, `${compactJson(reference)}\n`);
console.log(`Wrote ${REFERENCE_FILE}: ${reference.operations.length} operations from ${sections.length} sections.`);
for (const line of summaryText(reference)) console.log(`  ${line}`);
