/** The console's files: served with a strict CSP and no data; the live tool count comes from the admin API. */
import { describe, expect, it } from "vitest";
import { admin, call, createAccount, mint, rpcResult } from "./helpers";

describe("/admin", () => {
  it.each([
    ["/admin", "text/html"],
    ["/admin/app.js", "text/javascript"],
    ["/admin/app.css", "text/css"],
    ["/admin/icon.svg", "image/svg+xml"],
  ])("%s is served as %s with a strict Content-Security-Policy", async (path, type) => {
    const response = await call(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(type);
    const csp = response.headers.get("content-security-policy") ?? "";
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toContain("unsafe");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(await response.text()).not.toMatch(/test-admin-token|<script>|style=/);
  });

  it("unknown files 404 and writes 405; the page carries no token", async () => {
    expect((await call("/admin/secrets.json")).status).toBe(404);
    expect((await call("/admin", { method: "POST" })).status).toBe(405);
  });

  it("the live tool count: the same filters as minting, behind the admin token", async () => {
    const { id } = await createAccount();
    const all = (await (await admin(`/integrated-account/${id}/tools`)).json()) as Preview;
    expect(all.reachable).toBe(all.total);
    expect(all.count).toBe(all.total + 4); // search, fetch, freshservice_count_records and the attachment reader
    expect(all.cut_by.map((c) => c.client)).toEqual([
      "Cursor",
      "VS Code (Copilot)",
      "OpenAI-based clients",
      "Claude Cowork",
    ]);
    const tickets = (await (
      await admin(`/integrated-account/${id}/tools?methods=read&tags=tickets`)
    ).json()) as Preview;
    expect(tickets.reachable).toBeGreaterThan(0);
    expect(tickets.reachable).toBeLessThan(all.reachable);
    expect(tickets.tags).toContain("tickets");
    expect((await admin(`/integrated-account/${id}/tools?tool_exposure=some`)).status).toBe(400);
    expect((await call(`/integrated-account/${id}/tools`)).status).toBe(401);
  });

  // The console shows the preview's count: it must be the length of the list a client really gets.
  it.each<Record<string, unknown>>([
    {},
    { methods: ["read"], tags: ["tickets"] },
    { methods: ["read"], tags: ["solutions", "assets"] },
    { methods: ["write"], tags: ["tickets"] },
    { methods: ["search"] },
    { methods: ["custom"], tags: ["onboarding"] },
    { tool_exposure: "discovery" },
    { methods: ["read"], tags: ["changes"], tool_exposure: "discovery" },
  ])("the count for %j is what tools/list lists", async (config) => {
    const { id } = await createAccount();
    const list = (key: string) => ((config[key] as string[] | undefined) ?? []).join(",");
    const query = `?methods=${list("methods")}&tags=${list("tags")}&tool_exposure=${config.tool_exposure ?? "all"}`;
    const preview = (await (await admin(`/integrated-account/${id}/tools${query}`)).json()) as Preview;
    const { url } = await mint(id, { config });
    const listed = await rpcResult<{ tools: unknown[] }>(url, "tools/list");
    expect(listed.result?.tools).toHaveLength(preview.count);
  });
});

type Preview = {
  count: number;
  reachable: number;
  total: number;
  tags: string[];
  cut_by: { client: string; max_tools: number }[];
};
