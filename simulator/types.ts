// Record shapes stored by the simulator. Field names follow the API (snake_case); a few internal extras are marked.

export type Plan = "starter" | "growth" | "pro" | "enterprise";
export type CustomFieldValue = string | number | boolean | null;

export interface Attachment {
  id: number;
  content_type: string;
  size: number;
  name: string;
  attachment_url: string;
  created_at: string;
  updated_at: string;
}

export interface TicketStats {
  created_at: string;
  updated_at: string;
  ticket_id: number;
  opened_at: string | null;
  group_escalated: boolean;
  inbound_count: number;
  status_updated_at: string;
  outbound_count: number;
  pending_since: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  first_assigned_at: string | null;
  assigned_at: string | null;
  agent_responded_at: string | null;
  requester_responded_at: string | null;
  first_responded_at: string | null;
  first_resp_time_in_secs: number | null;
  resolution_time_in_secs: number | null;
}

export interface Ticket {
  id: number;
  workspace_id: number;
  subject: string | null;
  description: string;
  description_text: string;
  status: number;
  priority: number;
  urgency: number;
  impact: number;
  source: number;
  type: string;
  requester_id: number;
  requested_for_id: number | null;
  responder_id: number | null;
  group_id: number | null;
  department_id: number | null;
  category: string | null;
  sub_category: string | null;
  item_category: string | null;
  due_by: string;
  fr_due_by: string;
  is_escalated: boolean;
  fr_escalated: boolean;
  spam: boolean;
  deleted: boolean;
  email_config_id: number | null;
  cc_emails: string[];
  fwd_emails: string[];
  reply_cc_emails: string[];
  to_emails: string[] | null;
  bcc_emails: string[];
  tags: string[];
  attachments: Attachment[];
  custom_fields: Record<string, CustomFieldValue>;
  created_at: string;
  updated_at: string;
  resolution_notes: string | null;
  resolution_notes_html: string | null;
  sla_policy_id: number;
  approval_status: number;
  approval_status_name: string;
  /** Asset display ids linked to the ticket. */
  asset_display_ids: number[];
  /** Internal: agent ids watching the ticket (drives `filter=watching`). */
  watcher_ids: number[];
  /** Internal: set for tickets raised by an onboarding request. */
  onboarding_request_id: number | null;
  /** Internal: set for tickets raised by an offboarding request. */
  offboarding_request_id: number | null;
  /** Internal: parent ticket id for child tickets. */
  parent_id: number | null;
  stats: TicketStats;
}

export interface Conversation {
  id: number;
  ticket_id: number;
  user_id: number;
  body: string;
  body_text: string;
  incoming: boolean;
  private: boolean;
  source: number;
  support_email: string | null;
  from_email: string | null;
  to_emails: string[];
  cc_emails: string[];
  bcc_emails: string[];
  notify_emails: string[];
  attachments: Attachment[];
  created_at: string;
  updated_at: string;
}

