// Asset types and their field metadata (§7.10, §8.4), relationships and relationship types (§7.11).

import { fieldError } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { assetTypeChain } from "../seed/assets";
import type { AssetTypeField } from "../types";
import { getOr404, noContent, ok, pathId } from "./common";

function baseField(
  name: string,
  label: string,
  field_type: AssetTypeField["field_type"],
  data_type: AssetTypeField["data_type"],
  required = false,
): AssetTypeField {
  const ts = "2023-01-15T10:00:00Z";
  return {
    id: null,
    asset_type_id: null,
    name,
    label,
    field_type,
    data_type,
    required,
    is_unique: name === "asset_tag",
    default_field: true,
    choices: [],
    created_at: ts,
    updated_at: ts,
  };
}

const GENERAL_FIELDS: AssetTypeField[] = [
  baseField("name", "Display Name", "text", "string", true),
  baseField("asset_type_id", "Asset Type", "dropdown", "integer", true),
  baseField("asset_tag", "Asset Tag", "text", "string"),
  {
    ...baseField("impact", "Impact", "dropdown", "string"),
    choices: [
      ["Low", 1],
      ["Medium", 2],
      ["High", 3],
    ],
  },
  baseField("description", "Description", "paragraph", "text"),
  {
    ...baseField("usage_type", "Usage Type", "dropdown", "string"),
    choices: [
      ["Permanent", 1],
      ["Loaner", 2],
    ],
  },
];

const ASSIGNMENT_FIELDS: AssetTypeField[] = [
  baseField("user_id", "Used By", "lookup", "integer"),
  baseField("department_id", "Department", "dropdown", "integer"),
  baseField("location_id", "Location", "dropdown", "integer"),
  baseField("agent_id", "Managed By", "lookup", "integer"),
  baseField("group_id", "Managed By Group", "dropdown", "integer"),
  baseField("assigned_on", "Assigned On", "date", "date"),
];

function assetTypeFields(ctx: RouteContext) {
  const s = ctx.tenant;
  const type = getOr404(s.assetTypes, pathId(ctx.params.id), "asset type");
  const groups = [
    { field_header: "General", fields: GENERAL_FIELDS },
    { field_header: "Assignment", fields: ASSIGNMENT_FIELDS },
    // Inherited fields appear under their defining (ancestor) type, root first.
    ...assetTypeChain(s, type.id)
      .reverse()
      .map((id) => ({
        field_header: s.assetTypes.get(id)?.name ?? String(id),
        fields: s.assetTypeFields.get(id) ?? [],
      }))
      .filter((g) => g.fields.length > 0),
  ];
  return ok({ asset_type_fields: groups });
}

function listAssetTypes(ctx: RouteContext) {
  const paging = readPaging(ctx.query);
  const page = paginate([...ctx.tenant.assetTypes.values()], paging, ctx.url);
  return ok({ asset_types: page.items }, page.headers);
}

function listRelationships(ctx: RouteContext) {
  const paging = readPaging(ctx.query);
  const page = paginate([...ctx.tenant.relationships.values()], paging, ctx.url);
  return ok({ relationships: page.items }, page.headers);
}

function deleteRelationships(ctx: RouteContext) {
  const raw = ctx.query.get("ids");
  if (!raw || !/^\d+(,\d+)*$/.test(raw))
    throw fieldError("ids", "It should be a comma-separated list of ids", "missing_field");
  for (const id of raw.split(",").map(Number)) ctx.tenant.relationships.delete(id);
  return noContent;
}

export const cmdbRoutes: Route[] = [
  { method: "GET", pattern: "/asset_types", handler: listAssetTypes },
  {
    method: "GET",
    pattern: "/asset_types/:id",
    handler: (ctx) => ok({ asset_type: getOr404(ctx.tenant.assetTypes, pathId(ctx.params.id), "asset type") }),
  },
  { method: "GET", pattern: "/asset_types/:id/fields", handler: assetTypeFields },
  { method: "GET", pattern: "/relationships", handler: listRelationships },
  { method: "DELETE", pattern: "/relationships", handler: deleteRelationships },
  {
    method: "GET",
    pattern: "/relationships/:id",
    handler: (ctx) => ok({ relationship: getOr404(ctx.tenant.relationships, pathId(ctx.params.id), "relationship") }),
  },
  {
    method: "GET",
    pattern: "/relationship_types",
    handler: (ctx) => ok({ relationship_types: [...ctx.tenant.relationshipTypes.values()] }),
  },
];
