// Attachment downloads (§7.29): `GET /attachments/:id` for tickets, conversations, problems, changes and releases,
// `GET /itil_attachments/:id` for contracts and purchase orders; the file itself, 200, with its own media type.

import { notFound } from "../errors";
import { attachmentContent } from "../files/attachment-store";
import type { Route, RouteContext } from "../router";
import { pathId } from "./common";

function download(itil: boolean) {
  return (ctx: RouteContext) => {
    const id = pathId(ctx.params.id);
    const found = attachmentContent(ctx.tenant, id, itil);
    if (!found) throw notFound(`No attachment found with id ${id}`);
    return {
      status: 200,
      body: found.bytes,
      headers: {
        "Content-Type": found.record.content_type,
        "Content-Disposition": `attachment; filename="${encodeURIComponent(found.record.name)}"`,
      },
    };
  };
}

export const attachmentRoutes: Route[] = [
  { method: "GET", pattern: "/attachments/:id", handler: download(false) },
  { method: "GET", pattern: "/itil_attachments/:id", handler: download(true) },
];
