/** The audit trail: every tools/call recorded in D1 whatever its outcome, read back paged and filtered, purged by retention. */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditEntry } from "../../worker/audit/audit-log";
import { auditLog } from "../../worker/audit/audit-log";
import { MAX_ARGUMENTS_CHARS, redactArguments, touchedIds } from "../../worker/audit/call-record";
import worker from "../../worker/index";
import {
  ADMIN_TOKEN,
  admin,
  clearFaults,
  createAccount,
  dispatch,
  injectFault,
  mcpPost,
  mint,
  rpcBody,
  rpcResult,
  settled,
} from "./helpers";

afterEach(async () => {
  await clearFaults();
});

async function server(config: Record<string, unknown> = {}) {
  const account = await createAccount();
  const { id, url } = await mint(account.id, { config });
  return { accountId: account.id, mcpId: id, url };
}

/** A tool call whose answer is read to the end (the trail's row is written once it has been). */
function callTool(url: string, name: string, args: Record<string, unknown> = {}) {
  return rpcResult<{ isError: boolean; content: { text: string }[] }>(url, "tools/call", { name, arguments: args });
}

async function trail(path: string): Promise<{ result: AuditEntry[]; next_cursor: string | null }> {
  await settled();
  const response = await admin(path);
  expect(response.status).toBe(200);
  return response.json();
}

