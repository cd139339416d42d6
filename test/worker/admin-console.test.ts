/** The console's files: served with a strict CSP and no data; the live tool count comes from the admin API. */
import { describe, expect, it } from "vitest";
import { admin, call, createAccount } from "./helpers";

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
    const all = (await (await admin(`/integrated-account/${id}/tools`)).json()) as { count: number; total: number };
    expect(all.count).toBe(all.total);
    const tickets = (await (await admin(`/integrated-account/${id}/tools?methods=read&tags=tickets`)).json()) as {
      count: number;
      tags: string[];
    };
    expect(tickets.count).toBeGreaterThan(0);
    expect(tickets.count).toBeLessThan(all.count);
    expect(tickets.tags).toContain("tickets");
    expect((await call(`/integrated-account/${id}/tools`)).status).toBe(401);
  });
});
