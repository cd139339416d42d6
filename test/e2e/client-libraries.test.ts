/**
 * Agent libraries' MCP clients, pinned, replayed against the Worker in workerd: the OpenAI Agents SDK, the Vercel AI
 * SDK's MCP client, LangChain's MCP adapters and the official 1.x and 2.x clients. No model is involved: each
 * library's own tool objects run the calls the way its agent loop does, and each test reads what a model would be
 * handed, on a full, a read-only and a discovery URL.
 */
import { createMCPClient } from "@ai-sdk/mcp";
import { MultiServerMCPClient } from "@langchain/mcp-adapters";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Agent, MCPServerStreamableHttp, OpenAIChatCompletionsModel, Runner } from "@openai/agents";
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../../simulator/simulator";
import { mintServer, type Stack, startStack } from "./stack";

/** One library's MCP client on one URL, as its agent loop uses it. */
interface Replay {
  /** The tools as the library offers them to a model: names, and whether each is sent in strict mode. */
  tools(): Promise<{ name: string; strict?: boolean }[]>;
  /** Runs a tool as the library's agent loop does; answers the text the model is handed next. */
  call(name: string, args: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

type Library = (url: string) => Promise<Replay>;

let stack: Stack;
const open: Replay[] = [];
const consoleWarn = console.warn;

beforeAll(async () => {
  // Every URL here belongs to the same Freshservice tenant. With its real 400 calls a minute, the file's own calls
  // (account checks, form reads, tool calls) could bring it near the limit, and a result would then carry the
  // rate limit in `_meta`, which LangChain hands the model inside the content block: by design, tested elsewhere.
  // The Agents SDK warns on every run for each tool it sends non-strict; which ones is plain in the tools it offers.
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith("Error converting MCP schema to strict mode")) consoleWarn(...args);
  };
  stack = await startStack({
    tenants: [{ apiKey: DEFAULT_API_KEY, name: "acme", plan: "pro", rateLimitPerMinute: 1_000_000 }],
  });
});

afterAll(async () => {
  console.warn = consoleWarn;
  await Promise.all(open.map((replay) => replay.close().catch(() => {})));
  await stack?.stop();
});

/** The MCP result's content as an app hands it to a model: the text items, in order. */
function textOf(result: unknown): string[] {
  const { content, isError } = result as { content: { type: string; text?: string }[]; isError?: boolean };
  if (isError) throw new Error(`tool error: ${content.map((c) => c.text).join("\n")}`);
  return content.map((c) => (c.type === "text" ? (c.text ?? "") : JSON.stringify(c)));
}