describe("every tools/call is recorded", () => {
  it("a workflow: reads, a write, invalid arguments and an unknown tool, newest first with their outcomes", async () => {
    const { accountId, mcpId, url } = await server({ methods: ["read", "write"], tags: ["tickets"] });
    await callTool(url, "list_all_freshservice_tickets", { limit: 2 });
    await callTool(url, "get_single_freshservice_ticket_by_id", { id: 1 });
    const created = await callTool(url, "create_a_freshservice_ticket", {
      subject: "Printer on fire",
      description: "Third floor",
      email: "jane@acme.test",
      priority: 1,
      status: 2,
    });
    expect(created.result?.isError).toBe(false);
    await callTool(url, "get_single_freshservice_ticket_by_id", { id: "not a number" });
    await rpcResult(url, "tools/call", { name: "no_such_tool", arguments: {} });

    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result.map((e) => [e.tool, e.outcome])).toEqual([
      ["no_such_tool", "unknown_tool"],
      ["get_single_freshservice_ticket_by_id", "invalid_arguments"],
      ["create_a_freshservice_ticket", "ok"],
      ["get_single_freshservice_ticket_by_id", "ok"],
      ["list_all_freshservice_tickets", "ok"],
    ]);
    const [, invalid, create, get, list] = result;
    expect(get).toMatchObject({
      account_id: accountId,
      mcp_server_id: mcpId,
      filters: { methods: ["read", "write"], tags: ["tickets"] },
      http_status: 200,
      touched_ids: { id: 1 },
      arguments: null,
    });
    expect(get?.ratelimit_remaining).toEqual(expect.any(Number));
    expect(get?.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(get?.at ?? "")).toBeLessThanOrEqual(Date.now());
    const createdId = JSON.parse(created.result?.content[0]?.text ?? "{}").ticket.id;
    expect(create?.touched_ids).toEqual({ created_id: createdId });
    expect(create?.http_status).toBe(201);
    expect(invalid).toMatchObject({ http_status: null, ratelimit_remaining: null });
    expect(list?.touched_ids).toEqual({});
  });

  it("a call refused by the URL's budget", async () => {
    const { accountId, mcpId, url } = await server({ max_requests_per_minute: 1 });
    await callTool(url, "get_single_freshservice_ticket_by_id", { id: 1 });
    const refused = await callTool(url, "get_single_freshservice_ticket_by_id", { id: 2 });
    expect(refused.result?.isError).toBe(true);
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result.map((e) => e.outcome)).toEqual(["budget_refused", "ok"]);
    expect(result[0]).toMatchObject({ touched_ids: { id: 2 }, http_status: null });
  });

  it("a call Freshservice rate-limited, with its status and remaining count", async () => {
    const { accountId, mcpId, url } = await server();
    await injectFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "42", "x-ratelimit-total": "400", "x-ratelimit-remaining": "0" },
      body: "{}",
    });
    await callTool(url, "list_all_freshservice_tickets");
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result[0]).toMatchObject({ outcome: "rate_limited", http_status: 429, ratelimit_remaining: 0 });
  });

  it("a call that timed out, and one whose answer was cut at the URL's cap", async () => {
    const { accountId, mcpId, url } = await server({ max_result_bytes: 4096 });
    await injectFault({ kind: "delay", ms: 2000, match: { pathPrefix: "/tickets/58" } });
    const response = await dispatch(
      mcpPost(url, rpcBody("tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } })),
      { ...env, UPSTREAM_TIMEOUT_MS: "300" },
    );
    await response.text();
    await callTool(url, "list_all_freshservice_tickets", { limit: 100 });
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result.map((e) => e.outcome)).toEqual(["cut", "timeout"]);
    expect(result[1]).toMatchObject({ touched_ids: { id: 58 }, http_status: null });
  });

  it("the Worker's own tools: fetch names the record it read, search and fetch say Freshservice's real outcome", async () => {
    const { accountId, mcpId, url } = await server({ methods: ["read"], tags: ["tickets"] });
    const fetched = await callTool(url, "fetch", { id: "ticket:1" });
    expect(fetched.result?.isError).toBe(false);
    await injectFault({ kind: "status", status: 500, body: "{}", match: { pathPrefix: "/tickets/2" } });
    const failed = await callTool(url, "fetch", { id: "ticket:2" });
    expect(failed.result?.isError).toBe(true);
    await injectFault({
      kind: "status",
      status: 429,
      headers: { "retry-after": "30", "x-ratelimit-total": "400", "x-ratelimit-remaining": "0" },
      body: "{}",
    });
    const limited = await callTool(url, "search", { query: "printer" });
    expect(limited.result?.isError).toBe(true);
    await callTool(url, "fetch", { id: "nothing:1" });
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result.map((e) => [e.tool, e.outcome, e.http_status])).toEqual([
      ["fetch", "invalid_arguments", null],
      ["search", "rate_limited", 429],
      ["fetch", "upstream_error", 500],
      ["fetch", "ok", 200],
    ]);
    expect(result[2]?.touched_ids).toEqual({ ticket_id: 2 });
    expect(result[3]?.touched_ids).toEqual({ ticket_id: 1 });
    expect(result[3]?.ratelimit_remaining).toEqual(expect.any(Number));
  });

  it("a search refused by the URL's budget is logged as refused, not ok", async () => {
    const { accountId, mcpId, url } = await server({
      methods: ["read"],
      tags: ["tickets"],
      max_requests_per_minute: 1,
    });
    await callTool(url, "get_single_freshservice_ticket_by_id", { id: 1 });
    const refused = await callTool(url, "search", { query: "printer" });
    expect(refused.result?.isError).toBe(true);
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result.map((e) => [e.tool, e.outcome])).toEqual([
      ["search", "budget_refused"],
      ["get_single_freshservice_ticket_by_id", "ok"],
    ]);
  });

  it("discovery: call_tool writes one row, for the tool it ran; search_tools and get_tool_schema their own", async () => {
    const { accountId, mcpId, url } = await server({ tool_exposure: "discovery", tags: ["tickets"] });
    await callTool(url, "search_tools", { query: "read a ticket" });
    await callTool(url, "get_tool_schema", { names: ["get_single_freshservice_ticket_by_id"] });
    const ran = await callTool(url, "call_tool", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(ran.result?.isError).toBe(false);
    await injectFault({ kind: "status", status: 404, body: "{}", match: { pathPrefix: "/tickets/3" } });
    await callTool(url, "call_tool", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 3 } });
    await callTool(url, "call_tool", { name: "no_such_tool", arguments: {} });
    await callTool(url, "call_tool", { name: "call_tool", arguments: {} });
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    expect(result.map((e) => [e.tool, e.outcome, e.http_status])).toEqual([
      ["call_tool", "unknown_tool", null],
      ["no_such_tool", "unknown_tool", null],
      ["get_single_freshservice_ticket_by_id", "upstream_error", 404],
      ["get_single_freshservice_ticket_by_id", "ok", 200],
      ["get_tool_schema", "ok", null],
      ["search_tools", "ok", null],
    ]);
    expect(result[3]?.touched_ids).toEqual({ id: 1 });
  });

  it("losing the database's write never fails the call, and says so in the log without details", async () => {
    const { url } = await server();
    const broken = {
      prepare() {
        throw new Error("D1_ERROR: no such table: tool_calls (values: secret)");
      },
    } as unknown as D1Database;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await dispatch(
        mcpPost(url, rpcBody("tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 1 } })),
        { ...env, AUDIT_DB: broken },
      );
      const body = (await response.json()) as { result: { isError: boolean } };
      await settled();
      expect(response.status).toBe(200);
      expect(body.result.isError).toBe(false);
      const logged = errors.mock.calls.map((c) => String(c[0]));
      expect(logged).toContain(JSON.stringify({ event: "audit_write_failed", error: "Error" }));
      expect(logged.join("\n")).not.toMatch(/secret|no such table/);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("reading the trail", () => {
  it("pages newest first and filters by tool, outcome, since and until; the account view spans its URLs", async () => {
    const a = await server();
    const { id: otherMcp, url: otherUrl } = await mint(a.accountId, { config: {} });
    const before = new Date(Date.now() - 1).toISOString();
    for (const id of [1, 2, 3]) await callTool(a.url, "get_single_freshservice_ticket_by_id", { id });
    await callTool(otherUrl, "list_all_freshservice_tickets", { limit: 1 });
    await callTool(otherUrl, "get_single_freshservice_ticket_by_id", { id: "x" });
    const base = `/integrated-account/${a.accountId}`;

    const first = await trail(`${base}/mcp/${a.mcpId}/logs?limit=2`);
    expect(first.result.map((e) => e.touched_ids.id)).toEqual([3, 2]);
    const second = await trail(`${base}/mcp/${a.mcpId}/logs?limit=2&cursor=${first.next_cursor}`);
    expect(second.result.map((e) => e.touched_ids.id)).toEqual([1]);
    expect(second.next_cursor).toBeNull();

    const all = await trail(`${base}/logs`);
    expect(all.result).toHaveLength(5);
    expect(new Set(all.result.map((e) => e.mcp_server_id))).toEqual(new Set([a.mcpId, otherMcp]));
    expect((await trail(`${base}/logs?tool=list_all_freshservice_tickets`)).result).toHaveLength(1);
    expect((await trail(`${base}/logs?outcome=invalid_arguments`)).result.map((e) => e.mcp_server_id)).toEqual([
      otherMcp,
    ]);
    expect((await trail(`${base}/logs?since=${encodeURIComponent(before)}`)).result).toHaveLength(5);
    expect((await trail(`${base}/logs?until=${encodeURIComponent(before)}`)).result).toHaveLength(0);

    // The trail of a revoked URL stays readable; its servers list shows when each was last used.
    const list = (await (await admin(`${base}/mcp`)).json()) as { result: { id: string; last_used_at: string }[] };
    expect(list.result.find((s) => s.id === a.mcpId)?.last_used_at).toEqual(first.result[0]?.at);
    expect((await admin(`${base}/mcp/${a.mcpId}`, undefined, "DELETE")).status).toBe(204);
    expect((await trail(`${base}/mcp/${a.mcpId}/logs`)).result).toHaveLength(3);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["cursor=abc", "cursor"],
    ["outcome=fine", "outcome"],
    ["since=yesterday", "since"],
    ["until=2026-13-01T00:00:00Z", "until"],
    ["secret=1", "(body)"],
  ])("refuses %s with a field error", async (query, path) => {
    const { accountId } = await server();
    const response = await admin(`/integrated-account/${accountId}/logs?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toContain(path);
  });

  it("is behind the admin token and scoped to its account", async () => {
    const a = await server();
    const b = await server();
    await callTool(a.url, "get_single_freshservice_ticket_by_id", { id: 1 });
    expect((await admin(`/integrated-account/${a.accountId}/logs`, undefined, "GET", "wrong")).status).toBe(401);
    expect((await trail(`/integrated-account/${b.accountId}/mcp/${a.mcpId}/logs`)).result).toEqual([]);
    expect((await admin(`/integrated-account/${crypto.randomUUID()}/logs`)).status).toBe(404);
  });
});

describe("what the trail keeps", () => {
  it("arguments only where the URL keeps them, secrets redacted; never a key or token anywhere", async () => {
    const { accountId, mcpId, url } = await server({ log_arguments: true });
    const secret = "hunter2-do-not-store";
    await callTool(url, "create_a_freshservice_ticket", {
      subject: "Reset my password",
      description: "x".repeat(5000),
      email: "jane@acme.test",
      priority: 1,
      status: 2,
      custom_fields: { api_key: secret, vpn_password: secret },
    });
    const { result } = await trail(`/integrated-account/${accountId}/mcp/${mcpId}/logs`);
    const kept = result[0]?.arguments ?? "";
    expect(kept).toContain('"subject":"Reset my password"');
    expect(kept).toContain('"api_key":"[redacted]"');
    expect(kept.length).toBeLessThanOrEqual(MAX_ARGUMENTS_CHARS);

    await settled();
    const { results } = await env.AUDIT_DB.prepare("SELECT * FROM tool_calls").all();
    const everything = JSON.stringify(results);
    for (const never of [secret, "sim-api-key", ADMIN_TOKEN, env.CREDENTIALS_KEY, url.split("/mcp/")[1] ?? "?"])
      expect(everything).not.toContain(never);
  });

  it.each([
    [{ password: "p", nested: { client_secret: "s", token: "t" }, name: "n" }, '"password":"[redacted]"'],
    [{ note: "y".repeat(300) }, "…[cut]"],
    [{ deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } }, '"e":"…[cut]"'],
    [{ attachments: [{ name: "a.txt", content_base64: "c2VjcmV0" }] }, '"content_base64":"[8 base64 characters]"'],
    [
      { attachments: [{ name: "a.txt", url: "https://b.s3.amazonaws.com/a.txt?X-Amz-Signature=s" }] },
      '"url":"https://b.s3.amazonaws.com/a.txt?[redacted]"',
    ],
  ])("redacts %j", (args, expected) => {
    const text = redactArguments(args);
    expect(text).toContain(expected);
    expect(text).not.toMatch(/"(p|s|t)"/);
  });

  it.each([
    [
      { id: 5, requester_id: 7, name: "x" },
      { id: 5, requester_id: 7 },
    ],
    [{ display_id: "A-1", workspace_id: 2.5, api_token_id: 9 }, { display_id: "A-1" }],
    [{ ticket_id: "1; DROP TABLE", id: true }, {}],
  ])("ids touched by %j", (args, expected) => {
    expect(touchedIds(args)).toEqual(expected);
  });
});

describe("retention", () => {
  it("the scheduled purge drops calls older than AUDIT_RETENTION_DAYS and keeps the rest", async () => {
    const log = auditLog(env.AUDIT_DB);
    const accountId = crypto.randomUUID();
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    for (const age of [0.5, 6, 8, 40])
      await log.write({
        event: "tool_call",
        at: now - age * day,
        ms: 1,
        tool: `age_${age}`,
        outcome: "ok",
        touched_ids: {},
        account_id: accountId,
        mcp_server_id: crypto.randomUUID(),
        filters: {},
      });
    const purge = async (days?: string) => {
      const ctx = createExecutionContext();
      await worker.scheduled(
        createScheduledController({ scheduledTime: now, cron: "17 3 * * *" }),
        { ...env, AUDIT_RETENTION_DAYS: days },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      const { results } = await env.AUDIT_DB.prepare("SELECT tool FROM tool_calls WHERE account_id = ? ORDER BY at")
        .bind(accountId)
        .all<{ tool: string }>();
      return results.map((r) => r.tool);
    };
    expect(await purge()).toEqual(["age_8", "age_6", "age_0.5"]);
    expect(await purge("7")).toEqual(["age_6", "age_0.5"]);
    expect(await purge("not a number")).toEqual(["age_6", "age_0.5"]);
    expect(await purge("1")).toEqual(["age_0.5"]);
  });
});
