import { describe, expect, it } from "vitest";
import { admin, createAccount, mint, rpc, rpcResult, simulatorRequests } from "./helpers";

type ToolResult = { content: { text: string }[]; isError: boolean };

describe("per-URL budgets", () => {
  it("refuses calls past max_requests_per_minute before they reach Freshservice", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { methods: ["read"], max_requests_per_minute: 3 } });
    const other = (await mint(id, { config: { methods: ["read"] } })).url;
    const call = () =>
      rpcResult<ToolResult>(url, "tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 1 } });
    for (let i = 0; i < 3; i++) expect((await call()).result?.isError).toBe(false);

    const before = (await simulatorRequests()).length;
    const response = await rpc(url, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    const { result } = (await response.json()) as { result: ToolResult };
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/budget of 3 Freshservice calls per minute is used up/);
    expect(result.content[0]?.text).toMatch(/NOT performed/);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await simulatorRequests()).length).toBe(before);

    // Invalid calls are refused before the budget is asked, and other URLs of the account are unaffected.
    const invalid = await rpcResult<ToolResult>(url, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: -1 },
    });
    expect(invalid.result?.content[0]?.text).toMatch(/Invalid arguments/);
    const unaffected = await rpcResult<ToolResult>(other, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(unaffected.result?.isError).toBe(false);
  });

  it.each([0, -1, 1.5, "10", 100_000])("refuses max_requests_per_minute %j", async (value) => {
    const { id } = await createAccount();
    const response = await admin(`/integrated-account/${id}/mcp`, {
      name: "x",
      config: { max_requests_per_minute: value },
    });
    expect(response.status).toBe(400);
  });
});
