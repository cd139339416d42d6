// A route context for seeding, so seeds build records through the same resource specs the API uses.

import type { JsonRecord, RecordCollectionName } from "../engine/collections";
import type { ResourceSpec } from "../engine/resource";
import type { RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import type { JsonObject } from "../validate";

export function seedContext(state: TenantState, at: number, params: Record<string, string> = {}): RouteContext {
  const url = new URL(`https://${state.domain}/api/v2/`);
  return { tenant: state, url, query: url.searchParams, params, body: null, now: at };
}

/** Builds and stores a record through a spec (no validation: seeds are trusted). */
export function seedRecord(
  state: TenantState,
  spec: ResourceSpec,
  at: number,
  values: JsonObject,
  parent?: { id: number; record: unknown },
): JsonRecord {
  const record = spec.build(seedContext(state, at), values, parent?.record);
  if (parent) record._parent_id = parent.id;
  spec.store(state).set(spec.keyField === "display_id" ? (record.display_id as number) : record.id, record);
  return record;
}

/** Stores a record no resource spec builds (its values as given) under the collection's next id. */
export function seedPlainRecord(state: TenantState, collection: RecordCollectionName, values: JsonObject): JsonRecord {
  const record: JsonRecord = { id: state.nextId(collection), ...values };
  state.collections[collection].set(record.id, record);
  return record;
}
