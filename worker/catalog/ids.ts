/** Freshservice ids (and page numbers) are positive integers; JSON numbers are exact only up to 2^53 - 1. */
export function isPositiveId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

/** A background job's id (`/jobs/{job_id}`, `/pm/jobs/{job_id}`): a UUID, the only path id that is not a number. */
export const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const UUID = new RegExp(UUID_PATTERN);

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
