// Change Advisory Boards (§7.8): create/list/show (`include=member_details`), PATCH update with
// add_members/remove_members (≤100 each), DELETE 204. A PUT on a CAB is a 405.

import type { JsonRecord } from "../engine/collections";
import { resourceRoutes } from "../engine/crud-routes";
import type { ResourceSpec } from "../engine/resource";
import type { Route } from "../router";
import { findUser, userEmail, userName } from "../tenant-state";
import { formatTimestamp } from "../time";

const MEMBER_LIMIT = 100;

export const cabSpec: ResourceSpec = {
  label: "CAB",
  store: (s) => s.collections.cabs,
  path: "/cabs",
  single: "cab",
  plural: "cabs",
  updateMethod: "PATCH",
  fields: (_s, mode) => ({
    name: { kind: "string", required: mode === "create", maxLength: 255 },
    description: { kind: "string", nullable: true },
    add_members: { kind: "integer[]", ref: "agent" },
    ...(mode === "update" ? { remove_members: { kind: "integer[]", ref: "agent" } } : {}),
    // The create sample also sends `members`.
    ...(mode === "create" ? { members: { kind: "integer[]", ref: "agent" } } : {}),
  }),
  validate: (_ctx, v) =>
    ["add_members", "remove_members", "members"]
      .filter((k) => Array.isArray(v[k]) && (v[k] as unknown[]).length > MEMBER_LIMIT)
      .map((k) => ({
        field: k,
        message: `It can have at most ${MEMBER_LIMIT} elements`,
        code: "invalid_value" as const,
      })),
  build: (ctx, v) => {
    const ts = formatTimestamp(ctx.now);
    const members = [...new Set([...((v.members as number[]) ?? []), ...((v.add_members as number[]) ?? [])])];
    return {
      id: ctx.tenant.nextId("cabs"),
      name: v.name,
      description: v.description ?? null,
      members,
      created_at: ts,
      updated_at: ts,
    };
  },
  apply: (ctx, record, v) => {
    if (typeof v.name === "string") record.name = v.name;
    if (v.description !== undefined) record.description = v.description;
    const members = new Set(record.members as number[]);
    for (const id of (v.add_members as number[]) ?? []) members.add(id);
    for (const id of (v.remove_members as number[]) ?? []) members.delete(id);
    record.members = [...members];
    record.updated_at = formatTimestamp(ctx.now);
  },
  showIncludes: ["member_details"],
  toJson: (ctx, r: JsonRecord, _mode, includes) => {
    const { ...out } = r as Record<string, unknown>;
    if (includes.has("member_details"))
      out.member_details = (r.members as number[]).map((id) => {
        const u = findUser(ctx.tenant, id);
        return { id, name: u ? userName(u) : null, email: u ? userEmail(u) : null };
      });
    return out;
  },
};

const routes = resourceRoutes(cabSpec);
// "include=member_details … 3 API calls": charge it like a list embed (1 + 2) rather than a show embed (1 + 1).
for (const r of routes) if (r.method === "GET" && r.pattern === "/cabs/:id") r.embeds = "list";

export const cabRoutes: Route[] = routes;
