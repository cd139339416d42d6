/** The fixed words of the schema format (CRUD methods, custom-field kinds), free of zod so the Worker can use them. */

/** The kinds of account-specific field metadata the Worker knows how to fetch and merge. */
export const CUSTOM_FIELD_KINDS = [
  "ticket",
  "problem",
  "change",
  "release",
  "requester",
  "agent",
  "department",
  "asset",
  "onboarding",
  "offboarding",
  "service_item",
] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

export const CRUD_METHODS = ["list", "get", "create", "update", "delete"] as const;
export type CrudMethod = (typeof CRUD_METHODS)[number];
