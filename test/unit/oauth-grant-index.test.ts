/** The operator's grant index over KV: one entry per grant, listed through every page, oldest first. */
import { describe, expect, it } from "vitest";
import type { GrantSummary } from "../../worker/oauth/grant-types";
import { grantIndex } from "../../worker/store/oauth-grants";

/** A KV namespace in memory that lists in pages of three keys, as KV pages (by 1000) past its limit. */
function pagedKv() {
  const data = new Map<string, string>();
  const kv = {
    async put(key: string, value: string) {
      data.set(key, value);
    },
    async delete(key: string) {
      data.delete(key);
    },
    async get(key: string, type?: string) {
      const value = data.get(key);
      return value === undefined ? null : type === "json" ? JSON.parse(value) : value;
    },
    async list({ prefix, cursor }: { prefix: string; cursor?: string }) {
      const names = [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = cursor ? Number(cursor) : 0;
      const keys = names.slice(start, start + 3).map((name) => ({ name }));
      const done = start + 3 >= names.length;
      return { keys, list_complete: done, cursor: done ? undefined : String(start + 3) };
    },
  };
  return { kv: kv as unknown as KVNamespace, data };
}

const summary = (mcpId: string, n: number): GrantSummary => ({
  grant_id: `grant-${String(n).padStart(2, "0")}`,
  mcp_id: mcpId,
  agent_id: n,
  agent_email: `a${n}@acme.test`,
  agent_name: `A ${n}`,
  client_id: "client",
  client_name: "Client",
  client_kind: "registered",
  way: "api_key",
  scopes: ["freshservice:read"],
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 60 - n)).toISOString(),
  last_used_at: null,
});

describe("grant index", () => {
  it("lists every page of a server's grants, oldest first, and only that server's", async () => {
    const { kv } = pagedKv();
    const index = grantIndex(kv);
    for (let n = 1; n <= 10; n++) await index.put("acc", summary("mcp-a", n));
    await index.put("acc", summary("mcp-b", 11));
    await index.put("other", summary("mcp-a", 12));
    const listed = await index.list("acc", "mcp-a");
    expect(listed.map((g) => g.agent_id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await index.listAccount("acc")).map((g) => g.agent_id).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
  });

  it("puts under the documented key, reads one back, and removes it", async () => {
    const { kv, data } = pagedKv();
    const index = grantIndex(kv);
    const grant = summary("mcp-a", 1);
    await index.put("acc", grant);
    expect([...data.keys()]).toEqual(["oauth-grant:acc:mcp-a:grant-01"]);
    expect(await index.get("acc", "mcp-a", "grant-01")).toEqual(grant);
    await index.remove("acc", "mcp-a", "grant-01");
    expect(await index.get("acc", "mcp-a", "grant-01")).toBeNull();
    expect(await index.list("acc", "mcp-a")).toEqual([]);
  });
});
