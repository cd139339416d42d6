/** What the admin API accepts, as zod schemas; failures become 400s with one entry per field. */
import * as z from "zod";
import type { FieldProblem } from "../http/responses";
import { MCP_AUTH_MODES, TOOL_EXPOSURES } from "../store/mcp-servers";
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

  /** Where the account's Freshworks org is: an https origin (the loopback simulator's http where allowed). */
  const orgUrl = z
    .string()
    .trim()
    .max(200)
    .transform((value, ctx) => {
      const url = parseUrl(value);
      const bare = url && url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
      if (url && bare && (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))))
        return url.origin;
      ctx.addIssue({
        code: "custom",
        message: "must be your Freshworks org's https origin, e.g. https://acme.myfreshworks.com",
      });
      return z.NEVER;
    });
  const oauthText = (max: number) =>
    z
      .string()
      .min(1)
      .max(max)
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");
  const freshworksScope = z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, "must be a Freshworks scope name such as freshservice.tickets.view");
  /**
   * The ways agents may sign in on the account's OAuth servers. `freshworks.client_secret` may be left out of a
   * PATCH to keep the stored one (changing scopes without re-sending it); `freshworks: null` removes the way.
   */
  const signIn = z
    .object({
      api_key: z.boolean().optional(),
      freshworks: z
        .object({
          org_url: orgUrl,
          client_id: oauthText(200),
          client_secret: oauthText(500).optional(),
          scopes: z
            .array(freshworksScope)
            .min(1, "list the scopes registered on your Freshworks OAuth client")
            .max(100)
            .transform((scopes) => [...new Set(scopes)]),
        })
        .strict()
        .nullable()
        .optional(),
    })
    .strict();

  const CreateAccountBody = z
    .object({
      name: name.optional(),
      domain,
      api_key: apiKey,
      base_url: baseUrl.optional(),
      verify,
      sign_in: signIn.optional(),
    })
    .strict();

  const UpdateAccountBody = z
    .object({
      name: name.optional(),
      domain: domain.optional(),
      api_key: apiKey.optional(),
      base_url: baseUrl.nullable().optional(),
      verify,
      sign_in: signIn.optional(),
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

  /** `token` (default): the URL holds a secret; `oauth`: each agent signs in as themselves (docs/sign-in.md). */
  const auth = z.enum(MCP_AUTH_MODES, { error: `must be one of ${MCP_AUTH_MODES.join(", ")}` }).optional();

  const CreateMcpBody = z.object({ name, auth, config: McpConfig.default({}), expires_at: expiresAt }).strict();

  /** A URL's kind is what its clients were given: it never changes (mint a new server instead). */
  const fixedAuth = z
    .unknown()
    .refine(() => false, "can't be changed after minting: mint a new server with the other auth")
    .optional();

  const UpdateMcpBody = z
    .object({ name: name.optional(), auth: fixedAuth, config: McpConfig.optional(), expires_at: expiresAt })
    .strict()
    .refine((body) => Object.keys(body).length > 0, "send at least one field to change");

  const CreateApiTokenBody = z.object({ name, expires_at: expiresAt }).strict();

  return { CreateAccountBody, UpdateAccountBody, CreateMcpBody, UpdateMcpBody, CreateApiTokenBody };
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || "(body)", message: issue.message }));
}
