// Asset type writes (§7.10): create under a parent type, update name/description/visibility, delete (204) unless
// assets or child types still use the type.

import type { JsonRecord } from "../engine/collections";
import { recordOr404, resourceRoutes } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import { type FieldError, fieldError } from "../errors";
import type { Route } from "../router";
import { formatTimestamp } from "../time";
import { noContent } from "./common";

export const assetTypeSpec: ResourceSpec = {
  label: "asset type",
  store: (s) => s.assetTypes as unknown as Map<number, JsonRecord>,
  path: "/asset_types",
  single: "asset_type",
  plural: "asset_types",
  operations: ["create", "update"],
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    ...(mode === "create"
      ? { parent_asset_type_id: { kind: "integer", ref: "assetType", nullable: true } }
      : { visible: { kind: "boolean" } }),
  }),
  validate: (ctx, v, _mode, existing) => {
    const errors: FieldError[] = [];
    if (
      typeof v.name === "string" &&
      [...ctx.tenant.assetTypes.values()].some(
        (t) => t.id !== existing?.id && t.name.toLowerCase() === (v.name as string).toLowerCase(),
      )
    )
      errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
    return errors;
  },
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    return {
      id: ctx.tenant.nextId("assetTypes"),
      name: v.name,
      description: v.description ?? null,
      parent_asset_type_id: v.parent_asset_type_id ?? null,
      visible: true,
      created_at: ts,
      updated_at: ts,
    };
  },
};

export const assetTypeWriteRoutes: Route[] = [
  {
    method: "DELETE",
    pattern: "/asset_types/:id",
    handler: (ctx) => {
      const s = ctx.tenant;
      const type = recordOr404(assetTypeSpec, ctx);
      const inUse =
        [...s.assets.values()].some((a) => a.asset_type_id === type.id) ||
        [...s.assetTypes.values()].some((t) => t.parent_asset_type_id === type.id);
      if (inUse) throw fieldError("id", "The asset type is still used by assets or child types");
      s.assetTypes.delete(type.id);
      s.assetTypeFields.delete(type.id);
      return noContent;
    },
  },
  ...resourceRoutes({ ...assetTypeSpec, operations: ["create", "update"] }),
];
