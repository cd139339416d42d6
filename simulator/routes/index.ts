// Every /api/v2 route the simulator serves. The router takes the first route whose pattern and verb match, so
// literal segments (`/tickets/filter`, `/agents/me`, `…/items/search`) come before their `:id` siblings.

import type { Route, RouteContext } from "../router";
import {
  agentFields,
  departmentFields,
  ODD_TICKET_FORM_FIELDS,
  requesterFields,
  ticketFormFields,
} from "../seed/form-fields";
import { accountConfigRoutes } from "./account-config";
import { alertRoutes } from "./alerts";
import { approvalRoutes } from "./approvals";
import { assetTypeWriteRoutes } from "./asset-type-writes";
import { assetRoutes } from "./assets";
import { attachmentRoutes } from "./attachments";
import { cabRoutes } from "./cabs";
import { cmdbRoutes } from "./cmdb";
import { intParam, ok, readIncludes } from "./common";
import { communicationRoutes } from "./communications";
import { contractRoutes } from "./contracts";
import { conversationRoutes } from "./conversations";
import { customObjectRoutes } from "./custom-objects";
import { itilRoutes } from "./itil";
import { journeyRoutes } from "./journeys";
import { onboardingRoutes } from "./onboarding";
import { oncallRoutes } from "./oncall";
import { peopleRoutes } from "./people";
import { peopleWriteRoutes } from "./people-writes";
import { procurementRoutes } from "./procurement";
import { projectRoutes } from "./projects";
import { relationshipJobRoutes } from "./relationship-jobs";
import { serviceCatalogRoutes } from "./service-catalog";
import { softwareRoutes } from "./software";
import { solutionApprovalRoutes } from "./solution-approvals";
import { solutionRoutes } from "./solutions";
import { statusPageRoutes } from "./status-pages";
import { ticketActivityRoutes } from "./ticket-activities";
import { ticketExtraRoutes } from "./ticket-extras";
import { ticketRoutes } from "./tickets";
import { workItemRoutes } from "./work-items";
import { workspaceRoutes } from "./workspaces";

/** `include=user_field_groups` adds each field's group (none are configured, so null). */
function userFieldList(key: string, build: (ctx: RouteContext) => unknown[]) {
  return (ctx: RouteContext) => {
    const includes = readIncludes(ctx.query, ["user_field_groups"]);
    const fields = build(ctx);
    return ok({
      [key]: includes.has("user_field_groups")
        ? fields.map((f) => ({ ...(f as object), user_field_group: null }))
        : fields,
    });
  };
}

const fieldRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/ticket_form_fields",
    handler: (ctx) =>
      ok({
        ticket_fields: [
          ...ticketFormFields(ctx.tenant, intParam(ctx.query, "workspace_id", { min: 1 })),
          ...(ctx.tenant.oddFormMetadata ? ODD_TICKET_FORM_FIELDS : []),
        ],
      }),
  },
  {
    method: "GET",
    pattern: "/requester_fields",
    embeds: "show",
    handler: userFieldList("requester_fields", (ctx) => requesterFields(ctx.tenant)),
  },
  {
    method: "GET",
    pattern: "/agent_fields",
    embeds: "show",
    handler: userFieldList("agent_fields", (ctx) => agentFields(ctx.tenant)),
  },
  {
    method: "GET",
    pattern: "/department_fields",
    handler: (ctx) => ok({ department_fields: departmentFields(ctx.tenant) }),
  },
];

export const allRoutes: readonly Route[] = [
  ...ticketExtraRoutes,
  ...ticketActivityRoutes,
  ...workItemRoutes("ticket"),
  ...approvalRoutes,
  ...ticketRoutes,
  ...conversationRoutes,
  ...fieldRoutes,
  ...solutionRoutes,
  ...serviceCatalogRoutes,
  ...itilRoutes,
  ...cabRoutes,
  ...assetRoutes,
  ...cmdbRoutes,
  ...relationshipJobRoutes,
  ...contractRoutes,
  ...softwareRoutes,
  ...procurementRoutes,
  ...peopleRoutes,
  ...peopleWriteRoutes,
  ...onboardingRoutes,
  ...accountConfigRoutes,
  ...projectRoutes,
  ...alertRoutes,
  ...oncallRoutes,
  ...statusPageRoutes,
  ...communicationRoutes,
  ...customObjectRoutes,
  ...journeyRoutes,
  ...workspaceRoutes,
  ...assetTypeWriteRoutes,
  ...solutionApprovalRoutes,
  ...attachmentRoutes,
];
