/**
 * base64, base64url and hex without `node:buffer`: byte for byte what `Buffer` wrote (tokens, cursors, stored
 * ciphertexts), and read as leniently as `Buffer` read, so that nothing stored or configured before stops working.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, mintToken, sha256Hex } from "../../worker/store/crypto";
import { fromBase64, toBase64, toBase64Url, toHex, utf8Bytes, utf8Text } from "../../worker/text/byte-encoding";
import { decodeCursor, encodeCursor } from "../../worker/upstream/page-cursor";

const CREDENTIALS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

describe("byte encodings", () => {
  // RFC 4648, section 10.
  it.each([
    ["", "", ""],
    ["f", "Zg==", "66"],
    ["fo", "Zm8=", "666f"],
    ["foo", "Zm9v", "666f6f"],
    ["foob", "Zm9vYg==", "666f6f62"],
    ["fooba", "Zm9vYmE=", "666f6f6261"],
    ["foobar", "Zm9vYmFy", "666f6f626172"],
  ])("%j is %j in base64 and %j in hex", (text, base64, hex) => {
    expect(toBase64(utf8Bytes(text))).toBe(base64);
    expect(toBase64Url(utf8Bytes(text))).toBe(base64.replace(/=+$/, ""));
    expect(toHex(utf8Bytes(text))).toBe(hex);
    expect(utf8Text(fromBase64(base64))).toBe(text);
  });

  it("uses the URL-safe alphabet for base64url and the standard one for base64", () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf]);
    expect(toBase64(bytes)).toBe("+/+/");
    expect(toBase64Url(bytes)).toBe("-_-_");
    expect(toBase64Url(bytes.buffer)).toBe("-_-_");
  });

  it("writes what Buffer writes, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
        expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each([
    "QUJDRA==",
    "QUJDRA",
    "QUJDRA=",
    "QUJD=RA==",
    "QU JD\nRA==",
    "QU*JDRA==",
    "QUJDR",
    "Q",
    "QUJDRA==QUJD",
    "é QUJD",
  ])("reads %j as Buffer does (both alphabets, junk skipped, the first = ends it)", (text) => {
    expect(fromBase64(text)).toEqual(new Uint8Array(Buffer.from(text, "base64")));
    expect(fromBase64(text)).toEqual(new Uint8Array(Buffer.from(text, "base64url")));
  });

  it("reads any string as Buffer does", () => {
    const base64ish = fc.string({
      unit: fc.constantFrom(..."ABCXYZabcxyz0189+/-_= \n*é".split("")),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(base64ish, fc.string({ maxLength: 40 })), (text) => {
        expect(fromBase64(text)).toEqual(new Uint8Array(Buffer.from(text, "base64")));
      }),
    );
  });

  it("decodes UTF-8 as Buffer does, invalid sequences included", () => {
    const bytes = Uint8Array.from([0x68, 0xc3, 0xa9, 0xff, 0xe2, 0x82]);
    expect(utf8Text(bytes)).toBe(Buffer.from(bytes).toString("utf8"));
  });
});

describe("what the Worker stored before still reads", () => {
  it("decrypts a credential written by the Buffer-based code", async () => {
    // Written by the previous encryptSecret (Buffer's base64) with this key, account id and IV.
    const stored = { iv: "AQIDBAUGBwgJCgsM", ciphertext: "aJs8T1CV0Nxm6BoOP2QyyOcluNB8LPDkvn7l5l5t7Hzh9BNgE8I=" };
    await expect(decryptSecret(stored, CREDENTIALS_KEY, "0f8c2a6e-account")).resolves.toBe("fs-api-key ünïcødé");
    await expect(decryptSecret(stored, CREDENTIALS_KEY, "another-account")).rejects.toThrow();
  });

  it("round-trips a credential, writing base64 Buffer would read back", async () => {
    const secret = await encryptSecret("sim-api-key", CREDENTIALS_KEY, "acct");
    expect(Buffer.from(secret.iv, "base64").toString("base64")).toBe(secret.iv);
    expect(Buffer.from(secret.ciphertext, "base64").toString("base64")).toBe(secret.ciphertext);
    await expect(decryptSecret(secret, CREDENTIALS_KEY, "acct")).resolves.toBe("sim-api-key");
  });

  it("accepts the credentials key in the forms Buffer accepted, and refuses a wrong length", async () => {
    const unpadded = CREDENTIALS_KEY.replace(/=+$/, "");
    const secret = await encryptSecret("k", unpadded, "acct");
    await expect(decryptSecret(secret, ` ${CREDENTIALS_KEY}\n`, "acct")).resolves.toBe("k");
    await expect(encryptSecret("k", "c2hvcnQ=", "acct")).rejects.toThrow("CREDENTIALS_KEY must be 32 bytes");
  });

  it("imports each credentials key value once, so another key (a rotation) never decrypts with the first", async () => {
    const other = toBase64(new Uint8Array(32).fill(7));
    const secret = await encryptSecret("sim-api-key", CREDENTIALS_KEY, "acct");
    await expect(decryptSecret(secret, other, "acct")).rejects.toThrow();
    await expect(decryptSecret(secret, CREDENTIALS_KEY, "acct")).resolves.toBe("sim-api-key");
    const rotated = await encryptSecret("sim-api-key", other, "acct");
    await expect(decryptSecret(rotated, other, "acct")).resolves.toBe("sim-api-key");
    await expect(decryptSecret(rotated, CREDENTIALS_KEY, "acct")).rejects.toThrow();
    // A key that fails to import is not remembered: it fails the same way every time.
    for (let i = 0; i < 2; i++)
      await expect(encryptSecret("k", "c2hvcnQ=", "acct")).rejects.toThrow("CREDENTIALS_KEY must be 32 bytes");
  });

  it("hashes tokens to the same hex (the KV key of every minted URL)", async () => {
    const expected = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    expect(await sha256Hex("foo")).toBe(expected);
  });

  it("mints 256-bit base64url tokens", () => {
    const token = mintToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url").byteLength).toBe(32);
  });

  it("reads cursors Buffer wrote, and writes the same ones", () => {
    const written = Buffer.from(JSON.stringify({ v: 1, page: 7 })).toString("base64url");
    expect(encodeCursor(7)).toBe(written);
    expect(decodeCursor(written)).toBe(7);
  });
});
