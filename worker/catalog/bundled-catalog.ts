/** The bundled tool catalog: schemas/*.json, parsed and built once per isolate, on first use rather than at start-up. */
import alerts from "../../schemas/alerts.json";
import announcements from "../../schemas/announcements.json";
import assets from "../../schemas/assets.json";
import auditLog from "../../schemas/audit_log.json";
import businessHours from "../../schemas/business_hours.json";
import cabs from "../../schemas/cabs.json";
import cannedResponses from "../../schemas/canned_responses.json";
import changes from "../../schemas/changes.json";
import contracts from "../../schemas/contracts.json";
import customObjects from "../../schemas/custom_objects.json";
import journeys from "../../schemas/journeys.json";
import onboarding from "../../schemas/onboarding.json";
import oncall from "../../schemas/oncall.json";
import people from "../../schemas/people.json";
import problems from "../../schemas/problems.json";
import products from "../../schemas/products.json";
import projects from "../../schemas/projects.json";
import purchaseOrders from "../../schemas/purchase_orders.json";
import releases from "../../schemas/releases.json";
import serviceCatalog from "../../schemas/service_catalog.json";
import slaPolicies from "../../schemas/sla_policies.json";
import software from "../../schemas/software.json";
import solutions from "../../schemas/solutions.json";
import tickets from "../../schemas/tickets.json";
import vendors from "../../schemas/vendors.json";
import workspaces from "../../schemas/workspaces.json";
import { buildCatalog, type CatalogTool } from "./build-tools";
import { SchemaFile } from "./schema-format";

/** Every schema file, in the order their tools are listed. A unit test checks that no file in schemas/ is missing. */
export const BUNDLED_SCHEMA_FILES: unknown[] = [
  tickets,
  serviceCatalog,
  alerts,
  oncall,
  problems,
  changes,
  cabs,
  releases,
  solutions,
  assets,
  software,
  contracts,
  purchaseOrders,
  vendors,
  products,
  onboarding,
  journeys,
  people,
  workspaces,
  announcements,
  cannedResponses,
  businessHours,
  slaPolicies,
  projects,
  customObjects,
  auditLog,
];

let catalog: CatalogTool[] | undefined;

export function bundledCatalog(): CatalogTool[] {
  catalog ??= buildCatalog(BUNDLED_SCHEMA_FILES.map((file) => SchemaFile.parse(file)));
  return catalog;
}
