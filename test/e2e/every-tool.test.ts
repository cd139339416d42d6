/**
 * Every generated tool, called once (twice where an argument switches the route or two arguments exclude each
 * other) through the official MCP SDK client against the Worker in workerd, with arguments generated from the
 * tool's own input schema as `tools/list` shows it (account fields merged). The simulator, whose routes are
 * written from the API reference, records which of its routes matched; each call must send exactly one request
 * with the operation's verb, a matching route, the ids in the path, exactly the query and body arguments given
 * (filters quoted, arrays comma-joined, `limit` as `per_page`), and the stored credential. Then again on a URL
 * minted with `config.workspace_id`, with workspace_id left out: the tools it is the default of must send it (and
 * `tools/list` say so), the others exactly what they were given.
 * `EVERY_TOOL_REPORT=1` prints the figures and every answer that was not a 2xx.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../simulator/simulator";
import { DEFAULT_API_KEY } from "../../simulator/simulator";
import type { CatalogTool } from "../../worker/catalog/build-tools";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { WORKER_READ_TOOLS } from "../support/own-tool-names";
import { type JsonSchema, sampleArguments, sampleValue } from "../support/sample-arguments";
import { mintServer, type Stack, startStack } from "./stack";

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };
type Row = Record<string, unknown> & { id: number };
interface State {
  currentAgentId: number;
  tickets: Row[];
  conversations: Row[];
  agents: Row[];
  requesters: Row[];
  groups: Row[];
  departments: Row[];
  locations: Row[];
  solutionCategories: Row[];
  solutionFolders: Row[];
  solutionArticles: Row[];
  assets: Row[];
  products: Row[];
  vendors: Row[];
  relationships: Row[];
  relationshipTypes: Row[];
  onboardingRequests: Row[];
  offboardingRequests: Row[];
  collections: Record<string, Row[]>;
}

/** One tools/call and what the simulator saw. */
interface Call {
  tool: string;
  args: Record<string, unknown>;
  result?: ToolResult;
  error?: string;
  requests: RecordedRequest[];
}

let stack: Stack;
let client: Client;
let listed: { name: string; inputSchema: JsonSchema }[];
let state: State;
/** A `next_page_link` from a real answer, whole, as a model passes it back (the records list is the only source). */
let recordsNextPage: string | undefined;
const calls: Call[] = [];
const catalog = new Map(bundledCatalog().map((tool) => [tool.name, tool]));

const control = async (path: string, method = "GET") => {
  const response = await fetch(`${stack.simulator.url}/_simulator/${path}`, { method });
  if (!response.ok) throw new Error(`${method} /_simulator/${path}: ${response.status}`);
  return response.status === 204 ? undefined : response.json();
};

beforeAll(async () => {
  // The whole run is ~400 calls in well under a minute: lift the per-minute limit of the seeded tenant.
  stack = await startStack(
    { tenants: [{ apiKey: DEFAULT_API_KEY, name: "acme", plan: "pro", rateLimitPerMinute: 1_000_000 }] },
    { quiet: true },
  );
  const { url } = await mintServer(stack);
  client = new Client({ name: "e2e-every-tool", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  listed = catalogTools((await client.listTools()).tools as unknown as typeof listed);
  state = (await control("state")) as State;
  recordsNextPage = await nextRecordsPage(state.collections.customObjects?.[1]?.id as number);
});

/**
 * The listed tools generated from the catalog. `search`, `fetch`, `freshservice_count_records` and the attachment
 * reader are listed too, answered by the Worker itself from these tools (test/e2e/tool-exposure.test.ts,
 * record-counts.test.ts, attachments.test.ts): checked here to be exactly those four, then left out.
 */
function catalogTools(all: typeof listed): typeof listed {
  expect(all.filter((t) => !catalog.has(t.name)).map((t) => t.name)).toEqual(WORKER_READ_TOOLS);
  return all.filter((t) => catalog.has(t.name));
}

/** Asks the simulator for one record per page and keeps the `next_page_link` its answer hands back. */
async function nextRecordsPage(objectId: number): Promise<string | undefined> {
  const url = new URL(`${stack.simulator.url}/api/v2/objects/${objectId}/records`);
  url.search = new URLSearchParams({ query: "seats > 1", sort_field: "seats", page_size: "1" }).toString();
  const response = await fetch(url, {
    headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_API_KEY}:X`).toString("base64")}` },
  });
  return ((await response.json()) as { next_page_link?: string }).next_page_link;
}

afterAll(async () => {
  await client?.close();
  await stack?.stop();
});

// ---------------------------------------------------------------------------------------------------------------
// Real ids: a path placeholder is resolved from the template up to it (`/tickets/*/tasks/*`) and its parent's id.

const first = (rows: Row[] | undefined, where: (row: Row) => boolean = () => true) => rows?.find(where)?.id;
const child = (name: string) => (s: State, parent: number) =>
  first(s.collections[name], (r) => r._parent_id === parent);
/** The first file on the record of that id (ticket and conversation `attachments`, project `_attachments`). */
const attachmentOf =
  (rows: (s: State) => Row[] | undefined, key = "_attachments") =>
  (s: State, parent: number) =>
    (rows(s)?.find((r) => r.id === parent)?.[key] as Row[] | undefined)?.[0]?.id;
/** The first record of that module linked to the project or project task. */
const linkOf = (module: string, rows: string) => (s: State, parent: number) =>
  (s.collections[rows]?.find((r) => r.id === parent)?._links as Record<string, number[]> | undefined)?.[module]?.[0];
const projectLinks = Object.fromEntries(
  ["tickets", "problems", "changes", "assets"].flatMap((module) => [
    [`/pm/projects/*/${module}/*`, linkOf(module, "projects")],
    [`/pm/projects/*/tasks/*/${module}/*`, linkOf(module, "projectTasks")],
  ]),
);

