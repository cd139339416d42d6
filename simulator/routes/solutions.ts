// Knowledge base (§7.24, §5.3): categories, folders and articles (CRUD) and the published-article search.

import { type FieldError, fieldError, throwIfErrors } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext, RouteResult } from "../router";
import { buildSolutionArticle, buildSolutionCategory, buildSolutionFolder } from "../solution-model";
import { findUserByEmail } from "../tenant-state";
import { formatTimestamp } from "../time";
import type { SolutionArticle, SolutionCategory, SolutionFolder } from "../types";
import {
  checkInteger,
  checkString,
  checkStringArray,
  has,
  htmlToText,
  objectBody,
  requireField,
  unknownFields,
} from "../validate";
import { created, getOr404, intParam, noContent, ok, pathId } from "./common";

const byPosition = <T extends { position: number; id: number }>(a: T, b: T) => a.position - b.position || a.id - b.id;

// ---- categories ----

function listCategories(ctx: RouteContext) {
  const paging = readPaging(ctx.query);
  const ws = intParam(ctx.query, "workspace_id");
  const items = [...ctx.tenant.solutionCategories.values()]
    .filter((c) => !ws || c.workspace_id === ws)
    .sort(byPosition);
  const page = paginate(items, paging, ctx.url);
  return ok({ categories: page.items }, page.headers);
}

function writeCategory(ctx: RouteContext, existing?: SolutionCategory) {
  const s = ctx.tenant;
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, ["name", "description", "workspace_id", "visible_in_portals"]);
  if (!existing) requireField(body, "name", errors);
  const name = checkString(body, "name", errors, { maxLength: 100 });
  const description = checkString(body, "description", errors, { nullable: true });
  const ws = checkInteger(body, "workspace_id", errors, { positive: true });
  if (typeof ws === "number" && !s.workspaces.has(ws)) errors.push(missingRef("workspace_id", "workspace"));
  if (
    typeof name === "string" &&
    [...s.solutionCategories.values()].some((c) => c !== existing && c.name.toLowerCase() === name.toLowerCase())
  ) {
    errors.push({ field: "name", message: "It should be a unique value", code: "duplicate_value" });
  }
  throwIfErrors(errors);
  const ts = formatTimestamp(ctx.now);
  if (existing) {
    if (typeof name === "string") existing.name = name;
    if (description !== undefined) existing.description = description;
    existing.updated_at = ts;
    return ok({ category: existing });
  }
  const category = buildSolutionCategory(
    s,
    {
      name: name as string,
      description: description ?? null,
      workspace_id: typeof ws === "number" ? ws : 2,
      position: s.solutionCategories.size + 1,
    },
    ts,
  );
  s.solutionCategories.set(category.id, category);
  return created(ctx.url, `/solutions/categories/${category.id}`, { category });
}

function deleteCategory(ctx: RouteContext) {
  const s = ctx.tenant;
  const id = pathId(ctx.params.id);
  getOr404(s.solutionCategories, id, "category");
  for (const f of [...s.solutionFolders.values()]) if (f.category_id === id) removeFolder(ctx, f.id);
  s.solutionCategories.delete(id);
  return noContent;
}

// ---- folders ----

/** Folders and articles are listed per parent, named by a mandatory query parameter (404 for an unknown one). */
function listChildren<
  K extends "category_id" | "folder_id",
  T extends { position: number; id: number } & Record<K, number>,
>(
  ctx: RouteContext,
  param: K,
  parents: Map<number, unknown>,
  parentLabel: string,
  children: Map<number, T>,
  plural: string,
) {
  const parentId = intParam(ctx.query, param, { min: 1 });
  if (parentId === undefined) throw fieldError(param, "It should be a/an Positive Integer", "missing_field");
  getOr404(parents, parentId, parentLabel);
  const paging = readPaging(ctx.query);
  const items = [...children.values()].filter((c) => c[param] === parentId).sort(byPosition);
  const page = paginate(items, paging, ctx.url);
  return ok({ [plural]: page.items }, page.headers);
}

