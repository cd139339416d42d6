import { describe, expect, it } from "vitest";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

describe("simulator solutions: translated articles", () => {
  it("takes language and parent_id on create (§7.24) and checks that the primary article exists", async () => {
    const primary = [...sim.tenant().solutionArticles.values()][0];
    const body = { title: "Configurer le VPN", description: "<p>…</p>", folder_id: primary?.folder_id };
    const res = await api.post("/solutions/articles", { ...body, language: "fr", parent_id: primary?.id });
    expect(res.status).toBe(201);
    expect(res.body.article).toMatchObject({ language: "fr", parent_id: primary?.id });
    const orphan = await api.post("/solutions/articles", { ...body, language: "fr", parent_id: 1 });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors).toEqual([expect.objectContaining({ field: "parent_id", code: "invalid_value" })]);
  });
});

describe("simulator solutions: search", () => {
  it("finds the published VPN guide first, with meta", async () => {
    const res = await api.get("/solutions/articles/search", { search_term: "how do I set up the VPN" });
    expect(res.status).toBe(200);
    expect(res.body.articles[0]).toMatchObject({ title: "How to set up the VPN client (GlobalProtect)", status: 2 });
    expect(res.body.meta).toEqual({ total_items: res.body.articles.length, total_pages: 1, current_page: 1 });
  });

  it("returns published articles only", async () => {
    const res = await api.get("/solutions/articles/search", { search_term: "vpn" });
    const titles = res.body.articles.map((a: { title: string }) => a.title);
    expect(titles).not.toContain("Draft: Migrating to the new VPN gateway");
    expect(res.body.articles.every((a: { status: number }) => a.status === 2)).toBe(true);
  });

  it("pages search results", async () => {
    const res = await api.get("/solutions/articles/search", {
      search_term: "password mfa laptop vpn",
      per_page: 2,
      page: 2,
    });
    expect(res.body.articles).toHaveLength(2);
    expect(res.body.meta.current_page).toBe(2);
    expect(res.body.meta.total_pages).toBe(Math.ceil(res.body.meta.total_items / 2));
  });

  it("400 without search_term", async () => {
    expect((await api.get("/solutions/articles/search")).body.errors[0]).toMatchObject({
      field: "search_term",
      code: "missing_field",
    });
  });
});

describe("simulator solutions: CRUD", () => {
  it("requires category_id for folders and folder_id for articles", async () => {
    expect((await api.get("/solutions/folders")).body.errors[0]).toMatchObject({
      field: "category_id",
      code: "missing_field",
    });
    expect((await api.get("/solutions/articles")).body.errors[0]).toMatchObject({
      field: "folder_id",
      code: "missing_field",
    });
    expect((await api.get("/solutions/folders", { category_id: 1 })).status).toBe(404);
  });

  it("creates a category, folder and article, publishes, updates and deletes them", async () => {
    const cat = await api.post("/solutions/categories", { name: "Facilities", description: "Office help" });
    expect(cat.status).toBe(201);
    const folder = await api.post("/solutions/folders", {
      name: "Parking",
      category_id: cat.body.category.id,
      visibility: 1,
    });
    expect(folder.status).toBe(201);
    const article = await api.post("/solutions/articles", {
      title: "Getting a parking permit",
      description: "<p>Ask reception.</p>",
      folder_id: folder.body.folder.id,
      tags: ["parking"],
    });
    expect(article.status).toBe(201);
    expect(article.body.article).toMatchObject({
      status: 1,
      description_text: "Ask reception.",
      category_id: cat.body.category.id,
    });
    expect((await api.get("/solutions/articles/search", { search_term: "parking" })).body.articles).toHaveLength(0);
    await api.put(`/solutions/articles/${article.body.article.id}`, { status: 2 });
    expect((await api.get("/solutions/articles/search", { search_term: "parking" })).body.articles).toHaveLength(1);

    const listed = await api.get("/solutions/articles", { folder_id: folder.body.folder.id });
    expect(listed.body.articles).toHaveLength(1);
    const folders = await api.get("/solutions/folders", { category_id: cat.body.category.id });
    expect(folders.body.folders.map((f: { name: string }) => f.name)).toEqual(["Parking"]);

    expect((await api.delete(`/solutions/categories/${cat.body.category.id}`)).status).toBe(204);
    expect(sim.tenant().solutionArticles.has(article.body.article.id)).toBe(false);
    expect(sim.tenant().solutionFolders.has(folder.body.folder.id)).toBe(false);
  });

  it.each([
    ["/solutions/categories", {}, "name", "missing_field"],
    ["/solutions/categories", { name: "IT Help & How-To" }, "name", "duplicate_value"],
    ["/solutions/folders", { name: "x", visibility: 1 }, "category_id", "missing_field"],
    ["/solutions/folders", { name: "x", visibility: 9, category_id: 21000130001 }, "visibility", "invalid_value"],
    ["/solutions/folders", { name: "x", visibility: 4, category_id: 21000130001 }, "department_ids", "missing_field"],
    ["/solutions/articles", { title: "x", folder_id: 21000140001 }, "description", "missing_field"],
    ["/solutions/articles", { title: "x", description: "y", folder_id: 5 }, "folder_id", "invalid_value"],
    [
      "/solutions/articles",
      { title: "x", description: "y", folder_id: 21000140001, colour: 1 },
      "colour",
      "invalid_field",
    ],
  ])("POST %s %j → 400 %s", async (path, body, field, code) => {
    const res = await api.post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field, message: expect.any(String), code });
  });

  it("seeds categories, folders and a dozen articles", () => {
    const s = sim.tenant();
    expect(s.solutionCategories.size).toBe(4);
    expect(s.solutionFolders.size).toBe(5);
    expect(s.solutionArticles.size).toBeGreaterThanOrEqual(11);
  });
});
