/**
 * A strict-mode client's call, through the Worker in workerd to the simulator: every optional argument it leaves out
 * arrives as null and is not sent; a null the API documents as "clear this field" is sent as null; a required
 * argument sent as null is refused before Freshservice is called.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clearFaults, createAccount, mint, rpcResult, simulatorRequests } from "./helpers";

type ToolResult = { content: { type: string; text: string }[]; isError: boolean };

afterEach(async () => {
  await clearFaults();
});

async function serverUrl(config: Record<string, unknown> = {}) {
  const { id } = await createAccount();
  return (await mint(id, { config })).url;
}

async function call(url: string, name: string, args: Record<string, unknown>) {
  const { result } = await rpcResult<ToolResult>(url, "tools/call", { name, arguments: args });
  if (!result) throw new Error(`tools/call ${name} answered no result`);
  return { ...result, json: () => JSON.parse(result.content[0]?.text ?? "null") };
}

/** Every argument the tool lists, as null: what a strict-mode client sends for those it leaves out. */
async function allNull(url: string, name: string): Promise<Record<string, null>> {
  const { result } = await rpcResult<{ tools: { name: string; inputSchema: { properties: object } }[] }>(
    url,
    "tools/list",
  );
  const tool = result?.tools.find((t) => t.name === name);
  if (!tool) throw new Error(`${name} is not listed`);
  return Object.fromEntries(Object.keys(tool.inputSchema.properties).map((key) => [key, null]));
}

describe("null arguments from strict-mode clients", () => {
  it("a call with every optional argument null reaches Freshservice without them", async () => {
    const url = await serverUrl();
    const nulls = await allNull(url, "update_a_freshservice_ticket_by_id");
    expect(Object.keys(nulls).length).toBeGreaterThan(20);
    const updated = await call(url, "update_a_freshservice_ticket_by_id", { ...nulls, id: 2, priority: 3 });
    expect(updated.isError, updated.content[0]?.text).toBe(false);
    const sent = (await simulatorRequests()).at(-1);
    expect(sent).toMatchObject({ method: "PUT", path: "/api/v2/tickets/2", body: { priority: 3 } });
    expect(Object.keys(sent?.body as object)).toEqual(["priority"]);

    const listed = await call(
      url,
      "list_all_freshservice_tickets",
      await allNull(url, "list_all_freshservice_tickets"),
    );
    expect(listed.isError, listed.content[0]?.text).toBe(false);
    expect((await simulatorRequests()).at(-1)).toMatchObject({ method: "GET", path: "/api/v2/tickets", search: "" });
  });

  it("a null the API documents as clearing the field is sent as null, and clears it", async () => {
    const url = await serverUrl();
    const { groups } = (await call(url, "list_all_freshservice_agent_groups", {})).json() as {
      groups: { escalate_to: number | null }[];
    };
    const escalateTo = groups.find((g) => g.escalate_to !== null)?.escalate_to;
    expect(escalateTo).toEqual(expect.any(Number));
    const created = await call(url, "create_a_freshservice_agent_group", {
      ...(await allNull(url, "create_a_freshservice_agent_group")),
      name: `Null clears ${Date.now()}`,
      escalate_to: escalateTo,
    });
    const { group } = created.json() as { group: { id: number; escalate_to: number | null } };
    expect(group.escalate_to).toBe(escalateTo);

    const cleared = await call(url, "update_a_freshservice_agent_group_by_id", {
      ...(await allNull(url, "update_a_freshservice_agent_group_by_id")),
      id: group.id,
    });
    expect(cleared.isError, cleared.content[0]?.text).toBe(false);
    expect((await simulatorRequests()).at(-1)).toMatchObject({
      method: "PUT",
      path: `/api/v2/groups/${group.id}`,
      body: { escalate_to: null },
    });
    expect(cleared.json()).toMatchObject({ group: { id: group.id, escalate_to: null } });
  });

  it("an asset is unassigned with null, as the API documents, and a null it does not document is left out", async () => {
    const url = await serverUrl();
    const { assets } = (await call(url, "list_all_freshservice_assets", {})).json() as {
      assets: { display_id: number; user_id: number | null; agent_id: number | null }[];
    };
    const used = assets.find((a) => a.user_id !== null);
    expect(used).toBeDefined();
    const displayId = used?.display_id;
    const cleared = await call(url, "update_a_freshservice_asset_by_id", {
      display_id: displayId,
      user_id: null,
      agent_id: null,
      description: null,
    });
    expect(cleared.isError, cleared.content[0]?.text).toBe(false);
    const sent = (await simulatorRequests()).at(-1);
    expect(sent).toMatchObject({ method: "PUT", path: `/api/v2/assets/${displayId}` });
    expect(sent?.body).toEqual({ user_id: null, agent_id: null });
    expect(cleared.json()).toMatchObject({ asset: { display_id: displayId, user_id: null, agent_id: null } });
  });

  it("a required argument sent as null is refused by name, and Freshservice is not called", async () => {
    const url = await serverUrl();
    const before = (await simulatorRequests()).length;
    const refused = await call(url, "get_single_freshservice_ticket_by_id", { id: null, include: null });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toContain("id: required (null counts as leaving it out)");
    expect((await simulatorRequests()).length).toBe(before);
  });
});