const PATH_IDS: Record<string, (s: State, parent: number) => number | undefined> = {
  "/tickets/*": () => 58,
  "/tickets/*/attachments/*": attachmentOf((s) => s.tickets, "attachments"),
  "/conversations/*": (s) => first(s.conversations, (c) => c.ticket_id === 58 && c.private === true),
  "/conversations/*/attachments/*": attachmentOf((s) => s.conversations, "attachments"),
  "/tickets/*/tasks/*": child("ticketTasks"),
  "/tickets/*/time_entries/*": child("ticketTimeEntries"),
  "/tickets/*/requested_items/*": child("requestedItems"),
  "/tickets/*/approvals/*": (s, p) =>
    first(s.collections.approvals, (r) => r._parent_type === "ticket" && r._parent_id === p),
  "/tickets/*/approval-groups/*": (s, p) =>
    first(s.collections.approvalGroups, (r) => r._parent_type === "ticket" && r._parent_id === p),
  "/service_catalog/items/*": (s) =>
    s.collections.serviceItems?.find((i) => i.visibility === 2 && i.name === "VPN access")?.display_id as number,
  "/problems/*": (s) => first(s.collections.problems),
  "/problems/*/notes/*": child("problemNotes"),
  "/problems/*/tasks/*": child("problemTasks"),
  "/problems/*/time_entries/*": child("problemTimeEntries"),
  "/changes/*": (s) => first(s.collections.changes),
  "/changes/*/notes/*": child("changeNotes"),
  "/changes/*/tasks/*": child("changeTasks"),
  "/changes/*/time_entries/*": child("changeTimeEntries"),
  "/changes/*/approvals/*": (s, p) =>
    first(s.collections.approvals, (r) => r._parent_type === "change" && r._parent_id === p),
  "/changes/*/approval-groups/*": (s, p) =>
    first(s.collections.approvalGroups, (r) => r._parent_type === "change" && r._parent_id === p),
  "/cabs/*": (s) => first(s.collections.cabs),
  "/releases/*": (s) => first(s.collections.releases),
  "/releases/*/notes/*": child("releaseNotes"),
  "/releases/*/tasks/*": child("releaseTasks"),
  "/releases/*/time_entries/*": child("releaseTimeEntries"),
  "/solutions/categories/*": (s) => first(s.solutionCategories),
  "/solutions/folders/*": (s) => first(s.solutionFolders),
  "/solutions/articles/*": (s) => first(s.solutionArticles),
  "/assets/*": () => 101,
  "/assets/*/components/*": child("assetComponents"),
  "/asset_types/*": () => 27,
  "/relationships/*": (s) => first(s.relationships),
  "/users/*": (s) => s.collections.assetAssignments?.[0]?.user_id as number,
  "/applications/*": (s) => first(s.collections.applications),
  "/applications/*/users/*": child("applicationUsers"),
  "/contracts/*": (s) => first(s.collections.contracts),
  "/contract_types/*": (s) => first(s.collections.contractTypes),
  "/purchase_orders/*": (s) => first(s.collections.purchaseOrders),
  "/vendors/*": (s) => first(s.vendors),
  "/products/*": (s) => first(s.products),
  "/onboarding_requests/*": (s) => first(s.onboardingRequests),
  "/offboarding_requests/*": (s) => first(s.offboardingRequests),
  "/journeys/configs/*": (s) => first(s.collections.journeyConfigs),
  "/journeys/requests/*": (s) => first(s.collections.journeyRequests),
  "/agents/*": (s) => first(s.agents, (a) => a.id !== s.currentAgentId),
  "/roles/*": (s) => first(s.collections.roles),
  "/requesters/*": () => 21000000011,
  "/requester_groups/*": (s) => first(s.collections.requesterGroups, (g) => g.type === "manual"),
  "/requester_groups/*/members/*": (s, p) =>
    (s.collections.requesterGroups?.find((g) => g.id === p)?._members as number[] | undefined)?.[0],
  "/groups/*": (s) => first(s.groups),
  "/departments/*": (s) => first(s.departments),
  "/locations/*": (s) => first(s.locations),
  "/workspaces/*": () => 2,
  "/announcements/*": (s) => first(s.collections.announcements),
  "/canned_response_folders/*": (s) => first(s.collections.cannedResponseFolders),
  "/canned_responses/*": (s) => first(s.collections.cannedResponses),
  "/business_hours/*": (s) => first(s.collections.businessHours),
  "/pm/projects/*": (s) => first(s.collections.projects),
  "/pm/projects/*/task-types/*": (s, p) =>
    s.collections.projectTasks?.find((t) => t._parent_id === p)?.type_id as number,
  "/pm/projects/*/tasks/*": child("projectTasks"),
  "/pm/projects/*/tasks/*/notes/*": child("projectTaskNotes"),
  "/pm/projects/*/attachments/*": attachmentOf((s) => s.collections.projects),
  "/pm/projects/*/tasks/*/attachments/*": attachmentOf((s) => s.collections.projectTasks),
  "/pm/projects/*/tasks/*/notes/*/attachments/*": attachmentOf((s) => s.collections.projectTaskNotes),
  ...projectLinks,
  // The open alert: acknowledge, then resolve, run on it in that order.
  "/ams/alerts/*": (s) => first(s.collections.alerts, (a) => a.state === 1 && a.acknowledged_by_id === null),
  "/ams/alerts/*/notes/*": child("alertNotes"),
  "/oncall/ws/*": () => 2,
  "/status/pages/*": (s) => first(s.collections.statusPages),
  "/status/pages/*/service-components/*": child("statusPageComponents"),
  "/tickets/*/status/pages/*": (s) => first(s.collections.statusPages),
  "/tickets/*/status/pages/*/incidents/*": child("statusPageIncidents"),
  "/tickets/*/status/pages/*/incidents/*/updates/*": child("statusPageIncidentUpdates"),
  "/tickets/*/communications/*": (s, p) => first(s.collections.ticketCommunications, (c) => c.object_id === p),
  "/objects/*": (s) => first(s.collections.customObjects),
  "/objects/*/records/*": (s, p) =>
    (s.collections.customObjectRecords?.find((r) => r._object_id === p)?.data as { bo_display_id?: number } | undefined)
      ?.bo_display_id,
};

