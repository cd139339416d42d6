// Deterministic UUID-shaped ids (custom field ids, job ids): stable across runs so tests can assert on them.

import { hashSeed } from "./prng";

/** A v4-shaped UUID derived from `text` (not random: the same text always gives the same id). */
export function deterministicUuid(text: string): string {
  let hex = "";
  for (let i = 0; hex.length < 32; i++) hex += hashSeed(`${i}:${text}`).toString(16).padStart(8, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
