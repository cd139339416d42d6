// Seed two journey configs (new hire, role change) with their data fields and three journey requests.

import { createJourneyRequest, type JourneyDataField } from "../routes/journeys";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatDate, formatTimestamp } from "../time";
import { seedPlainRecord } from "./seed-context";

function field(
  name: string,
  label: string,
  type: string,
  position: number,
  required: boolean,
  extra: Partial<JourneyDataField> = {},
): JourneyDataField {
  return {
    placeholder: null,
    label,
    name,
    type,
    position,
    required,
    choices: [],
    data_source: null,
    fields: [],
    deleted: false,
    ...extra,
  };
}

export function seedJourneys(state: TenantState, now: number): void {
  const ts = formatTimestamp(now - 300 * DAY_MS);
  const config = (name: string, description: string, fields: JourneyDataField[]) =>
    seedPlainRecord(state, "journeyConfigs", {
      name,
      description,
      status: "published",
      type: "employee",
      workspace_id: 2,
      created_at: ts,
      updated_at: ts,
      _fields: fields,
    });
  const newHire = config("New hire journey", "Everything a new employee needs in their first week", [
    field("cf_start_date", "Start date", "custom_date", 1, true),
    field("cf_laptop", "Laptop", "custom_dropdown", 2, true, { choices: ["MacBook Pro M3", "Dell Latitude 7440"] }),
    field("cf_buddy", "Onboarding buddy", "custom_lookup_bigint", 3, false, { data_source: "5" }),
    field("cf_notes", "Notes", "custom_paragraph", 4, false),
  ]);
  const roleChange = config("Role change", "Access and equipment changes when someone changes teams", [
    field("cf_new_team", "New team", "custom_text", 1, true),
    field("cf_effective_date", "Effective date", "custom_date", 2, true),
  ]);
  const requester = (first: string) =>
    [...state.requesters.values()].find((r) => r.first_name === first)?.id ?? state.currentAgentId;
  createJourneyRequest(
    state,
    newHire,
    requester("Joanna"),
    { cf_start_date: formatDate(now - 40 * DAY_MS), cf_laptop: "MacBook Pro M3" },
    now - 50 * DAY_MS,
    "COMPLETED",
  );
  createJourneyRequest(
    state,
    newHire,
    requester("Nina"),
    { cf_start_date: formatDate(now + 7 * DAY_MS), cf_laptop: "Dell Latitude 7440" },
    now - 2 * DAY_MS,
    "IN_PROGRESS",
  );
  createJourneyRequest(
    state,
    roleChange,
    requester("Kevin"),
    { cf_new_team: "Platform", cf_effective_date: formatDate(now - 5 * DAY_MS) },
    now - 10 * DAY_MS,
    "FAILED",
  );
}
