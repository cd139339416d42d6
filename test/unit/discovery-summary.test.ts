/** search_tools' one-line summaries: a tool's first sentence, whole, not cut at an abbreviation or inside parentheses. */
import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { summary } from "../../worker/tools/discovery-tools";

describe("discovery summaries", () => {
  it("keep a sentence with e.g. in parentheses whole", () => {
    const update = bundledCatalog().find((t) => t.name === "update_a_freshservice_ticket_by_id");
    expect(update && summary(update)).toBe(
      "Update a ticket: send only the fields to change (e.g. status 4 to resolve, responder_id to assign, priority, custom_fields).",
    );
  });

  it.each([
    ["One. Two.", "One."],
    ["Use a filter (i.e. a query). Then page.", "Use a filter (i.e. a query)."],
    ["Lists vendors, contracts etc. for the account. More.", "Lists vendors, contracts etc. for the account."],
    ["Version 2.5 is read here. More.", "Version 2.5 is read here."],
    ["No full stop at all", "No full stop at all"],
  ])("%j → %j", (description, expected) => {
    expect(summary({ description, title: "t" })).toBe(expected);
  });

  it("never end inside parentheses or on an abbreviation, for any bundled tool", () => {
    const broken = bundledCatalog()
      .map((tool) => [tool.name, summary(tool)] as const)
      .filter(([, text]) => !text.endsWith("…"))
      .filter(
        ([, text]) =>
          /\b(e\.g|i\.e)\.$/.test(text) || (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0),
      );
    expect(broken).toEqual([]);
  });
});
