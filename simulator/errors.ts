// Freshservice error bodies (§1.4): validation errors keep `description`/`errors`; other errors use `{code, message}`.

export type ErrorCode =
  | "missing_field"
  | "invalid_value"
  | "duplicate_value"
  | "datatype_mismatch"
  | "invalid_field"
  | "invalid_json"
  | "invalid_credentials"
  | "access_denied"
  | "readonly_field"
  | "require_feature"
  | "conflict"
  | "not_found"
  | "method_not_allowed"
  | "not_acceptable"
  | "unsupported_media_type"
  | "rate_limit_exceeded"
  | "internal_error";

export interface FieldError {
  field?: string;
  message: string;
  code: ErrorCode;
}

/** Thrown by route handlers; the core turns it into a response with the usual headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export function validationError(errors: FieldError[]): ApiError {
  return new ApiError(400, { description: "Validation failed", errors });
}

export function fieldError(field: string, message: string, code: ErrorCode = "invalid_value"): ApiError {
  return validationError([{ field, message, code }]);
}

/** 409: the record's state does not allow the action (body shape undocumented; `{code, message}`). */
export function conflict(message: string): ApiError {
  return new ApiError(409, { code: "conflict", message });
}

export function notFound(message = "The requested resource was not found"): ApiError {
  return new ApiError(404, { code: "not_found", message });
}

/** Throws the collected errors, if any: handlers gather every problem first, as Freshservice reports them all. */
export function throwIfErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw validationError(errors);
}
