import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeCursor } from "../../worker/upstream/page-cursor";
import {
  ADMIN_TOKEN,
  clearFaults,
  createAccount,
  dispatch,
  injectFault,
  mint,
  rpc,
  rpcResult,
  simulatorControl,
  simulatorRequests,
} from "./helpers";

type ToolResult = { content: { type: string; text: string }[]; isError: boolean; _meta?: Record<string, unknown> };
type Page = { tickets: { id: number }[] };

afterEach(async () => {
  await clearFaults();
});

async function serverUrl(config: Record<string, unknown> = {}) {
  const { id } = await createAccount();
  return (await mint(id, { config })).url;
}

describe("tools/call answers", () => {
  it("streams the result as one JSON text item, with Freshservice's rate-limit state in the headers, not _meta", async () => {
    const url = await serverUrl();
    const response = await rpc(url, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(Number(response.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
    expect(response.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
    expect(response.headers.get("ratelimit-reset")).toBeNull();
    expect(response.headers.get("ratelimit")).toMatch(/^"freshservice";r=\d+$/);
    const body = (await response.json()) as { result: ToolResult };
    expect(body.result.isError).toBe(false);
    expect(body.result.content).toHaveLength(1);
    expect(JSON.parse(body.result.content[0]?.text ?? "")).toMatchObject({ ticket: { id: 1 } });
    // Plenty of calls are left: nothing a client must act on, so no _meta (the headers carry the figures).
    expect(body.result).not.toHaveProperty("_meta");
  });

  it("answers as one SSE event when the client ranks SSE first", async () => {
    const url = await serverUrl();
    const response = await rpc(
      url,
      "tools/call",
      { name: "get_single_freshservice_ticket_by_id", arguments: { id: 1 } },
      { accept: "text/event-stream, application/json;q=0.5" },
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    const text = await response.text();
    const data = /^event: message\ndata: (.*)\n\n$/s.exec(text)?.[1];
    expect(JSON.parse(data ?? "")).toMatchObject({ jsonrpc: "2.0", result: { isError: false } });
  });

  it("lists every argument problem and does not call Freshservice", async () => {
    const url = await serverUrl();
    const call = await rpcResult<ToolResult>(url, "tools/call", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: "7", status: 0, priority: "high", nonsense: true },
    });
    const text = call.result?.content[0]?.text ?? "";
    expect(call.result?.isError).toBe(true);
    for (const field of ["id", "status", "priority", "nonsense"]) expect(text).toContain(field);
  });

  it("arguments that are not an object (null included) are invalid params, as in the SDK lane", async () => {
    const url = await serverUrl();
    for (const args of [null, [], "id=1", 7]) {
      const call = await rpcResult(url, "tools/call", {
        name: "get_single_freshservice_ticket_by_id",
        arguments: args,
      });
      expect(call.error, JSON.stringify(args)).toMatchObject({
        code: -32602,
        message: expect.stringContaining("arguments"),
      });
    }
  });

  it("an unknown tool is a JSON-RPC error", async () => {
    const url = await serverUrl();
    const call = await rpcResult(url, "tools/call", { name: "drop_all_tables", arguments: {} });
    expect(call.error).toMatchObject({ code: -32602, message: expect.stringContaining("drop_all_tables") });
  });
});

describe("upstream failures", () => {
  it("a 429 says how long to wait and that nothing was done, and passes Retry-After on", async () => {
    const url = await serverUrl();
    await injectFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "42", "x-ratelimit-total": "400", "x-ratelimit-remaining": "0" },
      body: "{}",
    });
    const response = await rpc(url, "tools/call", { name: "list_all_freshservice_tickets", arguments: {} });
    expect(response.headers.get("ratelimit-reset")).toBe("42");
    expect(response.headers.get("retry-after")).toBe("42");
    expect(response.headers.get("ratelimit-remaining")).toBe("0");
    const { result } = (await response.json()) as { result: ToolResult };
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/42 seconds/);
    expect(result.content[0]?.text).toMatch(/NOT performed/);
    expect(result._meta).toMatchObject({ http_status: 429, ratelimit: { retryAfterSeconds: 42 } });
  });

  it("never retries a 429 or a 5xx", async () => {
    const url = await serverUrl();
    for (const status of [429, 503]) {
      await simulatorControl("requests", { method: "DELETE" });
      await injectFault({ kind: "status", status, body: "{}" });
      await rpc(url, "tools/call", { name: "update_a_freshservice_ticket_by_id", arguments: { id: 1, status: 3 } });
      const received = (await (await simulatorControl("requests")).json()) as { path: string }[];
      expect(received.filter((r) => r.path === "/api/v2/tickets/1")).toHaveLength(1);
    }
  });

  it.each([
    [500, /server error \(500\).*outcome is unknown/s],
    [401, /refused the stored API key/],
    [403, /not allowed/],
    [404, /Not found/],
  ])("upstream %i becomes an actionable tool error without the upstream text", async (status, message) => {
    const url = await serverUrl();
    await injectFault({ kind: "status", status, body: '{"message":"Traceback at db-01.internal: secret detail"}' });
    const call = await rpcResult<ToolResult>(url, "tools/call", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: 1, status: 3 },
    });
    expect(call.result?.isError).toBe(true);
    expect(call.result?.content[0]?.text).toMatch(message);
    expect(JSON.stringify(call)).not.toContain("db-01");
  });

  it("a 400 lists Freshservice's field errors", async () => {
    const url = await serverUrl();
    await injectFault({
      kind: "status",
      status: 400,
      body: JSON.stringify({
        description: "Validation failed",
        errors: [
          { field: "department_id", message: "It should be a/an Positive Integer", code: "invalid_value" },
          { field: "custom_fields.cf_site", message: "It should be one of the choice value.", code: "invalid_value" },
        ],
      }),
    });
    const call = await rpcResult<ToolResult>(url, "tools/call", {
      name: "update_a_freshservice_ticket_by_id",
      arguments: { id: 1, status: 3 },
    });
    const text = call.result?.content[0]?.text ?? "";
    expect(call.result?.isError).toBe(true);
    expect(text).toContain("- department_id: It should be a/an Positive Integer (invalid_value)");
    expect(text).toContain("- custom_fields.cf_site: It should be one of the choice value. (invalid_value)");
    expect(text).toMatch(/Nothing was changed/);
  });
});

