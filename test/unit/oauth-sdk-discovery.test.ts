/**
 * What the official SDK clients (2.x and the 2025-era 1.x) make of our discovery documents, starting from nothing
 * but the 401's `resource_metadata` URL: they find the authorization server, accept its metadata (issuer, S256,
 * client authentication, metadata documents, `iss` in the response), and build an authorization URL that our
 * authorization endpoint takes (resource, S256 challenge).
 */

import * as v2 from "@modelcontextprotocol/client";
import * as v1 from "@modelcontextprotocol/sdk/client/auth.js";
import { describe, expect, it } from "vitest";
import { authorizationServerMetadata, protectedResourceMetadata } from "../../worker/oauth/metadata";
import { oauthPaths } from "../../worker/oauth/paths";

const ORIGIN = "https://mcp.example.com";
const MCP_ID = "0b9e5a52-3c4d-4e5f-8a7b-1c2d3e4f5a6b";
const MCP_URL = `${ORIGIN}${oauthPaths.mcp(MCP_ID)}`;
const RESOURCE_METADATA = `${ORIGIN}${oauthPaths.protectedResourceMetadata(MCP_ID)}`;

/** Our two documents at their paths; everything else 404, as the Worker answers. */
function served() {
  const asked: string[] = [];
  const fetchFn = async (input: string | URL | Request) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    asked.push(url.pathname);
    if (url.pathname === oauthPaths.protectedResourceMetadata(MCP_ID))
      return Response.json(protectedResourceMetadata(ORIGIN, MCP_ID, "Helpdesk"));
    if (url.pathname === oauthPaths.authorizationServerMetadata(MCP_ID))
      return Response.json(authorizationServerMetadata(ORIGIN, MCP_ID));
    return new Response("not found", { status: 404 });
  };
  return { asked, fetchFn: fetchFn as typeof fetch };
}

describe("the SDK 2.x's RFC 9207 check", () => {
  it("accepts the iss our redirects carry, and expects one", () => {
    const metadata = authorizationServerMetadata(ORIGIN, MCP_ID);
    const expectedIssuer = metadata.issuer;
    const issParameterSupported = metadata.authorization_response_iss_parameter_supported;
    expect(() =>
      v2.validateAuthorizationResponseIssuer({
        iss: `${ORIGIN}/oauth/${MCP_ID}`,
        expectedIssuer,
        issParameterSupported,
      }),
    ).not.toThrow();
    expect(() =>
      v2.validateAuthorizationResponseIssuer({ iss: undefined, expectedIssuer, issParameterSupported }),
    ).toThrow();
  });
});

describe.each([
  ["2.x", v2],
  ["1.x", v1],
] as const)("the SDK %s", (_version, sdk) => {
  it("discovers everything from the resource_metadata URL alone, first try each", async () => {
    const { asked, fetchFn } = served();
    const info = await sdk.discoverOAuthServerInfo(MCP_URL, {
      resourceMetadataUrl: new URL(RESOURCE_METADATA),
      fetchFn,
    });
    expect(info.authorizationServerUrl).toBe(`${ORIGIN}${oauthPaths.issuer(MCP_ID)}`);
    expect(info.authorizationServerMetadata).toMatchObject({
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
      token_endpoint_auth_methods_supported: expect.arrayContaining(["none"]),
    });
    expect(asked).toEqual([
      oauthPaths.protectedResourceMetadata(MCP_ID),
      oauthPaths.authorizationServerMetadata(MCP_ID),
    ]);
    const resource = await sdk.selectResourceURL(MCP_URL, {} as never, info.resourceMetadata);
    expect(resource?.href).toBe(MCP_URL);
    const { authorizationUrl } = await sdk.startAuthorization(info.authorizationServerUrl, {
      metadata: info.authorizationServerMetadata,
      clientInformation: { client_id: "https://client.example.com/metadata.json" },
      redirectUrl: "http://127.0.0.1:33418/callback",
      scope: "freshservice:read",
      resource,
    });
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${ORIGIN}${oauthPaths.authorize(MCP_ID)}`);
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("resource")).toBe(MCP_URL);
  });

  it("finds the resource metadata by its path-aware well-known URL when the 401 names none", async () => {
    const { asked, fetchFn } = served();
    const info = await sdk.discoverOAuthServerInfo(MCP_URL, { fetchFn });
    expect(info.authorizationServerUrl).toBe(`${ORIGIN}${oauthPaths.issuer(MCP_ID)}`);
    expect(asked[0]).toBe(oauthPaths.protectedResourceMetadata(MCP_ID));
  });
});
