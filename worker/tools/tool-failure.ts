/**
 * Every way a tool call can fail, in one union, and the one exhaustive place each kind is given its audit outcome
 * and the words the model reads. Bundled tools and the Worker's own (search, fetch, the discovery meta-tools) fail
 * only through here, so a refusal can't be logged as `ok` or worded in two ways.
 */
import type { CallOutcome } from "../audit/call-record";
import { describeFailure } from "../upstream/describe-failure";
import type { RateLimitState } from "../upstream/rate-limit";

/** How a successful (2xx) answer's body can still fail: broken off, too slow, or not JSON at all. */
export type BodyFailure = "broken" | "timeout" | "invalid_json";

export type ToolFailure =
  /** The arguments don't fit the tool's schema (`form`: a service item's form, which tools/list can't show). */
  | { kind: "invalid_arguments"; problems: string[]; form?: string }
  /** A file to attach was refused before anything was sent: too large, an unsafe or failing URL, not base64. */
  | { kind: "attachment_refused"; problem: string }
  /** The record read has no attachment with that id; `known` names those it has (`9 "vpn.png"`). */
  | { kind: "unknown_attachment"; record: string; attachmentId: number; known: string[]; looked: string }
  /** An id the Worker's fetch doesn't know: not one search gives. */
  | { kind: "unknown_record_id"; id: string; idForms: string[] }
  /** A tool this URL doesn't have, named through a tool that runs others (call_tool). */
  | { kind: "unknown_tool"; name: string; hint?: string }
  /** The URL's own per-minute budget is used up; nothing was sent. */
  | { kind: "budget_refused"; limit: number; resetSeconds: number }
  /** The stored API key can't be decrypted; nothing was sent. */
  | { kind: "credential_unavailable" }
  /** Freshservice did not answer in time, or could not be reached. */
  | { kind: "timeout"; isWrite: boolean }
  | { kind: "unreachable"; isWrite: boolean; origin: string }
  /** Freshservice refused (403) a signed-in agent's credential: their role lacks the permission for `operation`. */
  | { kind: "agent_forbidden"; operation: string; isWrite: boolean }
  /** A Freshworks sign-in asked for a tool whose operation Freshworks gives no OAuth scope for; nothing was sent. */
  | { kind: "no_freshworks_scope"; operation: string }
  /** Freshservice answered with a non-2xx status; `body` is its capped text, of which only structured parts are shown. */
  | { kind: "upstream_status"; status: number; body: string; isWrite: boolean }
  /** A 2xx answer the Worker had to read whole (search, fetch) was too large, broke off, or was not JSON. */
  | { kind: "unreadable_answer"; reason: "too_large_or_broken" | "not_json" }
  /** A 2xx answer without the record it should hold. */
  | { kind: "missing_record"; id: string; key: string }
  /** A filter's 2xx answer without the `total` a count reads (the changes query's is documented but unconfirmed). */
  | { kind: "missing_total"; record: string }
  /** A count's buckets read from the account (its groups) are more than one count may ask Freshservice for. */
  | { kind: "too_many_buckets"; field: string; found: number; max: number }
  /** A streamed 2xx body that failed part-way; the note follows what was streamed. */
  | { kind: "body_failed"; failure: BodyFailure; status: number; isWrite: boolean };

/** The audit trail's outcome for a failure. */
export function failureOutcome(failure: ToolFailure): CallOutcome {
  switch (failure.kind) {
    case "invalid_arguments":
    case "attachment_refused":
    case "unknown_attachment":
    case "unknown_record_id":
    case "too_many_buckets":
      return "invalid_arguments";
    case "unknown_tool":
    case "no_freshworks_scope":
      return "unknown_tool";
    case "agent_forbidden":
      return "upstream_error";
    case "budget_refused":
      return "budget_refused";
    case "credential_unavailable":
      return "credential_unavailable";
    case "timeout":
      return "timeout";
    case "unreachable":
      return "unreachable";
    case "upstream_status":
      return failure.status === 429 ? "rate_limited" : "upstream_error";
    case "unreadable_answer":
    case "missing_record":
    case "missing_total":
      return "broken";
    case "body_failed":
      return failure.failure === "timeout" ? "timeout" : "broken";
  }
}

