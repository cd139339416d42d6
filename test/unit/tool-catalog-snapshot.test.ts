/**
 * The full tool list, committed in test/snapshots/tools.json, so that every change to a tool's name, title,
 * annotations, required arguments, HTTP call or tags shows up in review. Compared exactly; to accept a change:
 *   UPDATE_SNAPSHOTS=1 npx vitest run --project unit test/unit/tool-catalog-snapshot.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";

const SNAPSHOT = new URL("../snapshots/tools.json", import.meta.url);
const REGENERATE = "UPDATE_SNAPSHOTS=1 npx vitest run --project unit test/unit/tool-catalog-snapshot.test.ts";

/** One tool per line, so a review diff names exactly the tools that changed. */
function serialize(tools: unknown[]): string {
  return `[\n${tools.map((tool) => `  ${JSON.stringify(tool)}`).join(",\n")}\n]\n`;
}

function currentToolList() {
  return bundledCatalog().map((tool) => ({
    name: tool.name,
    title: tool.title,
    family: tool.family,
    category: tool.category,
    annotations: {
      readOnlyHint: tool.annotations.readOnlyHint,
      destructiveHint: tool.annotations.destructiveHint,
      idempotentHint: tool.annotations.idempotentHint,
      openWorldHint: tool.annotations.openWorldHint,
    },
    required: tool.inputSchema.required,
    http_method: tool.operation.http_method,
    path: tool.operation.path,
    ...(Object.keys(tool.operation.path_when).length ? { path_when: tool.operation.path_when } : {}),
    tags: tool.tags,
  }));
}

describe("tool catalog snapshot", () => {
  it("matches test/snapshots/tools.json", () => {
    const current = currentToolList();
    if (process.env.UPDATE_SNAPSHOTS) {
      writeFileSync(SNAPSHOT, serialize(current));
      return;
    }
    if (!existsSync(SNAPSHOT)) expect.fail(`test/snapshots/tools.json is missing. Write it with:\n  ${REGENERATE}`);
    const committed: unknown = JSON.parse(readFileSync(SNAPSHOT, "utf8"));
    expect(
      current,
      `The tool list changed. If the change is intended, regenerate the snapshot and commit it:\n  ${REGENERATE}\n`,
    ).toEqual(committed);
  });

  it("is committed exactly as the regeneration writes it", () => {
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(SNAPSHOT)) return;
    expect(readFileSync(SNAPSHOT, "utf8"), `Regenerate with:\n  ${REGENERATE}`).toBe(serialize(currentToolList()));
  });
});
