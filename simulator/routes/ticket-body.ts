// Validation of ticket create/update bodies (§7.1): unknown attributes, types, enums, references, the form's
// required fields (incl. per-tenant custom fields) and closure requirements. Collects every error, then throws.

import { type FieldError, throwIfErrors } from "../errors";
import { CATEGORY_FIELD, TICKET_SOURCES, TICKET_TYPES, ticketStatusIds } from "../seed/form-fields";
import { findUser, findUserByEmail, type TenantState } from "../tenant-state";
import { missingRequired, ticketCustomFieldsFor, validateCustomFieldValues } from "../ticket-custom-fields";
import type { NewTicketInput } from "../ticket-model";
import { formatTimestamp } from "../time";
import type { CustomFieldValue, Requester, Ticket } from "../types";
import { blankUserProfile } from "../user-profile";
import {
  checkDateTime,
  checkEmailArray,
  checkInteger,
  checkString,
  checkStringArray,
  has,
  isEmail,
  type JsonObject,
  unknownFields,
} from "../validate";

const COMMON_FIELDS = [
  "requester_id",
  "email",
  "phone",
  "name",
  "subject",
  "description",
  "status",
  "priority",
  "source",
  "type",
  "responder_id",
  "group_id",
  "department_id",
  "email_config_id",
  "urgency",
  "impact",
  "category",
  "sub_category",
  "item_category",
  "due_by",
  "fr_due_by",
  "tags",
  "custom_fields",
  "assets",
  "associate_ci",
  "problem",
  "change_initiating_ticket",
  "change_initiated_by_ticket",
  "requested_for_id",
  "planned_start_date",
  "planned_end_date",
  "planned_effort",
] as const;

/** cc_emails and workspace_id can only be set on create. */
const CREATE_FIELDS: readonly string[] = [...COMMON_FIELDS, "cc_emails", "workspace_id"];
const UPDATE_FIELDS: readonly string[] = COMMON_FIELDS;

/** What a create/update body sets: the attributes a new ticket is built from, each optional. */
export type TicketChanges = Partial<NewTicketInput>;

export interface ParsedTicketBody {
  changes: TicketChanges;
  /** A requester to create (unknown e-mail/phone) once the body is known to be valid. */
  newRequester?: { email: string | null; phone: string | null; name: string };
  /** `assets` was sent, so the response echoes the linked assets. */
  echoAssets: boolean;
}

function ref(errors: FieldError[], field: string, exists: boolean, what: string): void {
  if (!exists)
    errors.push({ field, message: `There is no ${what} matching the given ${field}`, code: "invalid_value" });
}

