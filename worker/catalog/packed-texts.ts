/**
 * The catalog's family texts as the bundle carries them: one brotli stream (base64) of every text end to end, and
 * each text's length. Brotli's long window and context modelling find what the texts repeat from family to family,
 * which the bundle's own gzip (a 32 KiB window) cannot reach: the catalog costs about 11 KiB less of the upload.
 * The Worker inflates the stream once, natively, when it first builds a family. The price is CPU: importing
 * `node:zlib` loads workerd's Node internals while every isolate starts, and the first family built inflates the
 * whole stream (loading them on first use instead, through process.getBuiltinModule, cost far more).
 */
import { Buffer } from "node:buffer";
import { brotliDecompressSync } from "node:zlib";
import { utf8Text } from "../text/byte-encoding";

/** How the texts ship: the stream, and each text's length in UTF-16 code units (JavaScript string length). */
export interface PackedTexts {
  packed: string;
  lengths: readonly number[];
}

/** Every text again, in order (at run time); throws if the stream does not hold exactly what the lengths say. */
export function unpackTexts({ packed, lengths }: PackedTexts): string[] {
  const text = utf8Text(brotliDecompressSync(Buffer.from(packed, "base64")));
  const texts: string[] = [];
  let at = 0;
  for (const length of lengths) {
    texts.push(text.slice(at, at + length));
    at += length;
  }
  if (at !== text.length) throw new Error(`the packed catalog holds ${text.length} characters, not ${at}`);
  return texts;
}
