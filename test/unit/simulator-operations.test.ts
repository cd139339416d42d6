import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { createSimulator } from "../../simulator/simulator";

const NOW = Date.UTC(2025, 5, 16, 12);

function setup() {
  const sim = createSimulator({ now: () => NOW });
  return { sim, api: simulatorClient(sim.handle) };
}

describe("simulator alerts", () => {
  it("lists newest first, filters with query, pages with a link, shows one", async () => {
    const { api } = setup();
    const all = (await api.get("/ams/alerts")).body.alerts as { id: number; state: string; severity: string }[];
    expect(all.map((a) => a.state)).toEqual(["open", "acknowledged", "resolved"]);
    const open = await api.get("/ams/alerts", { query: "\"state:'open'\"" });
    expect(open.body.alerts).toHaveLength(1);
    const paged = await api.get("/ams/alerts", { per_page: "1" });
    expect(paged.body.alerts).toHaveLength(1);
    expect(paged.headers.get("link")).toMatch(/page=2/);
    expect((await api.get("/ams/alerts", { query: "\"colour:'red'\"" })).status).toBe(400);
    expect((await api.get(`/ams/alerts/${all[0]?.id}`)).body.alert).toMatchObject({ severity: "warning" });
  });

  it("acknowledges and resolves; a resolved alert can't be acknowledged; notes list and add", async () => {
    const { api } = setup();
    const [open, , resolved] = (await api.get("/ams/alerts")).body.alerts as { id: number }[];
    expect((await api.put(`/ams/alerts/${open?.id}/acknowledge`)).body.alert.state).toBe("acknowledged");
    expect((await api.put(`/ams/alerts/${open?.id}/resolve`)).body.alert.state).toBe("resolved");
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
