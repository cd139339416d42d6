/**
 * Real clients' request sequences against the Worker in workerd: a 2026-07-28 client (server/discover, then
 * calls with Mcp-Method/Mcp-Name and the `_meta` envelope), dual-era clients that negotiate or fall back, a
 * client that accepts only JSON, the SDK's 2025 client, and the Inspector CLI in each of its protocol eras.
 */
import { execFile } from "node:child_process";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintServer, type Stack, startStack } from "./stack";

const MODERN = "2026-07-28";
const TICKET_CALL = { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } };

let stack: Stack;
let url: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  stack = await startStack();
  ({ url } = await mintServer(stack, { config: { methods: ["read"], tags: ["tickets"] } }));
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await stack?.stop();
});

interface Sent {
  method?: string;
  headers: Headers;
  meta?: Record<string, unknown>;
  status: number;
  contentType: string | null;
}

/** A fetch that records what a client sends and what it gets back, optionally rewriting the request's headers. */
function recordingFetch(sent: Sent[], rewrite: (headers: Headers) => void = () => {}) {
  return async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    rewrite(headers);
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const response = await fetch(input, { ...init, headers });
    sent.push({
      method: body?.method,
      headers,
      meta: body?.params?._meta,
      status: response.status,
      contentType: response.headers.get("content-type"),
    });
    return response;
  };
}

type TextResult = { content: { type: string; text: string }[]; isError?: boolean; _meta?: Record<string, unknown> };

function expectTicket(result: unknown) {
  const call = result as TextResult;
  expect(call.isError, call.content[0]?.text).toBeFalsy();
  expect(call.content).toHaveLength(1);
  expect(JSON.parse(call.content[0]?.text ?? "{}")).toMatchObject({ ticket: { id: 58 } });
  // Plenty of calls are left: no _meta (the rate-limit figures travel in the HTTP headers).
  expect(call).not.toHaveProperty("_meta");
}

async function connectV2(options: ConstructorParameters<typeof ClientV2>[1], sent: Sent[]) {
  const client = new ClientV2({ name: "e2e-client-v2", version: "1.0.0" }, options);
  await client.connect(new TransportV2(new URL(url), { fetch: recordingFetch(sent) }));
  closers.push(() => client.close());
  return client;
}

describe("a 2026-07-28 client (the SDK's 2.x client pinned to the revision)", () => {
  it("discovers, then lists and calls with the standard headers and the _meta envelope", async () => {
    const sent: Sent[] = [];
    const client = await connectV2({ versionNegotiation: { mode: { pin: MODERN } } }, sent);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    expectTicket(await client.callTool(TICKET_CALL));

    expect(sent.map((s) => s.method)).toEqual(["server/discover", "tools/list", "tools/call"]);
    for (const request of sent) {
      expect(request.status, request.method).toBe(200);
      expect(request.headers.get("mcp-protocol-version")).toBe(MODERN);
      expect(request.headers.get("mcp-method")).toBe(request.method);
      expect(request.meta?.["io.modelcontextprotocol/protocolVersion"]).toBe(MODERN);
    }
    expect(sent[2]?.headers.get("mcp-name")).toBe(TICKET_CALL.name);
  });
});

describe("dual-era clients", () => {
  it("auto negotiation finds the 2026-07-28 revision and never sends initialize", async () => {
    const sent: Sent[] = [];
    const client = await connectV2({ versionNegotiation: { mode: "auto" } }, sent);
    expectTicket(await client.callTool(TICKET_CALL));
    expect(sent.map((s) => s.method)).toEqual(["server/discover", "tools/call"]);
  });

  it("a client whose newest revision the server lacks falls back to one it names (-32022)", async () => {
    const sent: Sent[] = [];
    const client = await connectV2(
      { versionNegotiation: { mode: "auto" }, supportedProtocolVersions: ["2099-01-01", MODERN, "2025-11-25"] },
      sent,
    );
    expectTicket(await client.callTool(TICKET_CALL));
    expect(sent.map((s) => [s.method, s.headers.get("mcp-protocol-version"), s.status])).toEqual([
      ["server/discover", "2099-01-01", 400],
      ["server/discover", MODERN, 200],
      ["tools/call", MODERN, 200],
    ]);
  });

  it("the 2.x client in its default (2025) mode does the initialize handshake", async () => {
    const sent: Sent[] = [];
    const client = await connectV2({}, sent);
    expectTicket(await client.callTool(TICKET_CALL));
    expect(sent.map((s) => s.method)[0]).toBe("initialize");
  });
});

describe("2025-era clients", () => {
  async function connectV1(rewrite?: (headers: Headers) => void) {
    const sent: Sent[] = [];
    const client = new Client({ name: "e2e-client-v1", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: recordingFetch(sent, rewrite) }));
    closers.push(() => client.close());
    return { client, sent };
  }

  it("the SDK's 1.x client: initialize, list, call, on the 2025-11-25 revision", async () => {
    const { client, sent } = await connectV1();
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    expectTicket(await client.callTool(TICKET_CALL));
    expect(sent.find((s) => s.method === "tools/call")?.headers.get("mcp-protocol-version")).toBe("2025-11-25");
  });

  it("a client that accepts application/json only gets JSON for every request, no 406", async () => {
    const { client, sent } = await connectV1((headers) => {
      if (headers.has("accept")) headers.set("accept", "application/json");
    });
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    expectTicket(await client.callTool(TICKET_CALL));
    const posts = sent.filter((s) => s.method !== undefined && s.status !== 202);
    expect(posts.map((s) => s.method)).toEqual(["initialize", "tools/list", "tools/call"]);
    for (const post of posts) expect(post.contentType, post.method).toMatch(/^application\/json/);
  });
});

describe("the Inspector CLI (pinned devDependency, offline)", () => {
  function inspector(args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile(
        "node_modules/.bin/mcp-inspector",
        ["--cli", url, "--transport", "http", ...args],
        { timeout: 45_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
  }

  it.each(["legacy", "auto", "modern"])("protocol era %s: lists the tools and calls one", async (era) => {
    const list = JSON.parse(await inspector(["--protocol-era", era, "--method", "tools/list"])) as {
      tools: { name: string }[];
    };
    expect(list.tools.map((t) => t.name)).toContain(TICKET_CALL.name);
    const call = await inspector([
      "--protocol-era",
      era,
      "--method",
      "tools/call",
      "--tool-name",
      TICKET_CALL.name,
      "--tool-arg",
      "id=58",
    ]);
    expectTicket(JSON.parse(call));
  });
});