/** Records the defaults above don't fit (the ticket with approvals, the trashed asset, the draft contract, …). */
const TOOL_IDS: Record<string, (s: State) => Record<string, number>> = {};
const forTools = (names: string[], ids: (s: State) => Record<string, number>) => {
  for (const name of names) TOOL_IDS[name] = ids;
};
const ticketWith = (s: State, collection: string) => s.collections[collection]?.[0]?._parent_id as number;
forTools(
  [
    "list_all_freshservice_ticket_requested_items",
    "update_a_freshservice_ticket_requested_item_by_id",
    "list_all_freshservice_ticket_approvals",
    "get_single_freshservice_ticket_approval_by_id",
    "create_a_freshservice_ticket_approval",
    "freshservice_ticket_approval_cancel",
    "freshservice_ticket_approval_remind",
    "list_all_freshservice_ticket_approval_groups",
    "create_a_freshservice_ticket_approval_group",
    "update_a_freshservice_ticket_approval_group_by_id",
    "freshservice_ticket_approval_group_cancel",
    "freshservice_ticket_approval_chain_rule_update",
  ],
  (s) => ({ ticket_id: ticketWith(s, "approvalGroups") }),
);
forTools(["get_single_freshservice_ticket_csat_response_by_id"], (s) => ({
  ticket_id: ticketWith(s, "csatResponses"),
}));
const majorIncident = (s: State) => first(s.tickets, (t) => t.type === "Major Incident") as number;
// The seeded Major Incident: its communications, the status page incident raised from it, and its demotion.
forTools(
  [
    "list_all_freshservice_ticket_communications",
    "get_single_freshservice_ticket_communication_by_id",
    "create_a_freshservice_ticket_communication",
    "get_single_freshservice_status_page_incident_by_id",
    "create_a_freshservice_status_page_incident",
    "update_a_freshservice_status_page_incident_by_id",
    "delete_a_freshservice_status_page_incident_by_id",
    "list_all_freshservice_status_page_incident_updates",
    "create_a_freshservice_status_page_incident_update",
    "update_a_freshservice_status_page_incident_update_by_id",
    "delete_a_freshservice_status_page_incident_update_by_id",
  ],
  (s) => ({ ticket_id: majorIncident(s) }),
);
forTools(["freshservice_ticket_demote"], (s) => ({ id: majorIncident(s) }));
forTools(
  [
    "get_single_freshservice_alert_note_by_id",
    "update_a_freshservice_alert_note_by_id",
    "delete_a_freshservice_alert_note_by_id",
  ],
  (s) => ({ alert_id: s.collections.alertNotes?.[0]?._parent_id as number }),
);
forTools(["freshservice_ticket_restore"], (s) => ({ id: first(s.tickets, (t) => t.deleted === true) as number }));
forTools(["freshservice_problem_restore"], (s) => ({
  id: first(s.collections.problems, (p) => p.deleted === true) as number,
}));
forTools(["freshservice_asset_restore", "freshservice_asset_delete_forever"], (s) => ({
  display_id: s.assets.find((a) => a.trashed === true)?.display_id as number,
}));
forTools(["freshservice_solution_article_send_for_approval"], (s) => ({
  id: first(s.solutionArticles, (a) => a.status === 1) as number,
}));
forTools(["freshservice_contract_submit_for_approval"], (s) => ({
  id: first(s.collections.contracts, (c) => c._state === "draft") as number,
}));
forTools(["freshservice_contract_approve", "freshservice_contract_reject"], (s) => ({
  id: first(s.collections.contracts, (c) => c._state === "pending") as number,
}));
forTools(["update_a_freshservice_contract_by_id"], (s) => ({
  id: first(s.collections.contracts, (c) => c.software_id != null) as number,
}));
forTools(["freshservice_requester_reactivate"], (s) => ({
  id: first(s.requesters, (r) => r.active === false) as number,
}));
forTools(["freshservice_requester_group_member_create"], () => ({ requester_id: 21000000011 }));
forTools(
  [
    "update_a_freshservice_project_task_note_by_id",
    "delete_a_freshservice_project_task_note_by_id",
    "list_all_freshservice_project_task_notes",
    "create_a_freshservice_project_task_note",
  ],
  (s) => {
    const note = s.collections.projectTaskNotes?.[0] as Row;
    const task = s.collections.projectTasks?.find((t) => t.id === note._parent_id) as Row;
    return { project_id: task._parent_id as number, task_id: task.id, id: note.id };
  },
);
forTools(["delete_a_freshservice_project_task_note_attachment_by_id"], (s) => {
  const note = s.collections.projectTaskNotes?.find((n) => (n._attachments as Row[] | undefined)?.length) as Row;
  const task = s.collections.projectTasks?.find((t) => t.id === note._parent_id) as Row;
  return { project_id: task._parent_id as number, task_id: task.id, note_id: note.id };
});
// The project with sprints and versions, for task writes that name them.
forTools(["create_a_freshservice_project_task", "update_a_freshservice_project_task_by_id"], (s) => ({
  project_id: s.collections.sprints?.[0]?._parent_id as number,
}));
forTools(
  [
    "list_all_freshservice_custom_object_records",
    "create_a_freshservice_custom_object_record",
    "update_a_freshservice_custom_object_record_by_id",
    "delete_a_freshservice_custom_object_record_by_id",
  ],
  (s) => ({ custom_object_id: s.collections.customObjects?.[1]?.id as number }),
);
forTools(["list_all_freshservice_software_installations", "freshservice_software_installation_bulk_delete"], (s) => ({
  application_id: s.collections.installations?.[0]?._parent_id as number,
}));

/**
 * The job an earlier call of this run started: bulk-create answers its job_id, a member add the job's URL. Every
 * call runs on a reseeded simulator, so the job read first runs its starter again, which (job ids are
 * deterministic per tenant) starts the same job.
 */
const JOB_STARTER: Record<string, string> = {
  get_single_freshservice_relationship_job_by_id: "freshservice_relationship_bulk_create",
  get_single_freshservice_project_job_by_id: "freshservice_project_member_add",
};
const JOB_OF: Record<string, () => string | undefined> = {
  get_single_freshservice_relationship_job_by_id: () =>
    answerOf("freshservice_relationship_bulk_create")?.job_id as string | undefined,
  get_single_freshservice_project_job_by_id: () =>
    String(answerOf("freshservice_project_member_add")?.scheduled_process_status ?? "")
      .split("/")
      .at(-1),
};
const NO_JOB = "00000000-0000-4000-8000-000000000000";

