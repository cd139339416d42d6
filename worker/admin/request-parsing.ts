/** Body and query parsing for admin handlers: size cap, JSON, zod, and the list paging parameters. */
import type { IRequest } from "itty-router";
import type * as z from "zod";
import { readJsonBody } from "../http/read-json-body";
import { HttpError } from "../http/responses";
import { fieldProblems } from "./request-schemas";

/** Admin bodies are a few hundred bytes; anything near this is not a real request. */
export const MAX_ADMIN_BODY_BYTES = 16 * 1024;
const MAX_PAGE = 100;

export async function parseBody<S extends z.ZodType>(request: IRequest, schema: S): Promise<z.infer<S>> {
  const raw = await readJsonBody(request as unknown as Request, MAX_ADMIN_BODY_BYTES);
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new HttpError(400, "validation_failed", "The request body is invalid.", fieldProblems(parsed.error));
  return parsed.data;
}

export function listPaging(request: IRequest): { cursor?: string; limit: number } {
  const url = new URL(request.url);
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null ? MAX_PAGE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new HttpError(400, "validation_failed", "The query is invalid.", [
      { path: "limit", message: `must be an integer from 1 to ${MAX_PAGE}` },
    ]);
  const cursor = url.searchParams.get("cursor") ?? undefined;
  if (cursor !== undefined && (cursor.length === 0 || cursor.length > 1024))
    throw new HttpError(400, "validation_failed", "The query is invalid.", [
      { path: "cursor", message: "is not a valid cursor" },
    ]);
  return { cursor, limit };
}
