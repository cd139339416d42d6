// Employee onboarding requests (§7.26, §8.5): validating `{"fields":{…}}` against the form, then creating the
// request together with its parent service-request ticket and one child task ticket.

import { checkPlainCustomValue } from "./custom-field-defs";
import type { FieldError } from "./errors";
import { findUser, findUserByEmail, type TenantState, userEmail, userName } from "./tenant-state";
import { buildTicket } from "./ticket-model";
import { formatTimestamp } from "./time";
import type { OnboardingFormField, OnboardingRequest } from "./types";
import { datatypeMismatch, invalidField, isEmail, mandatoryFieldMissing } from "./validate";

/** Lookup data sources: 1 locations, 2 requesters, 3 agents, 4 assets, 5 all users, 6 departments. */
function resolveLookup(state: TenantState, source: number | undefined, value: unknown): Record<string, unknown> | null {
  const asId =
    typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : null;
  const asEmail = typeof value === "string" && isEmail(value) ? value : null;
  const user = (allowAgents: boolean, allowRequesters: boolean) => {
    const u = asId !== null ? findUser(state, asId) : asEmail ? findUserByEmail(state, asEmail) : undefined;
    if (!u) return null;
    const isAgent = state.agents.has(u.id);
    if ((isAgent && !allowAgents) || (!isAgent && !allowRequesters)) return null;
    return { id: u.id, name: userName(u), email: userEmail(u) };
  };
  switch (source) {
    case 1: {
      const l = asId !== null ? state.locations.get(asId) : undefined;
      return l ? { id: l.id, name: l.name } : null;
    }
    case 2:
      return user(false, true);
    case 3:
      return user(true, false);
    case 4: {
      const a = asId !== null ? state.assets.get(asId) : undefined;
      return a ? { id: a.display_id, name: a.name, asset_tag: a.asset_tag } : null;
    }
    case 5:
      return user(true, true);
    case 6: {
      const d = asId !== null ? state.departments.get(asId) : undefined;
      return d ? { id: d.id, name: d.name } : null;
    }
    default:
      return null;
  }
}

export interface ValidatedOnboarding {
  fields: Record<string, unknown>;
  lookupValues: Record<string, unknown>;
}

export function validateOnboardingFields(
  state: TenantState,
  form: readonly OnboardingFormField[],
  fields: Record<string, unknown>,
): { errors: FieldError[]; value: ValidatedOnboarding } {
  const errors: FieldError[] = [];
  const lookupValues: Record<string, unknown> = {};
  const byName = new Map(form.map((f) => [f.name, f]));
  for (const key of Object.keys(fields)) {
    if (!byName.has(key)) errors.push(invalidField(key));
  }
  for (const f of form) {
    const v = fields[f.name];
    const blank = v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
    if (blank) {
      if (f.required) errors.push(mandatoryFieldMissing(f.name));
      continue;
    }
    const mismatch = (expected: string) => errors.push(datatypeMismatch(f.name, v, expected));
    switch (f.field_type) {
      case "custom_url":
        // Onboarding forms take any string as a URL.
        if (typeof v !== "string") mismatch("String");
        break;
      case "custom_text":
      case "custom_paragraph":
      case "custom_date":
      case "custom_dropdown":
      case "custom_checkbox":
      case "custom_number":
      case "custom_decimal":
      case "custom_date_time":
      case "custom_multi_select_dropdown":
        checkPlainCustomValue(f.name, f.field_type, f.choices, v, errors);
        break;
      case "custom_multi_lookup": {
        const list = Array.isArray(v) ? v : [v];
        const resolved = list.map((x) => resolveLookup(state, f.data_source, x));
        if (resolved.some((x) => x === null))
          errors.push({ field: f.name, message: "There is no record matching the given value", code: "invalid_value" });
        else lookupValues[f.name] = resolved;
        break;
      }
      case "custom_lookup_bigint": {
        const resolved = resolveLookup(state, f.data_source, v);
        if (!resolved)
          errors.push({ field: f.name, message: "There is no record matching the given value", code: "invalid_value" });
        else lookupValues[f.name] = resolved;
        break;
      }
    }
  }
  const normalized = Object.fromEntries(form.map((f) => [f.name, fields[f.name] ?? null]));
  // Lookups are stored as ids even when given as e-mails.
  for (const [name, resolved] of Object.entries(lookupValues))
    normalized[name] = Array.isArray(resolved)
      ? resolved.map((r) => (r as { id: number }).id)
      : (resolved as { id: number }).id;
  return { errors, value: { fields: normalized, lookupValues } };
}

