/**
 * The bundled tool catalog, built once per isolate on first use. Its source is schemas/*.json, validated and
 * shipped pre-parsed by scripts/build-catalog.ts: nothing on the request path runs zod over it.
 */
import { buildCatalog, type CatalogTool } from "./build-tools";
import { BUNDLED_SCHEMAS_JSON } from "./bundled-schemas.generated";
import type { SchemaFile } from "./schema-format";

let catalog: CatalogTool[] | undefined;

export function bundledCatalog(): CatalogTool[] {
  catalog ??= buildCatalog(JSON.parse(BUNDLED_SCHEMAS_JSON) as SchemaFile[]);
  return catalog;
}
