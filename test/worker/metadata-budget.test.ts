/**
 * Field-metadata reads can't drain the tenant's rate limit around a URL's budget: reads a caller steers count
 * against the URL's `max_requests_per_minute`, and failed reads are remembered for a short back-off. Bounds are
 * asserted against the simulator's request log.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import {
  clearFaults,
  createAccount,
  injectFault,
  mint,
  rpcResult,
  SIMULATOR_ORIGIN,
  settled,
  simulatorRequests,
} from "./helpers";

type ToolResult = { content: { text: string }[]; isError: boolean };

afterEach(async () => {
  await clearFaults();
});

const TICKET = {
  subject: "Printer jams",
  description: "Every second page.",
  email: "jane@acme.example",
  status: 2,
  priority: 2,
};

describe("metadata reads and the URL's budget", () => {
  it("31 creates naming 31 workspaces on a URL allowed 1 call a minute reach Freshservice at most once a minute", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { tags: ["tickets"], max_requests_per_minute: 1 } });
    const before = (await simulatorRequests()).length;
    const answers: ToolResult[] = [];
    for (let i = 0; i < 31; i++) {
      const { result } = await rpcResult<ToolResult>(url, "tools/call", {
        name: "create_a_freshservice_ticket",
        arguments: { ...TICKET, workspace_id: 900_001 + i },
      });
      if (result) answers.push(result);
    }
    await settled();
    const sent = (await simulatorRequests()).slice(before);
    // One call a minute; the 31 calls may straddle one minute boundary, so two at most.
    expect(sent.length).toBeLessThanOrEqual(2);
    const refused = answers.filter((a) =>
      /budget of 1 Freshservice calls per minute is used up/.test(a.content[0]?.text ?? ""),
    );
    expect(refused).toHaveLength(31 - sent.filter((r) => r.method === "POST").length);
    const cached = await env.STORE.list({ prefix: `fields:${id}:` });
    expect(cached.keys.length).toBeLessThanOrEqual(2);
  });

  it("a workspace that doesn't exist is kept as such briefly, not for a day", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { tags: ["tickets"] } });
    await injectFault({ kind: "status", status: 404, body: "{}", match: { pathPrefix: "/ticket_form_fields" } });
    const before = (await simulatorRequests()).length;
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(
        await rpcResult<ToolResult>(url, "tools/call", {
          name: "create_a_freshservice_ticket",
          arguments: { ...TICKET, workspace_id: 900_001 },
        }),
      );
    await settled();
    const reads = (await simulatorRequests())
      .slice(before)
      .filter((r) => r.path === "/api/v2/ticket_form_fields" && r.search.includes("workspace_id=900001"));
    expect(reads).toHaveLength(1);
    const [entry] = (await env.STORE.list({ prefix: `fields:${id}:900001:` })).keys;
    expect(entry?.expiration).toBeDefined();
    expect((entry?.expiration ?? 0) - Date.now() / 1000).toBeLessThanOrEqual(10 * 60 + 5);
  });
});

describe("failed metadata reads", () => {
  it("10 tools/list with one asset type's fields failing read them once, not ten times", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { tags: ["assets"], max_requests_per_minute: 1 } });
    const types = (await (
      await fetch(`${SIMULATOR_ORIGIN}/api/v2/asset_types?per_page=100`, {
        headers: { authorization: `Basic ${btoa("sim-api-key:X")}` },
      })
    ).json()) as { asset_types: { id: number }[] };
    const failing = types.asset_types[0]?.id;
    expect(failing).toBeDefined();
    await injectFault({
      kind: "status",
      status: 500,
      times: 1000,
      match: { pathPrefix: `/asset_types/${failing}/fields` },
    });
    const before = (await simulatorRequests()).length;
    const lists = [];
    for (let i = 0; i < 10; i++) lists.push(await rpcResult<{ tools: { description: string }[] }>(url, "tools/list"));
    await settled();
    const sent = (await simulatorRequests()).slice(before);
    // The first list reads every form once (the asset types and each type's fields); the next nine read nothing.
    const firstRound =
      1 + Math.min(types.asset_types.length, 50) + sent.filter((r) => !r.path.startsWith("/api/v2/asset_types")).length;
    expect(sent.length).toBeLessThanOrEqual(firstRound);
    expect(sent.filter((r) => r.path === `/api/v2/asset_types/${failing}/fields`)).toHaveLength(1);
    // Every list still answers, and says the asset fields could not be loaded.
    for (const list of lists)
      expect(list.result?.tools.some((t) => /asset fields could not be loaded/.test(t.description))).toBe(true);
  });
});
