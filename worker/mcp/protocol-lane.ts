/**
 * Everything but a single tools/call goes through the official SDK server over its Web-standard transport,
 * stateless: initialize and version negotiation, notifications, ping, tools/list. A fresh server per request
 * (nothing is shared between requests). tools/call arriving here (inside a legacy batch) runs the same
 * runTool and is buffered, since the SDK needs a whole result.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import type { CatalogTool } from "../catalog/build-tools";
import { runTool, type ToolCallContext } from "./run-tool";

export const SERVER_INFO = { name: "freshservice-mcp", version: "0.1.0" };

const INSTRUCTIONS =
  "Tools for one company's Freshservice (IT service management): tickets, knowledge base, assets, onboarding and more. " +
  "Ids are numbers; assets are addressed by display_id. List tools page with limit/next_cursor. " +
  "Freshservice limits calls per minute for the whole company: prefer filters over paging through everything, " +
  "and when a tool reports a rate limit, wait the seconds it gives before calling again.";

export async function answerWithSdk(
  request: Request,
  parsedBody: unknown,
  listTools: () => Promise<CatalogTool[]>,
  toolContext: ToolCallContext,
  format: "json" | "sse",
): Promise<Response> {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
  });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await listTools()).map(describeTool) }));
  server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
    const outcome = await runTool(toolContext, params.name, params.arguments ?? {});
    if (!outcome)
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${JSON.stringify(params.name.slice(0, 64))}`);
    return JSON.parse(await new Response(outcome.result).text());
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: format === "json",
  });
  await server.connect(transport);
  return transport.handleRequest(request, { parsedBody });
}

export function describeTool(tool: CatalogTool) {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
  };
}