/** The words the model reads: what happened, whether anything changed, and what to do next. */
export function failureMessage(failure: ToolFailure, rateLimit: RateLimitState = {}): string {
  switch (failure.kind) {
    case "invalid_arguments":
      return `Invalid arguments; Freshservice was not called.\n- ${failure.problems.join("\n- ")}${failure.form ? `\n\n${failure.form}` : ""}`;
    case "attachment_refused":
      return `A file could not be attached; Freshservice was not called, so nothing changed.\n- ${failure.problem}`;
    case "unknown_attachment":
      return `${failure.record} has no attachment ${failure.attachmentId} (looked at ${failure.looked}); nothing was downloaded. ${failure.known.length ? `Its attachments: ${failure.known.join(", ")}.` : "It has no attachments."}`;
    case "unknown_record_id":
      return `Unknown id ${JSON.stringify(failure.id.slice(0, 40))}: use an id from search (${failure.idForms.join(", ")}); nothing was read.`;
    case "unknown_tool":
      return `This connection has no tool ${JSON.stringify(failure.name.slice(0, 64))}; nothing was done.${failure.hint ? ` ${failure.hint}` : ""}`;
    case "budget_refused":
      return `This connection's own budget of ${failure.limit} Freshservice calls per minute is used up (its operator set it to leave room for the account's other integrations). The action was NOT performed. Wait ${failure.resetSeconds} seconds before calling again.`;
    case "credential_unavailable":
      return "This connection's stored Freshservice API key can't be read, so nothing was done. An operator must set the key again (PATCH /integrated-account/{id} with api_key); retrying will not help.";
    case "timeout":
      return failure.isWrite
        ? "Freshservice did not answer in time. The outcome is UNKNOWN: the change may or may not have been made. Check with a get or list tool before trying again."
        : "Freshservice did not answer in time. Nothing was changed; try again, perhaps with a narrower query.";
    case "unreachable":
      return unreachableMessage(failure.isWrite, failure.origin);
    case "agent_forbidden":
      return `Freshservice refused this operation (${failure.operation}) for the signed-in agent (403): their Freshservice role, or the scopes their Freshworks sign-in granted, lacks the permission for it. ${failure.isWrite ? "Nothing was changed." : "Nothing was read."} Retrying will not help: ask a Freshservice admin to give the agent's role this permission, or have someone whose role has it do this.`;
    case "no_freshworks_scope":
      return `Freshworks gives no OAuth scope for ${failure.operation}; sign in with your API key to use it. Nothing was sent to Freshservice.`;
    case "upstream_status":
      return describeFailure(failure.status, failure.body, rateLimit, failure.isWrite);
    case "unreadable_answer":
      return `Freshservice's answer was ${failure.reason === "too_large_or_broken" ? "too large to read, or broke off" : "not valid JSON"}; nothing was changed.`;
    case "missing_record":
      return `Freshservice's answer for ${failure.id} had no ${failure.key}.`;
    case "missing_total":
      return `Freshservice's answer to the ${failure.record} filter had no total, so nothing could be counted; nothing was changed. List the ${failure.record} with their list tool's filter and count them instead.`;
    case "too_many_buckets":
      return `${failure.field}: this workspace has ${failure.found} of them, more buckets than one count may ask Freshservice for: name at most ${failure.max} of them in values. Only the list of them was read; nothing was counted.`;
    case "body_failed":
      return bodyFailureNote(failure.failure, failure.status, failure.isWrite);
  }
}

function unreachableMessage(isWrite: boolean, origin: string): string {
  // The connection failed: a read changed nothing; a write may have been cut off after it was sent.
  const effect = isWrite
    ? "The outcome is unknown; check with a get or list tool before trying again."
    : "Nothing was changed.";
  if (origin.startsWith("http://"))
    return `Could not reach ${origin} (the local Freshservice simulator this connection points at: is it running?). ${effect}`;
  return `Could not reach ${origin.replace(/^https:\/\//, "") || "Freshservice"}. ${effect} If this persists, the account's domain may be wrong or Freshservice may be down: the operator can check the domain (the admin API checks it when it is saved).${isWrite ? "" : " You may try again shortly."}`;
}

function bodyFailureNote(failure: BodyFailure, status: number, isWrite: boolean): string {
  const what = {
    broken: "its answer broke off before it was complete",
    timeout: "it did not finish answering in time",
    invalid_json: "its answer is not valid JSON",
  }[failure];
  // A 2xx head means Freshservice has done the work: a write must not be repeated blindly.
  if (isWrite)
    return `Freshservice accepted the change (${status}), but ${what}, so what is above is partial. Do not repeat the change: check the record with a get or list tool first.`;
  return `Freshservice ${failure === "timeout" ? "did not finish answering in time" : `failed: ${what}`}; what is above is partial and can't be relied on. Nothing was changed; reads are safe to retry${failure === "timeout" ? ", with a smaller limit or a narrower filter" : ""}.`;
}
