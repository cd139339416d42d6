// Seed people and structure for the company: workspaces, departments, locations, agents, groups, requesters.

import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";
import type { Agent, Requester } from "../types";
import { blankUserProfile } from "../user-profile";
import { roleIdByName } from "./account-config";

export const WORKSPACE_GLOBAL = 1;
export const WORKSPACE_IT = 2;
export const WORKSPACE_HR = 3;

export function seedWorkspaces(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 900 * DAY_MS);
  const make = (id: number, name: string, primary: boolean, template: string | null) => {
    state.workspaces.set(id, {
      id,
      name,
      description: null,
      type: "workspace",
      primary,
      restricted: false,
      state: "active",
      template_name: template,
      created_at: ts,
      updated_at: ts,
    });
  };
  make(WORKSPACE_GLOBAL, "Global", false, null);
  make(WORKSPACE_IT, "IT", true, "it");
  make(WORKSPACE_HR, "HR", false, "hr");
}

const AGENT_SEED: Array<[first: string, last: string, title: string, occasional?: boolean]> = [
  ["Alex", "Morgan", "IT Service Desk Manager"],
  ["Priya", "Shah", "Service Desk Analyst"],
  ["Marcus", "Lee", "Network Engineer"],
  ["Elena", "Petrova", "Systems Administrator"],
  ["Tom", "Becker", "Desktop Support Technician"],
  ["Aisha", "Khan", "Desktop Support Technician"],
  ["Daniel", "Kim", "Security Analyst"],
  ["Sofia", "Rossi", "HR Operations Specialist"],
  ["James", "O'Connor", "Facilities Coordinator"],
  ["Mei", "Chen", "Service Desk Analyst", true],
];

/**
 * Who may use the API as themselves (their own key, or the org sign-in): the admin, one agent who can work
 * tickets and one who can only view them. Everyone else is an SD Agent whose API key is off (the API's default
 * for a new agent), so their key answers 401 while they can still sign in.
 */
const AGENT_ACCESS: Record<number, { role: string; apiKeyEnabled: boolean }> = {
  0: { role: "Account Admin", apiKeyEnabled: true },
  1: { role: "SD Agent", apiKeyEnabled: true },
  9: { role: "Read-only Agent", apiKeyEnabled: true },
};
const DEFAULT_ACCESS = { role: "SD Agent", apiKeyEnabled: false };

/** The API key's owner; always present, even in an unseeded tenant. */
export function seedApiAgent(state: TenantState, now: number): void {
  addAgent(state, now, 0);
  state.currentAgentId = [...state.agents.keys()][0] as number;
}

function emailOf(state: TenantState, first: string, last: string): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
  return `${local}@${state.name}.example`;
}

function phone(n: number): string {
  return `+1-415-555-${String(1000 + n).padStart(4, "0")}`;
}

function addAgent(state: TenantState, now: number, index: number): Agent {
  const [first, last, title, occasional = false] = AGENT_SEED[index] as (typeof AGENT_SEED)[number];
  const id = state.nextId("user");
  const created = formatTimestamp(now - (700 - index * 20) * DAY_MS);
  const access = AGENT_ACCESS[index] ?? DEFAULT_ACCESS;
  const agent: Agent = {
    id,
    first_name: first,
    last_name: last,
    email: emailOf(state, first, last),
    occasional,
    active: true,
    job_title: title,
    work_phone_number: phone(index),
    mobile_phone_number: null,
    ...blankUserProfile(),
    // Everyone but the first agent reports to the first.
    reporting_manager_id: index === 0 ? null : ([...state.agents.keys()][0] ?? null),
    scoreboard_level_id: 1 + (index % 6),
    member_of: [],
    observer_of: [],
    roles: [
      {
        role_id: roleIdByName(state, access.role),
        assignment_scope: "entire_helpdesk",
        groups: [],
      },
    ],
    signature: `<div>${first} ${last}<br>${title}</div>`,
    custom_fields: {},
    workspace_ids: index === 7 ? [WORKSPACE_HR] : [WORKSPACE_IT],
    has_logged_in: true,
    last_login_at: formatTimestamp(now - (index + 1) * 3_600_000),
    last_active_at: formatTimestamp(now - (index + 1) * 1_800_000),
    api_key_enabled: access.apiKeyEnabled,
    external_id: null,
    created_at: created,
    updated_at: created,
  };
  state.agents.set(id, agent);
  return agent;
}

