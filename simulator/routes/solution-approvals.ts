// `PUT /solutions/articles/:id/send_for_approval` (§7.24): a draft article goes to its folder's approvers (or, when
// the folder sets none, the account's knowledge-base approver: the API key's agent) and reports the approvals.

import { fieldError } from "../errors";
import type { Route, RouteContext } from "../router";
import { findUser, userName } from "../tenant-state";
import { formatTimestamp } from "../time";
import { getOr404, ok, pathId } from "./common";

function sendForApproval(ctx: RouteContext) {
  const s = ctx.tenant;
  const article = getOr404(s.solutionArticles, pathId(ctx.params.id), "article");
  if (article.status !== 1) throw fieldError("status", "Only draft articles can be sent for approval");
  if (article.approval_status === 0) throw fieldError("approval_status", "The article is already awaiting approval");
  const folder = s.solutionFolders.get(article.folder_id);
  const approvers = folder?.approval_settings?.approver_ids?.length
    ? folder.approval_settings.approver_ids
    : [s.currentAgentId];
  const ts = formatTimestamp(ctx.now);
  const approvals = approvers.map((approverId) => {
    const id = s.nextId("approvals");
    const approver = findUser(s, approverId);
    const record = {
      id,
      approver_id: approverId,
      approver_name: approver ? userName(approver) : null,
      approval_status: { id: 0, name: "requested" },
      created_at: ts,
      updated_at: ts,
      _parent_type: "article",
      _parent_id: article.id,
    };
    s.collections.approvals.set(id, record);
    const { _parent_type, _parent_id, ...pub } = record;
    return pub;
  });
  article.approval_status = 0;
  article.updated_at = ts;
  return ok({ article: { ...article, approvals } });
}

export const solutionApprovalRoutes: Route[] = [
  { method: "PUT", pattern: "/solutions/articles/:id/send_for_approval", handler: sendForApproval },
];
