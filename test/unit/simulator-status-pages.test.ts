import { describe, expect, it } from "vitest";
import { simulatorClient } from "../../simulator/client";
import { MAJOR_INCIDENT_TICKET } from "../../simulator/seed/status-pages";
import { createSimulator } from "../../simulator/simulator";

const NOW = Date.UTC(2025, 5, 16, 12);
const TICKET = MAJOR_INCIDENT_TICKET;

function setup() {
  const sim = createSimulator({ now: () => NOW });
  return { sim, api: simulatorClient(sim.handle) };
}

type Row = { id: number } & Record<string, unknown>;

async function itPage(api: ReturnType<typeof setup>["api"]) {
  const pages = (await api.get("/status/pages", { workspace_id: "2" })).body.status_pages as Row[];
  expect(pages).toHaveLength(1);
  return pages[0] as Row;
}

describe("simulator status pages", () => {
  it("lists pages per workspace or all, the component tree, and the statuses", async () => {
    const { api } = setup();
    expect((await api.get("/status/pages")).body.status_pages).toHaveLength(2);
    const page = await itPage(api);
    expect(page).toMatchObject({ name: "Acme IT services", private: true, workspace_id: 2 });
    expect(page).not.toHaveProperty("_incident_statuses");
    const tree = (await api.get(`/status/pages/${page.id}/service-components`)).body.service_components as Row[];
    expect(tree.map((c) => [c.name, c.type])).toEqual([
      ["Remote access", 2],
      ["E-mail", 1],
    ]);
    const services = tree[0]?.components as Row[];
    expect(services.map((c) => c.name)).toEqual(["VPN", "Single sign-on and MFA"]);
    const one = await api.get(`/status/pages/${page.id}/service-components/${services[1]?.id}`);
    expect(one.body.service_component).toMatchObject({ status: 20, components: [] });
    expect((await api.get(`/status/pages/${page.id}/service-components/1`)).status).toBe(404);
    const paged = await api.get(`/status/pages/${page.id}/service-components`, { per_page: "1" });
    expect(paged.headers.get("link")).toMatch(/page=2/);
    const statuses = (await api.get(`/status/pages/${page.id}/incidents/statuses`)).body.incident_statuses as Row[];
    expect(statuses.map((s) => s.name)).toEqual(["Investigating", "Identified", "Monitoring", "Resolved"]);
    expect((await api.get(`/status/pages/${page.id}/maintenances/statuses`)).body.maintenance_statuses).toHaveLength(3);
    expect((await api.get(`/status/pages/${page.id}/maintenances`)).body.maintenances).toEqual([
      expect.objectContaining({ status: 0, title: "VPN gateway firmware upgrade" }),
    ]);
    expect((await api.get("/status/pages/1/incidents")).status).toBe(404);
  });

  it("publishes an incident from a ticket, updates it, posts, edits and deletes updates, then deletes it", async () => {
    const { api } = setup();
    const page = await itPage(api);
    const vpn = ((await api.get(`/status/pages/${page.id}/service-components`)).body.service_components as Row[])[0]
      ?.components as Row[];
    const base = `/tickets/${TICKET}/status/pages/${page.id}/incidents`;
    const made = await api.post(base, {
      title: "VPN down",
      started_at: "2025-06-16T11:30:00+01:00",
      impacted_services: [{ id: vpn[0]?.id, status: 30 }],
    });
    expect(made.status).toBe(201);
    const incident = made.body.incident as Row;
    expect(incident).toMatchObject({ status: 1, ticket_id: TICKET, started_at: "2025-06-16T10:30:00Z" });
    expect((await api.get(`/status/pages/${page.id}/incidents`)).body.incidents[0].id).toBe(incident.id);

    const bad = await api.post(base, { impacted_services: [{ id: 1, status: 7 }], colour: "red" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ["colour", "impacted_services[0].id", "impacted_services[0].status", "title"].sort(),
    );
    expect((await api.put(`${base}/${incident.id}`, { started_at: "2025-06-16T11:00:00Z" })).status).toBe(400);
    const changed = await api.put(`${base}/${incident.id}`, { description: "Fix rolling out", impacted_services: [] });
    expect(changed.body.incident).toMatchObject({ description: "Fix rolling out", impacted_services: [] });
    // The incident belongs to its ticket: another ticket's path does not find it.
    expect((await api.get(`/tickets/58/status/pages/${page.id}/incidents/${incident.id}`)).status).toBe(404);

    const updates = `${base}/${incident.id}/updates`;
    const posted = await api.post(updates, { message: "Found it", posted_on: "2025-06-16T11:45:00Z", status_id: 102 });
    expect(posted.status).toBe(201);
    const update = posted.body.incident_update as Row;
    expect(update).toMatchObject({ status_id: 102, posted_on: "2025-06-16T11:45:00Z" });
    expect((await api.post(updates, { message: "x", posted_on: "2025-06-16T11:45:00Z", status_id: 7 })).status).toBe(
      400,
    );
    expect((await api.put(`${updates}/${update.id}`, { status_id: 104 })).status).toBe(400);
    expect(
      (await api.put(`${updates}/${update.id}`, { message: "Fixed", status_id: 104 })).body.incident_update,
    ).toMatchObject({ message: "Fixed", status_id: 104 });
    expect((await api.get(updates)).body.incident_updates).toHaveLength(1);
    expect((await api.delete(`${updates}/${update.id}`)).status).toBe(204);
    expect((await api.get(updates)).body.incident_updates).toEqual([]);
    expect((await api.delete(`${base}/${incident.id}`)).status).toBe(204);
    expect((await api.get(`${base}/${incident.id}`)).status).toBe(404);
  });

  it("shows the seeded incident of the major incident with its updates, newest first", async () => {
    const { api } = setup();
    const page = await itPage(api);
    const [incident] = (await api.get(`/status/pages/${page.id}/incidents`)).body.incidents as Row[];
    expect(incident).toMatchObject({ ticket_id: TICKET, status: 1 });
    const updates = (await api.get(`/tickets/${TICKET}/status/pages/${page.id}/incidents/${incident?.id}/updates`)).body
      .incident_updates as Row[];
    expect(updates.map((u) => u.status_id)).toEqual([102, 101]);
  });
});

describe("simulator major-incident communications", () => {
  it("lists e-mails or meetings with a meta page count and no link, shows one, sends one", async () => {
    const { api } = setup();
    const base = `/tickets/${TICKET}/communications`;
    const first = await api.get(base, { type: "email", per_page: "2" });
    expect(first.body.communications).toHaveLength(2);
    expect(first.body.meta).toEqual({ total_items: 3, total_pages: 2, current_page: 1 });
    expect(first.headers.get("link")).toBeNull();
    expect(first.body.communications[0].meta_info).toEqual({ subject: expect.any(String) });
    const second = await api.get(base, { type: "email", per_page: "2", page: "2" });
    expect(second.body.communications).toHaveLength(1);
    expect((await api.get(base, { type: "zoom" })).body.communications[0].meta_info).toMatchObject({ status: "ended" });
    expect((await api.get(base)).status).toBe(400);
    expect((await api.get(base, { type: "email", order_by: "colour" })).status).toBe(400);

    const sent = await api.post(base, {
      type: "email",
      subject: "Update",
      message: "Fixed",
      notifiers: [{ type: 5, address: "cio@acme.example" }],
    });
    expect(sent.status).toBe(201);
    expect(sent.body.communication).toMatchObject({
      type: "email",
      object_id: TICKET,
      meta_info: { subject: "Update" },
    });
    const shown = await api.get(`${base}/${sent.body.communication.id}`);
    expect(shown.body.communication.meta_info).toMatchObject({ message: "Fixed", attachments: [] });
    const zoom = await api.post(base, { type: "zoom" });
    expect(zoom.body.communication.meta_info.join_url).toMatch(/^https:\/\//);

    const bad = await api.post(base, { type: "email", subject: "x", message: "y", notifiers: [{ type: 1, id: 1 }] });
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: "notifiers[0].id" })]);
    expect((await api.post(base, { type: "fax" })).status).toBe(400);
    // Only a Major Incident has communications.
    expect((await api.get("/tickets/58/communications", { type: "email" })).status).toBe(400);
    expect((await api.get(`${base}/999999`)).status).toBe(404);
  });
});
