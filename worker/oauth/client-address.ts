/**
 * The address a per-address bound counts by (dynamic registrations, wrong API keys). IPv4 as it is; IPv6 by its /64,
 * since one host is routinely given a whole /64 and could otherwise step through 2^64 addresses, each with a fresh
 * budget. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */

export function throttleAddress(header: string | null): string {
  const address = header?.trim() ?? "";
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return "unknown";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  return `${groups.slice(0, 4).join(":")}::/64`;
}

/** The eight groups of an IPv6 address (lower-case hex, no leading zeros), or null when it isn't one. */
function ipv6Groups(address: string): string[] | null {
  if (!address.includes(":") || address.length > 45) return null;
  const halves = address.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const parts = (half: string | undefined) => (half ? half.split(":") : []);
  const head = parts(halves[0]);
  const tail = parts(halves[1]);
  // An embedded IPv4 tail takes two groups.
  const last = tail.length ? tail[tail.length - 1] : head[head.length - 1];
  const v4Tail = last?.includes(".") ? 1 : 0;
  const missing = 8 - head.length - tail.length - v4Tail;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  const hex = v4Tail ? all.slice(0, -1) : all;
  if (!hex.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return hex.map((group) => Number.parseInt(group, 16).toString(16));
}