describe("result size and paging limits", () => {
  it("a URL's own max_result_bytes cuts a list page, and says to ask again with a smaller limit", async () => {
    const url = await serverUrl({ max_result_bytes: 4096 });
    const call = await rpcResult<ToolResult>(url, "tools/call", {
      name: "list_all_freshservice_tickets",
      arguments: { limit: 100 },
    });
    const doc = JSON.parse(call.result?.content[0]?.text ?? "") as Page & { truncated?: boolean; notice?: string };
    expect(doc.truncated).toBe(true);
    expect(doc.notice).toMatch(/^Result cut off at 4096 bytes, part-way through this page: .*smaller limit/);
    // Whole records only, the first ones of the page, within the cap.
    const whole = await rpcResult<ToolResult>(await serverUrl(), "tools/call", {
      name: "list_all_freshservice_tickets",
      arguments: { limit: 100 },
    });
    const page = (JSON.parse(whole.result?.content[0]?.text ?? "") as Page).tickets;
    expect(doc.tickets.length).toBeGreaterThan(0);
    expect(doc.tickets).toEqual(page.slice(0, doc.tickets.length));
    expect(new TextEncoder().encode(JSON.stringify(doc.tickets)).byteLength).toBeLessThan(4096);
  });

  it("without it, the default cap leaves the same page whole", async () => {
    const url = await serverUrl();
    const call = await rpcResult<ToolResult>(url, "tools/call", {
      name: "list_all_freshservice_tickets",
      arguments: { limit: 100 },
    });
    const doc = JSON.parse(call.result?.content[0]?.text ?? "");
    expect(doc).toMatchObject({ tickets: expect.any(Array) });
    expect(doc.truncated).toBeUndefined();
  });

  it("a ticket filter without a Link header pages by its total: every match, then no cursor", async () => {
    const url = await serverUrl();
    const seen = new Set<number>();
    let total = 0;
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await rpcResult<ToolResult>(url, "tools/call", {
        name: "list_all_freshservice_tickets",
        arguments: { query: "priority:>1 OR priority:1", ...(cursor ? { next_cursor: cursor } : {}) },
      });
      const body = JSON.parse(page.result?.content[0]?.text ?? "") as Page & { total: number; next_cursor?: string };
      total = body.total;
      for (const t of body.tickets) seen.add(t.id);
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(total).toBeGreaterThan(30);
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 30));
  });

  it("a major incident's e-mails page by meta.total_pages without a Link header: every one, then no cursor", async () => {
    const url = await serverUrl();
    const state = (await (await simulatorControl("state")).json()) as { tickets: { id: number; type: string }[] };
    const ticket = state.tickets.find((t) => t.type === "Major Incident")?.id;
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await rpcResult<ToolResult>(url, "tools/call", {
        name: "list_all_freshservice_ticket_communications",
        arguments: { ticket_id: ticket, type: "email", limit: 1, ...(cursor ? { next_cursor: cursor } : {}) },
      });
      const body = JSON.parse(page.result?.content[0]?.text ?? "") as {
        communications: { id: number }[];
        meta: { total_items: number };
        next_cursor?: string;
      };
      seen.push(...body.communications.map((c) => c.id));
      expect(body.meta.total_items).toBe(3);
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(3);
  });

  it("a requester search ends at page 40 with a note, and a cursor past it is refused before Freshservice", async () => {
    const url = await serverUrl();
    const last = await rpcResult<ToolResult>(url, "tools/call", {
      name: "list_all_freshservice_requesters",
      arguments: { query: "first_name:'Ada'", next_cursor: encodeCursor(40) },
    });
    expect(last.result?.isError).toBe(false);
    expect(last.result?.content).toHaveLength(1);
    const doc = JSON.parse(last.result?.content[0]?.text ?? "") as { next_cursor?: string; notice?: string };
    expect(doc.next_cursor).toBeUndefined();
    expect(doc.notice).toMatch(/page 40, the last one Freshservice serves/);

    await simulatorControl("requests", { method: "DELETE" });
    const past = await rpcResult<ToolResult>(url, "tools/call", {
      name: "list_all_freshservice_requesters",
      arguments: { query: "first_name:'Ada'", next_cursor: encodeCursor(41) },
    });
    expect(past.result?.isError).toBe(true);
    expect(past.result?.content[0]?.text).toMatch(/Freshservice was not called[\s\S]*at most 40 pages/);
    expect(await simulatorRequests()).toEqual([]);
  });
});

