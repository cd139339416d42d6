// The profile a new agent or requester starts with before anyone fills it in (the API's create defaults).

export function blankUserProfile() {
  return {
    department_ids: [] as number[],
    can_see_all_tickets_from_associated_departments: false,
    reporting_manager_id: null as number | null,
    address: null as string | null,
    time_zone: "Pacific Time (US & Canada)",
    time_format: "12h",
    language: "en",
    location_id: null as number | null,
    background_information: null as string | null,
  };
}
