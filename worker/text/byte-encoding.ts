/**
 * Bytes ↔ base64, base64url and hex in plain web-standard code: the same output as Node's `Buffer`, which the
 * Worker no longer imports (`node:buffer` makes workerd load its Node internals while the isolate starts).
 * Decoding is as lenient as `Buffer`'s, so stored values and configured keys that `Buffer` read still read.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Lookup tables, built on first use rather than while the isolate starts.
let sextets: Int8Array | undefined;
let hexPairs: string[] | undefined;

/** Each character code's 6-bit value in either alphabet (as `Buffer` accepts both for both), else -1. */
function sextetTable(): Int8Array {
  if (!sextets) {
    sextets = new Int8Array(128).fill(-1);
    for (let i = 0; i < 64; i++) {
      sextets[BASE64.charCodeAt(i)] = i;
      sextets[BASE64URL.charCodeAt(i)] = i;
    }
  }
  return sextets;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Invalid sequences become U+FFFD, as `Buffer#toString("utf8")` does. */
export function utf8Text(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Standard base64 with `=` padding (`Buffer#toString("base64")`). */
export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  return encode(bytes, BASE64, true);
}

/** base64url without padding (`Buffer#toString("base64url")`). */
export function toBase64Url(bytes: Uint8Array | ArrayBuffer): string {
  return encode(bytes, BASE64URL, false);
}

export function toHex(bytes: Uint8Array | ArrayBuffer): string {
  hexPairs ??= Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
  let hex = "";
  for (const byte of asBytes(bytes)) hex += hexPairs[byte];
  return hex;
}

/**
 * base64 or base64url, as `Buffer.from(text, "base64" | "base64url")` reads either: characters of neither alphabet
 * (whitespace, say) are skipped, the first `=` ends the data, and bits short of a whole byte are dropped.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const table = sextetTable();
  const bytes = new Uint8Array((text.length * 3) >> 2);
  let length = 0;
  let bits = 0;
  let bitCount = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === EQUALS) break;
    const sextet = code < 128 ? (table[code] ?? -1) : -1;
    if (sextet < 0) continue;
    bits = ((bits << 6) | sextet) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[length++] = (bits >> bitCount) & 0xff;
    }
  }
  return bytes.slice(0, length);
}

const EQUALS = 61;

function encode(input: Uint8Array | ArrayBuffer, alphabet: string, pad: boolean): string {
  const bytes = asBytes(input);
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += alphabet[n >> 18] + (alphabet[(n >> 12) & 63] as string) + alphabet[(n >> 6) & 63] + alphabet[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += alphabet[n >> 18] + (alphabet[(n >> 12) & 63] as string) + (pad ? "==" : "");
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += alphabet[n >> 18] + (alphabet[(n >> 12) & 63] as string) + alphabet[(n >> 6) & 63] + (pad ? "=" : "");
  }
  return out;
}

function asBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}
