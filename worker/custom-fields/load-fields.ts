/**
 * An account's field metadata, from KV when fresh enough, else from Freshservice. A stale copy is served at
 * once and refreshed in the background; concurrent loads of the same key in an isolate share one fetch, so
 * metadata costs the tenant's rate limit once per account, workspace and kind (or service item) per freshness
 * window. A failed read is remembered for a short back-off, and an account's reads per minute have a ceiling.
 * On an OAuth server the read is made with the signed-in agent's credential. Field definitions are account-wide
 * (every agent who may read a form reads the same one), so an agent's successful read is cached for the account as
 * any other; but a refusal is the agent's (their role, their Freshworks scopes), not the account's: it is neither
 * cached as "no such module" nor remembered in the account's back-off, so no agent can empty or block the forms
 * every other caller of the account sees.
 */

import type { FieldSet } from "../catalog/account-field";
import type { CustomFieldKind } from "../catalog/schema-vocabulary";
import type { FieldCache } from "../store/field-cache";
import type { MetadataBackoff } from "../store/metadata-backoff";
import { fetchFreshservice, type UpstreamTarget } from "../upstream/fetch-freshservice";
import { readCappedText } from "../upstream/read-capped";
import {
  ACCOUNT_WIDE,
  type FetchJson,
  type FieldSource,
  fieldSource,
  MetadataError,
  NO_MODULE,
  type SourceScope,
} from "./field-sources";
import { normalizeFields } from "./normalize-fields";

/** How long fetched metadata counts as current; admins rarely change forms, and each refresh costs calls. */
export const FIELDS_FRESH_MS = 15 * 60_000;
/** Metadata is fetched while a client waits for tools/list: give up early and fall back to the bundled schema. */
export const FIELD_FETCH_TIMEOUT_MS = 5_000;
/** Field metadata is small; a bigger answer is not metadata. */
const MAX_METADATA_BYTES = 2 * 1024 * 1024;
/**
 * A named workspace that isn't there (403/404) is kept this long, not a day: a caller can name any number, so
 * what they leave behind must vanish soon, and a workspace created meanwhile is seen.
 */
export const ABSENT_WORKSPACE_KEEP_SECONDS = 10 * 60;

export interface FieldLoaderDeps {
  cache: FieldCache;
  target: () => Promise<UpstreamTarget>;
  waitUntil: (promise: Promise<unknown>) => void;
  /** Where failed reads are remembered; without it every load of a failing form tries again. */
  backoff?: MetadataBackoff;
  /** One form read (one kind, workspace or item) from the account's per-minute ceiling; false when used up. */
  takeRead?: () => Promise<boolean>;
  /** Reads go out with a signed-in agent's credential (an OAuth server): their refusals are kept out of the cache. */
  asAgent?: boolean;
  now?: () => number;
}

const inFlight = new Map<string, Promise<FieldSet>>();

export interface LoadOptions extends SourceScope {
  /** Fetch nothing: undefined when the cache has nothing for this kind. */
  cachedOnly?: boolean;
}

/** Undefined when the kind has nothing to read here (a service item without its display_id). */
export async function loadFieldSet(
  deps: FieldLoaderDeps,
  accountId: string,
  kind: CustomFieldKind,
  { cachedOnly = false, ...scope }: LoadOptions = {},
): Promise<FieldSet | undefined> {
  const source = fieldSource(kind, scope);
  if (!source) return undefined;
  const now = deps.now?.() ?? Date.now();
  const cached = await deps.cache.get(accountId, source.workspace, source.subject);
  if (cached) {
    // `cachedOnly` promises no call at all (it checks calls that may be invalid); a full load refreshes instead.
    if (!cachedOnly && now - cached.fetched_at > FIELDS_FRESH_MS)
      deps.waitUntil(refresh(deps, accountId, kind, source));
    return { ok: true, fields: cached.fields, fetchedAt: cached.fetched_at };
  }
  if (!cachedOnly) return refresh(deps, accountId, kind, source);
  // A read that failed a moment ago is known without calling Freshservice.
  const failure = await deps.backoff?.failure(accountId, source.workspace, source.subject);
  return failure ? { ok: false, reason: failure } : undefined;
}

/** Forget what this isolate is fetching for an account (the cache itself is dropped by the admin route). */
export function forgetInFlight(accountId: string) {
  for (const key of inFlight.keys()) if (key.startsWith(`${accountId}:`)) inFlight.delete(key);
}

function refresh(
  deps: FieldLoaderDeps,
  accountId: string,
  kind: CustomFieldKind,
  source: FieldSource,
): Promise<FieldSet> {
  // An agent's read is not shared with the account key's: its refusal must not become another caller's answer.
  const key = `${accountId}:${source.workspace}:${source.subject}${deps.asAgent ? ":agent" : ""}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = (async (): Promise<FieldSet> => {
      try {
        const failure = await deps.backoff?.failure(accountId, source.workspace, source.subject);
        if (failure) return { ok: false, reason: failure };
        if (deps.takeRead && !(await deps.takeRead()))
          throw new MetadataError("this account's field-metadata reads for this minute are used up");
        const target = await deps.target();
        const payload = await source.read(fetchJsonFrom(target, deps.asAgent ?? false));
        const fields = normalizeFields(kind, payload);
        const fetchedAt = deps.now?.() ?? Date.now();
        const keep =
          payload === NO_MODULE && source.workspace !== ACCOUNT_WIDE ? ABSENT_WORKSPACE_KEEP_SECONDS : undefined;
        await deps.cache.put(accountId, source.workspace, source.subject, { fetched_at: fetchedAt, fields }, keep);
        return { ok: true, fields, fetchedAt };
      } catch (error) {
        // Not cached as fields (a stale copy keeps serving); remembered for a short back-off instead.
        const reason = error instanceof MetadataError ? error.message : "Freshservice could not be reached";
        if (!deps.asAgent) await deps.backoff?.noteFailure(accountId, source.workspace, source.subject, reason);
        return { ok: false, reason };
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, pending);
  }
  return pending;
}

function fetchJsonFrom(target: UpstreamTarget, asAgent: boolean): FetchJson {
  return async (pathAndQuery) => {
    const response = await fetchFreshservice(
      target,
      { method: "GET", pathAndQuery },
      { timeoutMs: FIELD_FETCH_TIMEOUT_MS },
    );
    // An agent's 403 is about the agent, not the account's plan: a failure, kept out of the account's cache.
    if (asAgent && (response.status === 401 || response.status === 403)) {
      await response.body?.cancel();
      throw new MetadataError(`Freshservice refused the signed-in agent's read (${response.status})`);
    }
    // 403/404: the plan has no such module (problems on a business-teams plan, say): no fields, and that is
    // worth caching, or every tools/list would spend the tenant's rate limit asking again.
    if (response.status === 403 || response.status === 404) {
      await response.body?.cancel();
      return NO_MODULE;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new MetadataError(`Freshservice answered ${response.status}`);
    }
    const text = await readCappedText(response, MAX_METADATA_BYTES);
    if (text === null) throw new MetadataError("Freshservice's answer was too large or broke off");
    try {
      return JSON.parse(text);
    } catch {
      throw new MetadataError("Freshservice's answer was not JSON");
    }
  };
}
