// The simulator's own control surface under /_simulator/ (not part of Freshservice; no auth): request log,
// reset, fault queue, state snapshots and OAuth clients and grants, for tests that drive it over HTTP.

import { type Fault, parseFault } from "./faults";
import { type HostedFile, handleHostedFile } from "./files/hosted-files";
import { jsonResponse } from "./http";
import { handleOAuthControl, OAUTH_CONTROL_PREFIX } from "./oauth/control";
import type { OrgOAuth } from "./oauth/org-oauth";
import type { RecordedRequest } from "./simulator";
import type { TenantState } from "./tenant-state";

export interface ControlTarget {
  requests: RecordedRequest[];
  reset(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  pendingFaults(): readonly Fault[];
  clearRequests(): void;
  findTenant(apiKey: string | null): TenantState | undefined;
  oauth: OrgOAuth;
  /** Files served at `/_simulator/files/<name>` (on any host name), for attaching by URL. */
  hostedFiles: Map<string, HostedFile>;
}

/** Collections as arrays (the engine's `collections` too, by name), scalars as they are; functions dropped. */
export function snapshotTenant(state: TenantState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === "function") continue;
    if (key === "collections")
      out[key] = Object.fromEntries(
        Object.entries(value as object).map(([name, map]) => [name, [...(map as Map<unknown, unknown>).values()]]),
      );
    else out[key] = value instanceof Map ? [...value.values()] : value;
  }
  return out;
}

export async function handleControl(request: Request, url: URL, target: ControlTarget): Promise<Response> {
  const path = url.pathname.replace(/\/+$/, "");
  if (path.startsWith(OAUTH_CONTROL_PREFIX)) {
    const answer = await handleOAuthControl(request, path, target.oauth);
    if (answer) return answer;
  }
  const route = `${request.method} ${path}`;
  const hosted = /^\/_simulator\/files\/([^/]+)$/.exec(path);
  if (hosted) return handleHostedFile(request, decodeURIComponent(hosted[1] as string), target.hostedFiles);
  switch (route) {
    case "GET /_simulator/health":
      return jsonResponse(200, { ok: true });
    case "GET /_simulator/requests":
      return jsonResponse(200, target.requests);
    case "DELETE /_simulator/requests":
      target.clearRequests();
      return jsonResponse(204, undefined);
    case "POST /_simulator/reset":
      target.reset();
      return jsonResponse(204, undefined);
    case "GET /_simulator/faults":
      return jsonResponse(200, target.pendingFaults());
    case "DELETE /_simulator/faults":
      target.clearFaults();
      return jsonResponse(204, undefined);
    case "POST /_simulator/faults": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await request.text());
      } catch {
        return jsonResponse(400, {
          code: "invalid_json",
          message: "The body must be a JSON fault or an array of faults",
        });
      }
      const list = Array.isArray(parsed) ? parsed : [parsed];
      let faults: Fault[];
      try {
        faults = list.map(parseFault);
      } catch (e) {
        return jsonResponse(400, { code: "invalid_value", message: (e as Error).message });
      }
      for (const f of faults) target.injectFault(f);
      return jsonResponse(201, { queued: faults.length });
    }
    case "GET /_simulator/state": {
      const tenant = target.findTenant(url.searchParams.get("tenant"));
      if (!tenant) return jsonResponse(404, { code: "not_found", message: "Unknown tenant API key" });
      return jsonResponse(200, snapshotTenant(tenant));
    }
    default:
      return jsonResponse(404, { code: "not_found", message: `No simulator control route ${route}` });
  }
}
