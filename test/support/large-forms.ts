/**
 * A tenant whose forms are large (every custom-field kind, hundreds of fields, long dropdowns) and a URL's tools
 * as tools/list shows them for it, with its forms merged or, for an account whose forms can't be read, as bundled.
 */
import { type CustomFieldDef, createSimulator, DEFAULT_API_KEY, type Simulator } from "../../simulator/simulator";
import type { CatalogTool } from "../../worker/catalog/build-tools";
import type { CachedFields, FieldCache } from "../../worker/store/field-cache";
import type { McpServerRecord } from "../../worker/store/mcp-servers";
import { accountTools } from "../../worker/tools/account-tools";

/** Where the account's Freshservice answers (the simulator), and where nothing does. */
export const SIMULATOR_ORIGIN = "http://sim";
export const UNREACHABLE_ORIGIN = "http://unreachable.invalid";

const choices = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix} choice number ${i + 1} with a long label`);

/** A form of `n` fields: every third a dropdown of 120 choices, the others plain typed fields. */
function largeForm(n: number, prefix: string, required = 4): CustomFieldDef[] {
  const types = ["custom_text", "custom_number", "custom_checkbox", "custom_date", "custom_paragraph"] as const;
  return Array.from({ length: n }, (_, i) => ({
    name: `cf_${prefix}_${i + 1}`,
    label: `${prefix} field ${i + 1}, as the admin labelled it on the form`,
    type: i % 3 === 0 ? ("custom_dropdown" as const) : (types[i % types.length] ?? "custom_text"),
    ...(i % 3 === 0 ? { choices: choices(120, `${prefix} ${i + 1}`) } : {}),
    ...(i < required ? { required: true, required_for_agents: true } : {}),
  }));
}

export function largeFormSimulator(): Simulator {
  return createSimulator({
    tenants: [
      {
        apiKey: DEFAULT_API_KEY,
        name: "acme",
        ticketCustomFields: largeForm(150, "ticket"),
        problemCustomFields: largeForm(80, "problem"),
        changeCustomFields: largeForm(80, "change"),
        releaseCustomFields: largeForm(80, "release"),
        requesterCustomFields: largeForm(60, "requester"),
        agentCustomFields: largeForm(60, "agent"),
        departmentCustomFields: largeForm(60, "department"),
        assetTypeFields: {
          27: Array.from({ length: 60 }, (_, i) => ({
            name: `laptop_spec_${i + 1}`,
            label: `Laptop spec ${i + 1}`,
            field_type: i % 2 ? ("dropdown" as const) : ("text" as const),
            ...(i % 2 ? { choices: choices(80, `spec ${i + 1}`) } : {}),
          })),
        },
        onboardingForm: Array.from({ length: 60 }, (_, i) => ({
          name: `cf_onboarding_${i + 1}`,
          label: `Onboarding question ${i + 1}`,
          placeholder: null,
          position: i + 1,
          required: i === 0,
          default: false,
          field_type: i % 2 ? "dropdown" : "text",
          ...(i % 2 ? { choices: choices(100, `onboarding ${i + 1}`) } : {}),
        })),
      },
    ],
  });
}

function memoryCache(): FieldCache {
  const entries = new Map<string, CachedFields>();
  return {
    get: async (account, workspace, kind) => entries.get(`${account}:${workspace}:${kind}`) ?? null,
    put: async (account, workspace, kind, value) => void entries.set(`${account}:${workspace}:${kind}`, value),
    dropAccount: async () => 0,
  };
}

/**
 * A URL's tools over `catalog` for an account whose Freshservice is at `origin` (fetch must reach it). Each origin
 * is its own account, so the loads of one never answer for the other.
 */
export function urlTools(catalog: CatalogTool[], config: McpServerRecord["config"], origin: string = SIMULATOR_ORIGIN) {
  const target = async () => ({ origin, apiKey: DEFAULT_API_KEY });
  return accountTools(
    {
      server: { id: "s", account_id: `account at ${origin}`, config } as McpServerRecord,
      target,
      portal: "https://acme.freshservice.com",
      tools: catalog,
      toolsByName: new Map(catalog.map((t) => [t.name, t])),
    },
    { cache: memoryCache(), target, waitUntil: () => {} },
  );
}
