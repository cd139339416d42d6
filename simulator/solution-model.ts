// Building knowledge-base records (§7.24) with Freshservice's defaults, for API creates and the seed alike.

import type { TenantState } from "./tenant-state";
import type { SolutionArticle, SolutionCategory, SolutionFolder } from "./types";
import { htmlToText } from "./validate";

export function buildSolutionCategory(
  state: TenantState,
  v: Pick<SolutionCategory, "name" | "description" | "workspace_id" | "position">,
  at: string,
): SolutionCategory {
  return {
    id: state.nextId("solutionCategory"),
    name: v.name,
    description: v.description,
    workspace_id: v.workspace_id,
    position: v.position,
    default_category: false,
    visible_in_portals: [],
    created_at: at,
    updated_at: at,
  };
}

/** Who may see a folder with visibility 4/5/6 (departments, agent groups, requester groups) and who manages it. */
export type FolderAudience = Partial<
  Pick<SolutionFolder, "department_ids" | "group_ids" | "requester_group_ids" | "manage_by_group_ids">
>;

export function buildSolutionFolder(
  state: TenantState,
  v: Pick<SolutionFolder, "name" | "description" | "category_id" | "visibility" | "position" | "workspace_id">,
  audience: FolderAudience,
  at: string,
): SolutionFolder {
  return {
    id: state.nextId("solutionFolder"),
    name: v.name,
    description: v.description,
    category_id: v.category_id,
    visibility: v.visibility,
    position: v.position,
    default_folder: false,
    department_ids: audience.department_ids ?? [],
    group_ids: audience.group_ids ?? [],
    requester_group_ids: audience.requester_group_ids ?? [],
    manage_by_group_ids: audience.manage_by_group_ids ?? [],
    approval_settings: null,
    workspace_id: v.workspace_id,
    created_at: at,
    updated_at: at,
  };
}

/** How much an article has been used; new articles start at zero. */
export type ArticleUsage = Pick<SolutionArticle, "views" | "thumbs_up" | "thumbs_down" | "inserted_into_tickets">;

const UNUSED: ArticleUsage = { views: 0, thumbs_up: 0, thumbs_down: 0, inserted_into_tickets: 0 };

/** `author` wrote and last modified the article, at `modified_at` (also its `updated_at`). */
export function buildSolutionArticle(
  state: TenantState,
  v: Pick<
    SolutionArticle,
    | "title"
    | "description"
    | "folder_id"
    | "category_id"
    | "status"
    | "article_type"
    | "position"
    | "tags"
    | "keywords"
    | "url"
    | "review_date"
    | "workspace_id"
    | "created_at"
    | "modified_at"
  > & { author: number },
  usage: ArticleUsage = UNUSED,
): SolutionArticle {
  return {
    id: state.nextId("solutionArticle"),
    title: v.title,
    description: v.description,
    description_text: htmlToText(v.description),
    folder_id: v.folder_id,
    category_id: v.category_id,
    status: v.status,
    article_type: v.article_type,
    approval_status: null,
    position: v.position,
    tags: v.tags,
    keywords: v.keywords,
    views: usage.views,
    thumbs_up: usage.thumbs_up,
    thumbs_down: usage.thumbs_down,
    user_id: v.author,
    agent_id: v.author,
    modified_by: v.author,
    modified_at: v.modified_at,
    inserted_into_tickets: usage.inserted_into_tickets,
    url: v.url,
    review_date: v.review_date,
    attachments: [],
    cloud_files: [],
    workspace_id: v.workspace_id,
    created_at: v.created_at,
    updated_at: v.modified_at,
  };
}
