/** JSON responses and the admin API's one error shape: `{"error":{"code","message","details"?}}`. */

export interface FieldProblem {
  path: string;
  message: string;
}

export function jsonResponse(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  details?: FieldProblem[],
  headers: HeadersInit = {},
): Response {
  return jsonResponse({ error: { code, message, ...(details ? { details } : {}) } }, status, headers);
}

/** A failure the caller can act on, thrown inside handlers and turned into an error response in one place. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers: HeadersInit = {},
  ) {
    super(message);
  }
  toResponse(): Response {
    return errorResponse(this.status, this.code, this.message, this.details, this.headers);
  }
}
