/**
 * Freshservice error statuses → messages a model can act on. Only the documented, structured parts of a
 * 4xx body (field, message, code) are passed on, length-limited; 5xx bodies and raw text never are.
 */
import { cleanText } from "../text/untrusted-text";
import type { RateLimitState } from "./rate-limit";

const MAX_FIELD_ERRORS = 20;
const MAX_FIELD_TEXT = 200;

interface FreshserviceErrorBody {
  description?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

export function describeFailure(status: number, bodyText: string, rateLimit: RateLimitState, isWrite: boolean): string {
  const body = parse(bodyText);
  const code = clip(body?.code);
  switch (status) {
    case 400:
      return `Freshservice rejected the request as invalid (400). Nothing was changed.${fieldErrors(body)} Fix the arguments and call again.`;
    case 401:
      return "Freshservice refused the stored API key (401). Nothing was done. An operator must update this account's API key; retrying will not help.";
    case 403:
      return code === "require_feature"
        ? "This Freshservice plan does not include this feature (403 require_feature). Nothing was done."
        : `The Freshservice agent behind this connection is not allowed to do this (403${code ? ` ${code}` : ""}). Nothing was done.`;
    case 404:
      return "Not found (404): no record with that id exists, or this account cannot see it. Check the id, e.g. with a list tool.";
    case 405:
    case 406:
    case 415:
      return `Freshservice did not accept the request's form (${status}). Nothing was done. This is a defect in the tool definition, not in your arguments.`;
    case 409:
      return `Freshservice reports a conflict with the record's current state (409).${fieldErrors(body)} Nothing was done. Read the record again before retrying.`;
    case 429: {
      const wait = rateLimit.retryAfterSeconds;
      return `Freshservice's rate limit for this account is exhausted (429). The action was NOT performed. ${
        wait !== undefined ? `Wait ${wait} seconds before calling again.` : "Wait a minute before calling again."
      }`;
    }
    default:
      if (status >= 500)
        return isWrite
          ? `Freshservice failed with a server error (${status}). The outcome is unknown: check whether the change took effect before retrying.`
          : `Freshservice failed with a server error (${status}). Nothing was changed; retry later.`;
      return `Freshservice answered with an unexpected status ${status}.${fieldErrors(body)}`;
  }
}

function fieldErrors(body: FreshserviceErrorBody | null): string {
  if (!body) return "";
  const lines: string[] = [];
  const description = clip(body.description);
  if (description) lines.push(description);
  if (Array.isArray(body.errors)) {
    for (const e of body.errors.slice(0, MAX_FIELD_ERRORS)) {
      if (!e || typeof e !== "object") continue;
      const { field, message, code } = e as Record<string, unknown>;
      const where = clip(field) ?? "(request)";
      lines.push(`- ${where}: ${clip(message) ?? "invalid"}${clip(code) ? ` (${clip(code)})` : ""}`);
    }
  }
  return lines.length ? `\n${lines.join("\n")}\n` : "";
}

function parse(text: string): FreshserviceErrorBody | null {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? (value as FreshserviceErrorBody) : null;
  } catch {
    return null;
  }
}

/** Freshservice's text reaches the model: hidden characters could carry instructions, controls forge structure. */
function clip(value: unknown): string | undefined {
  return cleanText(value, MAX_FIELD_TEXT);
}
