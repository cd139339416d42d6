/**
 * `/admin`: the operator's console, a static page and its script and style, served with a strict
 * Content-Security-Policy. The page holds no data and no secret: everything it shows comes from the admin API,
 * called from the browser with the admin token the operator types (kept in the tab's sessionStorage only).
 * The files are static assets (worker/console/assets/, written by scripts/build-console.ts), outside the Worker's
 * bundle; every request reaches the Worker first (`run_worker_first`), which hands them out with these headers.
 */
import { errorResponse } from "../http/responses";

/** Only our own files, fetches to our own origin, never in a frame, no inline script or style. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Each console path, the asset file that answers it, and its type. */
export const CONSOLE_FILES = {
  "/admin": { file: "admin.html", type: "text/html; charset=utf-8" },
  "/admin/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/admin/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
  "/admin/icon.svg": { file: "icon.svg", type: "image/svg+xml" },
} as const;

export function isConsolePath(pathname: string): boolean {
  return pathname === "/admin" || pathname === "/admin/" || pathname.startsWith("/admin/");
}

export async function serveConsole(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname === "/admin/" ? "/admin" : url.pathname;
  const asset = Object.hasOwn(CONSOLE_FILES, path) ? CONSOLE_FILES[path as keyof typeof CONSOLE_FILES] : undefined;
  if (!asset) return errorResponse(404, "not_found", "No such route.");
  if (request.method !== "GET" && request.method !== "HEAD")
    return errorResponse(405, "method_not_allowed", "The console is read with GET.", undefined, { allow: "GET, HEAD" });
  const stored = await env.ASSETS.fetch(new Request(new URL(`/${asset.file}`, url.origin)));
  if (!stored.ok) {
    await stored.body?.cancel();
    return errorResponse(500, "console_missing", "The console's files are not deployed with this Worker.");
  }
  const headers = {
    "content-type": asset.type,
    "content-security-policy": CONSOLE_CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
  };
  if (request.method === "HEAD") {
    await stored.body?.cancel();
    return new Response(null, { headers });
  }
  return new Response(stored.body, { headers });
}
