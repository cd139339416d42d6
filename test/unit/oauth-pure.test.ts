/** The OAuth pieces that are pure: redirect URI rules (RFC 8252 loopback ports), scopes, tokens, registration metadata. */
import { describe, expect, it } from "vitest";
import { parseRegistration } from "../../worker/oauth/client-registration";
import { matchRedirectUri, redirectUriProblem } from "../../worker/oauth/redirect-uri";
import { parseScopes } from "../../worker/oauth/scopes";
import { grantIdOf, isCodeVerifier, mintGrantId, mintGrantSecret, s256 } from "../../worker/oauth/tokens";

describe("redirect URIs", () => {
  it.each([
    ["https://claude.ai/api/mcp/auth_callback", null],
    ["https://chatgpt.com/connector/oauth/abc?x=1", null],
    ["http://127.0.0.1:6274/oauth/callback", null],
    ["http://localhost/callback", null],
    ["http://[::1]:8080/cb", null],
    ["http://example.com/cb", /https/],
    ["http://127.0.0.1.nip.io/cb", /https/],
    ["myapp://callback", /https/],
    ["javascript:alert(1)", /https/],
    ["https://app.example.com/cb#frag", /fragment/],
    ["https://user:pass@app.example.com/cb", /user name/],
    ["/relative", /absolute/],
    [`https://a.example.com/${"x".repeat(2000)}`, /longer/],
  ])("%s", (uri, problem) => {
    const found = redirectUriProblem(uri);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it.each([
    [["https://app.example.com/cb"], "https://app.example.com/cb", true],
    [["https://app.example.com/cb"], "https://app.example.com/cb/", false],
    [["https://app.example.com/cb"], "https://app.example.com/cb?x=1", false],
    [["https://app.example.com/cb"], "https://app.example.com:8443/cb", false],
    [["https://app.example.com/cb"], "https://APP.example.com/cb", false],
    [["http://127.0.0.1/callback"], "http://127.0.0.1:53682/callback", true],
    [["http://127.0.0.1:1234/callback"], "http://127.0.0.1:9999/callback", true],
    [["http://localhost/callback"], "http://localhost:3000/callback", true],
    [["http://[::1]/cb"], "http://[::1]:3000/cb", true],
    [["http://127.0.0.1/callback"], "http://localhost:3000/callback", false],
    [["http://127.0.0.1/callback"], "http://127.0.0.1:3000/other", false],
    [["http://127.0.0.1/callback"], "http://127.0.0.1:3000/callback?x=1", false],
    [["http://127.0.0.1/callback"], "https://127.0.0.1:3000/callback", false],
    [["http://evil.example.com/cb"], "http://evil.example.com/cb", false],
  ])("registered %j, requested %s → %s", (registered, requested, matches) => {
    expect(matchRedirectUri(registered, requested)).toBe(matches);
  });
});

describe("scopes", () => {
  it.each([
    [null, ["freshservice:read"]],
    ["", ["freshservice:read"]],
    ["freshservice:read", ["freshservice:read"]],
    ["offline_access", ["freshservice:read"]],
    ["freshservice:write", ["freshservice:read", "freshservice:write"]],
    ["offline_access freshservice:write freshservice:read", ["freshservice:read", "freshservice:write"]],
  ])("%j → %j", (scope, scopes) => {
    expect(parseScopes(scope)).toEqual({ ok: true, scopes });
  });

  it.each(["freshservice:admin", "openid", "freshservice:read profile"])("refuses %j", (scope) => {
    expect(parseScopes(scope).ok).toBe(false);
  });
});

describe("tokens", () => {
  it("mints <grant_id>.<secret> and reads the grant id back only from that shape", () => {
    const grantId = mintGrantId();
    const token = mintGrantSecret(grantId);
    expect(grantIdOf(token)).toBe(grantId);
    expect(mintGrantSecret(grantId)).not.toBe(token);
    for (const bad of ["", grantId, `${grantId}.`, `${grantId}.short`, `x${token}`, `${token}x`, `../${token}`])
      expect(grantIdOf(bad)).toBeNull();
  });

  it("computes S256 as RFC 7636 appendix B does", async () => {
    expect(await s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    expect(isCodeVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(true);
    expect(isCodeVerifier("too-short")).toBe(false);
    expect(isCodeVerifier("a".repeat(129))).toBe(false);
  });
});

describe("registration metadata", () => {
  it("defaults to client_secret_basic (RFC 7591) and cleans the name", () => {
    expect(parseRegistration({ redirect_uris: ["https://a.example.com/cb"], client_name: " A\u202eB\u0007 " })).toEqual(
      {
        ok: true,
        metadata: {
          client_name: "AB",
          redirect_uris: ["https://a.example.com/cb"],
          token_endpoint_auth_method: "client_secret_basic",
        },
      },
    );
  });

  it.each([
    [[], "invalid_client_metadata"],
    [{ redirect_uris: "https://a.example.com/cb" }, "invalid_redirect_uri"],
    [{ redirect_uris: [1] }, "invalid_redirect_uri"],
    [
      { redirect_uris: ["https://a.example.com/cb"], token_endpoint_auth_method: "private_key_jwt" },
      "invalid_client_metadata",
    ],
    [{ redirect_uris: ["https://a.example.com/cb"], grant_types: ["client_credentials"] }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example.com/cb"], response_types: ["token"] }, "invalid_client_metadata"],
    [{ redirect_uris: ["https://a.example.com/cb"], client_name: 7 }, "invalid_client_metadata"],
  ])("refuses %j", (body, error) => {
    expect(parseRegistration(body)).toMatchObject({ ok: false, error });
  });
});
