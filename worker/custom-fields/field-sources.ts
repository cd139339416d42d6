/** Where each kind of account field metadata is read from (§8 of the API notes). */
import type { CustomFieldKind } from "../catalog/schema-format";

/** Asset types each have their own fields endpoint; past this many, the rest are not fetched (rate limit). */
export const MAX_ASSET_TYPES = 50;

export type FetchJson = (pathAndQuery: string) => Promise<unknown>;

const SINGLE_ENDPOINT: Partial<Record<CustomFieldKind, string>> = {
  ticket: "/api/v2/ticket_form_fields",
  problem: "/api/v2/problem_form_fields",
  change: "/api/v2/change_form_fields",
  release: "/api/v2/release_form_fields",
  requester: "/api/v2/requester_fields",
  agent: "/api/v2/agent_fields",
  department: "/api/v2/department_fields",
  onboarding: "/api/v2/onboarding_requests/form",
  offboarding: "/api/v2/offboarding_requests/form",
};

/**
 * The raw metadata of one kind, or undefined when the kind has no account-wide source (a service item's
 * fields belong to each item and are read with the item itself).
 */
export function fieldSource(kind: CustomFieldKind): ((fetchJson: FetchJson) => Promise<unknown>) | undefined {
  const path = SINGLE_ENDPOINT[kind];
  if (path) return (fetchJson) => fetchJson(path);
  if (kind === "asset")
    return async (fetchJson) => {
      const list = (await fetchJson("/api/v2/asset_types?per_page=100")) as { asset_types?: { id?: unknown }[] };
      const ids = (list.asset_types ?? [])
        .map((t) => t.id)
        .filter((id): id is number => Number.isSafeInteger(id) && (id as number) > 0)
        .slice(0, MAX_ASSET_TYPES);
      return Promise.all(ids.map((id) => fetchJson(`/api/v2/asset_types/${id}/fields`)));
    };
  return undefined;
}
