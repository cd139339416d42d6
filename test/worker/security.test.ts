/**
 * Security properties inside workerd: one tenant never reaches another's data, the Worker only ever calls
 * `https://<name>.freshservice.com` (or the loopback simulator where the environment allows it), secrets never
 * reach a log line, a response or KV in plain text, a URL's method and tag filters hold whatever the request
 * says, and a foreign browser Origin is refused.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { SECOND_TENANT_API_KEY, SECOND_TENANT_ONLY_FIELD } from "../worker-pool";
import {
  ADMIN_TOKEN,
  admin,
  clearFaults,
  createAccount,
  dispatch,
  injectFault,
  mcpPost,
  mint,
  mintApiToken,
  ORIGIN,
  rpc,
  rpcBody,
  SIMULATOR_ORIGIN,
  simulatorControl,
} from "./helpers";

const ACME_KEY = "sim-api-key";
const CREDENTIALS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

type ToolResult = { content: { type: string; text: string }[]; isError: boolean; _meta?: Record<string, unknown> };
type Recorded = { method: string; path: string; search: string; query: Record<string, string>; tenant?: string };

async function upstreamLog(): Promise<(Recorded & { headers: Record<string, string> })[]> {
  return (await simulatorControl("requests")).json();
}

async function clearUpstreamLog() {
  await simulatorControl("requests", { method: "DELETE" });
}

afterEach(async () => {
  await clearFaults();
  vi.restoreAllMocks();
});

/** Freshservice's own API, as the given company (straight to the simulator, not through the Worker). */
async function freshservice(apiKey: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${SIMULATOR_ORIGIN}/api/v2${path}`, {
    method,
    headers: {
      authorization: `Basic ${btoa(`${apiKey}:X`)}`,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function callTool(
  url: string,
  name: string,
  args: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await rpc(url, "tools/call", { name, arguments: args }, headers);
  const body = (await response.json()) as { result?: ToolResult; error?: { code: number; message: string } };
  return { status: response.status, ...body, text: body.result?.content.map((c) => c.text).join("\n") ?? "" };
}

/** The Worker's handler with a changed environment (e.g. production), in this isolate. */
async function withEnv(overrides: Partial<Env>, request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...overrides }, ctx);
  const copy = new Response(await response.arrayBuffer(), response);
  await waitOnExecutionContext(ctx);
  return copy;
}

const PRODUCTION: Partial<Env> = { ENVIRONMENT: "production", ALLOW_LOOPBACK_UPSTREAM: "true" };

describe("tenant isolation", () => {
  let acme: { accountId: string; url: string; mcpId: string };
  let globex: { accountId: string; url: string; mcpId: string };
  const acmeMarker = `ACME-ONLY-${crypto.randomUUID()}`;
  const globexMarker = `GLOBEX-ONLY-${crypto.randomUUID()}`;
  let globexTicketId: number;

  beforeAll(async () => {
    const a = await createAccount({ name: "Acme", api_key: ACME_KEY });
    const g = await createAccount({
      name: "Globex",
      domain: "globex.freshservice.com",
      api_key: SECOND_TENANT_API_KEY,
    });
    const am = await mint(a.id);
    const gm = await mint(g.id);
    acme = { accountId: a.id, url: am.url, mcpId: am.id };
    globex = { accountId: g.id, url: gm.url, mcpId: gm.id };
    const ticket = { description: "private", email: "someone@globex.example", status: 2, priority: 1 };
    const created = await freshservice(SECOND_TENANT_API_KEY, "POST", "/tickets", {
      ...ticket,
      subject: globexMarker,
    });
    expect(created.status).toBe(201);
    globexTicketId = (created.json.ticket as { id: number }).id;
    expect((await freshservice(ACME_KEY, "POST", "/tickets", { ...ticket, subject: acmeMarker })).status).toBe(201);
  });

  it("every call through a URL authenticates as that URL's account, even interleaved", async () => {
    await clearUpstreamLog();
    // Each call is told apart in the log by its own updated_since: an odd second for globex, even for acme.
    const since = (i: number) => `2020-01-01T00:00:${String(i).padStart(2, "0")}Z`;
    const calls = Array.from({ length: 24 }, (_, i) =>
      callTool(i % 2 ? globex.url : acme.url, "list_all_freshservice_tickets", { updated_since: since(i) }),
    );
    for (const call of await Promise.all(calls)) expect(call.result?.isError, call.text).toBe(false);
    const log = (await upstreamLog()).filter((r) => r.path === "/api/v2/tickets");
    expect(log).toHaveLength(24);
    for (const request of log) {
      const second = Number(/:(\d\d)(?:\.\d+)?Z$/.exec(request.query.updated_since ?? "")?.[1]);
      expect(Number.isInteger(second), request.search).toBe(true);
      const expected = second % 2 ? SECOND_TENANT_API_KEY : ACME_KEY;
      expect(request.tenant, request.search).toBe(expected);
      expect(atob(request.headers.authorization?.replace(/^Basic /, "") ?? "")).toBe(`${expected}:X`);
    }
  });

  it("one company's records never appear through another company's URL", async () => {
    const seenByAcme = [
      await callTool(acme.url, "get_single_freshservice_ticket_by_id", { id: globexTicketId }),
      await callTool(acme.url, "list_all_freshservice_tickets", { query: "status:2" }),
      await callTool(acme.url, "list_all_freshservice_tickets", { updated_since: "2000-01-01" }),
    ];
    for (const call of seenByAcme) expect(call.text).not.toContain(globexMarker);
    const seenByGlobex = [
      await callTool(globex.url, "get_single_freshservice_ticket_by_id", { id: globexTicketId }),
      await callTool(globex.url, "list_all_freshservice_tickets", { updated_since: "2000-01-01" }),
    ];
    expect(seenByGlobex[0]?.text).toContain(globexMarker);
    for (const call of seenByGlobex) expect(call.text).not.toContain(acmeMarker);
  });

  it("one company's custom fields never appear in another company's tools", async () => {
    const list = async (url: string) => (await rpc(url, "tools/list")).text();
    expect(await list(globex.url)).toContain(SECOND_TENANT_ONLY_FIELD);
    expect(await list(acme.url)).not.toContain(SECOND_TENANT_ONLY_FIELD);
  });

  it("one account's MCP servers can't be read, changed or revoked through another account's path", async () => {
    const crossPath = `/integrated-account/${acme.accountId}/mcp/${globex.mcpId}`;
    expect((await admin(crossPath)).status).toBe(404);
    expect((await admin(crossPath, { name: "hijacked" }, "PATCH")).status).toBe(404);
    expect((await admin(crossPath, undefined, "DELETE")).status).toBe(404);
    const listed = (await (await admin(`/integrated-account/${acme.accountId}/mcp`)).json()) as {
      result: { id: string }[];
    };
    expect(listed.result.map((s) => s.id)).not.toContain(globex.mcpId);
    const stillThere = (await (await admin(`/integrated-account/${globex.accountId}/mcp/${globex.mcpId}`)).json()) as {
      name: string;
    };
    expect(stillThere.name).not.toBe("hijacked");
    expect((await callTool(globex.url, "get_single_freshservice_ticket_by_id", { id: globexTicketId })).text).toContain(
      globexMarker,
    );
  });

  it("rotating or deleting one account leaves the other's URLs working and untouched", async () => {
    const other = await createAccount({ name: "Globex 2", api_key: SECOND_TENANT_API_KEY });
    const { url: otherUrl } = await mint(other.id);
    expect(
      (await admin(`/integrated-account/${other.id}`, { api_key: "rotated-but-wrong-key", verify: false }, "PATCH"))
        .status,
    ).toBe(200);
    expect((await callTool(otherUrl, "list_all_freshservice_tickets", {})).text).toMatch(/refused the stored API key/);
    expect((await callTool(acme.url, "list_all_freshservice_tickets", {})).result?.isError).toBe(false);
    expect((await admin(`/integrated-account/${other.id}`, undefined, "DELETE")).status).toBe(204);
    expect((await rpc(otherUrl, "ping")).status).toBe(404);
    expect((await callTool(globex.url, "list_all_freshservice_tickets", {})).result?.isError).toBe(false);
  });
});

describe("only Freshservice is ever called (SSRF)", () => {
  const HOSTILE_DOMAINS = [
    "acme.freshservice.com.evil.com",
    "freshservice.com",
    ".freshservice.com",
    "evil.com",
    "acme.freshservice.co",
    "acme.freshservice.com.",
    "acme.freshservice.com:8443",
    // A pasted address of the account itself (https://…, a path, a query) is stored as its domain:
    // account-verification.test.ts. Its host part must still be the account's own domain:
    "https://evil.com/acme.freshservice.com",
    "acme.freshservice.com:443",
    "//acme.freshservice.com",
    "user@acme.freshservice.com",
    "acme.freshservice.com@evil.com",
    "user:pass@acme.freshservice.com",
    "evil.com\\@acme.freshservice.com",
    "acme.freshservice.com\\evil.com",
    "127.0.0.1",
    "0x7f000001",
    "2130706433",
    "[::1]",
    "169.254.169.254",
    "localhost",
    "acme.localhost",
    "127.0.0.1.nip.io",
    "acme.freshservicе.com", // Cyrillic е
    "аcme.freshservice.com", // Cyrillic а
    "ａｃｍｅ.freshservice.com", // full-width
    "acme．freshservice．com", // full-width dots
    "acme.freshservice。com", // ideographic full stop
    "xn--acme-9m4b.freshservice.com.evil.com",
    "acme.freshservice.com\u0000.evil.com",
    "acme.freshservice.com\n.evil.com",
    "acme .freshservice.com",
    "-acme.freshservice.com",
    "a..freshservice.com",
    "",
  ];

  it.each(HOSTILE_DOMAINS)("refuses the domain %j", async (domain) => {
    const response = await admin("/integrated-account", { domain, api_key: ACME_KEY });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { details: [{ path: "domain" }] } });
    const { id } = await createAccount();
    const patched = await admin(`/integrated-account/${id}`, { domain }, "PATCH");
    expect(patched.status).toBe(400);
  });

  const HOSTILE_BASE_URLS = [
    "http://evil.com",
    "https://acme.freshservice.com",
    "http://127.0.0.1.evil.com:8790",
    "http://127.0.0.1@evil.com",
    "http://evil.com@127.0.0.1",
    "http://user:pass@127.0.0.1:8790",
    "http://evil.com#@127.0.0.1",
    "http://127.0.0.1:8790/api/v2",
    "http://127.0.0.1:8790?x=1",
    "http://[::ffff:127.0.0.1]:8790",
    "http://0.0.0.0:8790",
    "http://169.254.169.254",
    "http://10.0.0.1",
    "file:///etc/passwd",
    "ftp://127.0.0.1",
    "javascript:alert(1)",
    "127.0.0.1:8790",
  ];

  it.each(HOSTILE_BASE_URLS)("refuses the base_url %j", async (baseUrl) => {
    const response = await admin("/integrated-account", {
      domain: "acme.freshservice.com",
      api_key: ACME_KEY,
      base_url: baseUrl,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { details: [{ path: "base_url" }] } });
  });

  it("accepts the same domain in another case, stored in lower case", async () => {
    const response = await admin("/integrated-account", { domain: " ACME.FreshService.com ", api_key: ACME_KEY });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ domain: "acme.freshservice.com" });
  });

  it("in production, a loopback base_url is refused and a stored one stops resolving", async () => {
    const create = await withEnv(
      PRODUCTION,
      new Request(`${ORIGIN}/integrated-account`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ domain: "acme.freshservice.com", api_key: ACME_KEY, base_url: SIMULATOR_ORIGIN }),
      }),
    );
    expect(create.status).toBe(400);
    const { id } = await createAccount({ base_url: SIMULATOR_ORIGIN });
    const { url } = await mint(id);
    const ping = () => mcpPost(url, rpcBody("ping"));
    expect((await withEnv({}, ping())).status).toBe(200);
    expect((await withEnv(PRODUCTION, ping())).status).toBe(404);
  });

  it("without a base_url, the one origin called is https://<domain>, with no redirect followed", async () => {
    const { id } = await createAccount({ base_url: undefined, domain: "acme.freshservice.com" });
    const { url } = await mint(id);
    const spy = vi.spyOn(globalThis, "fetch");
    await injectFault({
      kind: "status",
      status: 302,
      match: { pathPrefix: "/tickets/1" },
      headers: { location: "http://169.254.169.254/latest/meta-data/" },
    });
    spy.mockClear();
    const call = (id: number) =>
      withEnv(
        PRODUCTION,
        mcpPost(url, rpcBody("tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id } })),
      );
    const redirected = (await (await call(1)).json()) as { result: ToolResult };
    const normal = (await (await call(2)).json()) as { result: ToolResult };
    const called = spy.mock.calls.map(([input]) => (input instanceof Request ? input.url : String(input)));
    // The field-metadata reads the Worker may make go to the same origin.
    for (const target of called) expect(target).toMatch(/^https:\/\/acme\.freshservice\.com\/api\/v2\//);
    expect(called.filter((u) => u.includes("/tickets/"))).toEqual([
      "https://acme.freshservice.com/api/v2/tickets/1",
      "https://acme.freshservice.com/api/v2/tickets/2",
    ]);
    expect(redirected.result.isError).toBe(true);
    expect(redirected.result.content[0]?.text).toMatch(/unexpected status 302/);
    expect(JSON.stringify(redirected)).not.toContain("169.254");
    expect(normal.result.isError).toBe(false);
  });
});

describe("secrets never leave", () => {
  it("no API key, URL token, API token or credentials key in any log line, response or KV value", async () => {
    const logged: string[] = [];
    for (const level of ["log", "error", "warn", "info", "debug"] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(" "));
      });
    const rotatedKey = `rotated-${crypto.randomUUID()}`;
    const wrongApiToken = `wrong-api-token-${crypto.randomUUID()}`;
    const responses: string[] = [];
    const keep = async (response: Response | Promise<Response>) => {
      responses.push(await (await response).text());
    };

    const { id } = await createAccount({ api_key: ACME_KEY });
    const minted = await mint(id, { config: { require_api_token_auth: true } });
    const openServer = await mint(id);
    const apiToken = (await mintApiToken(id, minted.id)).token;
    const tokens = [minted.url, openServer.url].map((u) => u.split("/mcp/")[1] ?? "");
    const auth = { authorization: `Bearer ${apiToken}` };

    // Admin reads, bad admin input carrying a secret-looking value, rotation.
    await keep(admin(`/integrated-account/${id}`));
    await keep(admin("/integrated-account"));
    await keep(admin(`/integrated-account/${id}/mcp`));
    await keep(admin(`/integrated-account/${id}/mcp/${minted.id}`));
    await keep(admin("/integrated-account", { domain: "evil.com", api_key: ACME_KEY }));
    await keep(admin("/integrated-account", { domain: "acme.freshservice.com", api_key: `${ACME_KEY} with spaces` }));
    await keep(admin("/integrated-account", undefined, "GET", wrongApiToken));
    await keep(admin(`/integrated-account/${id}`, { api_key: rotatedKey }, "PATCH")); // refused: Freshservice says 401
    await keep(admin(`/integrated-account/${id}`, { api_key: ACME_KEY }, "PATCH"));

    // MCP: missing and wrong API token, unknown token, every kind of upstream failure.
    await keep(rpc(minted.url, "ping"));
    await keep(rpc(minted.url, "ping", undefined, { authorization: `Bearer ${wrongApiToken}` }));
    await keep(rpc(`${ORIGIN}/mcp/${tokens[0]?.slice(0, -2)}xx`, "ping"));
    await keep(rpc(minted.url, "tools/list", undefined, auth));
    for (const fault of [
      { kind: "status", status: 500, body: `{"message":"boom ${ACME_KEY}"}` },
      { kind: "status", status: 401, body: `{"message":"bad key ${ACME_KEY}"}` },
      { kind: "status", status: 429, headers: { "retry-after": "5" } },
      { kind: "reset" },
      { kind: "truncate" },
      { kind: "invalid_json" },
    ]) {
      await injectFault({ ...fault, match: { pathPrefix: "/tickets" } });
      await keep(rpc(openServer.url, "tools/call", { name: "list_all_freshservice_tickets", arguments: {} }));
    }
    await keep(
      rpc(openServer.url, "tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: "x" } }),
    );
    const wrongKey = await createAccount({ api_key: `wrong-${rotatedKey}`, verify: false });
    await keep(
      rpc((await mint(wrongKey.id)).url, "tools/call", { name: "list_all_freshservice_tickets", arguments: {} }),
    );

    const kv: string[] = [];
    for (let cursor: string | undefined, done = false; !done; ) {
      const page = await env.STORE.list({ cursor });
      for (const key of page.keys) kv.push(key.name, (await env.STORE.get(key.name)) ?? "");
      done = page.list_complete;
      cursor = page.list_complete ? undefined : page.cursor;
    }

    expect(logged.length).toBeGreaterThan(5);
    const secrets = [ACME_KEY, rotatedKey, ADMIN_TOKEN, CREDENTIALS_KEY, wrongApiToken, apiToken, ...tokens];
    for (const [where, texts] of [
      ["log", logged],
      ["response", responses],
      ["KV", kv],
    ] as const)
      for (const text of texts)
        for (const secret of secrets) expect(text.includes(secret), `${where}: ${text.slice(0, 300)}`).toBe(false);
  });
});

describe("a URL's method and tag filters can't be bypassed", () => {
  let readOnlyUrl: string;
  let writeTools: string[];
  let readTools: string[];

  beforeAll(async () => {
    const { id } = await createAccount();
    readOnlyUrl = (await mint(id, { config: { methods: ["read"] } })).url;
    const full = (await mint(id)).url;
    const all = (await (await rpc(full, "tools/list")).json()) as {
      result: { tools: { name: string; annotations: { readOnlyHint?: boolean } }[] };
    };
    writeTools = all.result.tools.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name);
    readTools = all.result.tools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);
    expect(writeTools.length).toBeGreaterThan(20);
    await rpc(readOnlyUrl, "tools/list"); // field metadata, if any, is fetched now
  });

  function variants(name: string): string[] {
    return [
      name,
      name.toUpperCase(),
      name[0]?.toUpperCase() + name.slice(1),
      ` ${name}`,
      `${name} `,
      `${name}\n`,
      `\t${name}`,
      `${name}\u0000`,
      `\u200b${name}`,
      `${name}\u200d`,
      `\ufeff${name}`,
      name.replace(/_/g, "-"),
      name.replace(/_/g, " "),
      name.replace(/a/, "а"), // Cyrillic а
      name.replace(/e/, "е"), // Cyrillic е
      name.replace(/_/, "＿"), // full-width low line
      [...name].map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0)).join(""), // full-width letters
      name.normalize("NFKD").replace(/e/g, "e\u0301"),
      encodeURIComponent(name).replace(/_/g, "%5F"),
      `${name}/`,
      `../${name}`,
      `${readTools[0]}/../${name}`,
      `${readTools[0]},${name}`,
      `${readTools[0]}\u0000${name}`,
    ];
  }

  it("a read-only URL refuses every write tool under every name variant, and nothing is sent", async () => {
    await clearUpstreamLog();
    const tickets = JSON.stringify((await freshservice(ACME_KEY, "GET", "/tickets/58")).json);
    await clearUpstreamLog();
    for (const tool of writeTools)
      for (const name of tool === writeTools[0] || tool.startsWith("update_a_freshservice_ticket")
        ? variants(tool)
        : [tool]) {
        const call = await callTool(readOnlyUrl, name, { id: 58, status: 5, priority: 4 });
        expect(call.error, `${JSON.stringify(name)} ran`).toMatchObject({ code: -32602 });
        expect(call.result).toBeUndefined();
      }
    expect(await upstreamLog()).toEqual([]);
    expect(JSON.stringify((await freshservice(ACME_KEY, "GET", "/tickets/58")).json)).toBe(tickets);
  });

  it("the read tools still run (the refusals are the filter, not a broken URL)", async () => {
    const call = await callTool(readOnlyUrl, "get_single_freshservice_ticket_by_id", { id: 58 });
    expect(call.result?.isError).toBe(false);
  });

  it("batches, notifications, odd ids and odd params shapes don't run a write tool either", async () => {
    const update = { name: "update_a_freshservice_ticket_by_id", arguments: { id: 58, status: 5 } };
    const call = (id: unknown) => ({ jsonrpc: "2.0", id, method: "tools/call", params: update });
    const bodies = [
      [call(1)],
      [{ jsonrpc: "2.0", id: 1, method: "ping" }, call(2)],
      [call(1), call(2), call(3)],
      [[call(1)]],
      { jsonrpc: "2.0", method: "tools/call", params: update },
      call(null),
      call({ nested: 1 }),
      call([1]),
      call(true),
      { ...call(1), params: { ...update, name: [update.name] } },
      { ...call(1), params: { ...update, name: { toString: update.name } } },
      { ...call(1), params: { __proto__: update } },
      { ...call(1), params: { name: readTools[0], arguments: update.arguments, tool: update.name } },
      { ...call(1), params: [update] },
      { ...call(1), method: "TOOLS/CALL" },
      { ...call(1), method: "tools/call " },
      { ...call(1), method: "tools/call\u0000" },
      { ...call(1), jsonrpc: "1.0" },
    ];
    await clearUpstreamLog();
    for (const body of bodies) {
      const raw =
        "params" in body && (body as { params: object }).params && "__proto__" in body.params
          ? JSON.stringify(body).replace('"params":{', `"params":{"__proto__":${JSON.stringify(update)},`)
          : JSON.stringify(body);
      const response = await dispatch(mcpPost(readOnlyUrl, raw));
      expect(response.status).toBeLessThan(500);
      expect(await response.text()).not.toMatch(/"isError":false/);
    }
    // Duplicate keys: JSON.parse keeps the last one, and that one is checked.
    const duplicate = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"${readTools[0]}","name":"${update.name}","arguments":{"id":58,"status":5}}}`;
    const response = await dispatch(mcpPost(readOnlyUrl, duplicate));
    expect(await response.json()).toMatchObject({ error: { code: -32602 } });
    expect(await upstreamLog()).toEqual([]);
  });

  it("arguments and headers can't change the HTTP method or add a parameter", async () => {
    await clearUpstreamLog();
    const smuggled = await callTool(
      readOnlyUrl,
      "get_single_freshservice_ticket_by_id",
      { id: 58, _method: "DELETE", method: "DELETE" },
      { "x-http-method-override": "DELETE" },
    );
    expect(smuggled.text).toMatch(/_method: not an argument of this tool/);
    const plain = await callTool(
      readOnlyUrl,
      "get_single_freshservice_ticket_by_id",
      { id: 58 },
      { "x-http-method-override": "DELETE", "x-forwarded-host": "evil.com" },
    );
    expect(plain.result?.isError).toBe(false);
    const log = await upstreamLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: "GET", path: "/api/v2/tickets/58", search: "" });
    expect(Object.keys(log[0]?.headers ?? {}).filter((h) => h.startsWith("x-"))).toEqual([]);
  });

  it("a tags filter and an exact-method filter hold the same way", async () => {
    const { id } = await createAccount();
    const solutionsOnly = (await mint(id, { config: { tags: ["solutions"] } })).url;
    const getOnly = (await mint(id, { config: { methods: ["get"] } })).url;
    await clearUpstreamLog();
    for (const [url, name, args] of [
      [solutionsOnly, "get_single_freshservice_ticket_by_id", { id: 58 }],
      [solutionsOnly, "list_all_freshservice_tickets", {}],
      [getOnly, "list_all_freshservice_tickets", {}],
      [getOnly, "update_a_freshservice_ticket_by_id", { id: 58, status: 5 }],
      [getOnly, "delete_a_freshservice_ticket_by_id", { id: 58 }],
    ] as const)
      expect((await callTool(url, name, args)).error).toMatchObject({ code: -32602 });
    expect(await upstreamLog()).toEqual([]);
    expect((await callTool(getOnly, "get_single_freshservice_ticket_by_id", { id: 58 })).result?.isError).toBe(false);
  });
});