export const DEPARTMENTS: Array<[name: string, description: string]> = [
  ["Engineering", "Product engineering and R&D"],
  ["Sales", "Field and inside sales"],
  ["Finance", "Accounting, payroll and procurement"],
  ["Human Resources", "People operations, recruiting and onboarding"],
  ["IT", "Internal IT and service desk"],
];

const LOCATIONS: Array<[name: string, city: string, state: string | null, country: string, line1: string | null]> = [
  ["HQ - San Francisco", "San Francisco", "California", "United States", "500 Market Street"],
  ["New York Office", "New York", "New York", "United States", "350 Fifth Avenue"],
  ["London Office", "London", null, "United Kingdom", "1 Finsbury Avenue"],
  ["Remote", "Anywhere", null, "United States", null],
];

const GROUPS: Array<[name: string, description: string, memberIdx: number[]]> = [
  ["Service Desk", "First-line support for all employees", [0, 1, 9]],
  ["Network & Infrastructure", "Network, VPN, servers and cloud", [2, 3]],
  ["End User Computing", "Laptops, desktops, phones and peripherals", [4, 5]],
  ["Security", "Identity, access and security incidents", [6]],
];

const REQUESTERS: Array<[first: string, last: string, title: string]> = [
  ["John", "Smith", "Account Executive"],
  ["Joanna", "Park", "Software Engineer"],
  ["Jordan", "Reyes", "Financial Analyst"],
  ["Jose", "Alvarez", "Sales Development Representative"],
  ["Emily", "Clark", "Engineering Manager"],
  ["Michael", "Brown", "Senior Software Engineer"],
  ["Sarah", "Johnson", "VP of Sales"],
  ["David", "Wilson", "Payroll Specialist"],
  ["Laura", "Martinez", "Recruiter"],
  ["Kevin", "Nguyen", "QA Engineer"],
  ["Rachel", "Green", "Product Designer"],
  ["Brian", "Adams", "Controller"],
  ["Olivia", "Turner", "HR Business Partner"],
  ["Ethan", "Hughes", "Solutions Engineer"],
  ["Grace", "Liu", "Data Scientist"],
  ["Noah", "Patel", "Site Reliability Engineer"],
  ["Chloe", "Dubois", "Marketing Manager"],
  ["Liam", "Murphy", "Account Manager"],
  ["Hannah", "Schmidt", "Accounts Payable Clerk"],
  ["Lucas", "Silva", "Frontend Engineer"],
  ["Zoe", "Martin", "Office Manager"],
  ["Ryan", "Cooper", "Regional Sales Director"],
  ["Nina", "Kowalski", "Backend Engineer"],
  ["Omar", "Haddad", "Procurement Specialist"],
  ["Isabel", "Garcia", "Talent Acquisition Lead"],
  ["Victor", "Chen", "Staff Engineer"],
  ["Fatima", "Ali", "Customer Success Manager"],
  ["Peter", "Novak", "Financial Planning Analyst"],
  ["Anna", "Berg", "People Operations Coordinator"],
  ["Samuel", "Owusu", "Mobile Engineer"],
];

// Department of each requester by title, for realistic filters (Engineering 0, Sales 1, Finance 2, HR 3, IT 4).
const REQUESTER_DEPARTMENT = [1, 0, 2, 1, 0, 0, 1, 2, 3, 0, 0, 2, 3, 1, 0, 0, 1, 1, 2, 0, 3, 1, 0, 2, 3, 0, 1, 2, 3, 0];

