/**
 * Merges an account's own fields into a create/update tool's input schema. Pure: a new tool object (so its
 * validator is compiled separately), the bundled one untouched.
 */

import type { FieldSet } from "../catalog/account-field";
import type { CatalogTool, JsonSchema } from "../catalog/build-tools";
import { listedSchema, nameList } from "./fit-schema-size";

export function mergeAccountFields(tool: CatalogTool, fieldSet: FieldSet | undefined): CatalogTool {
  const target = tool.operation.custom_fields;
  if (!target || !fieldSet) return tool;
  const { into, kind } = target;
  if (!fieldSet.ok) return withNote(tool, `could not be loaded just now (${fieldSet.reason})`);

  // Placing a service request fills the item's form afresh, so its required fields apply as on a create.
  const creating = tool.method === "create" || kind === "service_item";
  const custom = fieldSet.fields.filter((f) => !f.topLevel);
  const requiredCustom = creating ? [...new Set(custom.filter((f) => f.required).map((f) => f.name))] : [];
  const { required: _bundledRequired, ...base } = (tool.inputSchema.properties[into] ?? {}) as JsonSchema & {
    properties?: Record<string, JsonSchema>;
  };
  const properties = { ...(base.properties ?? {}), ...Object.fromEntries(custom.map((f) => [f.name, f.schema])) };
  // A form that leaves fewer fields than the argument needs (an onboarding form with none) can't be what the
  // account really uses: closing the argument to it would refuse every call, so the bundled schema stays.
  if (Object.keys(properties).length < Number(base.minProperties ?? 0))
    return withNote(tool, `list fewer than the ${base.minProperties} ${into} needs`);
  const intoSchema: JsonSchema = {
    ...base,
    type: "object",
    properties,
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
  // Default dropdowns (status, priority, source, category, …) take the account's own choices, on create and update.
  const choices = fieldSet.fields.filter(
    (f) => f.topLevel && Object.keys(f.schema).length > 0 && f.name in tool.inputSchema.properties,
  );
  const merged: CatalogTool = {
    ...tool,
    description: `${tool.description}\n\n${summary}`,
    inputSchema: {
      ...tool.inputSchema,
      properties: {
        ...tool.inputSchema.properties,
        ...Object.fromEntries(choices.map((f) => [f.name, f.schema])),
        [into]: intoSchema,
      },
      required,
    },
  };
  const listed = listedSchema(merged, into, kind);
  return listed === merged.inputSchema ? merged : { ...merged, listedInputSchema: listed };
}

/** The bundled tool, saying why the account's own fields are not part of it; the next tools/list tries again. */
function withNote(tool: CatalogTool, why: string): CatalogTool {
  const { into, kind } = tool.operation.custom_fields ?? { into: "", kind: "" };
  return {
    ...tool,
    description: `${tool.description}\n\nNote: this account's own ${kind} fields ${why}, so ${into} is not checked against them. Listing the tools again retries.`,
  };
}
