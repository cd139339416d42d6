import { describe, expect, it } from "vitest";
import { routePrivilege } from "../../simulator/auth/route-privilege";
import { parseUserApiKey, userApiKey } from "../../simulator/auth/user-keys";
import { base64urlToBytes, textToBase64url } from "../../simulator/oauth/base64url";
import { matchRedirectUri, type OAuthClient, redirectUriProblem } from "../../simulator/oauth/clients";
import { newSigningKey, signJwt, verifyJwt } from "../../simulator/oauth/jwt";
import { readChallenge, verifierMatches } from "../../simulator/oauth/pkce";

describe("per-user API keys", () => {
  it.each([
    [userApiKey("sim-api-key", 21000000002), { tenantKey: "sim-api-key", userId: 21000000002 }],
    ["a-user-b-user-7", { tenantKey: "a-user-b", userId: 7 }],
    ["sim-api-key-user-021000000002", null],
    ["sim-api-key-user-0", null],
    ["sim-api-key-user-", null],
    ["-user-5", null],
    ["sim-api-key-user-5 ", null],
    ["sim-api-key-user--5", null],
    ["sim-api-key-user-1e3", null],
    ["sim-api-key-user-99999999999999999", null],
    ["sim-api-key-USER-5", null],
  ])("%s → %o", (key, parsed) => {
    expect(parseUserApiKey(key)).toEqual(parsed);
  });
});

describe("route privileges", () => {
  it.each([
    ["GET /tickets", "read"],
    ["GET /agents/:id", "read"],
    ["POST /journeys/requests/view", "read"],
    ["PUT /tickets/:id", "write"],
    ["POST /tickets/:id/notes", "write"],
    ["DELETE /tickets/:id", "write"],
    ["POST /agents", "admin"],
    ["PUT /agents/:id", "admin"],
    ["PUT /requesters/:id/convert_to_agent", "admin"],
    ["POST /audit_log/export", "admin"],
    ["DELETE /workspaces/:id", "admin"],
  ])("%s needs %s", (route, privilege) => {
    expect(routePrivilege(route)).toBe(privilege);
  });
});

describe("redirect URIs", () => {
  it.each([
    ["https://mcp.example.com/oauth/callback", null],
    ["https://mcp.example.com:8443/cb?x=1", null],
    ["http://localhost:8787/callback", null],
    ["http://127.0.0.1/callback", null],
    ["http://127.10.0.1:1/cb", null],
    ["http://[::1]:9000/cb", null],
    ["http://mcp.example.com/callback", "must be https"],
    ["http://localhost.evil.example/cb", "must be https"],
    ["http://127.0.0.1.nip.io/cb", "must be https"],
    ["ftp://localhost/cb", "must be https"],
    ["javascript:alert(1)", "must be https"],
    ["https://mcp.example.com/cb#frag", "fragment"],
    ["https://mcp.example.com/cb#", "fragment"],
    ["https://u:p@mcp.example.com/cb", "credentials"],
    ["/callback", "not an absolute URL"],
    ["", "not an absolute URL"],
  ])("%s → %s", (uri, problem) => {
    const found = redirectUriProblem(uri);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  const client: OAuthClient = {
    id: "c",
    secret: "s",
    name: "App",
    tenant: "t",
    redirect_uris: ["http://localhost/callback", "http://127.0.0.1:8787/exact", "https://mcp.example.com/cb"],
  } as OAuthClient;

  it.each([
    ["http://localhost/callback", true],
    ["http://localhost:54321/callback", true],
    ["http://127.0.0.1:8787/exact", true],
    ["http://127.0.0.1:8788/exact", false], // registered with a port: that port only
    ["https://mcp.example.com/cb", true],
    ["https://mcp.example.com:443/cb", false],
    ["https://mcp.example.com/cb/", false],
    ["https://mcp.example.com/cb?x=1", false],
    ["https://localhost/callback", false],
    ["http://localhost:54321/callback/../callback", false],
    ["http://LOCALHOST:1/callback", false],
    ["not a url", false],
  ])("%s matches: %s", (requested, expected) => {
    expect(matchRedirectUri(client, requested)).toBe(expected);
  });
});

describe("PKCE", () => {
  const verifier = "v".repeat(43);

  it.each([
    [null, null, { challenge: null, method: null }],
    ["c".repeat(43), "S256", { challenge: "c".repeat(43), method: "S256" }],
    ["c".repeat(43), null, { challenge: "c".repeat(43), method: "plain" }],
    ["c".repeat(128), "plain", { challenge: "c".repeat(128), method: "plain" }],
    ["c".repeat(42), "S256", "43-128"],
    ["c".repeat(129), "S256", "43-128"],
    [`${"c".repeat(42)}+`, "S256", "43-128"],
    ["c".repeat(43), "s256", "S256 or plain"],
    [null, "S256", "without code_challenge"],
  ])("challenge %s with method %s → %o", (challenge, method, expected) => {
    const read = readChallenge(challenge, method);
    if (typeof expected === "string") expect("problem" in read && read.problem).toContain(expected);
    else expect(read).toEqual(expected);
  });

  it("checks S256 and plain verifiers, and refuses a malformed verifier even if it equals a plain challenge", async () => {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const s256 = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    expect(await verifierMatches(verifier, s256, "S256")).toBe(true);
    expect(await verifierMatches(`${verifier}x`, s256, "S256")).toBe(false);
    expect(await verifierMatches(verifier, verifier, "plain")).toBe(true);
    expect(await verifierMatches(verifier, s256, "plain")).toBe(false);
    expect(await verifierMatches("short", "short", "plain")).toBe(false);
  });
});

describe("JWTs", () => {
  it("verifies what it signed, and nothing else", async () => {
    const key = await newSigningKey();
    const token = await signJwt(key, { sub: "1", jti: "j" });
    expect(await verifyJwt(key, token)).toEqual({ sub: "1", jti: "j" });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const hostile = [
      ["another key", token, await newSigningKey()],
      ["alg none", `${textToBase64url('{"alg":"none","typ":"JWT"}')}.${payload}.`, key],
      ["HS512 header", `${textToBase64url('{"alg":"HS512","typ":"JWT"}')}.${payload}.${signature}`, key],
      ["a changed payload", `${header}.${textToBase64url('{"sub":"2","jti":"j"}')}.${signature}`, key],
      ["padding added", `${token}=`, key],
      ["four parts", `${token}.x`, key],
      ["no signature", `${header}.${payload}.`, key],
    ] as const;
    for (const [label, forged, k] of hostile) expect(await verifyJwt(k, forged), label).toBeNull();
  });

  it("refuses a correctly signed payload that is not a JSON object", async () => {
    const key = await newSigningKey();
    const header = textToBase64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    for (const body of ["[1]", "null", '"text"', "{bad"]) {
      const input = `${header}.${textToBase64url(body)}`;
      const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
      const token = `${input}.${btoa(String.fromCharCode(...sig))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "")}`;
      expect(await verifyJwt(key, token), body).toBeNull();
    }
  });

  it.each([["a"], ["ab+c"], ["ab/c"], ["ab=="], ["é"]])("base64url refuses %s", (text) => {
    expect(base64urlToBytes(text)).toBeNull();
  });
});
