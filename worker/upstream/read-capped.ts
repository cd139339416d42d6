/**
 * Reads a body whole, giving up past a byte cap instead of buffering it (small upstream bodies, batch answers), or
 * only its beginning (the part of a file a result has room for).
 */

/** The body's chunks and their total size, or null when it is larger than `maxBytes` or breaks off. */
export async function readCappedBytes(
  response: Response,
  maxBytes: number,
): Promise<{ chunks: Uint8Array[]; bytes: number } | null> {
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (!reader) return { chunks, bytes };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { chunks, bytes };
      bytes += value.byteLength;
      if (bytes > maxBytes) return null;
      chunks.push(value);
    }
  } catch {
    return null;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The body's text, or null when it is larger than `maxBytes` or breaks off. */
export async function readCappedText(response: Response, maxBytes: number): Promise<string | null> {
  const body = await readCappedBytes(response, maxBytes);
  if (!body) return null;
  const decoder = new TextDecoder();
  return body.chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("") + decoder.decode();
}

/** The body's first `maxBytes` bytes and whether more followed (the rest is not read), or null when it breaks off. */
export async function readPrefix(
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; truncated: boolean } | null> {
  const reader = response.body?.getReader();
  const bytes = new Uint8Array(maxBytes);
  let length = 0;
  if (!reader) return { bytes: bytes.subarray(0, 0), truncated: false };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes: bytes.subarray(0, length), truncated: false };
      const room = maxBytes - length;
      bytes.set(value.subarray(0, room), length);
      length += Math.min(room, value.byteLength);
      if (value.byteLength > room) return { bytes: bytes.subarray(0, length), truncated: true };
    }
  } catch {
    return null;
  } finally {
    await reader.cancel().catch(() => {});
  }
}