describe("stored credentials", () => {
  it("a key that can't be decrypted is a clear tool error, not a crash, and nothing is sent", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    const record = (await env.STORE.get(`account:${id}`, "json")) as { credential: { ciphertext: string } };
    record.credential.ciphertext = btoa("tampered ciphertext bytes");
    await env.STORE.put(`account:${id}`, JSON.stringify(record));
    const call = await rpcResult<ToolResult>(url, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(call.status).toBe(200);
    expect(call.result?.isError).toBe(true);
    expect(call.result?.content[0]?.text).toMatch(/stored Freshservice API key can't be read/);
  });
});

describe("secrets never leave", () => {
  it("no API key, URL token or admin token in any response or log line", async () => {
    const logged: string[] = [];
    const capture = (...args: unknown[]) => logged.push(args.map(String).join(" "));
    const spies = [
      vi.spyOn(console, "log").mockImplementation(capture),
      vi.spyOn(console, "error").mockImplementation(capture),
      vi.spyOn(console, "warn").mockImplementation(capture),
    ];
    const apiKey = "sim-api-key";
    const bodies: string[] = [];
    try {
      const { id } = await createAccount({ api_key: apiKey });
      const { url } = await mint(id);
      const token = url.split("/mcp/")[1] ?? "";
      await injectFault({ kind: "status", status: 500, body: "boom" });
      for (const [name, args] of [
        ["list_all_freshservice_tickets", {}],
        ["get_single_freshservice_ticket_by_id", { id: 999999 }],
        ["get_single_freshservice_ticket_by_id", { id: "../x" }],
        ["update_a_freshservice_ticket_by_id", { id: 1, status: 99 }],
      ] as const)
        bodies.push(await (await rpc(url, "tools/call", { name, arguments: args })).text());
      bodies.push(await (await rpc(url, "tools/list")).text());
      const wrongKey = await createAccount({ api_key: "wrong-key-abcdef", verify: false });
      const { url: wrongUrl } = await mint(wrongKey.id);
      bodies.push(
        await (await rpc(wrongUrl, "tools/call", { name: "list_all_freshservice_tickets", arguments: {} })).text(),
      );
      bodies.push(
        await (
          await dispatch(
            new Request(`${new URL(url).origin}/integrated-account/${id}`, {
              headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
            }),
          )
        ).text(),
      );
      expect(logged.length).toBeGreaterThan(0);
      for (const text of [...logged, ...bodies]) {
        expect(text).not.toContain(apiKey);
        expect(text).not.toContain("wrong-key-abcdef");
        expect(text).not.toContain(token);
        expect(text).not.toContain(ADMIN_TOKEN);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
