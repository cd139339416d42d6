/**
 * The bundled tool catalog, built in the isolate as far as requests need it. Its source is schemas/*.json,
 * validated and shipped pre-parsed by scripts/build-catalog.ts (shipped-catalog.ts: an index of the tools, and each
 * family's file, packed): nothing on the request path runs zod over it. Selecting a URL's tools reads only the index; a
 * family's tools are built when one of them is first listed or called.
 */
import { buildCatalog, type CatalogTool } from "./build-tools";
import { BUNDLED_CATALOG } from "./bundled-schemas.generated";
import { unpackTexts } from "./packed-texts";
import { type IndexEntry, type IndexedFile, indexEntries, parseIndexedFiles, shippedFile } from "./shipped-catalog";

export type { IndexEntry as BundledToolEntry } from "./shipped-catalog";

let indexed: IndexedFile[] | undefined;
let entries: IndexEntry[] | undefined;
/** Each family's outline and details texts, inflated together on first use. */
let texts: string[] | undefined;
const families: (CatalogTool[] | undefined)[] = [];
let catalog: CatalogTool[] | undefined;

/** Every bundled tool, in list order, without building any. */
export function bundledToolEntries(): IndexEntry[] {
  indexed ??= parseIndexedFiles(BUNDLED_CATALOG.index);
  entries ??= indexEntries(indexed);
  return entries;
}

/** The tool an entry names, built with the rest of its family on first use. */
export function bundledTool(entry: IndexEntry): CatalogTool {
  const tool = familyTools(entry.family)[entry.position];
  if (!tool) throw new Error(`no bundled tool at ${entry.family}/${entry.position}`);
  return tool;
}

/** Every bundled tool, built. */
export function bundledCatalog(): CatalogTool[] {
  catalog ??= Array.from({ length: BUNDLED_CATALOG.lengths.length / 2 }, (_, family) => familyTools(family)).flat();
  return catalog;
}

function familyTools(family: number): CatalogTool[] {
  let tools = families[family];
  if (!tools) {
    texts ??= unpackTexts(BUNDLED_CATALOG);
    indexed ??= parseIndexedFiles(BUNDLED_CATALOG.index);
    const ofIndex = indexed[family];
    const outline = texts[2 * family];
    const details = texts[2 * family + 1];
    if (ofIndex === undefined || outline === undefined || details === undefined)
      throw new Error(`no bundled family ${family}`);
    tools = buildCatalog([shippedFile(ofIndex, outline, details)]);
    families[family] = tools;
  }
  return tools;
}