export function seedOrg(state: TenantState, now: number): void {
  const created = (daysAgo: number) => formatTimestamp(now - daysAgo * DAY_MS);

  const deptIds = DEPARTMENTS.map(([name, description], i) => {
    const id = state.nextId("department");
    state.departments.set(id, {
      id,
      name,
      description,
      head_user_id: null,
      prime_user_id: null,
      domains: [],
      custom_fields: {},
      created_at: created(800 - i),
      updated_at: created(800 - i),
    });
    return id;
  });

  const locationIds = LOCATIONS.map(([name, city, st, country, line1], i) => {
    const id = state.nextId("location");
    state.locations.set(id, {
      id,
      name,
      parent_location_id: null,
      primary_contact_id: null,
      address: { line1, line2: null, city, state: st, country, zipcode: null },
      email: null,
      phone: null,
      contact_name: null,
      created_at: created(800 - i),
      updated_at: created(800 - i),
    });
    return id;
  });

  // The API agent already exists; add the rest of the team.
  for (let i = 1; i < AGENT_SEED.length; i++) addAgent(state, now, i);
  const agentIds = [...state.agents.keys()];
  const itDept = deptIds[4] as number;
  agentIds.forEach((id, i) => {
    const a = state.agents.get(id) as Agent;
    a.department_ids = [i === 7 ? (deptIds[3] as number) : itDept];
    a.location_id = locationIds[i % 3] as number;
  });

  GROUPS.forEach(([name, description, memberIdx], i) => {
    const id = state.nextId("group");
    const members = memberIdx.map((m) => agentIds[m] as number);
    state.groups.set(id, {
      id,
      name,
      description,
      escalate_to: agentIds[0] ?? null,
      unassigned_for: "30m",
      business_hours_id: null,
      members,
      observers: [],
      leaders: members.slice(0, 1),
      members_pending_approval: [],
      leaders_pending_approval: [],
      observers_pending_approval: [],
      restricted: false,
      approval_required: false,
      auto_ticket_assign: i === 0,
      ocs_schedule_id: null,
      workspace_id: WORKSPACE_IT,
      created_at: created(750 - i),
      updated_at: created(750 - i),
    });
    for (const m of members) (state.agents.get(m) as Agent).member_of.push(id);
  });

  REQUESTERS.forEach(([first, last, title], i) => {
    const id = state.nextId("user");
    const dept = deptIds[REQUESTER_DEPARTMENT[i] ?? 0] as number;
    const requester: Requester = {
      id,
      first_name: first,
      last_name: last,
      job_title: title,
      primary_email: emailOf(state, first, last),
      secondary_emails: [],
      work_phone_number: phone(100 + i),
      mobile_phone_number: i % 3 === 0 ? `+1-628-555-${String(2000 + i).padStart(4, "0")}` : null,
      department_ids: [dept],
      can_see_all_tickets_from_associated_departments: false,
      reporting_manager_id: null,
      address: null,
      time_zone: i % 4 === 2 ? "London" : i % 4 === 1 ? "Eastern Time (US & Canada)" : "Pacific Time (US & Canada)",
      time_format: "12h",
      language: "en",
      location_id: locationIds[i % 4] as number,
      background_information: null,
      custom_fields: { employee_id: `E${1000 + i}` },
      active: i !== 29,
      has_logged_in: i % 5 !== 4,
      is_agent: false,
      external_id: null,
      created_at: created(600 - i * 15),
      updated_at: created(300 - i * 5),
    };
    state.requesters.set(id, requester);
  });
  // A couple of managers, so reporting_manager_id filters have something to find.
  const requesterIds = [...state.requesters.keys()];
  for (const [i, id] of requesterIds.entries()) {
    if (i > 6) (state.requesters.get(id) as Requester).reporting_manager_id = requesterIds[i % 2 === 0 ? 4 : 6] ?? null;
  }
}
