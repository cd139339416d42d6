// Resolving the parent record of nested resources (tasks, time entries, notes, approvals) from `:id`:
// a live ticket, problem, change or release, or 404.

import type { JsonRecord } from "../engine/collections";
import { notFound } from "../errors";
import type { RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import type { Ticket } from "../types";
import { pathId } from "./common";

export type ParentKind = "ticket" | "problem" | "change" | "release";

export const PARENT_PATHS: Readonly<Record<ParentKind, string>> = {
  ticket: "/tickets",
  problem: "/problems",
  change: "/changes",
  release: "/releases",
};

export interface ResolvedParent {
  id: number;
  record: Ticket | JsonRecord;
  workspaceId: number;
}

/** The live (not deleted) parent of this kind, by id. */
export function findParent(state: TenantState, kind: ParentKind, id: number): ResolvedParent | undefined {
  if (kind === "ticket") {
    const t = state.tickets.get(id);
    return t && !t.deleted ? { id, record: t, workspaceId: t.workspace_id } : undefined;
  }
  const store =
    kind === "problem"
      ? state.collections.problems
      : kind === "change"
        ? state.collections.changes
        : state.collections.releases;
  const r = store.get(id);
  return r && r.deleted !== true ? { id, record: r, workspaceId: r.workspace_id as number } : undefined;
}

export function parentResolver(kind: ParentKind): (ctx: RouteContext) => ResolvedParent {
  return (ctx) => {
    const id = pathId(ctx.params.id);
    const parent = findParent(ctx.tenant, kind, id);
    if (!parent) throw notFound(`No ${kind} found with id ${id}`);
    return parent;
  };
}
