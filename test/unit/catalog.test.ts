import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../worker/catalog/build-tools";
import { filterVocabulary, selectTools } from "../../worker/catalog/select-tools";
import { shorten, TOOL_NAME_PATTERN, toolName } from "../../worker/catalog/tool-names";
import { fixtureFile } from "./fixtures";

const catalog = buildCatalog([fixtureFile]);
const byName = (name: string) => {
  const tool = catalog.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
};

describe("tool names", () => {
  it.each([
    ["list", "list_all_freshservice_tickets"],
    ["get", "get_single_freshservice_ticket_by_id"],
    ["create", "create_a_freshservice_ticket"],
    ["update", "update_a_freshservice_ticket_by_id"],
    ["delete", "delete_a_freshservice_ticket_by_id"],
  ])("%s → %s", (method, expected) => {
    expect(toolName({ name: "ticket", plural: "tickets" }, { method })).toBe(expected);
  });

  it("uses the explicit name of a custom operation", () => {
    expect(
      toolName(
        { name: "solution_article", plural: "x" },
        { method: "search", tool_name: "freshservice_solution_article_search" },
      ),
    ).toBe("freshservice_solution_article_search");
  });

  it("leaves names of 64 characters alone and shortens longer ones deterministically", () => {
    const exact = "a".repeat(64);
    expect(shorten(exact)).toBe(exact);
    const long = `update_a_freshservice_${"very_long_resource_name_".repeat(3)}by_id`;
    const short = shorten(long);
    expect(short).toMatch(TOOL_NAME_PATTERN);
    expect(short.length).toBeLessThanOrEqual(64);
    expect(shorten(long)).toBe(short);
    expect(shorten(`${long}_other`)).not.toBe(short);
  });

  it("first tries fs for freshservice", () => {
    const name = `list_all_freshservice_${"x".repeat(50)}`;
    expect(name.length).toBeGreaterThan(64);
    expect(shorten(name)).toBe(`list_all_fs_${"x".repeat(50)}`);
  });
});

describe("input schemas", () => {
  it("puts path params, query and body in one closed object, and adds limit/next_cursor to paged lists", () => {
    const list = byName("list_all_freshservice_tickets");
    expect(Object.keys(list.inputSchema.properties)).toEqual(["query", "include", "limit", "next_cursor"]);
    expect(list.inputSchema.additionalProperties).toBe(false);
    const update = byName("update_a_freshservice_ticket_by_id");
    expect(update.inputSchema.required).toEqual(["id"]);
    expect(update.inputSchema.properties.id).toMatchObject({ type: "integer", minimum: 1 });
  });
});

describe("annotations", () => {
  it.each([
    ["list_all_freshservice_tickets", { readOnlyHint: true, destructiveHint: false, idempotentHint: true }],
    ["update_a_freshservice_ticket_by_id", { readOnlyHint: false, destructiveHint: true, idempotentHint: true }],
    ["delete_a_freshservice_ticket_by_id", { readOnlyHint: false, destructiveHint: true, idempotentHint: true }],
    ["restore_a_freshservice_ticket_by_id", { readOnlyHint: false, destructiveHint: false, idempotentHint: true }],
    ["create_a_freshservice_ticket_time_entry", { readOnlyHint: false, destructiveHint: false, idempotentHint: false }],
    ["freshservice_solution_article_search", { readOnlyHint: true, destructiveHint: false }],
  ])("%s", (name, expected) => {
    expect(byName(name).annotations).toMatchObject({ ...expected, openWorldHint: true });
  });
});

describe("method and tag filters", () => {
  const names = (methods?: string[], tags?: string[]) => selectTools(catalog, { methods, tags }).map((t) => t.name);

  it("read = list, get and read-only custom operations", () => {
    expect(names(["read"])).toEqual([
      "list_all_freshservice_tickets",
      "get_single_freshservice_ticket_by_id",
      "freshservice_solution_article_search",
    ]);
  });
  it("write = create, update, delete and mutating custom operations", () => {
    expect(names(["write"])).toEqual([
      "update_a_freshservice_ticket_by_id",
      "delete_a_freshservice_ticket_by_id",
      "restore_a_freshservice_ticket_by_id",
      "create_a_freshservice_ticket_time_entry",
    ]);
  });
  it("custom = every non-CRUD operation; exact method names work too", () => {
    expect(names(["custom"])).toEqual(["restore_a_freshservice_ticket_by_id", "freshservice_solution_article_search"]);
    expect(names(["delete"])).toEqual(["delete_a_freshservice_ticket_by_id"]);
  });
  it("tags combine family, resource and operation tags; methods and tags must both match", () => {
    expect(names(undefined, ["solutions"])).toEqual(["freshservice_solution_article_search"]);
    expect(names(["write"], ["time_tracking"])).toEqual(["create_a_freshservice_ticket_time_entry"]);
    expect(names(["read"], ["time_tracking"])).toEqual([]);
  });
  it("knows its vocabulary", () => {
    const vocabulary = filterVocabulary(catalog);
    expect(vocabulary.methods.has("restore")).toBe(true);
    expect(vocabulary.tags.has("time_tracking")).toBe(true);
  });
});
