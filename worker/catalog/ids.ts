/** Freshservice ids (and page numbers) are positive integers; JSON numbers are exact only up to 2^53 - 1. */
export function isPositiveId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}
