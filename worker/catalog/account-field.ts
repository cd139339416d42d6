/**
 * An account's own field, normalized from any of Freshservice's field-metadata shapes (§8 of the API notes):
 * where it goes in a record, what JSON Schema it takes, and whether creating a record needs it.
 */
import type { JsonSchema } from "./build-tools";

export interface AccountField {
  /** The record attribute: a `custom_fields`/`type_fields`/`fields` key, or a top-level attribute for required default fields. */
  name: string;
  /** Top-level default field (e.g. `group_id`) rather than a key inside the custom-field object. */
  topLevel: boolean;
  schema: JsonSchema;
  /** Required when creating a record (an agent's form marks it mandatory). */
  required: boolean;
}

/** Field metadata for one kind, as cached: the fields or why they could not be loaded. */
export type FieldSet = { ok: true; fields: AccountField[]; fetchedAt: number } | { ok: false; reason: string };
