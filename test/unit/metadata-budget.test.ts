import { describe, expect, it } from "vitest";
import { MAX_METADATA_READS_PER_MINUTE, metadataReadBudget } from "../../worker/budget/metadata-budget";

describe("an account's ceiling on field-metadata reads", () => {
  it("allows so many reads a clock minute per account, then none until the next minute", async () => {
    let now = Date.parse("2026-12-02T06:00:00Z");
    const acme = metadataReadBudget(`acme-${crypto.randomUUID()}`, () => now);
    const globex = metadataReadBudget(`globex-${crypto.randomUUID()}`, () => now);
    for (let i = 0; i < MAX_METADATA_READS_PER_MINUTE; i++) expect(await acme()).toBe(true);
    expect(await acme()).toBe(false);
    expect(await globex()).toBe(true);
    now += 59_000;
    expect(await acme()).toBe(false);
    now += 1_000;
    expect(await acme()).toBe(true);
  });
});
