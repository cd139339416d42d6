// One tenant's in-memory account: options, collections (exposed for tests to assert on) and id counters.

import type { CustomFieldDef } from "./custom-field-defs";
import { type Collections, emptyCollections, type JsonRecord } from "./engine/collections";
import { DEFAULT_FORM_CUSTOM_FIELDS, type FormKind } from "./form-custom-fields";
import { PLAN_RATE_LIMITS } from "./rate-limit";
import { ID_BASES, type IdKind } from "./seed/ids";
import { DEFAULT_TICKET_CUSTOM_FIELDS, type TicketCustomFieldDef } from "./ticket-custom-fields";
import type {
  Agent,
  Asset,
  AssetType,
  AssetTypeField,
  Conversation,
  Department,
  Group,
  Location,
  OnboardingFormField,
  OnboardingRequest,
  Plan,
  Product,
  Relationship,
  RelationshipType,
  Requester,
  SolutionArticle,
  SolutionCategory,
  SolutionFolder,
  Ticket,
  Vendor,
  Workspace,
} from "./types";

export interface TenantActivityActor {
  id: number;
  name: string;
}

export interface TicketActivity {
  actor_id: number;
  content: string;
  sub_contents: string[];
  created_at: string;
}

export interface TenantOptions {
  /** Basic-auth username that selects this tenant. */
  apiKey: string;
  /** Subdomain-style name (default "acme"); the company is "Acme Corp" for the default. */
  name?: string;
  plan?: Plan;
  /** Overrides the plan's per-minute limit. */
  rateLimitPerMinute?: number;
  /** false = metadata only (form fields, asset types, workspaces, the API agent): no tickets, users, assets… */
  seed?: boolean;
  /** Replaces the default ticket custom fields (e.g. to add a required dropdown). */
  ticketCustomFields?: TicketCustomFieldDef[];
  /**
   * Ticket custom fields of one workspace (workspace id → fields), listed by `ticket_form_fields` only for that
   * workspace (no `workspace_id` = the primary one, 2). A ticket in that workspace takes them on writes, and the
   * ticket filter of that workspace filters on them.
   */
  workspaceTicketCustomFields?: Record<number, TicketCustomFieldDef[]>;
  /** Replace the default custom fields of these forms (`required` = mandatory on create). */
  problemCustomFields?: CustomFieldDef[];
  changeCustomFields?: CustomFieldDef[];
  releaseCustomFields?: CustomFieldDef[];
  requesterCustomFields?: CustomFieldDef[];
  agentCustomFields?: CustomFieldDef[];
  departmentCustomFields?: CustomFieldDef[];
  /** Extra fields per asset type id, added to the seeded ones; stored as `<name>_<type id>` in `type_fields`. */
  assetTypeFields?: Record<number, AssetTypeFieldDef[]>;
  /** Replace the onboarding / offboarding request forms (§8.5 shape). */
  onboardingForm?: OnboardingFormField[];
  offboardingForm?: OnboardingFormField[];
  /**
   * Ticket statuses the account's admins added (§6.1: ids past 5, e.g. `{ id: 6, value: "Waiting on vendor" }`):
   * listed in the status field's choices after the four built-in ones, and accepted by ticket writes.
   */
  ticketStatuses?: CustomTicketStatus[];
  /**
   * The ticket form also lists what real accounts' forms carry and a client must survive: a field without a
   * name, a dropdown whose choices are null, a nested field without levels, a label full of markup.
   */
  oddFormMetadata?: boolean;
}

export interface CustomTicketStatus {
  id: number;
  value: string;
  requester_display_value?: string;
}

/** A tenant-specific asset type field; `name` is the base name (the simulator adds the type id suffix). */
export interface AssetTypeFieldDef {
  name: string;
  label: string;
  field_type: AssetTypeField["field_type"];
  required?: boolean;
  /** Dropdown labels. */
  choices?: string[];
}

export interface TenantState {
  readonly apiKey: string;
  readonly name: string;
  readonly companyName: string;
  readonly plan: Plan;
  readonly rateLimitPerMinute: number;
  /** `<name>.freshservice.com`, used in e-mail addresses and support_email. */
  readonly domain: string;
  readonly ticketCustomFields: readonly TicketCustomFieldDef[];
  readonly workspaceTicketCustomFields: Readonly<Record<number, readonly TicketCustomFieldDef[]>>;
  readonly customTicketStatuses: readonly CustomTicketStatus[];
  readonly oddFormMetadata: boolean;
  /** Custom fields of every other form, per kind (problem, change, release, requester, agent, department). */
  readonly customFields: Readonly<Record<FormKind, readonly CustomFieldDef[]>>;
  /** The agent who owns the API key (replies, notes and `new_and_my_open` use it). */
  currentAgentId: number;

