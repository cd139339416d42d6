// Helpers shared by the route modules: ids from paths, includes, envelopes and sorting.

import { fieldError, notFound } from "../errors";
import type { RouteResult } from "../router";
import { choicesMessage } from "../validate";

/** A numeric path id, or 404 (Freshservice answers unknown/non-numeric ids with 404). */
export function pathId(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) throw notFound();
  return Number(raw);
}

export function getOr404<T>(map: Map<number, T>, id: number, what: string): T {
  const v = map.get(id);
  if (v === undefined) throw notFound(`No ${what} found with id ${id}`);
  return v;
}

/** Parses `include=a,b`, rejecting anything not in `allowed`. */
export function readIncludes(query: URLSearchParams, allowed: readonly string[]): Set<string> {
  const raw = query.get("include");
  if (raw === null || raw.trim() === "") return new Set();
  const parts = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => !allowed.includes(p));
  if (bad.length > 0) throw fieldError("include", choicesMessage(allowed));
  return new Set(parts);
}

/** An optional integer query parameter; 400 when present but not an integer. */
export function intParam(query: URLSearchParams, name: string, options: { min?: number } = {}): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < (options.min ?? 0))
    throw fieldError(name, "It should be a/an Positive Integer");
  return Number(raw);
}

export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (!allowed.includes(raw as T)) throw fieldError(name, choicesMessage(allowed));
  return raw as T;
}

export function ok(body: unknown, headers?: Record<string, string>): RouteResult {
  return { status: 200, body, headers };
}

export function created(url: URL, path: string, body: unknown): RouteResult {
  return { status: 201, body, headers: { Location: `${url.origin}/api/v2${path}` } };
}

export const noContent: RouteResult = { status: 204 };

/** Newest first by `created_at`, then by id, as Freshservice lists default to. */
export function byCreatedDesc<T extends { created_at: string; id: number }>(a: T, b: T): number {
  return b.created_at.localeCompare(a.created_at) || b.id - a.id;
}
