/**
 * The one entry for `/oauth/...` and `/.well-known/oauth-*`: which server a path names (it must exist, be an OAuth
 * server and be unexpired), and which endpoint answers. Unknown servers and paths are a plain 404.
 */
import { publicOrigin } from "../http/public-origin";
import { errorResponse, HttpError } from "../http/responses";
import { errorPage, handleAuthorize } from "./authorize-request";
import { registerClient } from "./client-registration";
import { authorizationServerMetadata, metadataResponse, protectedResourceMetadata } from "./metadata";
import { preflight } from "./oauth-responses";
import { resolveOAuthServer } from "./oauth-server";
import { oauthPaths } from "./paths";
import { handleRevoke } from "./revoke-endpoint";
import { handleFreshworksCallback, handleSignInForm } from "./sign-in";
import { handleToken } from "./token-endpoint";

const RESOURCE_METADATA = /^\/\.well-known\/oauth-protected-resource\/mcp\/oauth\/([^/]+)\/?$/;
const SERVER_METADATA = /^\/\.well-known\/oauth-authorization-server\/oauth\/([^/]+)\/?$/;
const ENDPOINT = /^\/oauth\/([^/]+)\/(authorize|sign-in|token|register|revoke)\/?$/;

export function isOAuthPath(pathname: string): boolean {
  return pathname.startsWith("/oauth/") || pathname.startsWith("/.well-known/oauth-");
}

export async function handleOAuth(request: Request, env: Env): Promise<Response> {
  try {
    return await route(request, env);
  } catch (error) {
    if (error instanceof HttpError) return error.toResponse();
    throw error;
  }
}

async function route(request: Request, env: Env): Promise<Response> {
  const { pathname } = new URL(request.url);
  const method = request.method;
  if (pathname === oauthPaths.freshworksCallback)
    return method === "GET" ? handleFreshworksCallback(request, env) : notAllowed("GET");

  const resourceMetadata = RESOURCE_METADATA.exec(pathname)?.[1];
  const serverMetadata = SERVER_METADATA.exec(pathname)?.[1];
  const endpoint = ENDPOINT.exec(pathname);
  const mcpId = resourceMetadata ?? serverMetadata ?? endpoint?.[1];
  if (!mcpId) return notFound();
  const kind = resourceMetadata ? "resource_metadata" : serverMetadata ? "server_metadata" : endpoint?.[2];
  const cors = kind !== "authorize" && kind !== "sign-in";
  if (method === "OPTIONS" && cors) return preflight();
  const expected = kind === "resource_metadata" || kind === "server_metadata" || kind === "authorize" ? "GET" : "POST";
  if (method !== expected && !(expected === "GET" && method === "HEAD")) return notAllowed(expected);

  const resolved = await resolveOAuthServer(env, mcpId);
  if (!resolved)
    return kind === "authorize"
      ? errorPage("This sign-in link's server does not exist or has expired.", 404)
      : notFound();
  const origin = publicOrigin(request, env);
  switch (kind) {
    case "resource_metadata":
      return metadataResponse(protectedResourceMetadata(origin, mcpId, resolved.server.name));
    case "server_metadata":
      return metadataResponse(authorizationServerMetadata(origin, mcpId));
    case "authorize":
      return handleAuthorize(request, env, resolved, origin);
    case "sign-in":
      return handleSignInForm(request, env, mcpId);
    case "token":
      return handleToken(request, env, mcpId, origin);
    case "register":
      return registerClient(request, env, mcpId);
    case "revoke":
      return handleRevoke(request, env, mcpId);
    default:
      return notFound();
  }
}

function notFound(): Response {
  return errorResponse(404, "not_found", "No such route.");
}

function notAllowed(allow: string): Response {
  return errorResponse(405, "method_not_allowed", `Use ${allow}.`, undefined, { allow });
}
