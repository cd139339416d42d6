/** What the admin API accepts, as zod schemas; failures become 400s with one entry per field. */
import * as z from "zod";
import type { FieldProblem } from "../http/responses";
import { TOOL_EXPOSURES } from "../store/mcp-servers";
import { cleanText } from "../text/untrusted-text";
import { LOOPBACK_HOSTS } from "../upstream/loopback";

/** Freshservice's v2 API is served only on `<subdomain>.freshservice.com`, never on a vanity domain. */
export const FRESHSERVICE_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.freshservice\.com$/;

const MAX_NAME_CHARS = 100;
/** A pasted address (`https://acme.freshservice.com/a/tickets/5`) keeps only its host; what is left is checked. */
const PASTED_URL = /^(?:https?:\/\/)?([^/?#]*)(?:[/?#].*)?$/s;

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

let built: ReturnType<typeof buildSchemas> | undefined;

/**
 * The admin API's body schemas, built on the first admin request rather than while the isolate starts: building
 * zod schemas costs CPU, and nearly every request a Worker serves is MCP traffic that never needs them.
 */
export function adminBodies() {
  built ??= buildSchemas();
  return built;
}

function buildSchemas() {
  /** Names are shown back (and may reach a model): cleaned by the one sanitiser, so nothing in them is hidden. */
  const name = z
    .string()
    .max(MAX_NAME_CHARS)
    .transform((value) => cleanText(value, MAX_NAME_CHARS) ?? "")
    .pipe(z.string().min(1, "must have visible characters"));
  const apiKey = z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
  const domain = z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => PASTED_URL.exec(value)?.[1] ?? value)
    .pipe(
      z
        .string()
        .regex(
          FRESHSERVICE_DOMAIN,
          "must be <subdomain>.freshservice.com, e.g. acme.freshservice.com (the API does not work on a vanity domain)",
        ),
    );
  /** `false` stores the account without the check against Freshservice (offline setups). */
  const verify = z.boolean().optional();
  const baseUrl = z
    .string()
    .max(200)
    .transform((value, ctx) => {
      // One check, not `.url().refine()`: zod runs refinements even after `.url()` failed.
      const url = parseUrl(value);
      if (
        url &&
        (url.protocol === "http:" || url.protocol === "https:") &&
        LOOPBACK_HOSTS.has(url.hostname) &&
        url.pathname === "/" &&
        !url.search &&
        !url.hash &&
        !url.username &&
        !url.password
      )
        return url.origin;
      ctx.addIssue({ code: "custom", message: "must be a loopback origin such as http://127.0.0.1:8790" });
      return z.NEVER;
    });

  const CreateAccountBody = z
    .object({ name: name.optional(), domain, api_key: apiKey, base_url: baseUrl.optional(), verify })
    .strict();

  const UpdateAccountBody = z
    .object({
      name: name.optional(),
      domain: domain.optional(),
      api_key: apiKey.optional(),
      base_url: baseUrl.nullable().optional(),
      verify,
    })
    .strict()
    .refine((body) => Object.keys(body).some((key) => key !== "verify"), "send at least one field to change")
    // Re-pointing an account decides where its key is sent: whoever does it must know the key, so a stolen admin
    // token can't send a stored key to a listener of its choosing.
    .refine((body) => (body.domain === undefined && body.base_url === undefined) || body.api_key !== undefined, {
      message: "changing domain or base_url requires api_key in the same request",
      path: ["api_key"],
    });

  const filterValue = z.string().trim().min(1).max(64);
  /** Every config key may be null: a PATCH with `null` removes the key (keys are merged, so absent keeps it). */
  const McpConfig = z
    .object({
      methods: z.array(filterValue).min(1).max(50).nullish(),
      tags: z.array(filterValue).min(1).max(50).nullish(),
      require_api_token_auth: z.boolean().nullish(),
      /** Calls to Freshservice this URL may make per minute; past it, calls are refused before they are sent. */
      max_requests_per_minute: z.number().int().min(1).max(10_000).nullish(),
      /** Largest tool result, in bytes, before it is cut with a marker; the default suits a model's context. */
      max_result_bytes: z
        .number()
        .int()
        .min(4096)
        .max(4 * 1024 * 1024)
        .nullish(),
      /** The Freshservice workspace this URL works in by default: its form fields, and lists and creates. */
      workspace_id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
      /** `all`: every tool the filters allow is listed; `discovery`: search_tools, get_tool_schema and call_tool. */
      tool_exposure: z.enum(TOOL_EXPOSURES).nullish(),
      /** Keep each call's arguments (secret-named values redacted, long strings cut) in the audit trail. */
      log_arguments: z.boolean().nullish(),
    })
    .strict();

  const expiresAt = z.iso.datetime({ offset: true }).nullable().optional();

  const CreateMcpBody = z.object({ name, config: McpConfig.default({}), expires_at: expiresAt }).strict();

  const UpdateMcpBody = z
    .object({ name: name.optional(), config: McpConfig.optional(), expires_at: expiresAt })
    .strict()
    .refine((body) => Object.keys(body).length > 0, "send at least one field to change");

  const CreateApiTokenBody = z.object({ name, expires_at: expiresAt }).strict();

  return { CreateAccountBody, UpdateAccountBody, CreateMcpBody, UpdateMcpBody, CreateApiTokenBody };
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}