/** The official 1.x client: the model gets the result's text items; each must be one JSON document. */
const sdkV1: Library = async (url) => {
  const client = new Client({ name: "replay-sdk-1", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    async tools() {
      return (await client.listTools()).tools.map((t) => ({ name: t.name }));
    },
    async call(name, args) {
      const texts = textOf(await client.callTool({ name, arguments: args }));
      expect(texts, "one text item").toHaveLength(1);
      return texts[0] as string;
    },
    close: () => client.close(),
  };
};

/** The official 2.x client, negotiating its era (the 2026-07-28 revision here). */
const sdkV2: Library = async (url) => {
  const client = new ClientV2({ name: "replay-sdk-2", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  await client.connect(new TransportV2(new URL(url)));
  return {
    async tools() {
      return (await client.listTools()).tools.map((t) => ({ name: t.name }));
    },
    async call(name, args) {
      const texts = textOf(await client.callTool({ name, arguments: args }));
      expect(texts, "one text item").toHaveLength(1);
      return texts[0] as string;
    },
    close: () => client.close(),
  };
};

/**
 * The OpenAI Agents SDK: an Agent with the URL as its MCP server (tools converted to strict schemas, as the SDK does
 * for OpenAI models), run by the SDK's Runner against a scripted Chat Completions endpoint that asks for one tool
 * call and then reads the tool message the SDK sends back. That message's content is what the model reads.
 */
const openaiAgents: Library = async (url) => {
  const server = new MCPServerStreamableHttp({
    url,
    name: "freshservice",
    cacheToolsList: true,
    // The SDK's 5 s default is for a quiet machine; a full tools/list on a busy CI runner can take longer.
    clientSessionTimeoutSeconds: 30,
    timeout: 30_000,
  });
  await server.connect();
  const model = new ScriptedChatCompletions();
  const agent = new Agent({
    name: "replay",
    instructions: "Use the tools.",
    model: new OpenAIChatCompletionsModel(model.client, "scripted"),
    mcpServers: [server],
    mcpConfig: { convertSchemasToStrict: true },
  });
  const runner = new Runner({ tracingDisabled: true });
  return {
    async tools() {
      model.next = undefined;
      await runner.run(agent, "list your tools", { maxTurns: 1 });
      return (model.requests.at(-1)?.tools ?? []).map((t) => ({ name: t.function.name, strict: t.function.strict }));
    },
    async call(name, args) {
      model.next = { name, args };
      await runner.run(agent, `call ${name}`, { maxTurns: 3 });
      const messages = model.requests.at(-1)?.messages ?? [];
      const toolMessage = messages.find((m) => m.role === "tool");
      if (!toolMessage) throw new Error("the SDK sent no tool message back");
      expect(typeof toolMessage.content, "the tool message is a string").toBe("string");
      return toolMessage.content as string;
    },
    close: () => server.close(),
  };
};

interface ChatRequest {
  messages: { role: string; content: unknown }[];
  tools?: { function: { name: string; strict?: boolean; parameters: { properties?: Record<string, unknown> } } }[];
}

/**
 * A Chat Completions endpoint with a script instead of a model: it asks for `next` (filling every property a strict
 * schema lists and the call leaves out with null, as a strict model must), then ends the turn once a tool answered.
 */
class ScriptedChatCompletions {
  requests: ChatRequest[] = [];
  next: { name: string; args: Record<string, unknown> } | undefined;
  /** What the SDK's Chat Completions model calls: the request it would send, through a JSON round trip as on the wire. */
  readonly client = {
    baseURL: "http://scripted.invalid/v1",
    chat: { completions: { create: async (body: unknown) => this.answer(JSON.parse(JSON.stringify(body))) } },
    // biome-ignore lint/suspicious/noExplicitAny: the SDK types this as the OpenAI client; only these members are used
  } as any;

  private answer(request: ChatRequest) {
    this.requests.push(request);
    const answered = request.messages.some((m) => m.role === "tool");
    const message =
      this.next && !answered
        ? {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: `call_${this.requests.length}`,
                type: "function",
                function: { name: this.next.name, arguments: JSON.stringify(this.strictArgs(request, this.next)) },
              },
            ],
          }
        : { role: "assistant", content: "done" };
    return {
      id: `chatcmpl-${this.requests.length}`,
      object: "chat.completion",
      created: 0,
      model: "scripted",
      choices: [{ index: 0, message, finish_reason: "tool_calls" in message ? "tool_calls" : "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
  }

  private strictArgs(request: ChatRequest, call: { name: string; args: Record<string, unknown> }) {
    const offered = request.tools?.find((t) => t.function.name === call.name)?.function;
    if (!offered?.strict) return call.args;
    const nulls = Object.fromEntries(Object.keys(offered.parameters.properties ?? {}).map((key) => [key, null]));
    return { ...nulls, ...call.args };
  }
}

/**
 * The Vercel AI SDK: its MCP client's tools in `generateText`, with a mock model that asks for one tool call and then
 * records the prompt; the tool-result part of that prompt is what a provider turns into the model's input.
 */
const vercelAi: Library = async (url) => {
  const client = await createMCPClient({ transport: { type: "http", url } });
  const tools = await client.tools();
  return {
    async tools() {
      return Object.keys(tools).map((name) => ({ name }));
    },
    async call(name, args) {
      let handed: unknown;
      const model = new MockLanguageModelV4({
        doGenerate: async ({ prompt }) => {
          const result = prompt.flatMap((m) => (m.role === "tool" ? m.content : []))[0];
          if (result) {
            handed = result.type === "tool-result" ? result.output : result;
            return finished([{ type: "text", text: "done" }], "stop");
          }
          return finished(
            [{ type: "tool-call", toolCallId: "call_1", toolName: name, input: JSON.stringify(args) }],
            "tool-calls",
          );
        },
      });
      await generateText({ model, tools, prompt: `call ${name}`, stopWhen: stepCountIs(2) });
      const output = handed as { type: string; value: unknown };
      expect(output.type, JSON.stringify(output)).toBe("content");
      const parts = output.value as { type: string; text?: string }[];
      expect(parts, "one text part").toHaveLength(1);
      expect(parts[0]?.type).toBe("text");
      return parts[0]?.text ?? "";
    },
    close: () => client.close(),
  };
};

function finished(content: unknown[], reason: "stop" | "tool-calls") {
  return {
    content,
    finishReason: { unified: reason, raw: reason },
    usage: {
      inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 1, text: 1, reasoning: 0 },
    },
    warnings: [],
    // biome-ignore lint/suspicious/noExplicitAny: the mock's result type is the provider spec's, not exported here
  } as any;
}

/**
 * LangChain's MCP adapters: the tools `MultiServerMCPClient` loads, invoked with a tool call as LangGraph's ToolNode
 * does; the ToolMessage's content is what the model gets.
 */
const langchain: Library = async (url) => {
  const client = new MultiServerMCPClient({ mcpServers: { freshservice: { transport: "http", url } } });
  const tools = await client.getTools();
  return {
    async tools() {
      return tools.map((t) => ({ name: t.name }));
    },
    async call(name, args) {
      const tool = tools.find((t) => t.name === name);
      if (!tool) throw new Error(`LangChain loaded no tool ${name}`);
      const message = (await tool.invoke({ type: "tool_call", id: "call_1", name, args })) as { content: unknown };
      expect(typeof message.content, `the ToolMessage's content: ${JSON.stringify(message.content)}`).toBe("string");
      // A result with `_meta` becomes a content block carrying it, which the ToolMessage stringifies: the model then
      // reads the block, the tool's text escaped inside it.
      expect(message.content, "the tool's own text, not a stringified content block").not.toMatch(/^\{"type":"text"/);
      return message.content as string;
    },
    close: () => client.close(),
  };
};

const LIBRARIES: [string, Library][] = [
  ["the official 1.x client", sdkV1],
  ["the official 2.x client", sdkV2],
  ["the OpenAI Agents SDK", openaiAgents],
  ["the Vercel AI SDK", vercelAi],
  ["LangChain's MCP adapters", langchain],
];

async function connect(library: Library, config: Record<string, unknown>) {
  const { url } = await mintServer(stack, { config });
  const replay = await library(url);
  open.push(replay);
  return { replay, url };
}

/** The URL's tools as the Worker lists them, by name, with whether each is annotated read-only. */
async function listed(url: string): Promise<Map<string, boolean>> {
  const client = new Client({ name: "replay-reference", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const { tools } = await client.listTools();
    return new Map(tools.map((t) => [t.name, t.annotations?.readOnlyHint === true]));
  } finally {
    await client.close();
  }
}

/** A read as the model gets it: one JSON document. */
async function readJson<T>(replay: Replay, name: string, args: Record<string, unknown>): Promise<T> {
  const text = await replay.call(name, args);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${name}: the model was handed text that is not JSON:\n${text.slice(0, 400)}`);
  }
}

type Page = { tickets: { id: number; subject: string }[]; next_cursor?: string };

describe.each(LIBRARIES)("%s", (label, library) => {
  it("full URL: lists read and write tools, pages a list, and reads back what it wrote", async () => {
    const { replay, url } = await connect(library, {});
    const offered = await replay.tools();
    const names = offered.map((t) => t.name);
    expect(new Set(names)).toEqual(new Set((await listed(url)).keys()));
    expect(names).toEqual(expect.arrayContaining(["list_all_freshservice_tickets", "create_a_freshservice_ticket"]));
    // Where the library sends strict schemas (OpenAI's), the write below goes through one: every argument it leaves
    // out is sent as null, which the library must take back out before the call reaches the Worker.
    if (offered.some((t) => t.strict)) {
      expect(offered.find((t) => t.name === "create_a_freshservice_ticket")?.strict).toBe(true);
    }

    const first = await readJson<Page>(replay, "list_all_freshservice_tickets", { limit: 2 });
    expect(first.tickets).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await readJson<Page>(replay, "list_all_freshservice_tickets", {
      limit: 2,
      next_cursor: first.next_cursor,
    });
    expect(second.tickets.map((t) => t.id)).not.toEqual(expect.arrayContaining(first.tickets.map((t) => t.id)));

    const subject = `Replayed by ${label}`;
    const created = await readJson<{ ticket: { id: number } }>(replay, "create_a_freshservice_ticket", {
      subject,
      description: "<p>Written through an agent library's MCP client.</p>",
      email: "replay@acme.example",
      status: 2,
      priority: 1,
    });
    const read = await readJson<{ ticket: { subject: string } }>(replay, "get_single_freshservice_ticket_by_id", {
      id: created.ticket.id,
    });
    expect(read.ticket.subject).toBe(subject);
  });

  it("read-only URL: no write tool is offered, and reads answer JSON", async () => {
    const { replay, url } = await connect(library, { methods: ["read"] });
    const names = (await replay.tools()).map((t) => t.name);
    // Exactly the URL's tools, every one of them annotated read-only.
    const reference = await listed(url);
    expect(new Set(names)).toEqual(new Set(reference.keys()));
    expect([...reference].filter(([, readOnly]) => !readOnly)).toEqual([]);
    expect(names).toContain("get_single_freshservice_ticket_by_id");
    expect(names).not.toContain("create_a_freshservice_ticket");
    const page = await readJson<Page>(replay, "list_all_freshservice_tickets", { limit: 3 });
    expect(page.tickets).toHaveLength(3);
    const ticket = await readJson<{ ticket: { id: number } }>(replay, "get_single_freshservice_ticket_by_id", {
      id: page.tickets[0]?.id,
    });
    expect(ticket.ticket.id).toBe(page.tickets[0]?.id);
  });

  it("discovery URL: search_tools → get_tool_schema → call_tool", async () => {
    const { replay } = await connect(library, { tool_exposure: "discovery" });
    expect((await replay.tools()).map((t) => t.name).sort()).toEqual(["call_tool", "get_tool_schema", "search_tools"]);
    const found = await readJson<{ tools: { name: string }[] }>(replay, "search_tools", {
      query: "list the open tickets",
    });
    expect(found.tools.map((t) => t.name)).toContain("list_all_freshservice_tickets");
    const schema = await readJson<{ tools: { name: string; inputSchema: { properties: Record<string, unknown> } }[] }>(
      replay,
      "get_tool_schema",
      { names: ["list_all_freshservice_tickets"] },
    );
    expect(Object.keys(schema.tools[0]?.inputSchema.properties ?? {})).toContain("next_cursor");
    // call_tool lists `arguments` as JSON text (an open object can't be strict), so that is what a model sends.
    const page = await readJson<Page>(replay, "call_tool", {
      name: "list_all_freshservice_tickets",
      arguments: JSON.stringify({ limit: 2 }),
    });
    expect(page.tickets).toHaveLength(2);
    expect(page.next_cursor).toEqual(expect.any(String));
  });
});
