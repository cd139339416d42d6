/** What the worker pool's config and its tests share (kept free of workerd imports so the config can load it). */

/** The second simulated Freshservice company in the worker pool (the first is the simulator's default, acme). */
export const SECOND_TENANT_API_KEY = "globex-api-key";
/** A ticket custom field only the second company has. */
export const SECOND_TENANT_ONLY_FIELD = "cf_globex_project_codename";

declare module "vitest" {
  export interface ProvidedContext {
    /** Runs per property test; 0 means the CI defaults. Set from `SOAK_RUNS` (`npm run soak`). */
    soakRuns: number;
  }
}