interface UserBase {
  id: number;
  first_name: string;
  last_name: string;
  job_title: string | null;
  work_phone_number: string | null;
  mobile_phone_number: string | null;
  department_ids: number[];
  can_see_all_tickets_from_associated_departments: boolean;
  reporting_manager_id: number | null;
  address: string | null;
  time_zone: string;
  time_format: string;
  language: string;
  location_id: number | null;
  background_information: string | null;
  custom_fields: Record<string, CustomFieldValue>;
  active: boolean;
  has_logged_in: boolean;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Requester extends UserBase {
  primary_email: string | null;
  secondary_emails: string[];
  is_agent: false;
}

export interface AgentRole {
  role_id: number;
  assignment_scope: "entire_helpdesk" | "member_groups" | "specified_groups" | "assigned_items";
  groups: number[];
}

export interface Agent extends UserBase {
  email: string;
  occasional: boolean;
  scoreboard_level_id: number;
  member_of: number[];
  observer_of: number[];
  roles: AgentRole[];
  signature: string | null;
  workspace_ids: number[];
  last_login_at: string | null;
  last_active_at: string | null;
  api_key_enabled: boolean;
}

export interface Group {
  id: number;
  name: string;
  description: string | null;
  escalate_to: number | null;
  unassigned_for: string;
  business_hours_id: number | null;
  members: number[];
  observers: number[];
  leaders: number[];
  members_pending_approval: number[];
  leaders_pending_approval: number[];
  observers_pending_approval: number[];
  restricted: boolean;
  approval_required: boolean;
  auto_ticket_assign: boolean;
  ocs_schedule_id: number | null;
  workspace_id: number;
  created_at: string;
  updated_at: string;
}

export interface Department {
  id: number;
  name: string;
  description: string | null;
  head_user_id: number | null;
  prime_user_id: number | null;
  domains: string[];
  custom_fields: Record<string, CustomFieldValue>;
  created_at: string;
  updated_at: string;
}

export interface Location {
  id: number;
  name: string;
  parent_location_id: number | null;
  primary_contact_id: number | null;
  address: {
    line1: string | null;
    line2: string | null;
    city: string;
    state: string | null;
    country: string;
    zipcode: string | null;
  };
  email: string | null;
  phone: string | null;
  contact_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface Workspace {
  id: number;
  name: string;
  description: string | null;
  type: "workspace";
  primary: boolean;
  restricted: boolean;
  state: "active" | "inactive";
  /** Client details (MSP-style workspaces created through the API). */
  metadata?: Record<string, unknown>;
  template_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface SolutionCategory {
  id: number;
  name: string;
  description: string | null;
  workspace_id: number;
  position: number;
  default_category: boolean;
  visible_in_portals: number[];
  created_at: string;
  updated_at: string;
}

export interface SolutionFolder {
  id: number;
  name: string;
  description: string | null;
  category_id: number;
  visibility: number;
  position: number;
  default_folder: boolean;
  department_ids: number[];
  group_ids: number[];
  requester_group_ids: number[];
  manage_by_group_ids: number[];
  approval_settings: { approval_type: number; approver_ids: number[] } | null;
  workspace_id: number;
  created_at: string;
  updated_at: string;
}

export interface SolutionArticle {
  id: number;
  title: string;
  description: string;
  description_text: string;
  folder_id: number;
  category_id: number;
  /** 1 draft, 2 published. */
  status: number;
  /** 1 permanent, 2 workaround. */
  article_type: number;
  approval_status: number | null;
  position: number;
  tags: string[];
  keywords: string[];
  views: number;
  thumbs_up: number;
  thumbs_down: number;
  user_id: number;
  agent_id: number;
  modified_by: number;
  modified_at: string;
  inserted_into_tickets: number;
  url: string | null;
  review_date: string | null;
  attachments: Attachment[];
  cloud_files: unknown[];
  workspace_id: number;
  created_at: string;
  updated_at: string;
  /** A secondary-language article: its language code and the primary article it translates (when sent). */
  language?: string;
  parent_id?: number;
}

export interface Asset {
  id: number;
  display_id: number;
  name: string;
  description: string | null;
  asset_type_id: number;
  asset_tag: string | null;
  impact: "low" | "medium" | "high";
  author_type: string;
  usage_type: "permanent" | "loaner";
  user_id: number | null;
  location_id: number | null;
  department_id: number | null;
  agent_id: number | null;
  group_id: number | null;
  assigned_on: string | null;
  workspace_id: number;
  created_by_source: string;
  last_updated_by_source: string;
  created_by_user: number | null;
  last_updated_by_user: number | null;
  sources: string[];
  end_of_life: string | null;
  discovery_enabled: boolean;
  created_at: string;
  updated_at: string;
  /** Keyed `<name>_<defining asset_type_id>`; only returned with `include=type_fields` or on writes. */
  type_fields: Record<string, CustomFieldValue>;
  /** Internal: in the trash (DELETE); `trashed=true` lists these. */
  trashed: boolean;
}

export interface AssetType {
  id: number;
  name: string;
  description: string | null;
  parent_asset_type_id: number | null;
  visible: boolean;
  created_at: string;
  updated_at: string;
}

export interface AssetTypeField {
  id: number | null;
  asset_type_id: number | null;
  name: string;
  label: string;
  field_type: "text" | "dropdown" | "paragraph" | "number" | "date" | "lookup" | "checkbox";
  data_type: "string" | "integer" | "text" | "decimal" | "date" | "boolean";
  required: boolean;
  is_unique: boolean;
  default_field: boolean;
  choices: [string, number][];
  created_at: string;
  updated_at: string;
}

export interface Product {
  id: number;
  name: string;
  asset_type_id: number;
  manufacturer: string;
  status: string;
  mode_of_procurement: string;
  depreciation_type_id: number | null;
  description: string | null;
  description_text: string | null;
  created_at: string;
  updated_at: string;
}

export interface Vendor {
  id: number;
  name: string;
  description: string | null;
  primary_contact_id: number | null;
  address: {
    line1: string | null;
    city: string | null;
    state: string | null;
    country: string | null;
    zipcode: string | null;
  };
  created_at: string;
  updated_at: string;
}

export interface Relationship {
  id: number;
  relationship_type_id: number;
  primary_id: number;
  primary_type: "asset" | "requester" | "agent" | "department" | "software";
  secondary_id: number;
  secondary_type: "asset" | "requester" | "agent" | "department" | "software";
  created_at: string;
  updated_at: string;
}

export interface RelationshipType {
  id: number;
  is_default: boolean;
  description: string;
  downstream_relation: string;
  upstream_relation: string;
  upstream_impact: string;
  downstream_impact: string;
  created_at: string;
  updated_at: string;
}

export interface OnboardingActor {
  email: string;
  name: string;
  response_status: "pending" | "completed";
}

export interface OnboardingRequest {
  id: number;
  /** 1 Awaiting Information, 2 Request Cancelled, 3 Request In Progress. */
  status: number;
  subject: string;
  ticket_id: number;
  actors: Record<string, OnboardingActor>;
  fields: Record<string, unknown>;
  lookup_values: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  /** Internal: every ticket raised for this request (parent first). */
  ticket_ids: number[];
  /** Internal: who raised it. */
  initiator_id: number;
}

export interface NestedChoice {
  id: number;
  value: string;
  nested_options?: NestedChoice[];
}

export interface TicketFormField {
  id: number;
  workspace_id: number | null;
  name: string;
  label: string;
  description: string | null;
  field_type: string;
  position: number;
  default_field: boolean;
  required_for_agents: boolean;
  required_for_closure: boolean;
  required_for_customers: boolean;
  customers_can_edit: boolean;
  displayed_to_customers: boolean;
  label_for_customers: string;
  belongs_to_section: boolean;
  sections: unknown[];
  choices: Array<NestedChoice | { id: number; value: string; requester_display_value: string }>;
  nested_fields: Array<{ name: string; label: string; label_in_portal: string; level: number; id: number }>;
  created_at: string;
  updated_at: string;
  date_only?: boolean;
  portal_cc?: boolean;
  portalcc_to?: string;
}

export interface OnboardingFormField {
  name: string;
  label: string;
  placeholder: string | null;
  position: number;
  required: boolean;
  default: boolean;
  field_type: string;
  data_source?: number;
  choices?: string[];
}
