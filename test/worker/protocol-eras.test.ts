/**
 * Both protocol eras on one URL, the Accept rules and batches, at the HTTP level: what a 2026-07-28 client sends
 * (server/discover, the `_meta` envelope, Mcp-Method/Mcp-Name), what a 2025-era client sends, and what neither may.
 */
import { describe, expect, it } from "vitest";
import { createAccount, dispatch, MCP_HEADERS, mcpPost, mint, rpc, rpcBody, simulatorRequests } from "./helpers";

const MODERN = "2026-07-28";
const ENVELOPE = {
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "test", version: "1" },
};

async function url(config: Record<string, unknown> = { methods: ["read"], tags: ["tickets"] }) {
  const { id } = await createAccount();
  return (await mint(id, { config })).url;
}

let nextId = 1000;
/** One 2026-07-28 request: the envelope in `_meta`, the standard headers, overridable. */
function modern(
  to: string,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const id = nextId++;
  // Mcp-Name mirrors what the call names: a tool, a prompt, a resource's URI.
  const named = params.name ?? params.uri;
  const name: Record<string, string> = typeof named === "string" ? { "mcp-name": named } : {};
  const body = JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } });
  return {
    id,
    response: dispatch(
      mcpPost(to, body, { "mcp-protocol-version": MODERN, "mcp-method": method, ...name, ...headers }),
    ),
  };
}

/** A JSON-RPC answer as tests read it: loosely typed, every field checked by the assertions. */
interface Answer {
  id?: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: the assertions check the shape
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

async function json(response: Promise<Response> | Response) {
  const r = await response;
  return { status: r.status, headers: r.headers, body: (await r.json()) as Answer };
}

describe("the 2026-07-28 era", () => {
  it("server/discover names the modern revision, the tools capability and a private cache hint", async () => {
    const { id, response } = modern(await url(), "server/discover");
    const { status, body } = await json(response);
    expect(status).toBe(200);
    expect(body.id).toBe(id);
    expect(body.result).toMatchObject({
      resultType: "complete",
      supportedVersions: [MODERN],
      capabilities: { tools: {} },
      cacheScope: "private",
      ttlMs: expect.any(Number),
      _meta: { "io.modelcontextprotocol/serverInfo": { name: "freshservice-mcp" } },
    });
  });

  it("tools/list carries ttlMs and a private cacheScope; the 2025 answer is unchanged", async () => {
    const to = await url();
    const now = await json(modern(to, "tools/list").response);
    expect(now.body.result).toMatchObject({ resultType: "complete", cacheScope: "private", ttlMs: 300_000 });
    const before = await json(rpc(to, "tools/list"));
    expect(Object.keys(before.body.result)).toEqual(["tools"]);
    expect(now.body.result.tools).toEqual(before.body.result.tools);
  });

  it("tools/call streams from the tool lane: rate-limit headers, resultType, the request's id", async () => {
    const { id, response } = modern(await url(), "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 58 },
    });
    const { status, headers, body } = await json(response);
    expect(status).toBe(200);
    expect(headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    expect(body).toMatchObject({ id, result: { resultType: "complete", isError: false } });
    expect(JSON.parse(body.result.content[0].text)).toMatchObject({ ticket: { id: 58 } });
  });

  it("Mcp-Name is compared with the body after trimming whitespace (RFC 9110)", async () => {
    const params = { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } };
    const { body } = await json(
      modern(await url(), "tools/call", params, { "mcp-name": `  ${params.name}\t` }).response,
    );
    expect(body.result).toMatchObject({ isError: false });
  });

  it.each([
    ["an Mcp-Method that is not the body's", "tools/list", {}, { "mcp-method": "tools/call" }],
    [
      "an Mcp-Name that is not the body's",
      "tools/call",
      { name: "list_all_freshservice_tickets" },
      { "mcp-name": "x" },
    ],
    ["no Mcp-Name on a tools/call", "tools/call", { name: "list_all_freshservice_tickets" }, { "mcp-name": "" }],
    ["no Mcp-Method", "tools/list", {}, { "mcp-method": "" }],
    ["an MCP-Protocol-Version that is not the envelope's", "tools/list", {}, { "mcp-protocol-version": "2025-11-25" }],
  ] as [string, string, { name?: string }, Record<string, string>][])(
    "%s: 400 with the request's id, and Freshservice is not called",
    async (_, method, params, headers) => {
      // After the account is made: saving it checks the key with one read of its own.
      const to = await url();
      const before = (await simulatorRequests()).length;
      const id = nextId++;
      // The standard headers with one overridden; an empty value leaves the header out.
      const sent = Object.fromEntries(
        Object.entries({
          "mcp-protocol-version": MODERN,
          "mcp-method": method,
          ...(typeof params.name === "string" ? { "mcp-name": params.name } : {}),
          ...headers,
        }).filter(([, v]) => v !== ""),
      );
      const body = JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: ENVELOPE } });
      const answer = await json(
        dispatch(new Request(to, { method: "POST", headers: { ...MCP_HEADERS, ...sent }, body })),
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ id, error: { code: expect.any(Number) } });
      expect((await simulatorRequests()).length).toBe(before);
    },
  );

  it("an envelope without clientCapabilities is -32602 with the request's id", async () => {
    const to = await url();
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 7,
      method: "tools/list",
      params: { _meta: { "io.modelcontextprotocol/protocolVersion": MODERN } },
    });
    const answer = await json(
      dispatch(mcpPost(to, body, { "mcp-protocol-version": MODERN, "mcp-method": "tools/list" })),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ id: 7, error: { code: -32602 } });
  });

  it("a revision the server doesn't speak gets -32022 naming the ones it does, so a client can fall back", async () => {
    const to = await url();
    const future = { ...ENVELOPE, "io.modelcontextprotocol/protocolVersion": "2099-01-01" };
    const body = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list", params: { _meta: future } });
    const answer = await json(
      dispatch(mcpPost(to, body, { "mcp-protocol-version": "2099-01-01", "mcp-method": "tools/list" })),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      id: 9,
      error: { code: -32022, data: { supported: [MODERN], requested: "2099-01-01" } },
    });
  });

  it("methods the revision dropped or the server lacks are method-not-found", async () => {
    const to = await url();
    for (const method of ["ping", "initialize", "logging/setLevel", "completion/complete"]) {
      const { id, response } = modern(to, method);
      const { body } = await json(response);
      expect(body, method).toMatchObject({ id, error: { code: -32601 } });
    }
  });

  it("prompts and resources are empty lists with cache hints; reading a resource is -32602", async () => {
    const to = await url();
    for (const [method, key] of [
      ["prompts/list", "prompts"],
      ["resources/list", "resources"],
      ["resources/templates/list", "resourceTemplates"],
    ]) {
      const { body } = await json(modern(to, method as string).response);
      expect(body.result, method).toEqual(expect.objectContaining({ [key as string]: [], cacheScope: "private" }));
    }
    const { id, response } = modern(to, "resources/read", { uri: "file:///etc/passwd" });
    expect((await json(response)).body).toMatchObject({ id, error: { code: -32602 } });
  });
});

