/**
 * `search` and `fetch` over hostile records: record text goes through the one sanitiser, which caps it before any
 * pattern reads it, and ranking reads a capped part of each record. The work is counted (the longest text any
 * regular expression was handed), never timed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { researchTools } from "../../worker/tools/research-tools";
import type { ToolCallContext } from "../../worker/tools/run-tool";
import type { ToolOutcome } from "../../worker/tools/tool-result";
import { longestPatternInput } from "../support/pattern-reads";

const PORTAL = "https://acme.freshservice.com";
const byName = new Map(bundledCatalog().map((t) => [t.name, t]));

function context(maxResultBytes?: number): ToolCallContext {
  return {
    findTool: (name) => byName.get(name),
    fitTool: async (tool) => tool,
    target: async () => ({ origin: PORTAL, apiKey: "k" }),
    maxResultBytes,
  };
}

/** Freshservice answers every request with this body. */
function answerWith(body: unknown) {
  vi.stubGlobal("fetch", async () => Response.json(body));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

async function read(outcome: ToolOutcome) {
  const result = (await new Response(outcome.result).json()) as { content: { text: string }[]; isError: boolean };
  expect(result.isError).toBe(false);
  return JSON.parse(result.content[0]?.text ?? "") as Record<string, unknown>;
}

const tool = (name: string) => {
  const { tools } = researchTools((n) => n.includes("asset") || n.includes("ticket"), PORTAL);
  const found = tools.find((t) => t.listing.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

/** No pattern may read more than a few thousand characters of one record, whatever the record holds. */
const MAX_PATTERN_INPUT = 20_000;
/** Markup that made the old tag pattern quadratic, or that a tag pattern might cross: 40,000 characters or more. */
const HOSTILE = [
  "<".repeat(40_000),
  `${"<".repeat(40_000)}>`,
  "<b".repeat(20_000),
  "<br".repeat(14_000),
  "<div".repeat(10_000),
  `<a href="x${"a".repeat(40_000)}`,
];

describe("search over hostile records", () => {
  it("ranks ten assets whose descriptions hold 10,000 to 40,000 `<` with every pattern reading a capped text", async () => {
    const assets = Array.from({ length: 10 }, (_, i) => ({
      display_id: i + 1,
      name: i === 7 ? "Spare laptop" : `Asset ${i + 1}`,
      description: i === 3 ? `${"<".repeat(40_000)} laptop` : HOSTILE[i % HOSTILE.length],
    }));
    answerWith({ assets });
    const { result, longest } = await longestPatternInput(() =>
      tool("search").run({ query: "laptop" }, context()).then(read),
    );
    const { results } = result as { results: { id: string; title: string; url: string }[] };
    expect(results[0]).toEqual({ id: "asset:8", title: "Spare laptop", url: `${PORTAL}/cmdb/items/8` });
    expect(longest).toBeLessThanOrEqual(MAX_PATTERN_INPUT);
  });

  it("titles reach the model clean and capped", async () => {
    answerWith({
      assets: [{ display_id: 1, name: `Lap\u202etop <b>x</b>${"y".repeat(10_000)}`, description: "laptop" }],
    });
    const { result } = await longestPatternInput(() => tool("search").run({ query: "laptop" }, context()).then(read));
    const [first] = (result as { results: { title: string }[] }).results;
    expect(first?.title).toMatch(/^Lap ?top x y+…$/);
    expect(Array.from(first?.title ?? "").length).toBeLessThanOrEqual(200);
  });
});

describe("fetch of a hostile record", () => {
  it.each(HOSTILE.map((text, i) => [i, text] as const))(
    "hostile description %i: every pattern reads a capped text",
    async (_, description) => {
      answerWith({ asset: { display_id: 5, name: "Printer", description } });
      // The smallest result cap leaves about 1 KiB of text: the record is cut long before a pattern reads it.
      const { result, longest } = await longestPatternInput(() =>
        tool("fetch").run({ id: "asset:5" }, context(4096)).then(read),
      );
      expect(longest).toBeLessThanOrEqual(MAX_PATTERN_INPUT);
      expect(result.id).toBe("asset:5");
      expect(String(result.text)).not.toMatch(/<[a-z/]/i);
    },
  );

  it("turns markup into the text a reader sees: no tag survives, not even one made by removing another", async () => {
    answerWith({
      ticket: {
        id: 9,
        subject: "VPN",
        description:
          "<p>First&nbsp;line</p><div>Second <b>bold</b> &lt;kept&gt; &amp;lt;</div><<b>script>alert(1)<</b>/script>" +
          "<p>Hidden\u202e\u200bchars</p><img src=x onerror=alert(1)<br>tail <a href='unclosed",
        conversations: [
          { body: "<p>Reply<br/>two</p><!-- note -->", incoming: true, created_at: "2026-01-01T00:00:00Z" },
          { body_text: "Note\u2066 text", private: true, created_at: "2026-01-02T00:00:00Z" },
        ],
      },
    });
    const doc = await read(await tool("fetch").run({ id: "ticket:9" }, context()));
    const text = String(doc.text);
    expect(text).toContain("First line\nSecond bold <kept> &lt;");
    expect(text).toContain("Hidden chars");
    expect(text).toContain("From the requester (2026-01-01T00:00:00Z):\nReply\ntwo");
    expect(text).toContain("Private note (2026-01-02T00:00:00Z):\nNote text");
    expect(text).not.toMatch(/<(script|b|img|a|!--)/i);
    expect(text).not.toMatch(/[\p{Cf}]/u);
  });
});
