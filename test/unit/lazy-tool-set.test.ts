/**
 * A request builds only the tools it needs: an initialize or a ping reads none of the URL's tools, and a tools/call
 * finds its tool (and search/fetch) by name without the URL's whole list being built.
 */
import { describe, expect, it, vi } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import type { FieldCache } from "../../worker/store/field-cache";
import type { McpServerRecord } from "../../worker/store/mcp-servers";
import type { AccountScope } from "../../worker/tools/account-tools";
import { accountTools } from "../../worker/tools/account-tools";

const noCache: FieldCache = {
  get: async () => null,
  put: async () => {},
  dropAccount: async () => 0,
};
const target = async () => ({ origin: "https://acme.freshservice.com", apiKey: "k" });

/** A resolved URL whose whole tool list fails the test when anything reads it. */
function resolvedWithoutList(): AccountScope {
  const byName = new Map(bundledCatalog().map((t) => [t.name, t]));
  return {
    server: { id: "s", account_id: "acct", config: {} } as McpServerRecord,
    target,
    portal: "https://acme.freshservice.com",
    get tools(): never {
      throw new Error("the URL's whole tool list was built");
    },
    toolsByName: byName,
  };
}

describe("a URL's tools, built as requests need them", () => {
  it("are not read when a request lists and calls nothing", () => {
    expect(() => accountTools(resolvedWithoutList(), { cache: noCache, target, waitUntil: vi.fn() })).not.toThrow();
  });

  it("are found by name for a call, bundled or the Worker's own, without the whole list", () => {
    const tools = accountTools(resolvedWithoutList(), { cache: noCache, target, waitUntil: vi.fn() });
    expect(tools.find("get_single_freshservice_ticket_by_id")?.name).toBe("get_single_freshservice_ticket_by_id");
    expect(tools.findLocal("search")?.listing.name).toBe("search");
    expect(tools.find("no_such_tool")).toBeUndefined();
  });
});