/** The 400 for an id attribute naming a record that doesn't exist. */
function missingRef(field: string, what: string): FieldError {
  return { field, message: `There is no ${what} matching the given ${field}`, code: "invalid_value" };
}

function listFolders(ctx: RouteContext) {
  const s = ctx.tenant;
  return listChildren(ctx, "category_id", s.solutionCategories, "category", s.solutionFolders, "folders");
}

const FOLDER_FIELDS = [
  "name",
  "description",
  "category_id",
  "visibility",
  "department_ids",
  "group_ids",
  "requester_group_ids",
  "manage_by_group_ids",
  "approval_settings",
  "workspace_id",
];

function writeFolder(ctx: RouteContext, existing?: SolutionFolder) {
  const s = ctx.tenant;
  const body = objectBody(ctx.body);
  const errors: FieldError[] = unknownFields(body, FOLDER_FIELDS);
  if (!existing) {
    requireField(body, "name", errors);
    requireField(body, "category_id", errors, "Positive Integer");
    requireField(body, "visibility", errors, "Positive Integer");
  }
  const name = checkString(body, "name", errors, { maxLength: 100 });
  const description = checkString(body, "description", errors, { nullable: true });
  const categoryId = checkInteger(body, "category_id", errors, { positive: true });
  if (typeof categoryId === "number" && !s.solutionCategories.has(categoryId))
    errors.push(missingRef("category_id", "category"));
  const visibility = checkInteger(body, "visibility", errors, { choices: [1, 2, 3, 4, 5, 6] });
  const lists: Record<string, number[] | undefined> = {};
  for (const f of ["department_ids", "group_ids", "requester_group_ids", "manage_by_group_ids"]) {
    if (!has(body, f)) continue;
    const v = body[f];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "number")) {
      errors.push({ field: f, message: "It should be a/an Array of Positive Integer", code: "datatype_mismatch" });
    } else lists[f] = v as number[];
  }
  // Visibility 4/5/6 name the departments / agent groups / requester groups that may see the folder.
  const needs: Record<number, string> = { 4: "department_ids", 5: "group_ids", 6: "requester_group_ids" };
  const needed = typeof visibility === "number" ? needs[visibility] : undefined;
  if (
    needed &&
    !(lists[needed] ?? (existing ? (existing as unknown as Record<string, number[]>)[needed] : undefined))?.length
  ) {
    errors.push({ field: needed, message: "It should not be blank for this visibility", code: "missing_field" });
  }
  throwIfErrors(errors);
  const ts = formatTimestamp(ctx.now);
  if (existing) {
    if (typeof name === "string") existing.name = name;
    if (description !== undefined) existing.description = description;
    if (typeof categoryId === "number") existing.category_id = categoryId;
    if (typeof visibility === "number") existing.visibility = visibility;
    Object.assign(existing, lists);
    existing.updated_at = ts;
    return ok({ folder: existing });
  }
  const folder = buildSolutionFolder(
    s,
    {
      name: name as string,
      description: description ?? null,
      category_id: categoryId as number,
      visibility: visibility as number,
      position: [...s.solutionFolders.values()].filter((f) => f.category_id === categoryId).length + 1,
      workspace_id: s.solutionCategories.get(categoryId as number)?.workspace_id ?? 2,
    },
    lists,
    ts,
  );
  s.solutionFolders.set(folder.id, folder);
  return created(ctx.url, `/solutions/folders/${folder.id}`, { folder });
}

function removeFolder(ctx: RouteContext, id: number) {
  const s = ctx.tenant;
  for (const a of [...s.solutionArticles.values()]) if (a.folder_id === id) s.solutionArticles.delete(a.id);
  s.solutionFolders.delete(id);
}

function deleteFolder(ctx: RouteContext) {
  const id = pathId(ctx.params.id);
  getOr404(ctx.tenant.solutionFolders, id, "folder");
  removeFolder(ctx, id);
  return noContent;
}

