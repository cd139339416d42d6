// Files the control API hosts on any host name (`/_simulator/files/<name>`), for tests of attaching a file by URL:
// a file's bytes, a made-up file of a given size (streamed, never held), or a redirect. Not Freshservice.

import { jsonResponse } from "../http";

export interface HostedFile {
  contentType: string;
  /** The file's bytes; or `size` zero bytes made as they are read; or a redirect to `redirect`. */
  bytes?: Uint8Array;
  size?: number;
  redirect?: string;
  /** Leave out Content-Length (a streamed answer of unknown length). */
  noLength?: boolean;
}

/** `{content_type?, base64?, text?, size?, redirect?, no_length?}` → a hosted file, or the problem with it. */
export function parseHostedFile(body: unknown): HostedFile | string {
  if (typeof body !== "object" || body === null) return "body must be a JSON object";
  const b = body as Record<string, unknown>;
  const contentType = typeof b.content_type === "string" ? b.content_type : "application/octet-stream";
  if (typeof b.redirect === "string") return { contentType, redirect: b.redirect };
  if (typeof b.text === "string")
    return { contentType, bytes: new TextEncoder().encode(b.text), noLength: b.no_length === true };
  if (typeof b.base64 === "string")
    return {
      contentType,
      bytes: Uint8Array.from(atob(b.base64), (c) => c.charCodeAt(0)),
      noLength: b.no_length === true,
    };
  if (typeof b.size === "number" && Number.isSafeInteger(b.size) && b.size >= 0)
    return { contentType, size: b.size, noLength: b.no_length === true };
  return "give text, base64, size or redirect";
}

const CHUNK = 64 * 1024;

export function serveHostedFile(file: HostedFile): Response {
  if (file.redirect) return new Response(null, { status: 302, headers: { location: file.redirect } });
  const headers = new Headers({ "content-type": file.contentType });
  const size = file.bytes?.length ?? file.size ?? 0;
  if (!file.noLength) headers.set("content-length", String(size));
  if (file.bytes) return new Response(file.bytes, { headers });
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const n = Math.min(CHUNK, size - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n));
    },
  });
  return new Response(body, { headers });
}

export async function handleHostedFile(
  request: Request,
  name: string,
  files: Map<string, HostedFile>,
): Promise<Response> {
  if (request.method === "PUT") {
    let parsed: HostedFile | string;
    try {
      parsed = parseHostedFile(JSON.parse(await request.text()));
    } catch {
      parsed = "body must be JSON";
    }
    if (typeof parsed === "string") return jsonResponse(400, { code: "invalid_value", message: parsed });
    files.set(name, parsed);
    return jsonResponse(204, undefined);
  }
  if (request.method === "GET") {
    const file = files.get(name);
    return file ? serveHostedFile(file) : jsonResponse(404, { code: "not_found", message: `No hosted file ${name}` });
  }
  return jsonResponse(405, { code: "method_not_allowed", message: "GET or PUT" });
}
