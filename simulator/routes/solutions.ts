// Knowledge base (§7.24, §5.3): categories, folders and articles (CRUD) and the published-article search.

import { type FieldError, fieldError, throwIfErrors } from "../errors";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
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
  if (typeof ws === "number" && !s.workspaces.has(ws))
    errors.push({
      field: "workspace_id",
      message: "There is no workspace matching the given workspace_id",
      code: "invalid_value",
    });
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
  const id = s.nextId("solutionCategory");
  const category: SolutionCategory = {
    id,
    name: name as string,
    description: description ?? null,
    workspace_id: typeof ws === "number" ? ws : 2,
    position: s.solutionCategories.size + 1,
    default_category: false,
    visible_in_portals: [],
    created_at: ts,
    updated_at: ts,
  };
  s.solutionCategories.set(id, category);
  return created(ctx.url, `/solutions/categories/${id}`, { category });
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

function listFolders(ctx: RouteContext) {
  const categoryId = intParam(ctx.query, "category_id", { min: 1 });
  if (categoryId === undefined) throw fieldError("category_id", "It should be a/an Positive Integer", "missing_field");
  getOr404(ctx.tenant.solutionCategories, categoryId, "category");
  const paging = readPaging(ctx.query);
  const items = [...ctx.tenant.solutionFolders.values()].filter((f) => f.category_id === categoryId).sort(byPosition);
  const page = paginate(items, paging, ctx.url);
  return ok({ folders: page.items }, page.headers);
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
  if (typeof categoryId === "number" && !s.solutionCategories.has(categoryId)) {
    errors.push({
      field: "category_id",
      message: "There is no category matching the given category_id",
      code: "invalid_value",
    });
  }
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
  const id = s.nextId("solutionFolder");
  const folder: SolutionFolder = {
    id,
    name: name as string,
    description: description ?? null,
    category_id: categoryId as number,
    visibility: visibility as number,
    position: [...s.solutionFolders.values()].filter((f) => f.category_id === categoryId).length + 1,
    default_folder: false,
    department_ids: lists.department_ids ?? [],
    group_ids: lists.group_ids ?? [],
    requester_group_ids: lists.requester_group_ids ?? [],
    manage_by_group_ids: lists.manage_by_group_ids ?? [],
    approval_settings: null,
    workspace_id: s.solutionCategories.get(categoryId as number)?.workspace_id ?? 2,
    created_at: ts,
    updated_at: ts,
  };
  s.solutionFolders.set(id, folder);
  return created(ctx.url, `/solutions/folders/${id}`, { folder });
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
  const folderId = intParam(ctx.query, "folder_id", { min: 1 });
  if (folderId === undefined) throw fieldError("folder_id", "It should be a/an Positive Integer", "missing_field");
  getOr404(ctx.tenant.solutionFolders, folderId, "folder");
  const paging = readPaging(ctx.query);
  const items = [...ctx.tenant.solutionArticles.values()].filter((a) => a.folder_id === folderId).sort(byPosition);
  const page = paginate(items, paging, ctx.url);
  return ok({ articles: page.items }, page.headers);
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
  if (typeof folderId === "number" && !s.solutionFolders.has(folderId)) {
    errors.push({
      field: "folder_id",
      message: "There is no folder matching the given folder_id",
      code: "invalid_value",
    });
  }
  const articleType = checkInteger(body, "article_type", errors, { choices: [1, 2] });
  const status = checkInteger(body, "status", errors, { choices: [1, 2] });
  const tags = checkStringArray(body, "tags", errors);
  const keywords = checkStringArray(body, "keywords", errors);
  const reviewDate = checkString(body, "review_date", errors, { nullable: true });
  const language = checkString(body, "language", errors, { maxLength: 10 });
  const parentId = checkInteger(body, "parent_id", errors, { positive: true });
  if (typeof parentId === "number" && !s.solutionArticles.has(parentId)) {
    errors.push({
      field: "parent_id",
      message: "There is no article matching the given parent_id",
      code: "invalid_value",
    });
  }
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
  const id = s.nextId("solutionArticle");
  const html = description ?? "";
  const article: SolutionArticle = {
    id,
    title: title as string,
    description: html,
    description_text: htmlToText(html),
    folder_id: folderId as number,
    category_id: folder?.category_id ?? 0,
    status: typeof status === "number" ? status : 1,
    article_type: typeof articleType === "number" ? articleType : 1,
    approval_status: null,
    position: [...s.solutionArticles.values()].filter((a) => a.folder_id === folderId).length + 1,
    tags: tags ?? [],
    keywords: keywords ?? [],
    views: 0,
    thumbs_up: 0,
    thumbs_down: 0,
    user_id: s.currentAgentId,
    agent_id: s.currentAgentId,
    modified_by: s.currentAgentId,
    modified_at: ts,
    inserted_into_tickets: 0,
    url: url ?? null,
    review_date: reviewDate ?? null,
    attachments: [],
    cloud_files: [],
    workspace_id: folder?.workspace_id ?? 2,
    created_at: ts,
    updated_at: ts,
    ...(typeof language === "string" ? { language } : {}),
    ...(typeof parentId === "number" ? { parent_id: parentId } : {}),
  };
  s.solutionArticles.set(id, article);
  return created(ctx.url, `/solutions/articles/${id}`, { article });
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

export const solutionRoutes: Route[] = [
  { method: "GET", pattern: "/solutions/categories", handler: listCategories },
  { method: "POST", pattern: "/solutions/categories", handler: (ctx) => writeCategory(ctx) },
  {
    method: "GET",
    pattern: "/solutions/categories/:id",
    handler: (ctx) => ok({ category: getOr404(ctx.tenant.solutionCategories, pathId(ctx.params.id), "category") }),
  },
  {
    method: "PUT",
    pattern: "/solutions/categories/:id",
    handler: (ctx) => writeCategory(ctx, getOr404(ctx.tenant.solutionCategories, pathId(ctx.params.id), "category")),
  },
  { method: "DELETE", pattern: "/solutions/categories/:id", handler: deleteCategory },
  { method: "GET", pattern: "/solutions/folders", handler: listFolders },
  { method: "POST", pattern: "/solutions/folders", handler: (ctx) => writeFolder(ctx) },
  {
    method: "GET",
    pattern: "/solutions/folders/:id",
    handler: (ctx) => ok({ folder: getOr404(ctx.tenant.solutionFolders, pathId(ctx.params.id), "folder") }),
  },
  {
    method: "PUT",
    pattern: "/solutions/folders/:id",
    handler: (ctx) => writeFolder(ctx, getOr404(ctx.tenant.solutionFolders, pathId(ctx.params.id), "folder")),
  },
  { method: "DELETE", pattern: "/solutions/folders/:id", handler: deleteFolder },
  { method: "GET", pattern: "/solutions/folders/:id/sub-folders", handler: subFolders },
  { method: "GET", pattern: "/solutions/articles", handler: listArticles },
  { method: "POST", pattern: "/solutions/articles", handler: (ctx) => writeArticle(ctx) },
  { method: "GET", pattern: "/solutions/articles/search", handler: searchArticles },
  {
    method: "GET",
    pattern: "/solutions/articles/:id",
    handler: (ctx) => ok({ article: getOr404(ctx.tenant.solutionArticles, pathId(ctx.params.id), "article") }),
  },
  {
    method: "PUT",
    pattern: "/solutions/articles/:id",
    handler: (ctx) => writeArticle(ctx, getOr404(ctx.tenant.solutionArticles, pathId(ctx.params.id), "article")),
  },
  { method: "DELETE", pattern: "/solutions/articles/:id", handler: deleteArticle },
];