function answerOf(tool: string): Record<string, unknown> | undefined {
  const text = calls.find((c) => c.tool === tool && c.result?.isError !== true)?.result?.content[0]?.text;
  return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

function resolvePathIds(tool: CatalogTool, template: string): Record<string, number | string> {
  const fixed = TOOL_IDS[tool.name]?.(state) ?? {};
  const ids: Record<string, number | string> = {};
  const segments = template.split("/");
  let parent = 0;
  segments.forEach((segment, i) => {
    const name = /^\{([a-z_]+)\}$/.exec(segment)?.[1];
    if (!name) return;
    const prefix = segments
      .slice(0, i + 1)
      .join("/")
      .replace(/\{[a-z_]+\}/g, "*");
    if (tool.operation.path_params[name]?.format === "uuid") {
      ids[name] = JOB_OF[tool.name]?.() || NO_JOB;
      return;
    }
    // No such record seeded (a problem linked to a project): a 404 from a matched route.
    const id = fixed[name] ?? PATH_IDS[prefix]?.(state, parent) ?? 987_654;
    ids[name] = id;
    parent = id;
  });
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Argument values the schema can't know: real ids of referenced records and filter expressions.

const AGENT_REFS = new Set([
  "agent_id",
  "responder_id",
  "owner_id",
  "manager_id",
  "approver_id",
  "assignee_id",
  "reporter_id",
  "managed_by_id",
  "escalate_to",
  "head_user_id",
  "prime_user_id",
  "initiator_id",
  "delegatee_id",
]);

/** Values for properties of these names that are instants in the past (a time entry can't be logged ahead). */
const PAST_DATES = new Set([
  "executed_at",
  "since",
  "assigned_on",
  "installation_date",
  "allocated_date",
  "first_used",
]);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function hintFor(tool: CatalogTool, s: State) {
  const agent = s.currentAgentId;
  const requester = 21000000011;
  const requesterEmail = s.requesters.find((r) => r.id === requester)?.primary_email as string;
  const group = first(s.groups) as number;
  const department = first(s.departments) as number;
  const location = first(s.locations) as number;
  const vendor = first(s.vendors) as number;
  const overrides = ARG_HINTS[tool.name]?.(s) ?? {};
  const hint = (path: string[], schema: JsonSchema): unknown => {
    const top = path.length === 1 ? path[0] : undefined;
    const dotted = path.join(".");
    if (dotted in overrides) return overrides[dotted];
    const name = path.filter((p) => p !== "[]").at(-1) as string;
    if (top === "limit") return schema.maximum;
    // Dates relative to today, so that "not in the future" and "after the start" hold whenever this runs.
    const format = schema.format ?? schema.anyOf?.[0]?.format;
    if (format === "date-time" || format === "date") {
      const offset = PAST_DATES.has(name) ? -2 : name === "before" || /end|till|due|expiry/.test(name) ? 20 : 10;
      return format === "date" ? day(offset) : `${day(offset)}T09:30:00Z`;
    }
    if (["email", "requested_for", "user_email"].includes(name) && tool.family !== "people") return requesterEmail;
    if (name === "category" && schema.type === "string" && !schema.enum) return "Hardware";
    if (name === "sub_category" && schema.type === "string" && !schema.enum) return "Computer";
    if (name === "item_category" && schema.type === "string" && !schema.enum) return "Mac";
    if (name === "type" && schema.type === "string" && !schema.enum && tool.family === "tickets") return "Incident";
    if (name === "display_id" && path[0] === "assets") return 101;
    // A new entry logs time_spent with the timer off; an update starts the timer (in a call without time_spent).
    if (name === "timer_running") return tool.method === "update";
    // An asset takes the fields of its own type and its ancestors only (Laptop 27 → Computer 26 → Hardware 25).
    if (top === "type_fields" && schema.properties) {
      const own = Object.entries(schema.properties).filter(([key]) => /_(25|26|27)$/.test(key));
      return sampleValue({ ...schema, properties: Object.fromEntries(own) }, path, {
        hint: (p, x) => (p === path ? undefined : hint(p, x)),
      });
    }
    if (path[0] === "type_fields" && name.startsWith("product_")) return first(s.products);
    if (path[0] === "type_fields" && name.startsWith("vendor_")) return vendor;
    if (schema.type !== "integer" && !(schema.type === "array" && schema.items?.type === "integer")) return undefined;
    const one = (id: number) => (schema.type === "array" ? [id] : id);
    if (AGENT_REFS.has(name)) return one(agent);
    if (["requester_id", "requested_for_id", "user_id", "reporting_manager_id"].includes(name)) return one(requester);
    if (name === "ticket_id" || name === "parent_ticket_id") return one(58);
    if (name === "group_id" || name === "visible_to_id") return one(group);
    if (["group_ids", "member_of", "observer_of", "manage_by_group_ids"].includes(name)) return [group];
    if (["members", "observers", "leaders", "add_members", "approver_ids"].includes(name)) return [agent];
    if (name === "department_id") return one(department);
    if (name === "department_ids") return [department];
    if (name === "location_id" || name === "parent_location_id") return one(location);
    if (name === "vendor_id" || name === "publisher_id") return one(vendor);
    if (name === "asset_type_id") return 27;
    if (name === "parent_asset_type_id") return 26;
    if (name === "workspace_id") return 2;
    if (name === "primary_contact_id") return requester;
    if (name === "departments") return [department];
    if (name === "groups") return [group];
    if (name === "notified_to") return [agent];
    if (name === "role_id") return first(s.collections.roles);
    if (name === "business_hours_id") return first(s.collections.businessHours);
    if (name === "category_id")
      return tool.family === "solutions" ? first(s.solutionCategories) : first(s.collections.serviceCategories);
    if (name === "folder_id") return first(s.solutionFolders);
    if (name === "journey_id") return first(s.collections.journeyConfigs);
    if (name === "installation_machine_id") return 101;
    if (name === "associated_asset_ids") return [101];
    if (name === "software_id") return first(s.collections.applications);
    if (name === "task_id" && path.length === 1) return TASK_OF[tool.name]?.(s);
    return undefined;
  };
  return hint;
}

/** Time entries name a task on the same record that is assigned to the entry's agent. */
const TASK_OF: Record<string, (s: State) => number | undefined> = {};

/** Per-tool argument values by path (`child_items.[].service_item_id`), where a plain sample means nothing. */
const ARG_HINTS: Record<string, (s: State) => Record<string, unknown>> = {
  list_all_freshservice_tickets: () => ({ query: "priority:>1 AND status:2" }),
  list_all_freshservice_changes: () => ({ query: "priority:>1", view: "all", order_by: "created_at" }),
  list_all_freshservice_assets: () => ({ filter: "asset_state:'In Stock'", search: "name:'MacBook'" }),
  list_all_freshservice_agents: () => ({ query: "first_name:'Alex'" }),
  list_all_freshservice_requesters: () => ({ query: "first_name:'John'" }),
  list_all_freshservice_departments: () => ({ query: "name:'Engineering'" }),
  list_all_freshservice_locations: () => ({ query: "name:'London Office'" }),
  list_all_freshservice_workspaces: () => ({ query: "name:'IT'" }),
  list_all_freshservice_project_tasks: () => ({ query: "priority_id:2" }),
  list_all_freshservice_alerts: () => ({ query: "state:1 AND severity:101" }),
  list_all_freshservice_oncall_schedules: () => ({ query: "on-call" }),
  freshservice_oncall_schedule_who_is_on_call: (s) => ({ schedule_id: first(s.collections.oncallSchedules) }),
  list_all_freshservice_ticket_communications: () => ({ order_by: "created_at" }),
  create_a_freshservice_ticket_communication: (s) => ({
    "notifiers.[].type": 1,
    "notifiers.[].id": s.currentAgentId,
  }),
  create_a_freshservice_status_page_incident: (s) => ({ "impacted_services.[].id": serviceComponent(s) }),
  update_a_freshservice_status_page_incident_by_id: (s) => ({ "impacted_services.[].id": serviceComponent(s) }),
  create_a_freshservice_status_page_incident_update: () => ({ status_id: 102 }),
  update_a_freshservice_status_page_incident_update_by_id: () => ({ status_id: 104 }),
  list_all_freshservice_custom_object_records: () => ({
    query: "seats > 1",
    sort_field: "seats",
    next_page_link: recordsNextPage,
  }),
  // The VPN access item's form asks for a justification; the child item is one without a form.
  freshservice_service_item_place_request: (s) => ({
    custom_fields: { cf_justification: "Working from home" },
    "child_items.[].service_item_id": s.collections.serviceItems?.find(
      (i) => i.visibility === 2 && (i.custom_fields as unknown[]).length === 0,
    )?.display_id,
  }),
  create_a_freshservice_ticket_approval: (s) => ({ approval_group_id: first(s.collections.approvalGroups) }),
  update_a_freshservice_cab_by_id: (s) => ({
    remove_members: [(s.collections.cabs?.[0]?.members as number[] | undefined)?.[1]],
    add_members: [s.agents.at(-1)?.id],
  }),
  freshservice_requester_merge: (s) => ({ secondary_requesters: [s.requesters[1]?.id] }),
  update_a_freshservice_location_by_id: (s) => ({ parent_location_id: s.locations[1]?.id }),
  create_a_freshservice_location: (s) => ({ parent_location_id: s.locations[1]?.id }),
  create_a_freshservice_asset_component: () => ({
    component_type: "Processor",
    component_data: [{ manufacturer: "Apple", model: "M3 Pro", cpu_speed: "4.05 GHz" }],
  }),
  update_a_freshservice_asset_component_by_id: () => ({
    component_data: [{ manufacturer: "Apple", model: "M3 Max", cpu_speed: "4.05 GHz" }],
  }),
  create_a_freshservice_contract: () => ({ contract_type_id: 3 }),
  create_a_freshservice_solution_article: (s) => ({ language: "fr", parent_id: first(s.solutionArticles) }),
  freshservice_software_user_bulk_create: (s) => ({
    "application_users.[].user_id": first(s.requesters, (r) =>
      (s.collections.applicationUsers ?? []).every(
        (u) => u._parent_id !== first(s.collections.applications) || u.user_id !== r.id,
      ),
    ),
    "application_users.[].license_id": first(
      s.collections.contracts,
      (c) => c.software_id === first(s.collections.applications),
    ),
  }),
  freshservice_software_user_bulk_update: (s) => ({
    "application_users.[].license_id": first(
      s.collections.contracts,
      (c) => c.software_id === first(s.collections.applications),
    ),
  }),
  create_a_freshservice_onboarding_request: (s) => ({
    "fields.cf_reporting_manager": s.currentAgentId,
    "fields.cf_work_location": first(s.locations),
  }),
  create_a_freshservice_offboarding_request: (s) => ({
    "fields.cf_employee": 21000000011,
    "fields.actor_2": s.currentAgentId,
  }),
  create_a_freshservice_journey_request: (s) => {
    const fields = s.collections.journeyConfigs?.[0]?._fields as { name: string; choices: string[] }[];
    return {
      "initiator_data.request_for": 21000000011,
      "initiator_data.custom_fields": { cf_start_date: day(10), cf_laptop: fields[1]?.choices[0] },
    };
  },
  freshservice_journey_request_filter: () => ({
    "query.filter.[].attributes.[].field": "status",
    "query.filter.[].attributes.[].value": [1, 2],
  }),
  create_a_freshservice_project_task: (s) => projectTaskHints(s),
  update_a_freshservice_project_task_by_id: (s) => projectTaskHints(s),
  create_a_freshservice_custom_object_record: () => ({ data: { licence_name: "Sample licence", seats: 5 } }),
  update_a_freshservice_custom_object_record_by_id: () => ({ data: { seats: 6 } }),
};

/** A service (not a group) of the first status page, as an incident's impacted service. */
function serviceComponent(s: State): number | undefined {
  return first(s.collections.statusPageComponents, (c) => c.type === 1);
}

function projectTaskHints(s: State): Record<string, unknown> {
  const sprint = s.collections.sprints?.[0] as Row;
  const task = s.collections.projectTasks?.find((t) => t._parent_id === sprint._parent_id) as Row;
  return {
    type_id: task.type_id,
    status_id: task.status_id,
    sprint_id: sprint.id,
    version_id: first(s.collections.projectVersions, (v) => v._parent_id === sprint._parent_id),
    parent_id: task.id,
  };
}

for (const kind of ["ticket", "problem", "change", "release"])
  for (const tool of [`create_a_freshservice_${kind}_time_entry`, `update_a_freshservice_${kind}_time_entry_by_id`]) {
    const task = (s: State) => s.collections[`${kind}Tasks`]?.[0];
    TASK_OF[tool] = (s) => task(s)?.id;
    ARG_HINTS[tool] = (s) => ({ agent_id: task(s)?.agent_id });
  }

/** Arguments the descriptions say exclude each other: the first goes in the main call, the others one call each. */
const EXCLUSIVE: Record<string, string[][]> = {
  list_all_freshservice_changes: [["query", "view"]],
  // "time_spent … not settable while timer running" (API reference, time entries).
  update_a_freshservice_ticket_time_entry_by_id: [["time_spent", "timer_running"]],
  update_a_freshservice_problem_time_entry_by_id: [["time_spent", "timer_running"]],
  update_a_freshservice_change_time_entry_by_id: [["time_spent", "timer_running"]],
  update_a_freshservice_release_time_entry_by_id: [["time_spent", "timer_running"]],
};

// ---------------------------------------------------------------------------------------------------------------

const placeholders = (template: string) => template.replace(/\{[a-z_]+\}/g, ":").replace(/:[a-z_]+/g, ":");

/** The calls that cover a tool's arguments; `leaveOut` are optional arguments none of them passes. */
function callsFor(tool: CatalogTool, schema: JsonSchema, leaveOut: string[] = []): Record<string, unknown>[] {
  const op = tool.operation;
  const hint = hintFor(tool, state);
  const exclusive = EXCLUSIVE[tool.name] ?? [];
  const switches = Object.keys(op.path_when);
  const alternates = exclusive.flatMap((group) => group.slice(1));
  // Files go in a call of their own (multipart); the main call is the JSON one.
  const files = op.attachments ? ["attachments"] : [];
  const omit = ["next_cursor", ...leaveOut, ...switches, ...alternates, ...files];
  const withIds = (args: Record<string, unknown>, template: string) => ({
    ...args,
    ...resolvePathIds(tool, template),
  });
  const main = withIds(sampleArguments(schema, { hint, omit }), op.path);
  const extra: Record<string, unknown>[] = [];
  // A route-switching argument: only what that route takes (path ids, required arguments, limit).
  for (const name of switches) {
    const all = sampleArguments(schema, { hint, omit: ["next_cursor", ...leaveOut] });
    const keep = new Set([...(schema.required ?? []), name, "limit"]);
    extra.push(
      withIds(Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k))), op.path_when[name] as string),
    );
  }
  for (const group of exclusive)
    for (const alternate of group.slice(1)) {
      const all = sampleArguments(schema, { hint, omit: ["next_cursor", ...leaveOut] });
      const args = Object.fromEntries(Object.entries(main).filter(([k]) => !group.includes(k)));
      extra.push({ ...args, [alternate]: all[alternate] });
    }
  if (op.attachments) extra.push({ ...main, attachments: SAMPLE_ATTACHMENTS });
  return [main, ...extra];
}

