// On-call management (§7.30): a workspace's schedules (`/oncall/ws/:workspace_id/schedules`, paged by
// page/per_page with a `meta` object and no Link header, as documented; `query=` by name, 2 to 255 characters) and
// who is on call now for one schedule (`/oncall/shift-events/current?schedule_id=`). Each schedule's shifts (in
// `oncallShifts`) name their rosters' agents; a shift covers every day from its start to end time.

import { publicRecord } from "../engine/collections";
import { fieldError, notFound } from "../errors";
import { readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { findUser, userName } from "../tenant-state";
import { formatTimestamp } from "../time";
import { getOr404, intParam, ok, pathId } from "./common";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The documented length of a schedule-name search ("Supports between 2 to 255 char as input"). */
const QUERY_MIN_LENGTH = 2;
const QUERY_MAX_LENGTH = 255;

function listSchedules(ctx: RouteContext) {
  const workspaceId = pathId(ctx.params.workspace_id);
  if (!ctx.tenant.workspaces.has(workspaceId)) throw notFound();
  const query = ctx.query.get("query");
  if (query !== null && (query.length < QUERY_MIN_LENGTH || query.length > QUERY_MAX_LENGTH))
    throw fieldError("query", `It should be between ${QUERY_MIN_LENGTH} and ${QUERY_MAX_LENGTH} characters`);
  const name = query?.toLowerCase();
  const schedules = [...ctx.tenant.collections.oncallSchedules.values()].filter(
    (s) => s._workspace_id === workspaceId && (!name || String(s.name).toLowerCase().includes(name)),
  );
  const paging = readPaging(ctx.query);
  const start = (paging.page - 1) * paging.perPage;
  return ok({
    schedules: schedules.slice(start, start + paging.perPage).map(publicRecord),
    meta: { total_items: schedules.length, page_number: paging.page, per_page: paging.perPage },
  });
}

/** The shift events running now: one per roster member of every shift whose daily window holds this instant. */
function whoIsOnCall(ctx: RouteContext) {
  const scheduleId = intParam(ctx.query, "schedule_id", { min: 1 });
  if (scheduleId === undefined) throw fieldError("schedule_id", "It should be a/an Positive Integer", "missing_field");
  getOr404(ctx.tenant.collections.oncallSchedules, scheduleId, "schedule");
  const dayStart = Math.floor(ctx.now / DAY_MS) * DAY_MS;
  const events = [...ctx.tenant.collections.oncallShifts.values()]
    .filter((shift) => shift._schedule_id === scheduleId)
    .flatMap((shift) => {
      const start = dayStart + (shift._start_hour as number) * HOUR_MS;
      const end = dayStart + (shift._end_hour as number) * HOUR_MS;
      if (ctx.now < start || ctx.now >= end) return [];
      return (shift._rosters as { roster_type: string; user_id: number }[]).flatMap(({ roster_type, user_id }) => {
        const user = findUser(ctx.tenant, user_id);
        if (!user) return [];
        return [
          {
            schedule_id: scheduleId,
            shift_id: shift.id,
            shift_name: shift.name,
            roster_type,
            start_time: formatTimestamp(start),
            end_time: formatTimestamp(end),
            user: {
              id: user.id,
              name: userName(user),
              email: "email" in user ? user.email : user.primary_email,
              phone: user.work_phone_number ?? null,
              mobile: user.mobile_phone_number ?? null,
            },
          },
        ];
      });
    });
  return ok({ shift_events: events });
}

export const oncallRoutes: Route[] = [
  { method: "GET", pattern: "/oncall/ws/:workspace_id/schedules", handler: listSchedules },
  { method: "GET", pattern: "/oncall/shift-events/current", handler: whoIsOnCall },
];
