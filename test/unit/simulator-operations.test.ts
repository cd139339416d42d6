import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator } from "../../simulator/simulator";

const NOW = Date.UTC(2025, 5, 16, 12);

function setup() {
  const sim = createSimulator({ now: () => NOW });
  return { sim, api: simulatorClient(sim.handle) };
}

describe("simulator alerts", () => {
  it("lists newest update first, filters with query on the documented fields and numbers, pages with a link, shows one", async () => {
    const { api } = setup();
    const all = (await api.get("/ams/alerts")).body.alerts as Record<string, unknown>[];
    expect(all.map((a) => [a.state, a.severity])).toEqual([
      [1, 101],
      [1, 201],
      [2, 151],
    ]);
    // The documented record: subject, metric_name, incident_id, acknowledged_by_id (not message, metric, ticket_id).
    expect(Object.keys(all[0] ?? {})).toEqual(
      expect.arrayContaining(["subject", "metric_name", "metric_value", "incident_id", "acknowledged_by_id", "tags"]),
    );
    expect(all[0]).not.toHaveProperty("message");
    expect((await api.get("/ams/alerts", { query: '"state:1"' })).body.alerts).toHaveLength(2);
    const critical = await api.get("/ams/alerts", { query: '"severity:201 OR severity:151"' });
    expect(critical.body.alerts.map((a: { severity: number }) => a.severity)).toEqual([201, 151]);
    // :> is greater than or equal: Error and Critical.
    expect((await api.get("/ams/alerts", { query: '"severity:>151"' })).body.alerts).toHaveLength(2);
    expect(
      (await api.get("/ams/alerts", { query: "\"resource:'vpn-gw-1' AND archived:false\"" })).body.alerts,
    ).toHaveLength(1);
    const acknowledged = await api.get("/ams/alerts", { query: `"acknowledged_by_id:${all[1]?.acknowledged_by_id}"` });
    expect(acknowledged.body.alerts).toHaveLength(1);
    const paged = await api.get("/ams/alerts", { per_page: "1" });
    expect(paged.body.alerts).toHaveLength(1);
    expect(paged.headers.get("link")).toMatch(/page=2/);
    // Fields the documentation does not list, and text where it has numbers, are refused.
    for (const query of ["\"colour:'red'\"", "\"state:'open'\"", "\"severity:'critical'\"", '"ticket_id:1"'])
      expect((await api.get("/ams/alerts", { query })).status, query).toBe(400);
    expect(
      (await api.get("/ams/alerts", { order_by: "severity", order_type: "asc" })).body.alerts.map(
        (a: { severity: number }) => a.severity,
      ),
    ).toEqual([101, 151, 201]);
    expect((await api.get("/ams/alerts", { order_by: "created_at" })).status).toBe(400);
    expect((await api.get(`/ams/alerts/${all[0]?.id}`)).body.alert).toMatchObject({ severity: 101, state: 1 });
  });

  it("acknowledges and resolves; a resolved alert can't be acknowledged; notes list and add", async () => {
    const { api } = setup();
    const [open, , resolved] = (await api.get("/ams/alerts")).body.alerts as { id: number }[];
    const acknowledged = (await api.put(`/ams/alerts/${open?.id}/acknowledge`)).body.alert;
    expect(acknowledged).toMatchObject({ state: 1, acknowledged_by_id: expect.any(Number) });
    expect(acknowledged.acknowledged_at).toMatch(/^2025-06-16T12:00:00Z$/);
    expect((await api.put(`/ams/alerts/${open?.id}/resolve`)).body.alert.state).toBe(2);
    expect((await api.put(`/ams/alerts/${resolved?.id}/acknowledge`)).status).toBe(409);
    const added = await api.post(`/ams/alerts/${open?.id}/notes`, { description: "<p>Renewed the certificate.</p>" });
    expect(added.status).toBe(201);
    expect(added.body.alert_note).toMatchObject({ alert_id: open?.id, user_id: expect.any(Number), workspace_id: 2 });
    expect((await api.get(`/ams/alerts/${open?.id}/notes`)).body.alert_notes).toEqual([
      expect.objectContaining({ description: "<p>Renewed the certificate.</p>" }),
    ]);
    const note = `/ams/alerts/${open?.id}/notes/${added.body.alert_note.id}`;
    expect((await api.put(note, {})).status).toBe(400);
    expect((await api.put(note, { description: "<p>Renewed.</p>" })).body.alert_note.description).toBe(
      "<p>Renewed.</p>",
    );
    expect((await api.get(note)).body.alert_note.description).toBe("<p>Renewed.</p>");
    expect((await api.delete(note)).status).toBe(204);
    expect((await api.get(note)).status).toBe(404);
    expect((await api.post(`/ams/alerts/${open?.id}/notes`, {})).status).toBe(400);
    expect((await api.get("/ams/alerts/1/notes")).status).toBe(404);
  });
});

describe("simulator on-call", () => {
  it("lists a workspace's schedules and who is on call now, primary first", async () => {
    const { api } = setup();
    const schedules = (await api.get("/oncall/ws/2/schedules")).body.schedules as { id: number; name: string }[];
    expect(schedules.map((s) => s.name)).toEqual(["IT infrastructure on-call", "Service desk after hours"]);
    expect((await api.get("/oncall/ws/2/schedules", { query: "desk" })).body.schedules).toHaveLength(1);
    // The documented record and paging: a meta object, no Link header; a name search takes 2 to 255 characters.
    expect(Object.keys(schedules[0] ?? {}).sort()).toEqual(
      ["agent_group_id", "agent_group_name", "description", "id", "invalid_numbers_present", "name"].sort(),
    );
    const paged = await api.get("/oncall/ws/2/schedules", { page: "2", per_page: "1" });
    expect(paged.body).toMatchObject({ meta: { total_items: 2, page_number: 2, per_page: 1 } });
    expect(paged.body.schedules.map((s: { name: string }) => s.name)).toEqual(["Service desk after hours"]);
    expect(paged.headers.get("link")).toBeNull();
    expect((await api.get("/oncall/ws/2/schedules", { query: "d" })).status).toBe(400);
    expect((await api.get("/oncall/ws/2/schedules", { query: "d".repeat(256) })).status).toBe(400);
    expect((await api.get("/oncall/ws/2/schedules", { per_page: "101" })).status).toBe(400);
    expect((await api.get("/oncall/ws/999/schedules")).status).toBe(404);
    const now = (await api.get("/oncall/shift-events/current", { schedule_id: String(schedules[0]?.id) })).body
      .shift_events as { roster_type: string; user: { id: number; name: string } }[];
    expect(now.map((e) => e.roster_type)).toEqual(["PRIMARY", "SECONDARY"]);
    expect(now[0]?.user.name).toEqual(expect.any(String));
    // 12:00 UTC: the after-hours schedule has nobody on call.
    const desk = await api.get("/oncall/shift-events/current", { schedule_id: String(schedules[1]?.id) });
    expect(desk.body.shift_events).toEqual([]);
    expect((await api.get("/oncall/shift-events/current")).status).toBe(400);
  });
});