export type LifecycleKind = "onboarding" | "offboarding";

/** Who the request is about: the onboarding name field, or the offboarding employee lookup. */
function employeeName(kind: LifecycleKind, input: ValidatedOnboarding): string {
  if (typeof input.fields.cf_employee_name === "string") return input.fields.cf_employee_name;
  const looked = input.lookupValues.cf_employee as { name?: string } | undefined;
  return looked?.name ?? (kind === "onboarding" ? "new hire" : "employee");
}

export function createOnboardingRequest(
  state: TenantState,
  input: ValidatedOnboarding,
  initiatorId: number,
  now: number,
  kind: LifecycleKind = "onboarding",
): OnboardingRequest {
  const offboarding = kind === "offboarding";
  const id = state.nextId(offboarding ? "offboardingRequest" : "onboardingRequest");
  const name = employeeName(kind, input);
  const subject = `Employee ${offboarding ? "Offboarding" : "Onboarding"} Request for ${name}`;
  const summary = Object.entries(input.fields)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<li>${k}: ${String(v)}</li>`)
    .join("");
  const parent = buildTicket(
    state,
    {
      subject,
      description: `<div>${offboarding ? "Offboarding" : "Onboarding"} request #${id} for ${name}.</div><ul>${summary}</ul>`,
      requester_id: initiatorId,
      type: "Service Request",
      // Ticket sources 13 Employee Onboarding, 18 Employee Offboarding.
      source: offboarding ? 18 : 13,
      priority: 2,
    },
    now,
  );
  if (offboarding) parent.offboarding_request_id = id;
  else parent.onboarding_request_id = id;
  state.tickets.set(parent.id, parent);

  const euc = [...state.groups.values()].find((g) => g.name === "End User Computing");
  const tag = typeof input.fields.cf_laptop_asset_tag === "string" ? input.fields.cf_laptop_asset_tag : null;
  const laptop = tag
    ? [...state.assets.values()].find((a) => a.asset_tag?.toLowerCase() === tag.toLowerCase())
    : undefined;
  const child = buildTicket(
    state,
    {
      subject: offboarding ? `Recover laptop and revoke access for ${name}` : `Prepare laptop and accounts for ${name}`,
      description: offboarding
        ? `<div>Collect equipment and disable accounts for ${name}, last working day ${String(input.fields.cf_last_working_day ?? "soon")}.</div>`
        : `<div>Set up accounts and ${tag ? `laptop ${tag}` : "a laptop"} for ${name}, starting ${String(input.fields.cf_start_date ?? "soon")}.</div>`,
      requester_id: initiatorId,
      type: "Service Request",
      source: offboarding ? 18 : 13,
      priority: 2,
      group_id: euc?.id ?? null,
      asset_display_ids: laptop ? [laptop.display_id] : [],
    },
    now,
  );
  if (offboarding) child.offboarding_request_id = id;
  else child.onboarding_request_id = id;
  child.parent_id = parent.id;
  state.tickets.set(child.id, child);

  const actors: OnboardingRequest["actors"] = {};
  const hr = [...state.agents.values()].find((a) => a.workspace_ids.includes(3));
  if (hr) actors["HR Manager"] = { email: hr.email, name: userName(hr), response_status: "pending" };
  const manager = (input.lookupValues.cf_reporting_manager ?? input.lookupValues.actor_2) as
    | { name: string; email: string | null }
    | undefined;
  if (manager)
    actors["Reporting Manager"] = { email: manager.email ?? "", name: manager.name, response_status: "pending" };

  const ts = formatTimestamp(now);
  const request: OnboardingRequest = {
    id,
    status: 1,
    subject,
    ticket_id: parent.id,
    actors,
    fields: input.fields,
    lookup_values: input.lookupValues,
    created_at: ts,
    updated_at: ts,
    ticket_ids: [parent.id, child.id],
    initiator_id: initiatorId,
  };
  (offboarding ? state.offboardingRequests : state.onboardingRequests).set(id, request);
  return request;
}

/** The public shape (internal bookkeeping removed). */
export function onboardingRequestJson(r: OnboardingRequest): Record<string, unknown> {
  const { ticket_ids: _ids, initiator_id: _initiator, ...rest } = r;
  return rest;
}