export function parseTicketBody(
  state: TenantState,
  body: JsonObject,
  mode: "create" | "update",
  existing?: Ticket,
  options: { bypassMandatory?: boolean } = {},
): ParsedTicketBody {
  const errors: FieldError[] = unknownFields(body, mode === "create" ? CREATE_FIELDS : UPDATE_FIELDS);
  if (mode === "update" && has(body, "workspace_id")) {
    errors.push({
      field: "workspace_id",
      message: "workspace_id can't be updated; use move_workspace",
      code: "invalid_field",
    });
  }
  const changes: TicketChanges = {};
  const out: ParsedTicketBody = { changes, echoAssets: has(body, "assets") };

  // Requester: one of requester_id, email, phone (docs: "any of the attributes").
  const requesterId = checkInteger(body, "requester_id", errors, { positive: true });
  const email = checkString(body, "email", errors);
  const phone = checkString(body, "phone", errors);
  const name = checkString(body, "name", errors);
  if (email !== undefined && email !== null && !isEmail(email)) {
    errors.push({ field: "email", message: "It should be in the 'valid email address' format", code: "invalid_value" });
  }
  if (typeof requesterId === "number") {
    ref(errors, "requester_id", findUser(state, requesterId) !== undefined, "contact");
    changes.requester_id = requesterId;
  } else if (typeof email === "string" && isEmail(email)) {
    const u = findUserByEmail(state, email);
    if (u) changes.requester_id = u.id;
    else out.newRequester = { email, phone: phone ?? null, name: name ?? email.split("@")[0] ?? email };
  } else if (typeof phone === "string") {
    const u = [...state.requesters.values()].find(
      (r) => r.work_phone_number === phone || r.mobile_phone_number === phone,
    );
    if (u) changes.requester_id = u.id;
    else if (typeof name !== "string" || name === "") {
      errors.push({ field: "name", message: "It should be a/an String", code: "missing_field" });
    } else out.newRequester = { email: null, phone, name };
  } else if (mode === "create" && !has(body, "requester_id") && !has(body, "email") && !has(body, "phone")) {
    errors.push({
      field: "requester_id",
      message: "Please fill at least 1 of requester_id, phone, email fields",
      code: "missing_field",
    });
  }

  const subject = checkString(body, "subject", errors, { nullable: true, maxLength: 255 });
  if (subject !== undefined) changes.subject = subject;
  const description = checkString(body, "description", errors);
  if (description !== undefined && description !== null) changes.description = description;

  const status = checkInteger(body, "status", errors, { choices: ticketStatusIds(state) });
  if (typeof status === "number") changes.status = status;
  const priority = checkInteger(body, "priority", errors, { choices: [1, 2, 3, 4] });
  if (typeof priority === "number") changes.priority = priority;
  const urgency = checkInteger(body, "urgency", errors, { choices: [1, 2, 3] });
  if (typeof urgency === "number") changes.urgency = urgency;
  const impact = checkInteger(body, "impact", errors, { choices: [1, 2, 3] });
  if (typeof impact === "number") changes.impact = impact;
  // Custom sources added through POST /ticket_fields/sources are valid too (their choice ids start at 1001).
  const sourceIds = [
    ...TICKET_SOURCES.map(([id]) => id),
    ...[...state.collections.ticketSources.values()].map((x) => x.choice_id as number),
  ];
  const source = checkInteger(body, "source", errors, { choices: sourceIds });
  if (typeof source === "number") changes.source = source;
  const type = checkString(body, "type", errors, { choices: TICKET_TYPES });
  if (typeof type === "string") changes.type = type;

  const responder = checkInteger(body, "responder_id", errors, { nullable: true, positive: true });
  if (typeof responder === "number") ref(errors, "responder_id", state.agents.has(responder), "agent");
  if (responder !== undefined) changes.responder_id = responder;
  const group = checkInteger(body, "group_id", errors, { nullable: true, positive: true });
  if (typeof group === "number") ref(errors, "group_id", state.groups.has(group), "group");
  if (group !== undefined) changes.group_id = group;
  const dept = checkInteger(body, "department_id", errors, { nullable: true, positive: true });
  if (typeof dept === "number") ref(errors, "department_id", state.departments.has(dept), "department");
  if (dept !== undefined) changes.department_id = dept;
  const emailConfig = checkInteger(body, "email_config_id", errors, { nullable: true, positive: true });
  if (emailConfig !== undefined) changes.email_config_id = emailConfig;
  const requestedFor = checkInteger(body, "requested_for_id", errors, { nullable: true, positive: true });
  if (typeof requestedFor === "number")
    ref(errors, "requested_for_id", findUser(state, requestedFor) !== undefined, "contact");
  if (requestedFor !== undefined) changes.requested_for_id = requestedFor;

  // The default category trio is a 3-level nested dropdown.
  const cat: Record<string, unknown> = {};
  for (const f of ["category", "sub_category", "item_category"] as const) {
    const v = checkString(body, f, errors, { nullable: true });
    if (v !== undefined) {
      changes[f] = v;
      cat[f] = v;
    }
  }
  if (Object.keys(cat).length > 0) {
    const merged = {
      category: changes.category !== undefined ? changes.category : (existing?.category ?? null),
      sub_category: changes.sub_category !== undefined ? changes.sub_category : (existing?.sub_category ?? null),
      item_category: changes.item_category !== undefined ? changes.item_category : (existing?.item_category ?? null),
    };
    errors.push(...validateCustomFieldValues([CATEGORY_FIELD], merged));
  }

  for (const f of ["due_by", "fr_due_by"] as const) {
    const at = checkDateTime(body, f, errors);
    if (typeof at === "number") changes[f] = formatTimestamp(at);
  }
  for (const f of ["planned_start_date", "planned_end_date"] as const)
    checkDateTime(body, f, errors, { nullable: true });

  const cc = checkEmailArray(body, "cc_emails", errors);
  if (cc) changes.cc_emails = cc;
  const tags = checkStringArray(body, "tags", errors);
  if (tags) changes.tags = [...new Set(tags)];

  const ws = checkInteger(body, "workspace_id", errors, { positive: true });
  if (typeof ws === "number" && mode === "create") {
    if (ws === 1 || !state.workspaces.has(ws)) {
      errors.push({
        field: "workspace_id",
        message: "There is no workspace matching the given workspace_id",
        code: "invalid_value",
      });
    } else changes.workspace_id = ws;
  }

  if (has(body, "assets")) {
    const assets = body.assets;
    if (
      !Array.isArray(assets) ||
      assets.some((a) => typeof a !== "object" || a === null || typeof (a as JsonObject).display_id !== "number")
    ) {
      errors.push({
        field: "assets",
        message: 'It should be an array of objects like {"display_id": 1}',
        code: "datatype_mismatch",
      });
    } else {
      const ids = assets.map((a) => (a as { display_id: number }).display_id);
      const missing = ids.filter((d) => {
        const a = state.assets.get(d);
        return !a || a.trashed;
      });
      if (missing.length > 0) {
        errors.push({
          field: "assets",
          message: `There is no asset matching the display_id(s) ${missing.join(", ")}`,
          code: "invalid_value",
        });
      } else changes.asset_display_ids = [...new Set(ids)];
    }
  }
  for (const f of ["problem", "change_initiating_ticket", "change_initiated_by_ticket"] as const) {
    if (has(body, f) && (typeof body[f] !== "object" || body[f] === null || Array.isArray(body[f]))) {
      errors.push({ field: f, message: 'It should be an object like {"display_id": 1}', code: "datatype_mismatch" });
    }
  }

  // The form is the one of the ticket's workspace (an invalid workspace_id was reported above).
  const customDefs = ticketCustomFieldsFor(state, changes.workspace_id ?? existing?.workspace_id);
  let mergedCustom: Record<string, CustomFieldValue> = { ...(existing?.custom_fields ?? {}) };
  if (has(body, "custom_fields")) {
    const cf = body.custom_fields;
    if (typeof cf !== "object" || cf === null || Array.isArray(cf)) {
      errors.push({ field: "custom_fields", message: "It should be a/an key/value pair", code: "datatype_mismatch" });
    } else {
      errors.push(...validateCustomFieldValues(customDefs, cf as JsonObject));
      changes.custom_fields = cf as Record<string, CustomFieldValue>;
      mergedCustom = { ...mergedCustom, ...changes.custom_fields };
    }
  }

  // Form-mandatory fields (required_for_agents). On update they must stay set unless bypass_mandatory=true.
  if (!options.bypassMandatory) {
    const final = <K extends keyof TicketChanges>(k: K, current: unknown) => (has(body, k) ? body[k] : current);
    const blank = (v: unknown) => v === undefined || v === null || v === "";
    if (blank(final("subject", existing?.subject)))
      errors.push({ field: "subject", message: "It should be a/an String", code: "missing_field" });
    if (blank(final("description", existing?.description)))
      errors.push({ field: "description", message: "It should be a/an String", code: "missing_field" });
    if (blank(final("status", existing?.status)))
      errors.push({ field: "status", message: "It should be a/an Integer", code: "missing_field" });
    if (blank(final("priority", existing?.priority)))
      errors.push({ field: "priority", message: "It should be a/an Integer", code: "missing_field" });
    const alreadyReported = new Set(errors.map((e) => e.field));
    const missing = missingRequired(customDefs, mergedCustom, "required_for_agents");
    const finalStatus = changes.status ?? existing?.status;
    if (finalStatus === 4 || finalStatus === 5)
      missing.push(...missingRequired(customDefs, mergedCustom, "required_for_closure"));
    for (const m of missing)
      if (!alreadyReported.has(m.field)) {
        alreadyReported.add(m.field);
        errors.push(m);
      }
  }

  throwIfErrors(errors);
  return out;
}

/** Creates the requester an unknown e-mail/phone stands for (Freshservice does this on ticket create). */
export function createRequesterFor(
  state: TenantState,
  spec: NonNullable<ParsedTicketBody["newRequester"]>,
  now: number,
): Requester {
  const id = state.nextId("user");
  const [first, ...rest] = spec.name.split(/\s+/);
  const ts = formatTimestamp(now);
  const requester: Requester = {
    id,
    first_name: first ?? spec.name,
    last_name: rest.join(" "),
    job_title: null,
    primary_email: spec.email,
    secondary_emails: [],
    work_phone_number: spec.phone,
    mobile_phone_number: null,
    ...blankUserProfile(),
    custom_fields: {},
    active: true,
    has_logged_in: false,
    is_agent: false,
    external_id: null,
    created_at: ts,
    updated_at: ts,
  };
  state.requesters.set(id, requester);
  return requester;
}
