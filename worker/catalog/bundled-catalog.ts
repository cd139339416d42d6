/** The bundled tool catalog: schemas/*.json, parsed and built once per isolate, on first use rather than at start-up. */
import assets from "../../schemas/assets.json";
import onboarding from "../../schemas/onboarding.json";
import people from "../../schemas/people.json";
import solutions from "../../schemas/solutions.json";
import tickets from "../../schemas/tickets.json";
import { buildCatalog, type CatalogTool } from "./build-tools";
import { SchemaFile } from "./schema-format";

/** Every schema file, in the order their tools are listed. A unit test checks that no file in schemas/ is missing. */
export const BUNDLED_SCHEMA_FILES: unknown[] = [tickets, solutions, assets, onboarding, people];

let catalog: CatalogTool[] | undefined;

export function bundledCatalog(): CatalogTool[] {
  catalog ??= buildCatalog(BUNDLED_SCHEMA_FILES.map((file) => SchemaFile.parse(file)));
  return catalog;
}