/** One small file, as a model writes it: sent as multipart, the other arguments as bracket-notation fields. */
const SAMPLE_ATTACHMENTS = [
  { name: "sample.txt", content_type: "text/plain", content_base64: Buffer.from("sample file\n").toString("base64") },
];

/**
 * A body as the simulator logs a multipart one: its fields as text (a form has no numbers, booleans or nulls, and
 * no empty lists), and each file's name, type and size.
 */
function formView(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(formView);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null && item !== undefined && !(Array.isArray(item) && item.length === 0))
      .map(([key, item]) => [key, formView(item)]),
  );
}

/** What the documented request for these arguments is, from the operation's description in schemas/. */
function expectedRequest(tool: CatalogTool, args: Record<string, unknown>) {
  const op = tool.operation;
  const present = (v: unknown) => v !== undefined && v !== null && v !== "";
  const routedBy = Object.keys(op.path_when).find((name) => present(args[name]));
  const template = routedBy ? (op.path_when[routedBy] as string) : op.path;
  const path = `/api/v2${template.replace(/\{([a-z_]+)\}/g, (_, name: string) => String(args[name]))}`;
  const query: [string, string][] = [];
  for (const name of Object.keys(op.query)) {
    const value = args[name];
    if (!present(value)) continue;
    if (op.filter_params.includes(name)) query.push([name, `"${value}"`]);
    // A link passed back whole: Freshservice takes the parameter of the same name inside it.
    else if (op.link_params.includes(name) && String(value).startsWith("http"))
      query.push([name, new URL(String(value)).searchParams.get(name) ?? ""]);
    else query.push([name, Array.isArray(value) ? value.join(",") : String(value)]);
  }
  if (op.paginated && args.limit !== undefined && !routedBy)
    query.push(["per_page", String(Math.min(Number(args.limit), 100))]);
  const bodyNames = Object.keys(op.body);
  const fields = Object.fromEntries(bodyNames.filter((n) => args[n] !== undefined).map((n) => [n, args[n]]));
  const json = bodyNames.length === 0 ? null : op.body_wrapper ? { [op.body_wrapper]: fields } : fields;
  const files =
    op.attachments && Array.isArray(args.attachments) ? (args.attachments as typeof SAMPLE_ATTACHMENTS) : [];
  const body = files.length
    ? {
        ...(formView(json ?? {}) as Record<string, unknown>),
        attachments: files.map((f) => ({
          name: f.name,
          content_type: f.content_type,
          size: Buffer.from(f.content_base64, "base64").length,
        })),
      }
    : json;
  return { method: op.http_method, template, path, query, body };
}

