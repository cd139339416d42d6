// Seeds one tenant: metadata always; people, tickets, knowledge base, assets and onboarding unless seed is off.

import { createOnboardingRequest, validateOnboardingFields } from "../onboarding-model";
import { createRng, hashSeed } from "../prng";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatDate } from "../time";
import { seedAssets, seedAssetTypes, seedRelationships, seedRelationshipTypes } from "./assets";
import { onboardingFormFields } from "./form-fields";
import { seedApiAgent, seedOrg, seedWorkspaces } from "./org";
import { seedSolutions } from "./solutions";
import { seedTickets } from "./tickets";

export function seedTenant(state: TenantState, now: number, withData: boolean): void {
  // Timestamps are relative to `now`; everything else depends only on the tenant name.
  const rng = createRng(hashSeed(state.name));
  seedWorkspaces(state, now);
  seedAssetTypes(state, now);
  seedRelationshipTypes(state, now);
  state.onboardingForm = onboardingFormFields();
  seedApiAgent(state, now);
  if (!withData) return;
  seedOrg(state, now);
  seedAssets(state, now, rng);
  seedRelationships(state, now);
  seedSolutions(state, now);
  seedTickets(state, now, rng);
  seedOnboarding(state, now);
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
  if (errors.length > 0) throw new Error(`seed onboarding request is invalid: ${JSON.stringify(errors)}`);
  createOnboardingRequest(state, value, state.currentAgentId, now - 3 * DAY_MS);
}
