/** The generated list of tools Freshworks gives no OAuth scope for: current with the catalog and the reference. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  REGENERATE_SCOPES,
  renderScopelessModule,
  SCOPELESS_MODULE,
  scopelessTools,
} from "../../scripts/build-freshworks-scopes";
import { loadReference, type Reference } from "../../scripts/reference/reference-format";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { FRESHWORKS_SCOPELESS_TOOLS } from "../../worker/catalog/freshworks-scopeless.generated";

describe("the Freshworks-scopeless tools", () => {
  it(`are current (else run ${REGENERATE_SCOPES})`, () => {
    expect(readFileSync(SCOPELESS_MODULE, "utf8")).toBe(renderScopelessModule());
  });

  it("name real tools: the ones documented without a scope, and not the ones with one", () => {
    const names = new Set(bundledCatalog().map((t) => t.name));
    for (const name of FRESHWORKS_SCOPELESS_TOOLS) expect(names.has(name)).toBe(true);
    expect(FRESHWORKS_SCOPELESS_TOOLS).toContain("list_all_freshservice_cabs");
    expect(FRESHWORKS_SCOPELESS_TOOLS).not.toContain("list_all_freshservice_tickets");
    expect(FRESHWORKS_SCOPELESS_TOOLS).not.toContain("get_single_freshservice_ticket_by_id");
  });

  it("a tool is scopeless when one of its operations lists no scope, or none is documented", () => {
    const reference = loadReference();
    const tickets = bundledCatalog().filter((t) => t.name === "list_all_freshservice_tickets");
    const withoutScopes: Reference = {
      ...reference,
      operations: reference.operations.map((op) => ({ ...op, oauth_scopes: [] })),
    };
    const undocumented: Reference = { ...reference, operations: [] };
    expect(scopelessTools(tickets, reference)).toEqual([]);
    expect(scopelessTools(tickets, withoutScopes)).toEqual(["list_all_freshservice_tickets"]);
    expect(scopelessTools(tickets, undocumented)).toEqual(["list_all_freshservice_tickets"]);
  });
});
