/**
 * What a minted URL's tool count means for the clients it will be pasted into: several keep only the first part
 * of a long tool list, silently. Facts from the clients' own issue trackers (2026); see the README's client list.
 */
import type { McpServerConfig } from "../store/mcp-servers";
import { toolCount } from "../tools/tool-count";

/** Clients that cut a tool list, at the count past which they do. */
export const CLIENT_TOOL_LIMITS: readonly { client: string; maxTools: number; detail?: string }[] = [
  {
    client: "Cursor",
    maxTools: 40,
    detail: "keeps the first 40 and drops tools whose server name plus tool name pass 60 characters",
  },
  { client: "VS Code (Copilot)", maxTools: 128, detail: "sends at most 128 a request" },
  { client: "OpenAI-based clients", maxTools: 128, detail: "take at most 128 a request" },
  { client: "Claude Cowork", maxTools: 256, detail: "keeps the first 256" },
];

/** The clients that would cut a list of this many tools. */
export function clientsCutting(listed: number) {
  return CLIENT_TOOL_LIMITS.filter((limit) => listed > limit.maxTools);
}

/** A note naming the clients that will truncate this URL's list, with what to do; none when it fits them all. */
export function toolCountNotes(config: McpServerConfig): string[] {
  const count = toolCount(config).listed;
  const cut = clientsCutting(count);
  if (!cut.length) return [];
  const clients = cut.map((limit) => `${limit.client} ${limit.detail ?? `keeps ${limit.maxTools}`}`).join("; ");
  return [
    `This URL lists ${count} tools, more than some clients take, and they drop the rest silently: ${clients}. ` +
      'To fit them, narrow config.tags (e.g. ["tickets","solutions"]) or config.methods (e.g. ["read"]), or set ' +
      'config.tool_exposure to "discovery": three tools that search, describe and call all of these.',
  ];
}
