// A tiny method + path-pattern router for the /api/v2 surface, distinguishing unknown URLs (404) from wrong verbs (405).

import type { FormFieldTypes, UploadedFile } from "./files/multipart";
import type { TenantState } from "./tenant-state";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteContext {
  tenant: TenantState;
  /** The full request URL (its origin is used for `link` and `Location`). */
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Parsed JSON body (a multipart body's form fields read as one), or null when there was none. */
  body: unknown;
  /** The files of a multipart body, in the order sent (absent for JSON). */
  files?: readonly UploadedFile[];
  /** Epoch ms of this request (the simulator's injectable clock). */
  now: number;
}

export interface RouteResult {
  status: number;
  /** JSON, or the bytes of a file download (then `headers` carry its Content-Type). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

export interface Route {
  method: HttpMethod;
  /** Path below /api/v2, e.g. `/tickets/:id/conversations`. */
  pattern: string;
  handler: RouteHandler;
  /** How `include=` embeds are charged (§3): +1 each on a show, +2 each on a list. */
  embeds?: "show" | "list";
  /** Extra credits this request costs, from its (parsed, possibly invalid) body. */
  extraCost?: (body: unknown) => number;
  /**
   * The endpoint also takes multipart/form-data (files in `attachments[]`): how its form fields are typed, for this
   * tenant. Without it, a multipart body is a 415 like any other non-JSON body.
   */
  multipart?: (tenant: TenantState) => FormFieldTypes;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method_not_allowed"; allowed: HttpMethod[] }
  | { kind: "not_found" };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  constructor(routes: readonly Route[]) {
    for (const r of routes) {
      const keys: string[] = [];
      const source = r.pattern
        .split("/")
        .map((segment) => {
          if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          keys.push(segment.slice(1));
          return "([^/]+)";
        })
        .join("/");
      this.routes.push({ ...r, regex: new RegExp(`^${source}$`), keys });
    }
  }

  /** `path` is below /api/v2 and has no trailing slash. Routes are tried in declaration order. */
  match(method: string, path: string): RouteMatch {
    const allowed = new Set<HttpMethod>();
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.method === method) {
        const params: Record<string, string> = {};
        r.keys.forEach((k, i) => {
          params[k] = decodeURIComponent(m[i + 1] as string);
        });
        return { kind: "found", route: r, params };
      }
      allowed.add(r.method);
    }
    return allowed.size > 0 ? { kind: "method_not_allowed", allowed: [...allowed] } : { kind: "not_found" };
  }
}
