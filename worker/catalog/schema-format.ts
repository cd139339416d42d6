/**
 * The format of the bundled Freshservice API description in `schemas/*.json`.
 * Data, not code: every tool is generated from files that pass this schema (docs/schema-format.md). Checked in
 * tests and when the shipped catalog is generated (scripts/build-catalog.ts); the Worker imports only its types.
 */
import * as z from "zod";
import { portableSchema } from "./portable-schema";
import { CRUD_METHODS, CUSTOM_FIELD_KINDS } from "./schema-vocabulary";

export { CRUD_METHODS, type CrudMethod, CUSTOM_FIELD_KINDS, type CustomFieldKind } from "./schema-vocabulary";

/** A JSON Schema fragment describing one argument. Kept loose: it is checked by the validator at call time. */
export const JsonSchemaFragment = z.record(z.string(), z.unknown());
/**
 * An argument's schema as tools list it: made portable (no `type` arrays) here, when the file is validated, so the
 * shipped catalog carries it ready and the Worker only assembles tools from it.
 */
const ArgumentSchema = JsonSchemaFragment.transform(portableSchema);

const snake = z.string().regex(/^[a-z][a-z0-9_]*$/, "snake_case");

export const Operation = z
  .object({
    /** list | get | create | update | delete, or a custom snake_case verb (search, restore, reply, …). */
    method: snake,
    /** Required for custom methods: does it only read, or does it change something? CRUD methods imply it. */
    category: z.enum(["read", "write"]).optional(),
    /** Explicit tool name for custom operations; CRUD names are always derived (docs/schema-format.md). */
    tool_name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    title: z.string().min(3).max(80),
    description: z.string().min(20),
    http_method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    /** Path below /api/v2, with `{param}` placeholders, e.g. `/tickets/{id}/notes`. */
    path: z.string().regex(/^\/[a-z0-9_\-/{}]+$/),
    /**
     * Every path placeholder is a positive 64-bit id, or with `format: "uuid"` a UUID (background jobs); the
     * description says which id (e.g. the asset's display_id).
     */
    path_params: z
      .record(snake, z.object({ description: z.string().min(3), format: z.literal("uuid").optional() }).strict())
      .default({}),
    /** Query-string arguments: name → JSON Schema. */
    query: z.record(snake, ArgumentSchema).default({}),
    /** Body arguments: name → JSON Schema. */
    body: z.record(snake, ArgumentSchema).default({}),
    /** Names (query or body) the model must supply. Path params are always required. */
    required: z.array(snake).default([]),
    /** Wrap the body as `{"<wrapper>": {...}}` (e.g. `time_entry`, `application`, `fields`). */
    body_wrapper: snake.optional(),
    /** Query args written in Freshservice's filter grammar: the Worker adds the double quotes and URL encoding. */
    filter_params: z.array(snake).default([]),
    /**
     * Query args that carry a link from the previous answer (custom-object records' `next_page_link`): given the
     * whole link, the Worker sends the parameter of the same name inside it, so a model can pass either.
     */
    link_params: z.array(snake).default([]),
    /**
     * The filter args honour `per_page` (changes `query`: 1 to 100, 30 by default) instead of a fixed page of 30,
     * so `limit` applies with them too.
     */
    filter_per_page: z.boolean().default(false),
    /** When one of these query args is present, the call goes to another path (tickets `query` → `/tickets/filter`). */
    path_when: z.record(snake, z.string().regex(/^\/[a-z0-9_\-/{}]+$/)).default({}),
    /** List endpoint paged with page/per_page and a `link` header: the tool gets `limit` and `next_cursor`. */
    paginated: z.boolean().default(false),
    /**
     * Freshservice serves no page past `page` when any of the `when` query args is given (requester, agent and
     * asset filters stop at 40): no cursor points past it, and the last page says so.
     */
    last_page: z
      .object({ page: z.number().int().min(1), when: z.array(snake).min(1) })
      .strict()
      .optional(),
    /** The response envelope key (`tickets`, `ticket`, …); absent when the answer has no body (204). */
    response_key: z.string().optional(),
    /** The real effect where the verb misleads (a PUT that deletes, an update that replaces whole lists). */
    effect: z
      .object({
        destructive: z.boolean().optional(),
        idempotent: z.boolean().optional(),
        /** One line for reviewers: why the effect differs from what the verb suggests. */
        reason: z.string().min(10),
      })
      .optional(),
    /**
     * This account's own fields of `kind` (fetched from Freshservice, cached per account) are merged into the
     * body argument `into` (`custom_fields`, `type_fields`, `fields`) of this create/update tool.
     */
    custom_fields: z
      .object({ kind: z.enum(CUSTOM_FIELD_KINDS), into: snake })
      .strict()
      .optional(),
    /**
     * False where leaving `workspace_id` out means more than one workspace's records (SLA lists add the global
     * policies) or follows another record (a folder joins its category's workspace): a URL's own workspace is
     * then not filled in for it.
     */
    workspace_default: z.boolean().default(true),
    /**
     * Freshservice also takes this body as multipart/form-data with files in repeated `attachments[]` parts: the
     * tool gets an `attachments` argument (worker/catalog/attachments-argument.ts), and a call that gives it is sent
     * as multipart; one that doesn't stays JSON.
     */
    attachments: z.literal(true).optional(),
    /** Tags added to this operation on top of the resource's and the family's. */
    tags: z.array(snake).default([]),
  })
  .strict()
  .superRefine((op, ctx) => {
    const isCrud = (CRUD_METHODS as readonly string[]).includes(op.method);
    if (!isCrud && !op.category)
      ctx.addIssue({ code: "custom", message: `custom method ${op.method} needs a category` });
    if (!isCrud && !op.tool_name)
      ctx.addIssue({ code: "custom", message: `custom method ${op.method} needs a tool_name` });
    const placeholders = [...op.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
    const declared = Object.keys(op.path_params);
    if (placeholders.sort().join() !== declared.sort().join())
      ctx.addIssue({ code: "custom", message: `path ${op.path} placeholders must match path_params` });
    for (const name of [...op.filter_params, ...op.link_params, ...Object.keys(op.path_when)])
      if (!(name in op.query)) ctx.addIssue({ code: "custom", message: `${name} must be a query argument` });
    if (op.last_page && !op.paginated) ctx.addIssue({ code: "custom", message: "last_page needs paginated" });
    if (op.filter_per_page && !op.filter_params.length)
      ctx.addIssue({ code: "custom", message: "filter_per_page needs filter_params" });
    for (const name of op.last_page?.when ?? [])
      if (!(name in op.query))
        ctx.addIssue({ code: "custom", message: `last_page.when ${name} must be a query argument` });
    for (const name of op.required)
      if (!(name in op.query) && !(name in op.body))
        ctx.addIssue({ code: "custom", message: `required ${name} is not an argument` });
    if (op.custom_fields && !(op.custom_fields.into in op.body))
      ctx.addIssue({ code: "custom", message: `custom_fields.into ${op.custom_fields.into} must be a body argument` });
    if (op.attachments && (op.http_method === "GET" || op.http_method === "DELETE" || "attachments" in op.body))
      ctx.addIssue({ code: "custom", message: "attachments needs a POST/PUT/PATCH body without its own attachments" });
    for (const name of Object.keys(op.query))
      if (name in op.body || name in op.path_params)
        ctx.addIssue({ code: "custom", message: `argument ${name} is declared twice` });
  });
export type Operation = z.infer<typeof Operation>;

export const Resource = z
  .object({
    /** Singular snake_case noun used in tool names: `ticket`, `ticket_note`, `solution_article`. */
    name: snake,
    /** Plural used by list tools: `tickets`, `solution_articles`. */
    plural: snake,
    tags: z.array(snake).default([]),
    operations: z.array(Operation).min(1),
  })
  .strict();
export type Resource = z.infer<typeof Resource>;

export const SchemaFile = z
  .object({
    $schema: z.string().optional(),
    /** The resource family (one file each): `tickets`, `solutions`, `assets`, `onboarding`. */
    family: snake,
    description: z.string().min(10),
    /** Tags carried by every tool of the family, so `tags: ["assets"]` gives an inventory-only server. */
    tags: z.array(snake).min(1),
    resources: z.array(Resource).min(1),
  })
  .strict();
export type SchemaFile = z.infer<typeof SchemaFile>;
