/**
 * How many tools a URL with a given config lists, by tools/list's own rule, counted from the catalog's index: no
 * tool family is built (the admin API previews a config on every keystroke of the console's form).
 */
import { bundledToolEntries } from "../catalog/bundled-catalog";
import { selectTools } from "../catalog/select-tools";
import type { McpServerConfig } from "../store/mcp-servers";
import { listedTools } from "./account-tools";
import { type DiscoverySource, discoveryTools } from "./discovery-tools";
import { ownTools } from "./own-tools";

/** Discovery's meta-tools built only to be counted: nothing is searched or described. */
const COUNT_ONLY: DiscoverySource = { readOnly: true, search: () => [], describe: async () => undefined };

/**
 * What a URL with this config lists in tools/list (`listed`, by tools/list's own rule) and how many bundled tools
 * its filters select (`reachable`: listed directly, or through discovery's call_tool).
 */
export function toolCount(config: McpServerConfig): { listed: number; reachable: number } {
  const entries = selectTools(bundledToolEntries(), config);
  const names = new Set(entries.map((e) => e.name));
  const shown = listedTools(config, entries, {
    meta: () => discoveryTools(COUNT_ONLY),
    own: ownTools((name) => names.has(name), "").tools,
  });
  return { listed: shown.bundled.length + shown.local.length, reachable: entries.length };
}
