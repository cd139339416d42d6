// Seeds one tenant: metadata always; people, tickets, knowledge base, assets, onboarding and every other family
// unless seed is off. The later families are seeded after the original ones so ticket, asset and people ids
// never shift; they use no random numbers, so adding them did not change the earlier data either.

import { createOnboardingRequest, validateOnboardingFields } from "../onboarding-model";
import { createRng, hashSeed } from "../prng";
import type { TenantOptions, TenantState } from "../tenant-state";
import { DAY_MS, formatDate, formatTimestamp } from "../time";
import type { AssetTypeField } from "../types";
import { seedBusinessHoursAndSla, seedCannedResponses, seedContractTypes, seedRoles } from "./account-config";
import { seedAssets, seedAssetTypes, seedRelationships, seedRelationshipTypes } from "./assets";
import { seedAttachments } from "./attachments";
import { seedCatalog, seedRequestedItems } from "./catalog";
import { seedCustomObjects } from "./custom-objects";
import { offboardingFormFields, onboardingFormFields } from "./form-fields";
import { seedItil } from "./itil";
import { seedJourneys } from "./journeys";
import { seedOperations } from "./operations";
import { seedApiAgent, seedOrg, seedWorkspaces } from "./org";
import { seedAnnouncements, seedAssignmentHistory, seedComponents, seedRequesterGroups } from "./people-extras";
import { seedProjects } from "./projects";
import { seedSoftwareAndContracts } from "./software-contracts";
import { seedSolutions } from "./solutions";
import { seedStatusPages } from "./status-pages";
import { seedTicketExtras } from "./ticket-extras";
import { seedTickets } from "./tickets";

export function seedTenant(state: TenantState, now: number, options: TenantOptions): void {
  // Timestamps are relative to `now`; everything else depends only on the tenant name.
  const rng = createRng(hashSeed(state.name));
  seedWorkspaces(state, now);
  seedAssetTypes(state, now);
  addTenantAssetTypeFields(state, options, now);
  seedRelationshipTypes(state, now);
  seedRoles(state, now);
  seedBusinessHoursAndSla(state, now);
  seedContractTypes(state, now);
  seedCannedResponses(state, now);
  state.onboardingForm = options.onboardingForm ?? onboardingFormFields();
  state.offboardingForm = options.offboardingForm ?? offboardingFormFields();
  seedApiAgent(state, now);
  if (options.seed === false) return;
  seedOrg(state, now);
  seedAssets(state, now, rng);
  seedRelationships(state, now);
  seedSolutions(state, now);
  seedTickets(state, now, rng);
  seedOnboarding(state, now);
  fillBlankCustomFields(state);
  seedCatalog(state, now);
  seedRequestedItems(state);
  seedTicketExtras(state, now);
  seedItil(state, now);
  seedSoftwareAndContracts(state, now);
  seedRequesterGroups(state, now);
  seedAnnouncements(state, now);
  seedAssignmentHistory(state, now);
  seedComponents(state);
  seedProjects(state, now);
  seedCustomObjects(state, now);
  seedJourneys(state, now);
  seedOffboarding(state, now);
  seedOperations(state, now);
  seedStatusPages(state, now);
  seedAttachments(state, now);
}

function seedOnboarding(state: TenantState, now: number): void {
  const manager = [...state.agents.values()].find((a) => a.first_name === "Elena");
  const engineering = [...state.departments.values()].find((d) => d.name === "Engineering");
  const { errors, value } = validateOnboardingFields(state, state.onboardingForm, {
    cf_employee_name: "Maya Thompson",
    cf_job_title: "Software Engineer",
    cf_start_date: formatDate(now + 14 * DAY_MS),
    cf_department: engineering?.name ?? "Engineering",
    cf_reporting_manager: manager?.id ?? null,
  });
  // A tenant with its own onboarding form gets no seeded request unless the sample fits that form.
  if (errors.length === 0) createOnboardingRequest(state, value, state.currentAgentId, now - 3 * DAY_MS);
}

/** Seeded last (its two tickets come after every other seeded ticket, so earlier ids don't move). */
function seedOffboarding(state: TenantState, now: number): void {
  const leaver = [...state.requesters.values()].find((r) => r.first_name === "Kevin" && r.last_name === "Nguyen");
  const manager = [...state.agents.values()].find((a) => a.first_name === "Elena");
  const { errors, value } = validateOnboardingFields(state, state.offboardingForm, {
    cf_employee: leaver?.id ?? null,
    cf_last_working_day: formatDate(now + 10 * DAY_MS),
    cf_offboarding_reason: "Resignation",
    actor_2: manager?.id ?? null,
    cf_recover_laptop: true,
  });
  // As for onboarding: a tenant with its own offboarding form gets no seeded request unless the sample fits it.
  if (errors.length === 0) createOnboardingRequest(state, value, state.currentAgentId, now - 2 * DAY_MS, "offboarding");
}

/** People and departments carry every custom field of their form (blank when unset), as records do (§8.8). */
function fillBlankCustomFields(state: TenantState): void {
  const fill = (
    target: { custom_fields: Record<string, unknown> },
    defs: readonly { name: string; type: string }[],
  ) => {
    for (const d of defs)
      if (!(d.name in target.custom_fields)) target.custom_fields[d.name] = d.type === "custom_checkbox" ? false : null;
  };
  for (const r of state.requesters.values()) {
    // The default requester field is seeded with values; a tenant with other fields doesn't get them.
    if (!state.customFields.requester.some((d) => d.name === "employee_id")) delete r.custom_fields.employee_id;
    fill(r, state.customFields.requester);
  }
  for (const a of state.agents.values()) fill(a, state.customFields.agent);
  for (const d of state.departments.values()) fill(d, state.customFields.department);
}

/** An asset type field's `field_type` → its `data_type` (others: string). */
const ASSET_DATA_TYPES: Readonly<Record<string, AssetTypeField["data_type"]>> = {
  number: "decimal",
  date: "date",
  checkbox: "boolean",
  paragraph: "text",
};

function addTenantAssetTypeFields(state: TenantState, options: TenantOptions, now: number): void {
  const ts = formatTimestamp(now - 900 * DAY_MS);
  let id = 21_000_790_000;
  for (const [typeKey, defs] of Object.entries(options.assetTypeFields ?? {})) {
    const typeId = Number(typeKey);
    if (!state.assetTypes.has(typeId)) throw new Error(`assetTypeFields: there is no asset type ${typeId}`);
    const list = state.assetTypeFields.get(typeId) ?? [];
    for (const d of defs)
      list.push({
        id: ++id,
        asset_type_id: typeId,
        name: `${d.name}_${typeId}`,
        label: d.label,
        field_type: d.field_type,
        data_type: ASSET_DATA_TYPES[d.field_type] ?? "string",
        required: d.required ?? false,
        is_unique: false,
        default_field: false,
        choices: (d.choices ?? []).map((label, i) => [label, i + 1] as [string, number]),
        created_at: ts,
        updated_at: ts,
      });
    state.assetTypeFields.set(typeId, list);
  }
}
