// Employee onboarding and offboarding (§7.26): the form, create (validated against it), list, show and the
// request's tickets. Both share one implementation; only keys, form and ticket source differ.

import { type FieldError, fieldError, throwIfErrors } from "../errors";
import {
  createOnboardingRequest,
  type LifecycleKind,
  onboardingRequestJson,
  validateOnboardingFields,
} from "../onboarding-model";
import { paginate, readPaging } from "../paginate";
import type { Route, RouteContext } from "../router";
import type { TenantState } from "../tenant-state";
import { invalidField } from "../validate";
import { byCreatedDesc, created, getOr404, ok, pathId } from "./common";

function formOf(state: TenantState, kind: LifecycleKind) {
  return kind === "onboarding" ? state.onboardingForm : state.offboardingForm;
}

function requestsOf(state: TenantState, kind: LifecycleKind) {
  return kind === "onboarding" ? state.onboardingRequests : state.offboardingRequests;
}

function createRequest(kind: LifecycleKind) {
  return (ctx: RouteContext) => {
    const s = ctx.tenant;
    const body = ctx.body === null || ctx.body === undefined ? {} : ctx.body;
    if (typeof body !== "object" || Array.isArray(body))
      throw fieldError("fields", "The request body must be a JSON object", "invalid_json");
    const b = body as Record<string, unknown>;
    const errors: FieldError[] = Object.keys(b)
      .filter((k) => k !== "fields" && k !== "initiator_id")
      .map((k) => invalidField(k));
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
      formOf(s, kind),
      fields as Record<string, unknown>,
    );
    throwIfErrors([...errors, ...fieldErrors]);
    const request = createOnboardingRequest(s, value, initiator, ctx.now, kind);
    return created(ctx.url, `/${kind}_requests/${request.id}`, { [`${kind}_request`]: onboardingRequestJson(request) });
  };
}

function listRequests(kind: LifecycleKind) {
  return (ctx: RouteContext) => {
    const paging = readPaging(ctx.query);
    const items = [...requestsOf(ctx.tenant, kind).values()].sort(byCreatedDesc);
    const page = paginate(items, paging, ctx.url);
    return ok({ [`${kind}_requests`]: page.items.map(onboardingRequestJson) }, page.headers);
  };
}

function requestTickets(kind: LifecycleKind) {
  return (ctx: RouteContext) => {
    const s = ctx.tenant;
    const r = getOr404(requestsOf(s, kind), pathId(ctx.params.id), `${kind} request`);
    const tickets = r.ticket_ids.map((id) => s.tickets.get(id)).filter((t) => t !== undefined);
    const successors = tickets.filter((t) => t.parent_id !== null).map((t) => t.id);
    return ok({
      [`${kind}_tickets`]: tickets.map((t) => {
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
          [`${kind}_context`]: { fields: r.fields },
        };
      }),
    });
  };
}

function lifecycleRoutes(kind: LifecycleKind): Route[] {
  const base = `/${kind}_requests`;
  return [
    { method: "GET", pattern: `${base}/form`, handler: (ctx) => ok({ fields: formOf(ctx.tenant, kind) }) },
    { method: "POST", pattern: base, handler: createRequest(kind) },
    { method: "GET", pattern: base, handler: listRequests(kind) },
    {
      method: "GET",
      pattern: `${base}/:id`,
      handler: (ctx) =>
        ok({
          [`${kind}_request`]: onboardingRequestJson(
            getOr404(requestsOf(ctx.tenant, kind), pathId(ctx.params.id), `${kind} request`),
          ),
        }),
    },
    { method: "GET", pattern: `${base}/:id/tickets`, handler: requestTickets(kind) },
  ];
}

export const onboardingRoutes: Route[] = [...lifecycleRoutes("onboarding"), ...lifecycleRoutes("offboarding")];
