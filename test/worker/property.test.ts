/**
 * Property-based fuzzing of the admin API and the MCP endpoint inside workerd: generated malformed and hostile
 * requests (bad JSON, wrong types, huge and deep bodies, unicode, injection in ids, paths and filter values,
 * hostile headers). Every answer must be a clear 4xx or a JSON-RPC/tool error (or a success for what happens to
 * be valid), never a 5xx or a thrown exception, and invalid input must never reach Freshservice (the
 * simulator's request log).
 *
 * About 2,500 requests per CI run; `SOAK_RUNS=50000 npm run soak` spreads that many over the same properties.
 *
 * Requests go straight to the Worker's exported handler (same module, bindings and isolate as
 * `exports.default.fetch`): in this pool version every `exports.default.fetch` call is slower than the one
 * before (about 2 ms → 24 ms for `/healthz` after 400 calls), which a fuzzer making thousands of calls can't
 * afford; the handler itself takes a constant ~0.02 ms for `/healthz`.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import worker from "../../worker/index";
import { VERIFY_REQUEST } from "../../worker/upstream/verify-account";
import { SECOND_TENANT_API_KEY } from "../worker-pool";
import { ADMIN_TOKEN, createAccount, MCP_HEADERS, mint, ORIGIN, simulatorControl } from "./helpers";

// ---------------------------------------------------------------------------------------------------------
// Run counts: the CI defaults add up to CI_TOTAL; a soak scales each property to its share of SOAK_RUNS.

const CI_RUNS = {
  accountBodies: 300,
  adminRoutes: 300,
  serverBodies: 250,
  adminHeaders: 100,
  mcpBodies: 350,
  mcpMessages: 350,
  toolArguments: 400,
  mcpTransport: 200,
  filterValues: 200,
  oversized: 20,
};
const CI_TOTAL = Object.values(CI_RUNS).reduce((a, b) => a + b, 0);
const SOAK_RUNS = inject("soakRuns");
function runs(name: keyof typeof CI_RUNS): number {
  return SOAK_RUNS > 0 ? Math.max(1, Math.round((CI_RUNS[name] * SOAK_RUNS) / CI_TOTAL)) : CI_RUNS[name];
}
/** Generous: the machine is small; a soak gets time in proportion to its runs. */
function timeout(name: keyof typeof CI_RUNS): number {
  return 30_000 + runs(name) * 40;
}
const assertOptions = (name: keyof typeof CI_RUNS) => ({ numRuns: runs(name) });

// ---------------------------------------------------------------------------------------------------------
// Hostile values.

const INJECTIONS = [
  "../",
  "..%2F..%2Fagents",
  "%2e%2e%2f",
  "%00",
  "\u0000",
  "1/../../agents",
  "1?per_page=100",
  "1#x",
  "&page=2&per_page=100",
  "?workspace_id=0",
  "'; DROP TABLE tickets; --",
  '" OR "1"="1',
  'status:2" OR "priority:1',
  "status:2 AND priority:>2",
  '"status:2"',
  '""',
  '"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection payload, on purpose.
  "${jndi:ldap://127.0.0.1/x}",
  "<script>alert(1)</script>",
  "{{7*7}}",
  "\r\nX-Injected: 1",
  "\u202eevil",
  "\ufeffstatus:2",
  "ｓｔａｔｕｓ:２",
  "𝕤𝕥𝕒𝕥𝕦𝕤:2",
  "e\u0301",
  "\ud800",
  "\udfff\ud800",
  "http://127.0.0.1:1/",
  "https://evil.example.com/",
  "__proto__",
  "constructor",
  "toString",
  " ",
  "",
];

const longString = fc
  .tuple(fc.string({ minLength: 1, maxLength: 3, unit: "grapheme" }), fc.integer({ min: 100, max: 3000 }))
  .map(([s, n]) => s.repeat(n));

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme" }) },
  { weight: 1, arbitrary: longString },
);

const anyJson = fc.jsonValue({ maxDepth: 3 });
const hostileValue = fc.oneof(hostileString, anyJson, fc.constantFrom(-1, 0, 1.5, 2 ** 53, 1e308, -0, true, null));

