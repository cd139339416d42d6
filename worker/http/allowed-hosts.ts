/**
 * The local DNS-rebinding defence's Host rule, one for the MCP endpoint and the admin API's minting: where
 * `ALLOWED_HOSTS` is set (local development, where DNS rebinding is the threat), the Host must be one of those host
 * names; deployed Workers are reached only through their configured routes and leave it unset.
 */
import { commaList } from "./comma-list";

export function isAllowedHost(request: Request, allowedHosts: string | undefined): boolean {
  const hosts = commaList(allowedHosts ?? "");
  return hosts.length === 0 || hosts.includes(new URL(request.url).hostname);
}

/** What a refusal says, whoever refuses: which Host, and that it is the Host header, not the Origin. */
export function hostNotAllowed(request: Request): string {
  return `the Host ${new URL(request.url).hostname} is not in ALLOWED_HOSTS (this is the Host header, not the Origin)`;
}
