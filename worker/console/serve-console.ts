/**
 * `/admin`: the operator's console, a static page and its script and style, served with a strict
 * Content-Security-Policy. The page holds no data and no secret: everything it shows comes from the admin API,
 * called from the browser with the admin token the operator types (kept in the tab's sessionStorage only).
 */
import { errorResponse } from "../http/responses";
import { CONSOLE_CSS, CONSOLE_HTML, CONSOLE_ICON } from "./console-page";
import { CONSOLE_SCRIPT } from "./console-script";

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

const ASSETS: Record<string, { body: string; type: string }> = {
  "/admin": { body: CONSOLE_HTML, type: "text/html; charset=utf-8" },
  "/admin/app.js": { body: CONSOLE_SCRIPT, type: "text/javascript; charset=utf-8" },
  "/admin/app.css": { body: CONSOLE_CSS, type: "text/css; charset=utf-8" },
  "/admin/icon.svg": { body: CONSOLE_ICON, type: "image/svg+xml" },
};

export function isConsolePath(pathname: string): boolean {
  return pathname === "/admin" || pathname === "/admin/" || pathname.startsWith("/admin/");
}

export function serveConsole(request: Request): Response {
  const { pathname } = new URL(request.url);
  const asset = ASSETS[pathname === "/admin/" ? "/admin" : pathname];
  if (!asset) return errorResponse(404, "not_found", "No such route.");
  if (request.method !== "GET" && request.method !== "HEAD")
    return errorResponse(405, "method_not_allowed", "The console is read with GET.", undefined, { allow: "GET, HEAD" });
  return new Response(request.method === "HEAD" ? null : asset.body, {
    headers: {
      "content-type": asset.type,
      "content-security-policy": CONSOLE_CSP,
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      "cross-origin-opener-policy": "same-origin",
    },
  });
}
