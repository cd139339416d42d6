/**
 * The Worker's own read tools that a URL's filters allow: ChatGPT's search and fetch (research-tools.ts), the
 * record count (count-records.ts) and the attachment reader (attachment-tools.ts), each listed only where the URL
 * has the Freshservice tools it reads through.
 * tools/list, discovery's search and the admin API's tool count take them from here, so all three agree.
 */
import type { SearchableTool } from "../catalog/tool-search";
import { attachmentTools } from "./attachment-tools";
import { countTools } from "./count-records";
import { researchTools } from "./research-tools";
import type { LocalTool } from "./run-tool";

export function ownTools(
  hasTool: (name: string) => boolean,
  portal: string,
): { tools: LocalTool[]; searchable: SearchableTool[] } {
  const research = researchTools(hasTool, portal);
  const counts = countTools(hasTool);
  const attachments = attachmentTools(hasTool);
  return {
    tools: [...research.tools, ...counts.tools, ...attachments.tools],
    searchable: [...research.searchable, ...counts.searchable, ...attachments.searchable],
  };
}