describe("the 2025 era", () => {
  it("an unknown MCP-Protocol-Version is a 400 that names every version spoken", async () => {
    const answer = await json(rpc(await url(), "tools/list", undefined, { "mcp-protocol-version": "1999-01-01" }));
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toContain("2025-11-25");
    expect(answer.body.error?.message).toContain("2025-03-26");
  });
});

describe("Accept", () => {
  it.each([
    ["no Accept", undefined, "application/json"],
    ["application/json alone", "application/json", "application/json"],
    ["any type", "*/*", "application/json"],
    ["both, JSON first", "application/json, text/event-stream", "application/json"],
    ["SSE ranked first", "text/event-stream, application/json;q=0.5", "text/event-stream"],
    ["SSE alone", "text/event-stream", "text/event-stream"],
  ])("%s → %s, for the SDK's answers and the tool lane's", async (_, accept, type) => {
    const to = await url();
    const headers = new Headers({ "content-type": "application/json" });
    if (accept !== undefined) headers.set("accept", accept);
    const call = { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } };
    for (const [method, params] of [
      ["tools/list", undefined],
      ["tools/call", call],
    ] as const) {
      const response = await dispatch(new Request(to, { method: "POST", headers, body: rpcBody(method, params) }));
      expect(response.status, method).toBe(200);
      expect(response.headers.get("content-type"), method).toContain(type);
      const text = await response.text();
      const message = JSON.parse(type === "text/event-stream" ? (text.match(/^data: (.*)$/m)?.[1] ?? "") : text);
      expect(message.result, method).toBeDefined();
    }
  });
});

describe("batches", () => {
  const list = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/list" });

  it("100 tools/list in one 5 KB POST are refused, not answered with tens of megabytes", async () => {
    const to = await url({});
    const body = JSON.stringify(Array.from({ length: 100 }, (_, i) => list(i)));
    expect(body.length).toBeLessThan(5_000);
    const response = await dispatch(mcpPost(to, body));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(1_000);
    expect(JSON.parse(text)).toMatchObject({ error: { code: -32600, message: expect.stringContaining("at most 10") } });
  });

  it.each(["2025-06-18", "2025-11-25", "2024-11-05"])("revision %s has no batches: 400", async (version) => {
    const response = await dispatch(
      mcpPost(await url(), JSON.stringify([list(1), list(2)]), { "mcp-protocol-version": version }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: -32600, message: expect.stringContaining("one message per request") },
    });
  });

  it("2025-03-26 (or no version header) answers a small batch message by message, notifications unanswered", async () => {
    const to = await url();
    const call = {
      jsonrpc: "2.0",
      id: "c",
      method: "tools/call",
      params: { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } },
    };
    const batch = [
      list(1),
      { jsonrpc: "2.0", method: "notifications/initialized" },
      call,
      { jsonrpc: "2.0", id: 3, method: "ping" },
    ];
    for (const headers of [{}, { "mcp-protocol-version": "2025-03-26" }] as Record<string, string>[]) {
      const response = await dispatch(mcpPost(to, JSON.stringify(batch), headers));
      expect(response.status).toBe(200);
      const answers = (await response.json()) as Answer[];
      expect(answers.map((a) => a.id)).toEqual([1, "c", 3]);
      expect(answers[0]?.result.tools.length).toBeGreaterThan(5);
      expect(JSON.parse(answers[1]?.result.content[0].text)).toMatchObject({ ticket: { id: 58 } });
      expect(answers[2]?.result).toEqual({});
    }
  });

  it("initialize can't be batched, and a batch of 2026-07-28 messages is refused", async () => {
    const to = await url();
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    expect((await dispatch(mcpPost(to, JSON.stringify([init, list(2)])))).status).toBe(400);
    const modernList = { ...list(3), params: { _meta: ENVELOPE } };
    expect((await dispatch(mcpPost(to, JSON.stringify([modernList])))).status).toBe(400);
    expect((await dispatch(mcpPost(to, "[]"))).status).toBe(400);
  });
});