function subFolders(ctx: RouteContext) {
  getOr404(ctx.tenant.solutionFolders, pathId(ctx.params.id), "folder");
  return ok({ sub_folders: [] });
}

// ---- articles ----

function listArticles(ctx: RouteContext) {
  const s = ctx.tenant;
  return listChildren(ctx, "folder_id", s.solutionFolders, "folder", s.solutionArticles, "articles");
}

const ARTICLE_FIELDS = [
  "title",
  "description",
  "folder_id",
  "article_type",
  "status",
  "tags",
  "keywords",
  "review_date",
  "url",
  // §7.24: a secondary-language article names its language and the primary article it translates.
  "language",
  "parent_id",
];

function writeArticle(ctx: RouteContext, existing?: SolutionArticle) {
  const s = ctx.tenant;
  const body = objectBody(ctx.body);
  const errors = unknownFields(body, ARTICLE_FIELDS);
  const url = checkString(body, "url", errors, { nullable: true });
  if (!existing) {
    requireField(body, "title", errors);
    requireField(body, "folder_id", errors, "Positive Integer");
    // An external article (url) needs no description.
    if (!url) requireField(body, "description", errors);
  }
  const title = checkString(body, "title", errors, { maxLength: 255 });
  const description = checkString(body, "description", errors);
  const folderId = checkInteger(body, "folder_id", errors, { positive: true });
  if (typeof folderId === "number" && !s.solutionFolders.has(folderId)) errors.push(missingRef("folder_id", "folder"));
  const articleType = checkInteger(body, "article_type", errors, { choices: [1, 2] });
  const status = checkInteger(body, "status", errors, { choices: [1, 2] });
  const tags = checkStringArray(body, "tags", errors);
  const keywords = checkStringArray(body, "keywords", errors);
  const reviewDate = checkString(body, "review_date", errors, { nullable: true });
  const language = checkString(body, "language", errors, { maxLength: 10 });
  const parentId = checkInteger(body, "parent_id", errors, { positive: true });
  if (typeof parentId === "number" && !s.solutionArticles.has(parentId))
    errors.push(missingRef("parent_id", "article"));
  throwIfErrors(errors);
  const ts = formatTimestamp(ctx.now);
  const folder = typeof folderId === "number" ? s.solutionFolders.get(folderId) : undefined;
  if (existing) {
    if (typeof title === "string") existing.title = title;
    if (typeof description === "string") {
      existing.description = description;
      existing.description_text = htmlToText(description);
    }
    if (folder) {
      existing.folder_id = folder.id;
      existing.category_id = folder.category_id;
    }
    if (typeof articleType === "number") existing.article_type = articleType;
    if (typeof status === "number") existing.status = status;
    if (tags) existing.tags = tags;
    if (keywords) existing.keywords = keywords;
    if (reviewDate !== undefined) existing.review_date = reviewDate;
    if (url !== undefined) existing.url = url;
    if (typeof language === "string") existing.language = language;
    if (typeof parentId === "number") existing.parent_id = parentId;
    existing.modified_at = ts;
    existing.modified_by = s.currentAgentId;
    existing.updated_at = ts;
    return ok({ article: existing });
  }
  const article: SolutionArticle = {
    ...buildSolutionArticle(s, {
      title: title as string,
      description: description ?? "",
      folder_id: folderId as number,
      category_id: folder?.category_id ?? 0,
      status: typeof status === "number" ? status : 1,
      article_type: typeof articleType === "number" ? articleType : 1,
      position: [...s.solutionArticles.values()].filter((a) => a.folder_id === folderId).length + 1,
      tags: tags ?? [],
      keywords: keywords ?? [],
      url: url ?? null,
      review_date: reviewDate ?? null,
      workspace_id: folder?.workspace_id ?? 2,
      author: s.currentAgentId,
      created_at: ts,
      modified_at: ts,
    }),
    ...(typeof language === "string" ? { language } : {}),
    ...(typeof parentId === "number" ? { parent_id: parentId } : {}),
  };
  s.solutionArticles.set(article.id, article);
  return created(ctx.url, `/solutions/articles/${article.id}`, { article });
}

