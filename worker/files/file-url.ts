/**
 * Trust boundary: may the Worker fetch this URL for a file? Only https on a public host and the default port, no
 * credentials in it; never a loopback, private, link-local or otherwise internal address, in any of the spellings
 * a URL parser turns into one (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`). Loopback is allowed only where
 * loopback upstreams are (local development and tests). Pure: the URL parser decides what host a URL names, and
 * each redirect target is checked here again. A public name that resolves to a private address can't be caught
 * here (a Worker has no DNS lookup); deployed, the Worker's fetches leave from Cloudflare's network, not the
 * operator's.
 */
import { MAX_ATTACHMENT_URL_CHARS } from "../catalog/attachments-argument";
import { LOOPBACK_HOSTS } from "../upstream/loopback";

export type FileUrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/** Names that only mean something inside a network (RFC 6761, 6762, 8375, and common internal suffixes). */
const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".localdomain"];

export function checkFileUrl(text: string, options: { allowLoopback: boolean }): FileUrlCheck {
  if (text.length > MAX_ATTACHMENT_URL_CHARS) return refuse(`is longer than ${MAX_ATTACHMENT_URL_CHARS} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse("is not an absolute URL");
  }
  if (url.username || url.password) return refuse("carries a user name or password; give a URL without them");
  // The parser has already turned decimal, hex and octal forms into dotted IPv4 and compressed IPv6.
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (options.allowLoopback && LOOPBACK_HOSTS.has(host) && (url.protocol === "http:" || url.protocol === "https:"))
    return { ok: true, url };
  if (url.protocol !== "https:") return refuse(`uses ${url.protocol.replace(/:$/, "")}; only https URLs are fetched`);
  if (url.port) return refuse("names a port; only the default https port is fetched");
  const v4 = ipv4(host);
  const v6 = v4 ? undefined : ipv6(host);
  if (!v4 && !v6) {
    if (host === "localhost" || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix)))
      return refuse(`names an internal host (${host})`);
    if (!host.includes("."))
      return refuse(`names a host without a domain (${host}), which only an internal network knows`);
    return { ok: true, url };
  }
  const kind = v4 ? reservedIpv4(v4) : reservedIpv6(v6 as Uint8Array);
  return kind ? refuse(`points at ${kind} address (${host}); only public hosts are fetched`) : { ok: true, url };
}

function refuse(problem: string): FileUrlCheck {
  return { ok: false, problem: `the URL ${problem}` };
}

/** Dotted IPv4 as the URL parser serializes it, as 4 bytes, or undefined. */
function ipv4(host: string): Uint8Array | undefined {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!parts) return undefined;
  const bytes = parts.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? Uint8Array.from(bytes) : undefined;
}

/** Bracketed IPv6 as the URL parser serializes it (compressed, lower case, no zone), as 16 bytes, or undefined. */
function ipv6(host: string): Uint8Array | undefined {
  if (!host.startsWith("[") || !host.endsWith("]")) return undefined;
  const halves = host.slice(1, -1).split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined) => (part ? part.split(":").flatMap(group) : []);
  const first = groups(halves[0]);
  const last = groups(halves[1]);
  const gap = halves.length === 2 ? 8 - first.length - last.length : 0;
  if (gap < 0) return undefined;
  const all = [...first, ...Array<number>(gap).fill(0), ...last];
  if (all.length !== 8 || all.some((g) => !(g >= 0 && g <= 0xffff))) return undefined;
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

/** One group of an IPv6 address as 16-bit numbers: a hex group, or a dotted IPv4 tail as two. */
function group(text: string): number[] {
  const v4 = ipv4(text);
  if (v4) return [((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number)];
  return /^[0-9a-f]{1,4}$/.test(text) ? [Number.parseInt(text, 16)] : [Number.NaN];
}

/** [prefix, its length in bits, what the range is]. */
type Range = [number[], number, string];

const IPV4_RESERVED: Range[] = [
  [[0], 8, "a this-network"],
  [[10], 8, "a private"],
  [[100, 64], 10, "a carrier-grade NAT"],
  [[127], 8, "a loopback"],
  [[169, 254], 16, "a link-local"],
  [[172, 16], 12, "a private"],
  [[192, 0, 0], 24, "a reserved"],
  [[192, 0, 2], 24, "a documentation"],
  [[192, 88, 99], 24, "a relay"],
  [[192, 168], 16, "a private"],
  [[198, 18], 15, "a benchmarking"],
  [[198, 51, 100], 24, "a documentation"],
  [[203, 0, 113], 24, "a documentation"],
  [[224], 4, "a multicast"],
  [[240], 4, "a reserved"],
];

const IPV6_RESERVED: Range[] = [
  // The unspecified and loopback addresses, IPv4-mapped and IPv4-compatible addresses all sit in ::/8.
  [[0], 8, "a reserved IPv6 (loopback, unspecified or IPv4-mapped)"],
  [[0x01, 0x00], 64, "a discard-only"],
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, "a local-use NAT64"],
  [[0x20, 0x01, 0x00, 0x00], 32, "a Teredo"],
  [[0x20, 0x01, 0x0d, 0xb8], 32, "a documentation"],
  [[0xfc], 7, "a unique-local (private)"],
  [[0xfe, 0x80], 10, "a link-local"],
  [[0xfe, 0xc0], 10, "a site-local"],
  [[0xff], 8, "a multicast"],
];

function reservedIpv4(address: Uint8Array): string | undefined {
  return IPV4_RESERVED.find(([prefix, bits]) => inPrefix(address, prefix, bits))?.[2];
}

/** NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses are judged by the IPv4 address inside them. */
function reservedIpv6(address: Uint8Array): string | undefined {
  if (inPrefix(address, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96))
    return reservedIpv4(address.subarray(12, 16));
  if (inPrefix(address, [0x20, 0x02], 16)) return reservedIpv4(address.subarray(2, 6));
  return IPV6_RESERVED.find(([prefix, bits]) => inPrefix(address, prefix, bits))?.[2];
}

function inPrefix(address: Uint8Array, prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const i = bit >> 3;
    const mask = (0xff << (8 - Math.min(8, bits - bit))) & 0xff;
    if (((address[i] as number) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Amazon S3 in its path, virtual-host and regional forms: `s3.amazonaws.com`, `b.s3.eu-west-1.amazonaws.com`. */
const S3_HOST = /^(?:[a-z0-9][a-z0-9.-]*\.)?s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/;

/**
 * Where Freshservice keeps attachments when its download endpoint redirects elsewhere: Amazon S3, where its
 * documented samples' `attachment_url`s point (`https://s3.amazonaws.com/cdn.freshgenie.com/…`, pre-signed). Such
 * a URL is followed without the account's key; any other host is not followed at all.
 */
export function isAttachmentStorageHost(url: URL): boolean {
  return url.protocol === "https:" && !url.port && S3_HOST.test(url.hostname.toLowerCase());
}
