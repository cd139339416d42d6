/**
 * Merges an account's own fields into a create/update tool's input schema. Pure: a new tool object (so its
 * validator is compiled separately), the bundled one untouched.
 */
import type { CatalogTool, JsonSchema } from "../catalog/build-tools";
import type { FieldSet } from "./account-field";
import { listedSchema, nameList } from "./fit-schema-size";

export function mergeAccountFields(tool: CatalogTool, fieldSet: FieldSet | undefined): CatalogTool {
  const target = tool.operation.custom_fields;
  if (!target || !fieldSet) return tool;
  const { into, kind } = target;
  if (!fieldSet.ok)
    return {
      ...tool,
      description: `${tool.description}\n\nNote: this account's own ${kind} fields could not be loaded just now (${fieldSet.reason}), so ${into} is not checked against them. Listing the tools again retries.`,
    };

  // Placing a service request fills the item's form afresh, so its required fields apply as on a create.
  const creating = tool.method === "create" || kind === "service_item";
  const custom = fieldSet.fields.filter((f) => !f.topLevel);
  const requiredCustom = creating ? custom.filter((f) => f.required).map((f) => f.name) : [];
  const { required: _bundledRequired, ...base } = (tool.inputSchema.properties[into] ?? {}) as JsonSchema & {
    properties?: Record<string, JsonSchema>;
  };
  const intoSchema: JsonSchema = {
    ...base,
    type: "object",
    properties: { ...(base.properties ?? {}), ...Object.fromEntries(custom.map((f) => [f.name, f.schema])) },
    // Known fields only: a misspelt key is caught here instead of by a 400 from Freshservice.
    additionalProperties: false,
    ...(requiredCustom.length ? { required: requiredCustom } : {}),
  };

  const requiredTopLevel = creating
    ? fieldSet.fields
        .filter((f) => f.topLevel && f.required && f.name in tool.inputSchema.properties)
        .map((f) => f.name)
    : [];
  const required = [
    ...new Set([...tool.inputSchema.required, ...requiredTopLevel, ...(requiredCustom.length ? [into] : [])]),
  ];
  const summary = custom.length
    ? `${kind === "service_item" ? "This item's" : "This account's own"} fields go in ${into} (${custom.length} known${
        requiredCustom.length ? `; required: ${nameList(requiredCustom)}` : ""
      }); dropdowns take one of the listed labels exactly.`
    : kind === "service_item"
      ? `This item has no fields of its own: leave ${into} out.`
      : `This account has no ${kind} fields of its own: leave ${into} out.`;
  const merged: CatalogTool = {
    ...tool,
    description: `${tool.description}\n\n${summary}`,
    inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, [into]: intoSchema }, required },
  };
  const listed = listedSchema(merged, into, kind);
  return listed === merged.inputSchema ? merged : { ...merged, listedInputSchema: listed };
}
