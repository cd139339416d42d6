// Employee onboarding (§7.26): the form, create (validated against it), list, show and the request's tickets.

import { type FieldError, fieldError, throwIfErrors } from "../errors";
import { createOnboardingRequest, onboardingRequestJson, validateOnboardingFields } from "../onboarding-model";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import { byCreatedDesc, created, getOr404, ok, pathId } from "./common";

function createRequest(ctx: RouteContext) {
  const s = ctx.tenant;
  const body = ctx.body === null || ctx.body === undefined ? {} : ctx.body;
  if (typeof body !== "object" || Array.isArray(body))
    throw fieldError("fields", "The request body must be a JSON object", "invalid_json");
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(b)
    .filter((k) => k !== "fields" && k !== "initiator_id")
    .map((k) => ({ field: k, message: "Unexpected/invalid field in request", code: "invalid_field" }));
  let initiator = s.currentAgentId;
  if (b.initiator_id !== undefined) {
    if (typeof b.initiator_id !== "number" || !s.agents.has(b.initiator_id)) {
      errors.push({
        field: "initiator_id",
        message: "There is no agent matching the given initiator_id",
        code: "invalid_value",
      });
    } else initiator = b.initiator_id;
  }
  const fields = b.fields;
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    errors.push({
      field: "fields",
      message: "It should be a/an key/value pair",
      code: fields === undefined ? "missing_field" : "datatype_mismatch",
    });
    throwIfErrors(errors);
    return ok(null);
  }
  const { errors: fieldErrors, value } = validateOnboardingFields(
    s,
    s.onboardingForm,
    fields as Record<string, unknown>,
  );
  throwIfErrors([...errors, ...fieldErrors]);
  const request = createOnboardingRequest(s, value, initiator, ctx.now);
  return created(ctx.url, `/onboarding_requests/${request.id}`, { onboarding_request: onboardingRequestJson(request) });
}

function listRequests(ctx: RouteContext) {
  const paging = readPaging(ctx.query);
  const items = [...ctx.tenant.onboardingRequests.values()].sort(byCreatedDesc);
  const page = paginate(items, paging, ctx.url);
  return ok({ onboarding_requests: page.items.map(onboardingRequestJson) }, page.headers);
}

function requestTickets(ctx: RouteContext) {
  const s = ctx.tenant;
  const r = getOr404(s.onboardingRequests, pathId(ctx.params.id), "onboarding request");
  const tickets = r.ticket_ids.map((id) => s.tickets.get(id)).filter((t) => t !== undefined);
  const successors = tickets.filter((t) => t.parent_id !== null).map((t) => t.id);
  return ok({
    onboarding_tickets: tickets.map((t) => {
      const responder = t.responder_id === null ? undefined : s.agents.get(t.responder_id);
      const isParent = t.parent_id === null;
      return {
        id: t.id,
        subject: t.subject,
        responder_email: responder?.email ?? null,
        status: t.status,
        parent: isParent,
        predecessor_ticket_id: isParent ? null : t.parent_id,
        successor_ticket_ids: isParent ? successors : [],
        onboarding_context: { fields: r.fields },
      };
    }),
  });
}

export const onboardingRoutes: Route[] = [
  { method: "GET", pattern: "/onboarding_requests/form", handler: (ctx) => ok({ fields: ctx.tenant.onboardingForm }) },
  { method: "POST", pattern: "/onboarding_requests", handler: createRequest },
  { method: "GET", pattern: "/onboarding_requests", handler: listRequests },
  {
    method: "GET",
    pattern: "/onboarding_requests/:id",
    handler: (ctx) =>
      ok({
        onboarding_request: onboardingRequestJson(
          getOr404(ctx.tenant.onboardingRequests, pathId(ctx.params.id), "onboarding request"),
        ),
      }),
  },
  { method: "GET", pattern: "/onboarding_requests/:id/tickets", handler: requestTickets },
];
