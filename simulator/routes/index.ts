// Every /api/v2 route the simulator serves, in match order (literal segments before `:id`).

import type { Route } from "../router";
import { agentFields, requesterFields, ticketFormFields } from "../seed/form-fields";
import { assetRoutes } from "./assets";
import { cmdbRoutes } from "./cmdb";
import { ok } from "./common";
import { conversationRoutes } from "./conversations";
import { onboardingRoutes } from "./onboarding";
import { peopleRoutes } from "./people";
import { solutionRoutes } from "./solutions";
import { ticketRoutes } from "./tickets";

const fieldRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/ticket_form_fields",
    handler: (ctx) => ok({ ticket_fields: ticketFormFields(ctx.tenant) }),
  },
  { method: "GET", pattern: "/requester_fields", handler: () => ok({ requester_fields: requesterFields() }) },
  { method: "GET", pattern: "/agent_fields", handler: () => ok({ agent_fields: agentFields() }) },
];

export const allRoutes: readonly Route[] = [
  ...ticketRoutes,
  ...conversationRoutes,
  ...fieldRoutes,
  ...solutionRoutes,
  ...assetRoutes,
  ...cmdbRoutes,
  ...peopleRoutes,
  ...onboardingRoutes,
];
