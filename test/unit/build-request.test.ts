import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { ArgumentError, buildUpstreamRequest } from "../../worker/upstream/build-request";
import { quoteFilterQuery } from "../../worker/upstream/filter-query";
import { decodeCursor, encodeCursor, nextPageFromLink } from "../../worker/upstream/page-cursor";
import { fixtureFile } from "./fixtures";

const tools = new Map(buildCatalog([fixtureFile]).map((t) => [t.name, t]));
const build = (name: string, args: Record<string, unknown>) => {
  const tool = tools.get(name);
  if (!tool) throw new Error(name);
  return buildUpstreamRequest(tool, args);
};

describe("filter queries", () => {
  it.each([
    ["status:2 AND priority:>3", '"status:2 AND priority:>3"'],
    ['  "status:2"  ', '"status:2"'],
    ["name:'IN STOCK'", "\"name:'IN STOCK'\""],
  ])("%s → %s", (input, expected) => {
    expect(quoteFilterQuery(input)).toBe(expected);
  });

  it("routes the ticket list to /tickets/filter with the query quoted and URL-encoded", () => {
    const request = build("list_all_freshservice_tickets", { query: "status:2 AND priority:>3" });
    expect(request).toEqual({
      method: "GET",
      pathAndQuery: "/api/v2/tickets/filter?query=%22status%3A2%20AND%20priority%3A%3E3%22",
      body: undefined,
      page: 1,
      fixedPageSize: true,
      perPage: 30,
    });
  });

  it("sends limit with a changes query, whose page size is per_page (1 to 100), not a fixed 30", () => {
    const changes = bundledCatalog().find((t) => t.name === "list_all_freshservice_changes");
    if (!changes) throw new Error("no list_all_freshservice_changes");
    const request = buildUpstreamRequest(changes, { query: "status:1", limit: 50 });
    expect(request.pathAndQuery).toBe("/api/v2/changes?query=%22status%3A1%22&per_page=50");
    expect(request).toMatchObject({ fixedPageSize: false, perPage: 50 });
  });

  it("refuses a query over Freshservice's 512 characters", () => {
    expect(() => build("list_all_freshservice_tickets", { query: `status:${"2".repeat(600)}` })).toThrow(ArgumentError);
  });
});

describe("job ids", () => {
  const job = bundledCatalog().find((t) => t.name === "get_single_freshservice_relationship_job_by_id");
  it("puts a UUID job id in the path and refuses anything else", () => {
    if (!job) throw new Error("no job tool");
    const id = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b";
    expect(buildUpstreamRequest(job, { job_id: id }).pathAndQuery).toBe(`/api/v2/jobs/${id}`);
    for (const hostile of ["../tickets", `${id}/../x`, "1", 1, `${id}?x=1`])
      expect(() => buildUpstreamRequest(job, { job_id: hostile })).toThrow(ArgumentError);
  });
});

describe("paging", () => {
  it("maps limit to per_page and a cursor to page", () => {
    expect(build("list_all_freshservice_tickets", { limit: 5, next_cursor: encodeCursor(3) }).pathAndQuery).toBe(
      "/api/v2/tickets?page=3&per_page=5",
    );
  });
  it("sends no per_page to a filter endpoint", () => {
    expect(build("list_all_freshservice_tickets", { query: "status:2", limit: 5 }).pathAndQuery).not.toContain(
      "per_page",
    );
  });
  it("knows the last page a requester, agent or asset search can reach, and refuses a cursor past it", () => {
    const catalog = new Map(bundledCatalog().map((t) => [t.name, t]));
    const search = (name: string, args: Record<string, unknown>) => {
      const tool = catalog.get(name);
      if (!tool) throw new Error(name);
      return buildUpstreamRequest(tool, args);
    };
    for (const [name, arg] of [
      ["list_all_freshservice_requesters", "query"],
      ["list_all_freshservice_agents", "query"],
      ["list_all_freshservice_assets", "filter"],
      ["list_all_freshservice_assets", "search"],
    ] as const) {
      expect(search(name, { [arg]: "name:'a'", next_cursor: encodeCursor(40) })).toMatchObject({
        page: 40,
        lastPage: 40,
      });
      expect(() => search(name, { [arg]: "name:'a'", next_cursor: encodeCursor(41) })).toThrow(/at most 40 pages/);
      // A plain list has no such cap.
      expect(search(name, { next_cursor: encodeCursor(41) })).toMatchObject({ page: 41, lastPage: undefined });
    }
  });
  it("takes a custom-object next_page_link whole or as its token, and sends the token", () => {
    const tool = bundledCatalog().find((t) => t.name === "list_all_freshservice_custom_object_records");
    if (!tool) throw new Error("no custom-object records list");
    const link = "https://acme.freshservice.com/api/v2/objects/7/records?page_size=2&next_page_link=Mg";
    for (const next_page_link of [link, "Mg"])
      expect(buildUpstreamRequest(tool, { custom_object_id: 7, next_page_link }).pathAndQuery).toBe(
        "/api/v2/objects/7/records?next_page_link=Mg",
      );
  });

  it.each(["", "garbage", encodeCursor(3).slice(0, -2), Buffer.from('{"v":1,"page":-1}').toString("base64url")])(
    "refuses a forged cursor %j",
    (cursor) => {
      expect(decodeCursor(cursor)).toBeNull();
    },
  );
  it.each([
    ['<https://acme.freshservice.com/api/v2/tickets?page=2&per_page=30>; rel="next"', 2],
    [
      '<https://a.freshservice.com/api/v2/tickets?page=1>; rel="prev", <https://a.freshservice.com/api/v2/tickets?page=3>; rel=next',
      3,
    ],
    ['<https://a.freshservice.com/x?page=2>; rel="prev"', null],
    ["nonsense", null],
    [null, null],
  ])("link %j → next page %j", (link, page) => {
    expect(nextPageFromLink(link)).toBe(page);
  });
});

describe("hostile ids never reach the URL", () => {
  it.each(["../agents", "1?x=", "-1", 0, 1.5, 2 ** 60, "1", null, { id: 1 }])("id %j is refused", (id) => {
    expect(() => build("get_single_freshservice_ticket_by_id", { id })).toThrow(ArgumentError);
  });
  it("encodes a valid id", () => {
    expect(build("get_single_freshservice_ticket_by_id", { id: 42 }).pathAndQuery).toBe("/api/v2/tickets/42");
  });
});

describe("bodies", () => {
  it("sends only declared fields, wrapped where the endpoint wants it", () => {
    const request = build("create_a_freshservice_ticket_time_entry", {
      ticket_id: 7,
      agent_id: 3,
      time_spent: "01:00",
      sneaky: 1,
    });
    expect(request.pathAndQuery).toBe("/api/v2/tickets/7/time_entries");
    expect(JSON.parse(request.body ?? "")).toEqual({ time_entry: { agent_id: 3, time_spent: "01:00" } });
  });
  it("sends no body to an endpoint without body fields", () => {
    expect(build("restore_a_freshservice_ticket_by_id", { id: 1 }).body).toBeUndefined();
  });
});
