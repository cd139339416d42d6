import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { nextPageUrl, paginate, readPaging } from "../../simulator/paginate";
import { createSimulator } from "../../simulator/simulator";

const NOW = Date.UTC(2025, 5, 16, 12, 0, 0);

function nextLink(header: string | null): string | null {
  const m = header ? /<([^>]+)>;\s*rel="next"/.exec(header) : null;
  return m ? (m[1] as string) : null;
}

describe("simulator: paging helpers", () => {
  it.each([
    [{}, { page: 1, perPage: 30 }],
    [
      { page: "3", per_page: "100" },
      { page: 3, perPage: 100 },
    ],
    [{ per_page: "1" }, { page: 1, perPage: 1 }],
  ])("reads %j", (q, expected) => {
    expect(readPaging(new URLSearchParams(q))).toEqual(expected);
  });

  it.each([
    [{ per_page: "101" }],
    [{ per_page: "0" }],
    [{ per_page: "ten" }],
    [{ page: "0" }],
    [{ page: "-1" }],
    [{ page: "1.5" }],
  ])("rejects %j with 400", (q) => {
    expect(() => readPaging(new URLSearchParams(q))).toThrow();
  });

  it("enforces a page cap and a fixed size when asked", () => {
    expect(readPaging(new URLSearchParams({ per_page: "100" }), { fixedPerPage: 30 })).toEqual({
      page: 1,
      perPage: 30,
    });
    expect(() => readPaging(new URLSearchParams({ page: "41" }), { maxPage: 40 })).toThrow();
  });

  it("links the next page only when there is one, keeping the other parameters", () => {
    const url = new URL("https://acme.freshservice.com/api/v2/tickets?filter=watching&per_page=2&page=1");
    expect(paginate([1, 2, 3], { page: 1, perPage: 2 }, url).headers.link).toBe(
      '<https://acme.freshservice.com/api/v2/tickets?filter=watching&per_page=2&page=2>; rel="next"',
    );
    expect(paginate([1, 2, 3], { page: 2, perPage: 2 }, url).headers).toEqual({});
    expect(paginate([1, 2], { page: 1, perPage: 2 }, url).headers).toEqual({});
    expect(nextPageUrl(new URL("http://h/api/v2/x"), 1)).toBe("http://h/api/v2/x?page=2");
  });
});

describe("simulator: paging over HTTP", () => {
  const sim = createSimulator({ now: () => NOW });
  const api = simulatorClient(sim.handle, "http://127.0.0.1:9999");

  it("walks every requester by following link headers from the request's own origin", async () => {
    const seen: number[] = [];
    let res = await api.get("/requesters", { per_page: 7 });
    let pages = 1;
    for (;;) {
      expect(res.status).toBe(200);
      seen.push(...res.body.requesters.map((r: { id: number }) => r.id));
      const next = nextLink(res.headers.get("link"));
      if (!next) break;
      expect(next.startsWith("http://127.0.0.1:9999/api/v2/requesters?")).toBe(true);
      expect(new URL(next).searchParams.get("per_page")).toBe("7");
      res = await api.request("GET", next.replace("http://127.0.0.1:9999", ""));
      pages += 1;
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
  });

  it.each([["101"], ["0"], ["abc"]])("per_page=%s is a 400", async (perPage) => {
    const res = await api.get("/tickets", { per_page: perPage });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("per_page");
  });

  it("filter endpoints return 30 a page and ignore per_page", async () => {
    const res = await api.get("/tickets/filter", { query: '"priority:>1"', per_page: 5 });
    expect(res.body.tickets.length).toBeLessThanOrEqual(30);
    expect(res.body.total).toBeGreaterThan(res.body.tickets.length > 0 ? 0 : -1);
    const assets = await api.get("/assets", { filter: '"workspace_id:2"', per_page: 5 });
    expect(assets.body.assets).toHaveLength(30);
    expect(nextLink(assets.headers.get("link"))).toContain("page=2");
  });

  it.each([
    ["/requesters", "query", `"first_name:'John'"`],
    ["/agents", "query", `"first_name:'Alex'"`],
    ["/assets", "filter", `"asset_state:'In Use'"`],
  ])("%s with %s stops at page 40", async (path, param, value) => {
    expect((await api.get(path, { [param]: value, page: 40 })).status).toBe(200);
    const over = await api.get(path, { [param]: value, page: 41 });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].field).toBe("page");
  });
});