  workspaces: Map<number, Workspace>;
  tickets: Map<number, Ticket>;
  conversations: Map<number, Conversation>;
  agents: Map<number, Agent>;
  requesters: Map<number, Requester>;
  groups: Map<number, Group>;
  departments: Map<number, Department>;
  locations: Map<number, Location>;
  solutionCategories: Map<number, SolutionCategory>;
  solutionFolders: Map<number, SolutionFolder>;
  solutionArticles: Map<number, SolutionArticle>;
  /** Keyed by display_id (the path key). */
  assets: Map<number, Asset>;
  assetTypes: Map<number, AssetType>;
  /** Fields each asset type defines itself (inherited ones live under the parent's id). */
  assetTypeFields: Map<number, AssetTypeField[]>;
  products: Map<number, Product>;
  vendors: Map<number, Vendor>;
  relationships: Map<number, Relationship>;
  relationshipTypes: Map<number, RelationshipType>;
  onboardingRequests: Map<number, OnboardingRequest>;
  onboardingForm: OnboardingFormField[];
  offboardingRequests: Map<number, OnboardingRequest>;
  offboardingForm: OnboardingFormField[];
  /** The resource engine's records (problems, changes, contracts, …), keyed by their path id. */
  collections: Collections;
  /** Background jobs (relationship bulk-create), keyed by their uuid. */
  jobs: Map<string, JsonRecord & { job_id: string }>;
  /** Approval chain rule per `<ticket|change>:<id>`. */
  approvalChainRules: Map<string, number>;
  /** Activities recorded by API writes, per ticket id (seeded history is derived from the records). */
  ticketActivityLog: Map<number, TicketActivity[]>;

  nextId(kind: IdKind): number;
}

function titleCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** An empty tenant (seed it with seedTenant); kept free of seed imports so route modules can import this one. */
export function createTenantState(options: TenantOptions): TenantState {
  const name = options.name ?? "acme";
  const plan = options.plan ?? "pro";
  const counters: Record<IdKind, number> = { ...ID_BASES };
  const state: TenantState = {
    apiKey: options.apiKey,
    name,
    companyName: name === "acme" ? "Acme Corp" : `${titleCase(name)} Inc`,
    plan,
    rateLimitPerMinute: options.rateLimitPerMinute ?? PLAN_RATE_LIMITS[plan],
    domain: `${name}.freshservice.com`,
    ticketCustomFields: options.ticketCustomFields ?? DEFAULT_TICKET_CUSTOM_FIELDS,
    workspaceTicketCustomFields: options.workspaceTicketCustomFields ?? {},
    customTicketStatuses: options.ticketStatuses ?? [],
    oddFormMetadata: options.oddFormMetadata ?? false,
    customFields: {
      problem: options.problemCustomFields ?? DEFAULT_FORM_CUSTOM_FIELDS.problem,
      change: options.changeCustomFields ?? DEFAULT_FORM_CUSTOM_FIELDS.change,
      release: options.releaseCustomFields ?? DEFAULT_FORM_CUSTOM_FIELDS.release,
      requester: options.requesterCustomFields ?? DEFAULT_FORM_CUSTOM_FIELDS.requester,
      agent: options.agentCustomFields ?? DEFAULT_FORM_CUSTOM_FIELDS.agent,
      department: options.departmentCustomFields ?? DEFAULT_FORM_CUSTOM_FIELDS.department,
    },
    currentAgentId: 0,
    workspaces: new Map(),
    tickets: new Map(),
    conversations: new Map(),
    agents: new Map(),
    requesters: new Map(),
    groups: new Map(),
    departments: new Map(),
    locations: new Map(),
    solutionCategories: new Map(),
    solutionFolders: new Map(),
    solutionArticles: new Map(),
    assets: new Map(),
    assetTypes: new Map(),
    assetTypeFields: new Map(),
    products: new Map(),
    vendors: new Map(),
    relationships: new Map(),
    relationshipTypes: new Map(),
    onboardingRequests: new Map(),
    onboardingForm: [],
    offboardingRequests: new Map(),
    offboardingForm: [],
    collections: emptyCollections(),
    jobs: new Map(),
    approvalChainRules: new Map(),
    ticketActivityLog: new Map(),
    nextId(kind) {
      counters[kind] += 1;
      return counters[kind];
    },
  };
  return state;
}

/** A user (agent or requester) by id. */
export function findUser(state: TenantState, id: number): Agent | Requester | undefined {
  return state.agents.get(id) ?? state.requesters.get(id);
}

export function userEmail(user: Agent | Requester): string | null {
  return "email" in user ? user.email : user.primary_email;
}

export function userName(user: Agent | Requester): string {
  return `${user.first_name} ${user.last_name}`.trim();
}

/** A user by e-mail (case-insensitive), agents first. */
export function findUserByEmail(state: TenantState, email: string): Agent | Requester | undefined {
  const e = email.toLowerCase();
  for (const a of state.agents.values()) if (a.email.toLowerCase() === e) return a;
  for (const r of state.requesters.values()) {
    if (r.primary_email?.toLowerCase() === e || r.secondary_emails.some((s) => s.toLowerCase() === e)) return r;
  }
  return undefined;
}
