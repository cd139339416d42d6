/**
 * The sign-in's small pure parts: the browser-binding cookie (its name per scheme, its attributes, and reading it
 * back from hostile Cookie headers), the Freshworks org origins that may be reached, the authorize URL, and the
 * claims read from a Freshworks token.
 */
import { describe, expect, it } from "vitest";
import { freshworksAuthorizeUrl, freshworksClaims, freshworksOrgOrigin } from "../../worker/oauth/freshworks";
import { clearSignInCookie, setSignInCookie, signInNonce } from "../../worker/oauth/sign-in-cookie";

const GRANT = "3f1c2a9e-0000-4000-8000-000000000001";
const NONCE = "n".repeat(43);
const withCookie = (cookie: string) => new Request("https://mcp.example.com/x", { headers: { cookie } });

describe("the sign-in cookie", () => {
  it("is __Host- and Secure on https, plain on http", () => {
    expect(setSignInCookie("https://mcp.example.com", GRANT, NONCE)).toBe(
      `__Host-fsmcp-sign-in=${GRANT}.${NONCE}; HttpOnly; SameSite=Lax; Path=/; Secure; Max-Age=600`,
    );
    expect(setSignInCookie("http://localhost:8787", GRANT, NONCE)).toBe(
      `fsmcp-sign-in=${GRANT}.${NONCE}; HttpOnly; SameSite=Lax; Path=/; Max-Age=600`,
    );
    expect(clearSignInCookie("https://mcp.example.com")).toContain("Max-Age=0");
  });

  it.each([
    [`__Host-fsmcp-sign-in=${GRANT}.${NONCE}`, NONCE],
    [`other=1; __Host-fsmcp-sign-in=${GRANT}.${NONCE}; more=2`, NONCE],
    [`__Host-fsmcp-sign-in=other-grant-0001.${NONCE}`, null],
    [`fsmcp-sign-in=${GRANT}.${NONCE}`, null],
    [`__Host-fsmcp-sign-in=${GRANT}`, null],
    [`__Host-fsmcp-sign-in=${GRANT}.short`, null],
    [`__Host-fsmcp-sign-in=${GRANT}.${"<".repeat(43)}`, null],
    ["", null],
  ])("reads %j as %j for the grant", (cookie, nonce) => {
    expect(signInNonce(withCookie(cookie), "https://mcp.example.com", GRANT)).toBe(nonce);
  });
});

describe("Freshworks orgs", () => {
  const allowed = { ALLOW_LOOPBACK_UPSTREAM: "true", ENVIRONMENT: "development" } as Env;
  const production = { ALLOW_LOOPBACK_UPSTREAM: "true", ENVIRONMENT: "production" } as Env;

  it.each([
    ["https://acme.myfreshworks.com", allowed, "https://acme.myfreshworks.com"],
    ["https://acme.myfreshworks.com/some/path", production, "https://acme.myfreshworks.com"],
    ["http://127.0.0.1:8790", allowed, "http://127.0.0.1:8790"],
    ["http://127.0.0.1:8790", production, null],
    ["https://localhost", production, null],
    ["http://acme.myfreshworks.com", allowed, null],
    ["javascript:alert(1)", allowed, null],
    ["not a url", allowed, null],
  ])("%s (%o) may be reached at %s", (orgUrl, env, origin) => {
    expect(freshworksOrgOrigin(env, orgUrl)).toBe(origin);
  });

  it("builds the authorize URL with our PKCE and state and the account's scopes", () => {
    const url = new URL(
      freshworksAuthorizeUrl(
        "https://acme.myfreshworks.com",
        { client_id: "fw_ext_1", scopes: ["freshservice.tickets.view", "freshservice.requesters.view"] },
        { redirectUri: "https://mcp.example.com/oauth/freshworks/callback", state: "g.s", codeChallenge: "c" },
      ),
    );
    expect(url.origin + url.pathname).toBe("https://acme.myfreshworks.com/org/oauth/v2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "fw_ext_1",
      redirect_uri: "https://mcp.example.com/oauth/freshworks/callback",
      scope: "freshservice.tickets.view freshservice.requesters.view",
      state: "g.s",
      code_challenge: "c",
      code_challenge_method: "S256",
    });
    expect(url.searchParams.has("resource")).toBe(false);
  });

  it("reads a token's claims, and nothing from what isn't a JWT", () => {
    const payload = btoa(JSON.stringify({ organisation_domain: "acme.freshservice.com", user: "a@acme.example" }))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    expect(freshworksClaims(`e30.${payload}.sig`)).toMatchObject({ organisation_domain: "acme.freshservice.com" });
    expect(freshworksClaims("opaque-token")).toBeNull();
    expect(freshworksClaims("a.bm90IGpzb24.c")).toBeNull();
  });
});