/** Every way the recorded request differs from the documented one; empty when it matches. */
function problemsOf(tool: CatalogTool, call: Call): string[] {
  const sent = apiCalls(tool, call);
  if (sent.length !== 1)
    return [
      `${sent.length} requests reached the simulator (${call.error ?? call.result?.content[0]?.text.slice(0, 300)})`,
    ];
  const got = sent[0] as RecordedRequest;
  const want = expectedRequest(tool, call.args);
  const problems: string[] = [];
  if (got.method !== want.method) problems.push(`method ${got.method}, documented ${want.method}`);
  if (!got.route) problems.push(`no simulator route matched ${got.method} ${got.path}`);
  else if (placeholders(got.route) !== placeholders(`${want.method} /api/v2${want.template}`))
    problems.push(`simulator route ${got.route}, documented ${want.method} ${want.template}`);
  if (got.path !== want.path) problems.push(`path ${got.path}, expected ${want.path}`);
  const sorted = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${v}`).sort();
  const gotQuery = sorted([...new URLSearchParams(got.search)]);
  if (JSON.stringify(gotQuery) !== JSON.stringify(sorted(want.query)))
    problems.push(`query ${JSON.stringify(gotQuery)}, expected ${JSON.stringify(sorted(want.query))}`);
  // Filter expressions: double quotes added, and the whole value percent-encoded on the wire (%22…%22).
  for (const [name, value] of want.query) {
    if (!tool.operation.filter_params.includes(name)) continue;
    const raw =
      got.search
        .slice(1)
        .split("&")
        .find((pair) => pair.startsWith(`${name}=`)) ?? "";
    const encoded = raw.slice(name.length + 1);
    if (!/^%22[A-Za-z0-9%\-_.!~*'()]*%22$/.test(encoded) || decodeURIComponent(encoded) !== value)
      problems.push(`${name} sent as ${raw}, not ${value} URL-encoded`);
  }
  try {
    expect(got.body).toEqual(want.body);
  } catch {
    problems.push(`body ${JSON.stringify(got.body)}, expected ${JSON.stringify(want.body)}`);
  }
  const basic = /^Basic (.+)$/.exec(got.headers.authorization ?? "")?.[1];
  const user = basic ? Buffer.from(basic, "base64").toString().split(":")[0] : undefined;
  if (user !== DEFAULT_API_KEY || got.tenant !== DEFAULT_API_KEY) problems.push("not sent with the stored API key");
  return problems;
}

/**
 * The requests a call made, less the one documented form read before it: `place_request` validates against the
 * item's own form (`GET /service_catalog/items/{display_id}`), and a create that names a workspace against that
 * workspace's form (`GET /<kind>_form_fields?workspace_id=N`), which the Worker reads first when not cached.
 */
function apiCalls(tool: CatalogTool, call: Call): RecordedRequest[] {
  const kind = tool.operation.custom_fields?.kind;
  const form =
    kind === "service_item"
      ? `/api/v2/service_catalog/items/${call.args.display_id}`
      : `/api/v2/${kind}_form_fields?workspace_id=${call.args.workspace_id}`;
  const [read, ...rest] = call.requests;
  return read?.method === "GET" && `${read.path}${read.search}` === form && rest.length > 0 ? rest : call.requests;
}

/** One tools/call on a freshly reseeded simulator, with the requests it made. */
async function callTool(on: Client, tool: string, args: Record<string, unknown>): Promise<Call> {
  await control("reset", "POST");
  const starter = calls.find((c) => c.tool === JOB_STARTER[tool] && c.result?.isError !== true);
  if (starter) {
    await on.callTool({ name: starter.tool, arguments: starter.args });
    await control("requests", "DELETE");
  }
  const call: Call = { tool, args, requests: [] };
  try {
    call.result = (await on.callTool({ name: tool, arguments: args })) as ToolResult;
  } catch (error) {
    call.error = String(error);
  }
  call.requests = (await control("requests")) as RecordedRequest[];
  return call;
}

const isSuccess = (call: Call) => {
  const sent = apiCalls(catalog.get(call.tool) as CatalogTool, call);
  const status = sent[0]?.status ?? 0;
  return sent.length === 1 && status >= 200 && status < 300 && call.result?.isError !== true;
};

/** With `EVERY_TOOL_REPORT=1`: the figures, and every answer that was not a 2xx. */
function report(of: Call[], figures: Record<string, number>) {
  if (!process.env.EVERY_TOOL_REPORT) return;
  const failed = of
    .filter((c) => !isSuccess(c))
    .map(
      (c) =>
        `\n${c.tool} ${apiCalls(catalog.get(c.tool) as CatalogTool, c)[0]?.status}: ${c.result?.content[0]?.text.slice(0, 400)}`,
    );
  console.log(JSON.stringify(figures), failed.join(""));
}

describe("every generated tool against the simulator", () => {
  it("lists every catalog tool, account fields merged", () => {
    expect(listed.map((t) => t.name).sort()).toEqual([...catalog.keys()].sort());
    expect(listed.length).toBeGreaterThanOrEqual(365);
  });

  it("sends each tool's documented request: verb, route, path ids, exact query and body, stored key", async () => {
    const started = Date.now();
    // Job reads go last: they read the job an earlier call of this run started (JOB_OF).
    const ordered = [...listed.filter((t) => !(t.name in JOB_OF)), ...listed.filter((t) => t.name in JOB_OF)];
    for (const entry of ordered) {
      const tool = catalog.get(entry.name) as CatalogTool;
      for (const args of callsFor(tool, entry.inputSchema)) calls.push(await callTool(client, tool.name, args));
    }
    const problems = calls.flatMap((call) =>
      problemsOf(catalog.get(call.tool) as CatalogTool, call).map((p) => `${call.tool}: ${p}`),
    );
    const ok = calls.filter(isSuccess).length;
    report(calls, { calls: calls.length, ok, ms: Date.now() - started });
    expect(problems).toEqual([]);
    const called = new Set(calls.map((c) => c.tool));
    expect(called.size).toBe(listed.length);
    // Every query and body argument (except next_cursor) was sent at least once.
    for (const entry of listed) {
      const sent = new Set(calls.filter((c) => c.tool === entry.name).flatMap((c) => Object.keys(c.args)));
      const unsent = Object.keys(entry.inputSchema.properties ?? {}).filter((n) => n !== "next_cursor" && !sent.has(n));
      expect(unsent, entry.name).toEqual([]);
    }
    // Measured: 398 of 404 (98.5%). The rest need a record or state the seed lacks: a start_token (no ticket has
    // a second page of activities), an asset type nothing uses, a non-system workspace, and a problem linked to a
    // project or project task.
    expect(ok / calls.length).toBeGreaterThanOrEqual(0.98);
  }, 120_000);

  it("sends the shapes the API reference calls out, by tool name", () => {
    const sent = (tool: string, where: (c: Call) => boolean = () => true) => {
      const call = calls.find((c) => c.tool === tool && where(c));
      expect(call, tool).toBeDefined();
      const [request] = apiCalls(catalog.get(tool) as CatalogTool, call as Call);
      return { args: (call as Call).args, request: request as RecordedRequest };
    };
    const bodyKeys = (tool: string) => Object.keys(sent(tool).request.body as object);

    // The asset's permanent delete is a PUT.
    const forever = sent("freshservice_asset_delete_forever").request;
    expect(forever.method).toBe("PUT");
    expect(forever.route).toMatch(/^PUT \/api\/v2\/assets\/:[a-z_]+\/delete_forever$/);
    expect(forever.path).toMatch(/^\/api\/v2\/assets\/\d+\/delete_forever$/);

    // Catalog item writes use the hyphenated path; reads the underscored one.
    const item = sent("create_a_freshservice_service_item").request;
    expect(`${item.method} ${item.path}`).toBe("POST /api/v2/service-catalog/items");
    expect(Object.keys(item.body as object).sort()).toEqual(["service_item", "workspace_id"]);
    expect(sent("list_all_freshservice_service_items").request.path).toBe("/api/v2/service_catalog/items");

    // Ticket time entries are wrapped, problem (and change, release) time entries are flat.
    for (const tool of ["create_a_freshservice_ticket_time_entry", "update_a_freshservice_ticket_time_entry_by_id"])
      expect(bodyKeys(tool), tool).toEqual(["time_entry"]);
    for (const tool of [
      "create_a_freshservice_problem_time_entry",
      "update_a_freshservice_problem_time_entry_by_id",
      "create_a_freshservice_change_time_entry",
      "create_a_freshservice_release_time_entry",
    ]) {
      expect(bodyKeys(tool), tool).not.toContain("time_entry");
      expect(bodyKeys(tool), tool).toContain("note");
    }

    // Software writes are {"application": …}; custom-object records {"data": …}; onboarding {"fields": …}.
    for (const tool of ["create_a_freshservice_software", "update_a_freshservice_software_by_id"])
      expect(bodyKeys(tool), tool).toEqual(["application"]);
    for (const tool of [
      "create_a_freshservice_custom_object_record",
      "update_a_freshservice_custom_object_record_by_id",
    ])
      expect(bodyKeys(tool), tool).toEqual(["data"]);
    const onboarding = sent("create_a_freshservice_onboarding_request");
    expect(onboarding.request.path).toBe("/api/v2/onboarding_requests");
    expect(onboarding.request.body).toEqual({
      fields: onboarding.args.fields,
      initiator_id: onboarding.args.initiator_id,
    });
    expect(Object.keys(onboarding.request.body as object).sort()).toEqual(["fields", "initiator_id"]);
  });
});

describe("every tool on a URL minted with a workspace_id", () => {
  // HR: seeded, and not the primary workspace Freshservice itself falls back to.
  const WORKSPACE = 3;
  let scoped: Client;
  let scopedListed: typeof listed;
  const scopedCalls: Call[] = [];

  const workspaceArgument = (tool: CatalogTool) =>
    tool.operation.query.workspace_id ?? tool.operation.body.workspace_id;
  const optionalWorkspace = (tool: CatalogTool) =>
    workspaceArgument(tool) !== undefined && !tool.operation.required.includes("workspace_id");
  /** Leaving workspace_id out means the URL's workspace, unless Freshservice's default is wider or follows a record. */
  const defaulted = (tool: CatalogTool) => optionalWorkspace(tool) && tool.operation.workspace_default;

  /** The workspace_id a request carried: in its query, or in its body (inside the body wrapper if any). */
  const sentWorkspace = (tool: CatalogTool, request: RecordedRequest | undefined): unknown => {
    const query = new URLSearchParams(request?.search).get("workspace_id");
    if (query !== null) return Number(query);
    const body = request?.body as Record<string, unknown> | null | undefined;
    const wrapper = tool.operation.body_wrapper;
    const sent = ((wrapper ? body?.[wrapper] : body) as Record<string, unknown> | null | undefined)?.workspace_id;
    // A multipart body (a call with files) has text fields: the simulator logs them as they came.
    return typeof sent === "string" && /^\d+$/.test(sent) ? Number(sent) : sent;
  };

  beforeAll(async () => {
    const { url } = await mintServer(stack, { name: "hr", config: { workspace_id: WORKSPACE } });
    scoped = new Client({ name: "e2e-every-tool-workspace", version: "1.0.0" });
    await scoped.connect(new StreamableHTTPClientTransport(new URL(url)));
    scopedListed = catalogTools((await scoped.listTools()).tools as unknown as typeof listed);
  });

  afterAll(async () => {
    await scoped?.close();
  });

  it("announces `default: N` on exactly the workspace_id arguments it fills in", () => {
    expect(scopedListed.map((t) => t.name).sort()).toEqual([...catalog.keys()].sort());
    const announced = (entries: typeof listed) =>
      entries.filter((t) => t.inputSchema.properties?.workspace_id?.default !== undefined).map((t) => t.name);
    const expected = [...catalog.values()].filter(defaulted).map((t) => t.name);
    expect(announced(scopedListed).sort()).toEqual(expected.sort());
    for (const entry of scopedListed.filter((t) => expected.includes(t.name))) {
      const argument = entry.inputSchema.properties?.workspace_id as JsonSchema;
      expect(argument.default, entry.name).toBe(WORKSPACE);
      expect(argument.description, entry.name).toContain(`workspace ${WORKSPACE}`);
    }
    // The unfiltered URL has no workspace of its own: Freshservice's default stands, and nothing is announced.
    expect(announced(listed)).toEqual([]);
    // 35 optional workspace arguments, of which the SLA policy list and the solution folder create keep theirs.
    expect(expected.length).toBeGreaterThanOrEqual(33);
  });

  it("sends N where workspace_id is left out, nothing where Freshservice's default is wider, other tools as given", async () => {
    const started = Date.now();
    const others = scopedListed.filter((t) => !optionalWorkspace(catalog.get(t.name) as CatalogTool));
    // Every tool with an optional workspace_id, the ones where it is required (a move's target), and a sample of
    // the rest: every sixth in listing order.
    const chosen = [
      ...scopedListed.filter((t) => optionalWorkspace(catalog.get(t.name) as CatalogTool)),
      ...others.filter((t, i) => workspaceArgument(catalog.get(t.name) as CatalogTool) || i % 6 === 0),
    ];
    for (const entry of chosen) {
      const tool = catalog.get(entry.name) as CatalogTool;
      const leaveOut = optionalWorkspace(tool) ? ["workspace_id"] : [];
      for (const args of callsFor(tool, entry.inputSchema, leaveOut))
        scopedCalls.push(await callTool(scoped, tool.name, args));
    }
    // A default, not a boundary: a workspace the model names (even 0, every workspace) is sent as it is.
    for (const [name, workspace_id] of [
      ["list_all_freshservice_tickets", 0],
      ["list_all_freshservice_problems", 2],
      ["create_a_freshservice_ticket", 2],
    ] as const) {
      const entry = scopedListed.find((t) => t.name === name) as (typeof listed)[number];
      const [args] = callsFor(catalog.get(name) as CatalogTool, entry.inputSchema, ["workspace_id"]);
      scopedCalls.push(await callTool(scoped, name, { ...args, workspace_id }));
    }

    const problems: string[] = [];
    for (const call of scopedCalls) {
      const tool = catalog.get(call.tool) as CatalogTool;
      const filled = defaulted(tool) && call.args.workspace_id === undefined;
      // What the documented request is once the URL's workspace is filled in: exactly that, nothing else.
      const effective = { ...call, args: filled ? { ...call.args, workspace_id: WORKSPACE } : call.args };
      problems.push(...problemsOf(tool, effective).map((p) => `${call.tool}: ${p}`));
      const sent = sentWorkspace(tool, apiCalls(tool, effective)[0]);
      if (sent !== effective.args.workspace_id)
        problems.push(`${call.tool}: sent workspace_id ${sent}, expected ${effective.args.workspace_id}`);
    }
    report(scopedCalls, {
      tools: new Set(scopedCalls.map((c) => c.tool)).size,
      calls: scopedCalls.length,
      filled: scopedCalls.filter((c) => defaulted(catalog.get(c.tool) as CatalogTool) && !("workspace_id" in c.args))
        .length,
      ok: scopedCalls.filter(isSuccess).length,
      ms: Date.now() - started,
    });
    expect(problems).toEqual([]);
    // And the simulator took workspace N on each of them (the misses are sampled tools' records the seed lacks).
    const refused = scopedCalls.filter((c) => defaulted(catalog.get(c.tool) as CatalogTool) && !isSuccess(c));
    expect(refused.map((c) => c.tool)).toEqual([]);

    const toolsCalled = new Set(scopedCalls.map((c) => c.tool));
    const byDefault = [...toolsCalled].filter((name) => defaulted(catalog.get(name) as CatalogTool));
    expect(byDefault.length).toBe([...catalog.values()].filter(defaulted).length);
    for (const name of ["list_all_freshservice_sla_policies", "create_a_freshservice_solution_folder"])
      expect(toolsCalled.has(name) && !defaulted(catalog.get(name) as CatalogTool), name).toBe(true);
    // Measured: 106 tools in 112 calls (35 with an optional workspace_id filled in).
    expect(toolsCalled.size).toBeGreaterThanOrEqual(95);
  }, 60_000);
});