describe("browser Origin", () => {
  // Straight to the handler: the pool's HTTP hop drops an empty Origin header before the Worker could see it.
  let url: string;
  beforeAll(async () => {
    const { id } = await createAccount();
    url = (await mint(id, { config: { methods: ["read"] } })).url;
  });

  const request = (target: string, method: string, origin: string) =>
    new Request(target, {
      method,
      headers: { origin, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body:
        method === "POST"
          ? JSON.stringify({
              jsonrpc: "2.0",
              id: 1,
              method: "tools/call",
              params: { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } },
            })
          : undefined,
    });

  it.each([
    "https://evil.example.com",
    "null",
    "",
    " ",
    "https://chatgpt.com.evil.com",
    "https://evilchatgpt.com",
    "https://chatgpt.com.",
    "https://chatgpt.com/",
    "http://chatgpt.com",
    "https://chatgpt.com:8443",
    "HTTPS://CHATGPT.COM",
    "https://chatgpt.com, https://evil.com",
    "https://chatgpt.com https://evil.com",
    "https://claude.ai.evil.com",
    "http://worker.test.evil.com",
    "http://worker.test:8080",
    "https://worker.test",
    "file://",
    "chrome-extension://abcdefghijklmnop",
    "http://localhost:8788",
    "http://127.0.0.1",
  ])("refuses Origin %j with 403 before anything else", async (origin) => {
    await clearUpstreamLog();
    for (const method of ["POST", "GET", "DELETE"]) {
      for (const target of [url, `${ORIGIN}/mcp/${"A".repeat(43)}`]) {
        const response = await withEnv({}, request(target, method, origin));
        expect(response.status, `${method} ${origin}`).toBe(403);
        expect(await response.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 } });
      }
    }
    expect(await upstreamLog()).toEqual([]);
  });

  it.each(["https://chatgpt.com", "https://claude.ai", "https://chat.openai.com"])(
    "accepts the allowed Origin %j",
    async (origin) => {
      const response = await withEnv({}, request(url, "POST", origin));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ result: { isError: false } });
    },
  );
});