/** JSON nested far deeper than any real request. */
const deepJson = fc
  .tuple(fc.integer({ min: 500, max: 20_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => open.repeat(depth) + (open === "[" ? "]".repeat(depth) : `1${"}".repeat(depth)}`));

/** A header value `Headers` accepts: printable ASCII. */
const headerValue = fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,80}$/), fc.constantFrom("", " ", "*/*", "null"));

/** Percent-encodes anything, lone surrogates included (as bytes that are not UTF-8, which is hostile too). */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `%ED%A0%80${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ""))}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// What a clear answer is.

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One request through the Worker; a thrown exception (a 500 in production) fails the property. */
async function send(request: Request): Promise<Answer> {
  const ctx = createExecutionContext();
  let response: Response;
  try {
    response = await worker.fetch(request, env, ctx);
  } catch (error) {
    throw new Error(`the Worker threw (a 500 in production): ${String(error)}`);
  }
  const result = await answer(response);
  await waitOnExecutionContext(ctx);
  return result;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  let json: unknown;
  if (type.startsWith("text/event-stream")) {
    // SSE lines end only at CR, LF or CRLF (U+2028 inside the JSON is not a line end, unlike in a JS regex).
    const events = text
      .split(/\r\n|\r|\n/)
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice("data: ".length)));
    json = events.length === 1 ? events[0] : events;
  } else if (text) json = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, json };
}

/** The admin API: a 4xx with `{"error":{"code","message"}}`, or a 2xx for input that happens to be valid. */
function expectClearAdminAnswer(a: Answer, method: string) {
  expect(a.status, a.text).toBeLessThan(500);
  if (a.status >= 400) {
    expect(a.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect((a.json as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
  } else if (method !== "HEAD" && a.status !== 204) expect(a.json).toBeTypeOf("object");
}

type RpcMessage = { jsonrpc?: unknown; id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };

/** The MCP endpoint: a 4xx or 200 with JSON-RPC errors, results (tools/call results are isError), or a 202. */
function expectClearMcpAnswer(a: Answer, sent: { toolCall?: boolean } = {}) {
  expect(a.status, a.text).toBeLessThan(500);
  if (a.status === 202) {
    expect(a.text).toBe("");
    return;
  }
  expect([200, 400, 403, 404, 405, 406, 413, 415]).toContain(a.status);
  const messages = (Array.isArray(a.json) ? a.json : [a.json]) as RpcMessage[];
  expect(messages.length, a.text).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.jsonrpc).toBe("2.0");
    if (a.status >= 400 || m.error) {
      expect(m.error, a.text).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
      expect(String(m.error?.message).length).toBeGreaterThan(5);
    } else {
      expect(m.result, a.text).toBeTypeOf("object");
      if (sent.toolCall) expect(m.result).toMatchObject({ isError: true });
    }
  }
}

/** `/mcp` without a usable bearer token asks for one (401 with a challenge); with a bearer, it answers as `/mcp/<token>`. */
function expectHeaderTokenAnswer(a: Answer, toolCall: boolean) {
  if (a.status !== 401) return expectClearMcpAnswer(a, { toolCall });
  expect(a.headers.get("www-authenticate"), a.text).toMatch(/^Bearer/);
  expect((a.json as RpcMessage).error?.message, a.text).toMatch(/Authorization: Bearer/);
}

// ---------------------------------------------------------------------------------------------------------
// The simulator's request log: invalid input must leave it empty.

async function clearUpstreamLog() {
  await simulatorControl("requests", { method: "DELETE" });
}

async function upstreamLog(): Promise<{ method: string; path: string; search: string; tenant?: string }[]> {
  return (await simulatorControl("requests")).json();
}

async function expectNoUpstreamCalls() {
  const log = await upstreamLog();
  expect(log.map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([]);
}

/** What a valid tools/list may read: the account's field metadata, merged into the tools it lists. */
const FIELD_METADATA_PATH = /^\/api\/v2\/([a-z_]+_fields|[a-z_]+\/form)$/;

function listsTools(raw: string): boolean {
  const value = parsed(raw);
  return (Array.isArray(value) ? value : [value]).some(
    (m) => (m as { method?: unknown } | null)?.method === "tools/list",
  );
}

/** After one generated request: nothing reached Freshservice but, for a tools/list, field metadata reads. */
async function expectNoUpstreamCallsFor(raw: string) {
  const log = await upstreamLog();
  // Cleared before the check: a failing case's calls must not be blamed on the cases fast-check shrinks to.
  if (log.length) await clearUpstreamLog();
  const unexpected = log.filter((r) => !(listsTools(raw) && r.method === "GET" && FIELD_METADATA_PATH.test(r.path)));
  expect(unexpected.map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([]);
}

type Body = string | ReadableStream<Uint8Array>;

function adminRequest(
  method: string,
  path: string,
  body?: Body,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return send(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body: method === "GET" || method === "HEAD" ? undefined : body,
    }),
  );
}

function mcpRequest(url: string, body: Body, headers: Record<string, string> = MCP_HEADERS, method = "POST") {
  return send(new Request(url, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body }));
}

// ---------------------------------------------------------------------------------------------------------

function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

const FRESHSERVICE_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.freshservice\.com$/;
const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** What the admin properties may change at will; the MCP properties use their own account and URLs. */
let scratchAccountId: string;
let scratchServerId: string;
let fullUrl: string;
let readOnlyUrl: string;
let toolNames: string[];
let idTools: string[];

// The Worker's log lines are not printed (a soak makes millions) but each is checked for secrets.
const leaks: string[] = [];
const secrets = [ADMIN_TOKEN, "sim-api-key", SECOND_TENANT_API_KEY];
const logSpies = (["log", "error", "warn"] as const).map((level) =>
  vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    const line = args.map(String).join(" ");
    if (secrets.some((secret) => line.includes(secret))) leaks.push(line.slice(0, 300));
  }),
);

afterAll(() => {
  for (const spy of logSpies) spy.mockRestore();
  expect(leaks).toEqual([]);
});

beforeAll(async () => {
  ({ id: scratchAccountId } = await createAccount());
  scratchServerId = (await mint(scratchAccountId)).id;
  const { id: accountId } = await createAccount();
  const full = await mint(accountId);
  fullUrl = full.url;
  readOnlyUrl = (await mint(accountId, { config: { methods: ["read"] } })).url;
  for (const url of [fullUrl, readOnlyUrl]) secrets.push(url.split("/mcp/")[1] ?? url);
  // tools/list loads the account's field metadata once (then it is cached): later upstream calls are ours.
  const listed = await mcpRequest(fullUrl, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
  const tools = (listed.json as { result: { tools: { name: string; inputSchema: { required?: string[] } }[] } }).result
    .tools;
  toolNames = tools.map((t) => t.name);
  idTools = tools.filter((t) => t.inputSchema.required?.includes("id")).map((t) => t.name);
  expect(toolNames.length).toBeGreaterThan(50);
  expect(idTools.length).toBeGreaterThan(10);
  await mcpRequest(readOnlyUrl, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
});

describe("admin API under generated hostile requests", () => {
  const domainLike = fc.oneof(
    hostileString,
    fc.constantFrom(
      "acme.freshservice.com.evil.com",
      "freshservice.com",
      "127.0.0.1",
      "[::1]",
      "user@acme.freshservice.com",
      "acme.freshservice.com@evil.com",
      "https://acme.freshservice.com",
      "acme.freshservice.com:443",
      "acme.freshservicе.com",
      "ａｃｍｅ.freshservice.com",
      "acme．freshservice．com",
      "ACME.FRESHSERVICE.COM",
      " acme.freshservice.com ",
    ),
    fc.stringMatching(/^[a-z0-9-]{1,20}$/).map((s) => `${s}.freshservice.com`),
  );
  const baseUrlLike = fc.oneof(
    hostileString,
    fc.constantFrom(
      "http://127.0.0.1:8790",
      "http://localhost:8790/",
      "http://[::1]:8790",
      "http://127.0.0.1.evil.com",
      "http://evil.com#@127.0.0.1",
      "http://127.0.0.1@evil.com",
      "http://user:pass@127.0.0.1:8790",
      "http://[::ffff:127.0.0.1]",
      "http://0x7f000001",
      "http://169.254.169.254/latest",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "http://127.0.0.1:8790/api/v2?x=1",
    ),
  );
  const accountBody = fc.oneof(
    anyJson,
    fc.record(
      { name: hostileValue, domain: fc.oneof(domainLike, anyJson), api_key: hostileValue, base_url: baseUrlLike },
      { requiredKeys: [] },
    ),
    fc.record({ domain: domainLike, api_key: fc.stringMatching(/^[\x21-\x7e]{8,20}$/) }),
    fc.dictionary(hostileString, anyJson, { maxKeys: 5 }),
  );
  const rawBody = fc.oneof(
    { weight: 6, arbitrary: accountBody.map((b) => JSON.stringify(b)) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: deepJson },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 16_385, max: 200_000 }).map((n) => JSON.stringify({ name: "x".repeat(n) })),
    },
  );

  it(
    "POST /integrated-account: every answer clear, and no account on a domain other than *.freshservice.com",
    async () => {
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(rawBody, async (body) => {
          const a = await adminRequest("POST", "/integrated-account", body);
          expectClearAdminAnswer(a, "POST");
          expect([201, 400, 413]).toContain(a.status);
          if (a.status === 201) {
            const created = a.json as { domain: string; base_url: string | null; api_key?: unknown };
            expect(created.domain).toMatch(FRESHSERVICE_DOMAIN);
            if (created.base_url !== null) expect(created.base_url).toMatch(LOOPBACK_ORIGIN);
            expect(created.api_key).toBeUndefined();
          }
        }),
        assertOptions("accountBodies"),
      );
      // A body that passes validation is checked against Freshservice with one read; nothing else is sent.
      const log = await upstreamLog();
      expect(
        log
          .filter(
            (r) => `${r.method} ${r.path}${r.search}` !== `${VERIFY_REQUEST.method} ${VERIFY_REQUEST.pathAndQuery}`,
          )
          .map((r) => `${r.method} ${r.path}${r.search}`),
      ).toEqual([]);
    },
    timeout("accountBodies"),
  );

  it(
    "any method on any admin path with hostile ids and queries: a clear answer, never a 5xx",
    async () => {
      const id = fc.oneof(hostileString, fc.uuid(), fc.constant("REAL"));
      const route = fc.oneof(
        fc.tuple(id).map(([a]) => `/integrated-account/${a}`),
        fc.tuple(id).map(([a]) => `/integrated-account/${a}/mcp`),
        fc.tuple(id, id).map(([a, m]) => `/integrated-account/${a}/mcp/${m}`),
        fc.tuple(id, hostileString).map(([a, rest]) => `/integrated-account/${a}/${rest}`),
      );
      const query = fc.option(
        fc.record(
          { limit: fc.oneof(hostileString, fc.integer().map(String)), cursor: hostileString },
          { requiredKeys: [] },
        ),
      );
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS"),
          route,
          query,
          fc.option(
            fc.oneof(
              anyJson.map((b) => JSON.stringify(b)),
              hostileString,
            ),
          ),
          async (method, template, q, body) => {
            // "REAL" stands for the scratch account (and its MCP server); the scratch account is not deleted.
            const path = template
              .split("/")
              .map((segment, i) => {
                if (segment !== "REAL") return i < 2 ? segment : encodeSegment(segment);
                return i === 2 ? scratchAccountId : scratchServerId;
              })
              .join("/");
            if (method === "DELETE" && path.includes(scratchAccountId)) return;
            const search = q
              ? `?${Object.entries(q)
                  .map(([k, v]) => `${k}=${encodeSegment(v)}`)
                  .join("&")}`
              : "";
            const a = await adminRequest(method, `${path}${search}`, body ?? undefined);
            expectClearAdminAnswer(a, method);
          },
        ),
        assertOptions("adminRoutes"),
      );
      await expectNoUpstreamCalls();
    },
    timeout("adminRoutes"),
  );

  it(
    "minting and changing MCP servers with hostile bodies: a clear answer, never a 5xx",
    async () => {
      const filterList = fc.oneof(
        anyJson,
        fc.array(fc.oneof(hostileString, fc.constantFrom("read", "write", "custom", "tickets", "READ", " read")), {
          maxLength: 60,
        }),
      );
      const count = fc.oneof(hostileValue, fc.integer(), fc.integer({ min: 1, max: 5_000_000 }));
      const body = fc.oneof(
        anyJson,
        fc.record(
          {
            name: hostileValue,
            config: fc.oneof(
              anyJson,
              fc.record(
                {
                  methods: filterList,
                  tags: filterList,
                  require_api_token_auth: hostileValue,
                  max_requests_per_minute: count,
                  max_result_bytes: count,
                  workspace_id: count,
                },
                { requiredKeys: [] },
              ),
            ),
            expires_at: fc.oneof(
              hostileValue,
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              fc.constantFrom("2999-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "2026-13-45T99:99:99Z"),
            ),
          },
          { requiredKeys: [] },
        ),
      );
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("POST", "PATCH"),
          fc.oneof(
            { weight: 8, arbitrary: body.map((b) => JSON.stringify(b)) },
            { weight: 1, arbitrary: hostileString },
            { weight: 1, arbitrary: deepJson },
          ),
          async (method, raw) => {
            const path =
              method === "POST"
                ? `/integrated-account/${scratchAccountId}/mcp`
                : `/integrated-account/${scratchAccountId}/mcp/${scratchServerId}`;
            const a = await adminRequest(method, path, raw);
            expectClearAdminAnswer(a, method);
            if (a.status < 300) {
              const server = a.json as { config: Record<string, unknown> & { methods?: string[] } };
              for (const m of server.config.methods ?? []) expect(typeof m).toBe("string");
              // Numbers that were accepted are whole and positive; null and out-of-range values never are stored.
              for (const key of ["max_requests_per_minute", "max_result_bytes", "workspace_id"]) {
                const value = server.config[key];
                if (value !== undefined) expect(Number.isSafeInteger(value) && (value as number) >= 1, key).toBe(true);
              }
            }
          },
        ),
        assertOptions("serverBodies"),
      );
      await expectNoUpstreamCalls();
    },
    timeout("serverBodies"),
  );

  it(
    "hostile Authorization and Content-Type headers: 401 or 415, never a 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(headerValue, headerValue, async (authorization, contentType) => {
          fc.pre(authorization.trim() !== `Bearer ${ADMIN_TOKEN}`);
          const a = await send(
            new Request(`${ORIGIN}/integrated-account`, {
              method: "POST",
              headers: { authorization, "content-type": contentType },
              body: JSON.stringify({ domain: "acme.freshservice.com", api_key: "sim-api-key" }),
            }),
          );
          expectClearAdminAnswer(a, "POST");
          expect(a.status).toBe(401);
        }),
        assertOptions("adminHeaders"),
      );
    },
    timeout("adminHeaders"),
  );
});

describe("MCP endpoint under generated hostile requests", () => {
  /** A tool name, or something close to one: case, whitespace, unicode and separator variants. */
  const toolNameVariant = () =>
    fc.oneof(
      fc.constantFrom(...toolNames),
      fc
        .tuple(
          fc.constantFrom(...toolNames),
          fc.constantFrom(
            (n: string) => n.toUpperCase(),
            (n: string) => ` ${n}`,
            (n: string) => `${n}\u0000`,
            (n: string) => `${n}\u200b`,
            (n: string) => n.replace(/_/g, "-"),
            (n: string) => n.replace(/a/g, "а"),
            (n: string) => n.normalize("NFKD").replace(/e/g, "e\u0301"),
            (n: string) => `${n}/../${n}`,
          ),
        )
        .map(([n, f]) => f(n)),
      hostileString,
    );
  /** Arguments no tool accepts: an argument name no schema declares, plus anything else. */
  const invalidArguments = fc
    .tuple(
      fc.dictionary(fc.oneof(hostileString, fc.constantFrom("id", "query", "limit")), hostileValue, { maxKeys: 4 }),
      hostileString,
      hostileValue,
    )
    .map(([args, key, value]) => ({ ...args, [`fuzz_${key}`]: value }));
  const toolCallParams = () =>
    fc.oneof(
      anyJson,
      // (`arguments: null` is not an object, as in the SDK lane; only an absent field means no arguments.)
      fc.record({
        name: toolNameVariant(),
        arguments: fc.oneof(invalidArguments, fc.constant(null), anyJson.filter(notAnObject)),
      }),
      fc.record({ name: fc.oneof(anyJson, fc.array(fc.constantFrom(...toolNames))), arguments: invalidArguments }),
    );
  const method = fc.oneof(
    fc.constantFrom(
      "initialize",
      "ping",
      "tools/list",
      "tools/call",
      "notifications/initialized",
      "notifications/cancelled",
      "resources/list",
      "prompts/list",
      "logging/setLevel",
      "completion/complete",
      "TOOLS/CALL",
      "tools/call ",
      "tools/call\u0000",
      "tools/list/../call",
    ),
    hostileString,
  );
  const message = () =>
    fc
      .record(
        {
          jsonrpc: fc.oneof(fc.constant("2.0"), hostileValue),
          id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), anyJson),
          method,
          params: anyJson,
        },
        { requiredKeys: ["method"] },
      )
      .chain((m) =>
        m.method === "tools/call" ? toolCallParams().map((params) => ({ ...m, params })) : fc.constant(m),
      );

  it(
    "raw bodies (not JSON, any JSON, deep JSON, batches): a clear answer, never a 5xx, no upstream call",
    async () => {
      const body = fc.oneof(
        { weight: 3, arbitrary: hostileString },
        { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
        { weight: 3, arbitrary: message().map((m) => JSON.stringify(m)) },
        { weight: 2, arbitrary: fc.array(message(), { maxLength: 4 }).map((b) => JSON.stringify(b)) },
        { weight: 1, arbitrary: deepJson },
        {
          weight: 1,
          arbitrary: deepJson.map((deep) =>
            JSON.stringify({
              jsonrpc: "2.0",
              id: 1,
              method: "tools/call",
              params: { name: toolNames[0], arguments: {} },
            }).replace("{}", `{"fuzz":${deep}}`),
          ),
        },
      );
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(fullUrl, readOnlyUrl), body, async (url, raw) => {
          const a = await mcpRequest(url, raw);
          expectClearMcpAnswer(a, { toolCall: raw.includes('"tools/call"') });
          await expectNoUpstreamCallsFor(raw);
        }),
        assertOptions("mcpBodies"),
      );
    },
    timeout("mcpBodies"),
  );

  it(
    "JSON-RPC messages with hostile methods, ids and params: a clear answer, no upstream call",
    async () => {
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(fullUrl, readOnlyUrl), message(), async (url, m) => {
          const a = await mcpRequest(url, JSON.stringify(m));
          expectClearMcpAnswer(a, { toolCall: m.method === "tools/call" });
          await expectNoUpstreamCallsFor(JSON.stringify(m));
        }),
        assertOptions("mcpMessages"),
      );
    },
    timeout("mcpMessages"),
  );

  it(
    "tools/call with hostile arguments (ids, unknown arguments, wrong types): an isError result, no upstream call",
    async () => {
      const hostileId = hostileValue.filter((v) => !(typeof v === "number" && Number.isSafeInteger(v) && v >= 1));
      const call = fc.oneof(
        fc.record({ name: fc.constantFrom(...idTools), arguments: fc.record({ id: hostileId }) }),
        fc.record({ name: fc.constantFrom(...toolNames), arguments: invalidArguments }),
        fc.record({
          name: fc.constantFrom(...idTools),
          arguments: fc
            .tuple(hostileId, fc.dictionary(fc.string(), hostileValue))
            .map(([id, rest]) => ({ ...rest, id })),
        }),
        fc.record({
          name: fc.constant("list_all_freshservice_tickets"),
          arguments: fc.record({
            // A null limit is the argument left out (what strict-mode clients send), a valid call: null-arguments.test.ts.
            limit: hostileValue.filter(
              (v) => v !== null && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100),
            ),
          }),
        }),
        fc.record({
          name: fc.constant("list_all_freshservice_tickets"),
          arguments: fc.record({ next_cursor: hostileString }),
        }),
      );
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(call, fc.boolean(), async (params, sse) => {
          const headers = sse ? { ...MCP_HEADERS, accept: "text/event-stream, application/json;q=0.5" } : MCP_HEADERS;
          const a = await mcpRequest(
            fullUrl,
            JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params }),
            headers,
          );
          expectClearMcpAnswer(a, { toolCall: true });
          const m = a.json as { result?: { content: { text: string }[] }; error?: unknown };
          if (m.result) expect(m.result.content[0]?.text).toMatch(/Freshservice was not called/);
          await expectNoUpstreamCallsFor("");
        }),
        assertOptions("toolArguments"),
      );
    },
    timeout("toolArguments"),
  );

  it("found by fuzzing: a lone surrogate in an argument name or value is a tool error, not a crash", async () => {
    await clearUpstreamLog();
    for (const args of [
      { "fuzz_\ud800": 1 },
      { id: 1, "\udfff": "x" },
      { query: "status:2 \ud800" },
      { search_term: "\udc00" },
    ])
      for (const name of [
        "list_all_freshservice_tickets",
        "get_single_freshservice_ticket_by_id",
        "freshservice_solution_article_search",
        // ChatGPT's search and fetch run in the Worker (local tools): the same refusal.
        "search",
        "fetch",
      ]) {
        const a = await mcpRequest(
          fullUrl,
          JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
        );
        expectClearMcpAnswer(a, { toolCall: true });
        expect(JSON.stringify(a.json)).toMatch(/Freshservice was not called/);
      }
    await expectNoUpstreamCalls();
  });

  it(
    "hostile tokens, methods and headers: a clear 4xx (or an answer), never a 5xx, no upstream call",
    async () => {
      const token = fc.oneof(
        fc.constant("REAL"),
        hostileString.map(encodeSegment).filter((t) => t !== ""),
        fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      );
      const headers = fc.record(
        {
          "content-type": fc.oneof(
            fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain"),
            headerValue,
          ),
          accept: fc.oneof(
            fc.constantFrom("application/json, text/event-stream", "text/event-stream", "application/json", "*/*"),
            headerValue,
          ),
          "mcp-protocol-version": fc.oneof(fc.constantFrom("2025-06-18", "2025-03-26", "1999-01-01"), headerValue),
          origin: fc.oneof(
            fc.constantFrom(ORIGIN, "https://chatgpt.com", "https://evil.example.com", "null"),
            headerValue,
          ),
          authorization: headerValue,
        },
        { requiredKeys: [] },
      );
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(
          token,
          fc.constantFrom("POST", "POST", "POST", "GET", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"),
          headers,
          message(),
          async (t, method, h, m) => {
            const url = t === "REAL" ? readOnlyUrl : `${ORIGIN}/mcp/${t}`;
            const a = await mcpRequest(url, JSON.stringify(m), h, method);
            await expectNoUpstreamCallsFor(JSON.stringify(m));
            if (method === "HEAD") {
              expect(a.status).toBeLessThan(500);
              return;
            }
            const { pathname } = new URL(url);
            // A token of "." (or %2e) is normalized to `/mcp/`: the endpoint that takes the token as a bearer header.
            if (/^\/mcp\/?$/.test(pathname)) {
              expectHeaderTokenAnswer(a, m.method === "tools/call");
              return;
            }
            // A token of ".." (or its %2e forms) climbs out of /mcp/: not an MCP endpoint at all.
            if (!/^\/mcp\/[^/]+\/?$/.test(pathname)) {
              expect(a.status).toBe(404);
              expectClearAdminAnswer(a, method);
              return;
            }
            expectClearMcpAnswer(a, { toolCall: m.method === "tools/call" });
          },
        ),
        assertOptions("mcpTransport"),
      );
    },
    timeout("mcpTransport"),
  );

  it(
    "oversized bodies are refused with 413 while being read, on both endpoints",
    async () => {
      await clearUpstreamLog();
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1024 * 1024 + 1, max: 4 * 1024 * 1024 }),
          fc.boolean(),
          async (size, declareLength) => {
            const pad = "x".repeat(size);
            const body = JSON.stringify({
              jsonrpc: "2.0",
              id: 1,
              method: "tools/call",
              params: { name: toolNames[0], arguments: { pad } },
            });
            // Without a Content-Length, the cap has to be enforced while streaming.
            const asBody = (): Body => (declareLength ? body : new Blob([body]).stream());
            const mcp = await mcpRequest(fullUrl, asBody());
            expectClearMcpAnswer(mcp);
            expect(mcp.status).toBe(413);
            const adminAnswer = await adminRequest("POST", "/integrated-account", asBody());
            expectClearAdminAnswer(adminAnswer, "POST");
            expect(adminAnswer.status).toBe(413);
          },
        ),
        assertOptions("oversized"),
      );
      await expectNoUpstreamCalls();
    },
    timeout("oversized"),
  );
});

describe("filter and query values reach Freshservice as one encoded parameter, whatever they contain", () => {
  const FILTER_QUERY_MAX_LENGTH = 512;
  /** [tool, argument, path it goes to, is it a filter (quoted)] */
  const TARGETS: [string, string, string, boolean][] = [
    ["list_all_freshservice_tickets", "query", "/api/v2/tickets/filter", true],
    ["list_all_freshservice_assets", "filter", "/api/v2/assets", true],
    ["list_all_freshservice_assets", "search", "/api/v2/assets", true],
    ["list_all_freshservice_agents", "query", "/api/v2/agents", true],
    ["list_all_freshservice_requesters", "query", "/api/v2/requesters", true],
    ["list_all_freshservice_departments", "query", "/api/v2/departments", true],
    ["list_all_freshservice_locations", "query", "/api/v2/locations", true],
    ["freshservice_solution_article_search", "search_term", "/api/v2/solutions/articles/search", false],
    ["list_all_freshservice_tickets", "type", "/api/v2/tickets", false],
  ];
  let globexUrl: string;

  beforeAll(async () => {
    // The second tenant: its rate limit is out of reach, so every call here really reaches the simulator.
    const { id } = await createAccount({ name: "Globex", api_key: SECOND_TENANT_API_KEY });
    globexUrl = (await mint(id, { config: { methods: ["read"] } })).url;
    secrets.push(globexUrl.split("/mcp/")[1] ?? globexUrl);
    await mcpRequest(globexUrl, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
  });

  it(
    "no value adds a parameter, changes the path or breaks out of its quotes",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TARGETS), hostileString, async ([tool, arg, path, isFilter], value) => {
          await clearUpstreamLog();
          const a = await mcpRequest(
            globexUrl,
            JSON.stringify({
              jsonrpc: "2.0",
              id: 1,
              method: "tools/call",
              params: { name: tool, arguments: { [arg]: value } },
            }),
          );
          expectClearMcpAnswer(a);
          const result = (a.json as { result: { isError: boolean; content: { text: string }[] } }).result;
          const log = await upstreamLog();
          if (result.isError && /Freshservice was not called/.test(result.content[0]?.text ?? "")) {
            expect(log).toEqual([]);
            return;
          }
          expect(log).toHaveLength(1);
          const [request] = log as [{ method: string; path: string; search: string; tenant?: string }];
          expect(request.tenant).toBe(SECOND_TENANT_API_KEY);
          expect(request.method).toBe("GET");
          const params = new URLSearchParams(request.search);
          if (value === "") {
            expect([...params.keys()]).toEqual([]);
            return;
          }
          expect(request.path).toBe(path);
          expect([...params.keys()]).toEqual([arg]);
          const sent = params.get(arg) ?? "";
          if (isFilter) {
            const trimmed = value.trim();
            const expected =
              trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed : `"${trimmed}"`;
            expect(sent).toBe(expected);
            expect(sent.length).toBeLessThanOrEqual(FILTER_QUERY_MAX_LENGTH);
          } else expect(sent).toBe(value);
        }),
        assertOptions("filterValues"),
      );
    },
    timeout("filterValues"),
  );
});

function notAnObject(value: unknown): boolean {
  return value === null || typeof value !== "object" || Array.isArray(value);
}
