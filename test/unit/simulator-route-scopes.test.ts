import { describe, expect, it } from "vitest";
import { ROUTE_SCOPES } from "../../simulator/oauth/route-scopes";
import { allRoutes } from "../../simulator/routes";

const served = allRoutes.map((r) => `${r.method} ${r.pattern}`);

describe("simulator OAuth scopes per route", () => {
  it("every route the simulator serves names its scope (or null), and the table names no other route", () => {
    expect(served.filter((key) => !(key in ROUTE_SCOPES))).toEqual([]);
    expect(Object.keys(ROUTE_SCOPES).filter((key) => !served.includes(key))).toEqual([]);
  });

  it("every scope is freshservice.<module>.<action>", () => {
    const bad = Object.values(ROUTE_SCOPES).filter((s) => s !== null && !/^freshservice(\.[a-z_]+){2,4}$/.test(s));
    expect(bad).toEqual([]);
  });

  it.each([
    // From the reference's auth and per-family sections.
    ["GET /tickets", "freshservice.tickets.view"],
    ["GET /tickets/filter", "freshservice.tickets.view"],
    ["POST /tickets", "freshservice.tickets.create"],
    ["PUT /tickets/:id", "freshservice.tickets.edit"],
    ["DELETE /tickets/:id", "freshservice.tickets.delete"],
    ["GET /ticket_form_fields", "freshservice.tickets.fields.manage"],
    ["POST /tickets/:id/notes", "freshservice.tickets.conversations.create"],
    ["GET /assets", "freshservice.assets.view"],
    ["PUT /assets/:id", "freshservice.assets.manage"],
    ["GET /applications", "freshservice.assets.view"],
    ["GET /agents", "freshservice.agents.manage"],
    ["PUT /agents/:id/reactivate", "freshservice.agents.manage"],
    ["POST /groups", "freshservice.agentgroups.manage.itsm"],
    ["PUT /groups/:id", "freshservice.agentgroups.manage"],
    ["GET /requesters", "freshservice.requesters.view"],
    ["PUT /requesters/:id/convert_to_agent", "freshservice.requesters.manage"],
    ["GET /objects/:id/records", "freshservice.objects.manage"],
    // No scope listed: an OAuth token gets 403.
    ["GET /cabs", null],
    ["PATCH /cabs/:id", null],
    ["GET /approvals", null],
    ["GET /users/:id/assignment-history", null],
    ["GET /journeys/requests", null],
  ])("%s → %s", (route, scope) => {
    expect(ROUTE_SCOPES[route]).toBe(scope);
  });
});
