/** A URL's workspace_id: announced in tools/list and filled in where the model leaves an optional workspace_id out. */
import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { announceWorkspace, withWorkspaceDefault } from "../../worker/tools/workspace-default";
import { buildUpstreamRequest } from "../../worker/upstream/build-request";

const catalog = new Map(bundledCatalog().map((t) => [t.name, t]));
const tool = (name: string) => {
  const found = catalog.get(name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

describe("workspace default", () => {
  const list = tool("list_all_freshservice_tickets");

  it("sends the URL's workspace on a list when the model gives none; an explicit one (even 0) wins", () => {
    const query = (args: Record<string, unknown>) =>
      buildUpstreamRequest(list, withWorkspaceDefault(list, args, 3)).pathAndQuery;
    expect(query({})).toBe("/api/v2/tickets?workspace_id=3");
    expect(query({ workspace_id: 2 })).toBe("/api/v2/tickets?workspace_id=2");
    expect(query({ workspace_id: 0 })).toBe("/api/v2/tickets?workspace_id=0");
    expect(withWorkspaceDefault(list, {}, undefined)).toEqual({});
  });

  it("puts it in the body of a create, inside the body wrapper where there is one", () => {
    const create = tool("create_a_freshservice_ticket");
    expect(
      JSON.parse(buildUpstreamRequest(create, withWorkspaceDefault(create, { subject: "x" }, 3)).body ?? ""),
    ).toMatchObject({
      subject: "x",
      workspace_id: 3,
    });
    const software = tool("create_a_freshservice_software");
    expect(
      JSON.parse(buildUpstreamRequest(software, withWorkspaceDefault(software, { name: "x" }, 3)).body ?? ""),
    ).toEqual({
      application: { name: "x", workspace_id: 3 },
    });
  });

  it("leaves it out where Freshservice's own default is wider or follows another record", () => {
    const filled = [...catalog.values()].filter((t) => announceWorkspace(t, 3) !== t).map((t) => t.name);
    for (const name of ["list_all_freshservice_sla_policies", "create_a_freshservice_solution_folder"]) {
      expect(filled).not.toContain(name);
      expect(withWorkspaceDefault(tool(name), {}, 3)).toEqual({});
    }
    // Every other optional workspace_id gets it: lists, creates, searches and form-field lists.
    expect(filled.length).toBeGreaterThanOrEqual(30);
  });

  it("never fills a required workspace_id (a move's target) or one the argument can't take, nor a tool without one", () => {
    const move = tool("freshservice_ticket_move_workspace");
    expect(withWorkspaceDefault(move, { id: 1 }, 3)).toEqual({ id: 1 });
    expect(announceWorkspace(move, 3)).toBe(move);
    const get = tool("get_single_freshservice_ticket_by_id");
    expect(withWorkspaceDefault(get, { id: 1 }, 3)).toEqual({ id: 1 });
  });

  it("says in the listed schema what leaving it out means on this URL, instead of Freshservice's default", () => {
    const announced = announceWorkspace(list, 3);
    expect(announced.inputSchema.properties.workspace_id).toMatchObject({
      default: 3,
      description: expect.stringContaining("(on this connection, leaving it out means workspace 3)"),
    });
    // No announced schema states two defaults.
    for (const t of catalog.values()) {
      const text = String(announceWorkspace(t, 3).inputSchema.properties.workspace_id?.description ?? "");
      if (text.includes("workspace 3")) expect(text, t.name).not.toMatch(/\(default:/);
    }
    expect(list.inputSchema.properties.workspace_id).not.toHaveProperty("default");
    expect(announceWorkspace(list, undefined)).toBe(list);
  });
});
