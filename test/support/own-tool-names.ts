/**
 * The tools the Worker answers itself, by name, as a test expects to see them listed: written out here (not read from
 * the Worker) so that a tool added, dropped or renamed there shows up as a failing expectation.
 */

/** Listed beside the catalog's tools on a URL that can read what they cover, in this order. */
export const WORKER_READ_TOOLS = [
  "search",
  "fetch",
  "freshservice_count_records",
  "get_single_freshservice_attachment_content",
];

/** Listed instead of every other tool with `tool_exposure: "discovery"`. */
export const DISCOVERY_TOOLS = ["search_tools", "get_tool_schema", "call_tool"];