function deleteArticle(ctx: RouteContext) {
  const id = pathId(ctx.params.id);
  getOr404(ctx.tenant.solutionArticles, id, "article");
  ctx.tenant.solutionArticles.delete(id);
  return noContent;
}

/** Words too common to count towards relevance. */
const STOP_WORDS = new Set(
  "a an and are can do does for from how i in is it my of on or the to up use what when where why with you your".split(
    " ",
  ),
);

function terms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

/** Published articles only; scored by matching terms (title and tags weigh more), best first. */
function searchArticles(ctx: RouteContext) {
  const term = ctx.query.get("search_term");
  if (term === null || term.trim() === "") throw fieldError("search_term", "It should be a/an String", "missing_field");
  const userEmail = ctx.query.get("user_email");
  if (userEmail && !findUserByEmail(ctx.tenant, userEmail)) {
    throw fieldError("user_email", "There is no user matching the given user_email");
  }
  const paging = readPaging(ctx.query);
  const wanted = terms(term);
  const scored = [...ctx.tenant.solutionArticles.values()]
    .filter((a) => a.status === 2)
    .map((a) => {
      const title = a.title.toLowerCase();
      const body = a.description_text.toLowerCase();
      const tags = [...a.tags, ...a.keywords].map((t) => t.toLowerCase());
      let score = 0;
      for (const w of wanted) {
        if (title.includes(w)) score += 3;
        if (tags.some((t) => t.includes(w))) score += 2;
        if (body.includes(w)) score += 1;
      }
      if (wanted.length === 0 && title.includes(term.toLowerCase().trim())) score = 1;
      return { a, score };
    })
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score || x.a.id - y.a.id)
    .map((x) => x.a);
  const page = paginate(scored, paging, ctx.url);
  return ok(
    {
      articles: page.items,
      meta: {
        total_items: scored.length,
        total_pages: Math.max(1, Math.ceil(scored.length / paging.perPage)),
        current_page: paging.page,
      },
    },
    page.headers,
  );
}

/** CRUD routes of one knowledge-base level; `write` creates without a record and updates with one. */
function levelRoutes<T>(
  path: string,
  single: string,
  store: (ctx: RouteContext) => Map<number, T>,
  handlers: {
    list: (ctx: RouteContext) => RouteResult;
    write: (ctx: RouteContext, existing?: T) => RouteResult;
    remove: (ctx: RouteContext) => RouteResult;
  },
): Route[] {
  const record = (ctx: RouteContext) => getOr404(store(ctx), pathId(ctx.params.id), single);
  return [
    { method: "GET", pattern: path, handler: handlers.list },
    { method: "POST", pattern: path, handler: (ctx) => handlers.write(ctx) },
    { method: "GET", pattern: `${path}/:id`, handler: (ctx) => ok({ [single]: record(ctx) }) },
    { method: "PUT", pattern: `${path}/:id`, handler: (ctx) => handlers.write(ctx, record(ctx)) },
    { method: "DELETE", pattern: `${path}/:id`, handler: handlers.remove },
  ];
}

export const solutionRoutes: Route[] = [
  ...levelRoutes("/solutions/categories", "category", (ctx) => ctx.tenant.solutionCategories, {
    list: listCategories,
    write: writeCategory,
    remove: deleteCategory,
  }),
  ...levelRoutes("/solutions/folders", "folder", (ctx) => ctx.tenant.solutionFolders, {
    list: listFolders,
    write: writeFolder,
    remove: deleteFolder,
  }),
  { method: "GET", pattern: "/solutions/folders/:id/sub-folders", handler: subFolders },
  // The search route goes before `/:id` so that "search" is not read as an id.
  { method: "GET", pattern: "/solutions/articles/search", handler: searchArticles },
  ...levelRoutes("/solutions/articles", "article", (ctx) => ctx.tenant.solutionArticles, {
    list: listArticles,
    write: writeArticle,
    remove: deleteArticle,
  }),
];
