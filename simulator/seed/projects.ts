// Seed two new-generation projects: a business one (office Wi-Fi, linked to the Wi-Fi ticket, the core switch
// change and the access point, with attachments) and a software one with a version, a sprint, tasks and a task
// note.

import { projectSpec, projectTaskSpec, TASK_STATUSES, TASK_TYPES } from "../routes/projects";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatDate, formatTimestamp } from "../time";
import { seedPlainRecord, seedRecord } from "./seed-context";
import { seedAttachment } from "./ticket-extras";

export function seedProjects(state: TenantState, now: number): void {
  const agent = (first: string) =>
    [...state.agents.values()].find((a) => a.first_name === first)?.id ?? state.currentAgentId;
  const status = (name: string) => TASK_STATUSES.find(([, n]) => n === name)?.[0];
  const type = (name: string) => TASK_TYPES.find(([, n]) => n === name)?.[0];

  const wifi = seedRecord(state, projectSpec, now - 40 * DAY_MS, {
    name: "Office Wi-Fi upgrade",
    key: "WIFI",
    project_type: 1,
    description: "Replace the access points on floors 3–5 at HQ.",
    status_id: 2,
    priority_id: 3,
    manager_id: agent("Marcus"),
    start_date: formatDate(now - 30 * DAY_MS),
    end_date: formatDate(now + 45 * DAY_MS),
    custom_fields: { cf_budget: 42000, cf_business_unit: "IT" },
  });
  const spr = seedRecord(state, projectSpec, now - 20 * DAY_MS, {
    name: "Service portal redesign",
    key: "SPR",
    project_type: 0,
    description: "A new landing page and search for the self-service portal.",
    status_id: 1,
    priority_id: 2,
    manager_id: agent("Priya"),
    start_date: formatDate(now - 10 * DAY_MS),
    end_date: formatDate(now + 80 * DAY_MS),
  });
  // The portal project's release plan: one version and one sprint, both planned 15 days ago.
  const ts = formatTimestamp(now - 15 * DAY_MS);
  const planned = (collection: "projectVersions" | "sprints", values: Record<string, unknown>) =>
    seedPlainRecord(state, collection, { ...values, created_at: ts, updated_at: ts, _parent_id: spr.id }).id;
  const versionId = planned("projectVersions", {
    name: "v1.0",
    description: "First public release",
    status_id: 1,
    start_date: formatDate(now - 10 * DAY_MS),
    release_date: formatDate(now + 60 * DAY_MS),
  });
  // The documented sprint: title, goal, state, planned start and end, its project.
  const sprintId = planned("sprints", {
    title: "Sprint 1",
    goal: "Catalog landing page",
    state: 2,
    planned_start_date: formatDate(now - 7 * DAY_MS),
    planned_end_date: formatDate(now + 7 * DAY_MS),
    project_id: spr.id,
  });

  const task = (project: typeof wifi, daysAgo: number, values: Record<string, unknown>) =>
    seedRecord(state, projectTaskSpec, now - daysAgo * DAY_MS, values, { id: project.id, record: project });
  const survey = task(wifi, 30, {
    title: "Survey floor 3 coverage",
    type_id: type("Task"),
    status_id: status("Done"),
    assignee_id: agent("Marcus"),
  });
  const order = task(wifi, 25, {
    title: "Order Meraki MR57 access points",
    type_id: type("Task"),
    status_id: status("In Progress"),
    assignee_id: agent("Elena"),
    planned_effort: "2d 4h",
  });
  task(wifi, 20, {
    title: "Install and configure access points",
    type_id: type("Task"),
    status_id: status("To Do"),
    assignee_id: agent("Marcus"),
    priority_id: 3,
  });
  task(spr, 9, {
    title: "New catalog landing page",
    type_id: type("Story"),
    status_id: status("In Progress"),
    assignee_id: agent("Priya"),
    sprint_id: sprintId,
    version_id: versionId,
    story_points: 5,
  });
  task(spr, 8, {
    title: "Search returns draft items",
    type_id: type("Bug"),
    status_id: status("To Do"),
    priority_id: 3,
    sprint_id: sprintId,
    version_id: versionId,
  });

  const quote = seedPlainRecord(state, "projectTaskNotes", {
    content: "<div>Quote received from the reseller; waiting for PO approval.</div>",
    user_id: agent("Elena"),
    created_at: formatTimestamp(now - 5 * DAY_MS),
    updated_at: formatTimestamp(now - 5 * DAY_MS),
    _parent_id: order.id,
  });

  // Links (the association endpoints' `_links`, by module) and uploaded files (`_attachments`).
  const wifiTicket = [...state.tickets.values()].find(
    (t) => t.subject === "Wi-Fi drops in the 3rd floor meeting rooms" && !t.deleted,
  );
  const switchChange = [...state.collections.changes.values()].find(
    (c) => c.subject === "Upgrade core switch firmware",
  );
  const assetNamed = (name: string) => [...state.assets.values()].find((a) => a.name === name)?.display_id;
  const ids = (...values: Array<number | undefined>) => values.filter((v): v is number => v !== undefined);
  wifi._links = {
    tickets: ids(wifiTicket?.id),
    changes: ids(switchChange?.id),
    assets: ids(assetNamed("ap-sf-3f-01"), assetNamed("core-sw-01")),
  };
  survey._links = {
    tickets: ids(wifiTicket?.id),
    changes: ids(switchChange?.id),
    assets: ids(assetNamed("ap-sf-3f-01")),
  };
  wifi._attachments = [seedAttachment(state, now - 40 * DAY_MS, "ap-placement-plan.pdf", "application/pdf", 912_344)];
  survey._attachments = [seedAttachment(state, now - 28 * DAY_MS, "floor-3-heatmap.png", "image/png", 1_204_118)];
  quote._attachments = [seedAttachment(state, now - 5 * DAY_MS, "meraki-mr57-quote.pdf", "application/pdf", 148_920)];
}
