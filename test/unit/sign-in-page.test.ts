/**
 * The sign-in page alone: every text that a client, an operator or Freshservice chose is escaped, the headers
 * forbid scripts, framing and foreign form targets, and the page warns about unverified clients and loopback
 * redirects. The words the end-to-end tests drive it by stay as they are.
 */
import { describe, expect, it } from "vitest";
import type { PendingSignIn } from "../../worker/oauth/grant-types";
import {
  SIGN_IN_TEXT,
  type SignInView,
  signInErrorResponse,
  signInPageHtml,
  signInPageResponse,
} from "../../worker/oauth/sign-in-page";

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"'&`;

function view(overrides: Partial<PendingSignIn> = {}, rest: Partial<SignInView> = {}): SignInView {
  return {
    pending: {
      grant_id: "3f1c2a9e-0000-4000-8000-000000000001",
      account_id: "acct",
      mcp_id: "9b2f7c1e-0000-4000-8000-000000000002",
      client: {
        client_id: "https://claude.ai/meta.json",
        name: "Claude",
        kind: "metadata_document",
        host: "claude.ai",
      },
      redirect_uri: "https://claude.ai/api/mcp/auth_callback",
      state: "s",
      code_challenge: "c",
      scopes: ["freshservice:read"],
      resource: "https://mcp.example.com/mcp/oauth/x",
      issuer: "https://mcp.example.com/oauth/x",
      created_at: 0,
      expires_at: 1,
      ...overrides,
    },
    account: { name: "Acme", domain: "acme.freshservice.com" },
    server: { name: "Service desk", readOnly: false, tags: ["tickets"], expires_at: "2027-01-01T00:00:00.000Z" },
    ways: { api_key: true, freshworks: true },
    freshworksOrigin: "https://acme.myfreshworks.com",
    ...rest,
  };
}

describe("the sign-in page", () => {
  it("escapes every text it did not write", () => {
    const html = signInPageHtml(
      view(
        {
          client: { client_id: "x", name: HOSTILE, kind: "metadata_document", host: HOSTILE },
          redirect_uri: `https://evil.example/cb?x=${encodeURIComponent(HOSTILE)}`,
          scopes: [HOSTILE],
          grant_id: HOSTILE,
        },
        {
          account: { name: HOSTILE, domain: HOSTILE },
          server: { name: HOSTILE, readOnly: true, tags: [HOSTILE], expires_at: HOSTILE },
          error: HOSTILE,
        },
      ),
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    // With attribute values (where `"` can't occur unescaped) blanked, no tag carries an event handler.
    const tags = html.replace(/"[^"]*"/g, '""').match(/<[^>]*>/g) ?? [];
    expect(tags.filter((tag) => /onerror/i.test(tag))).toEqual([]);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // Attribute values can't be broken out of either.
    expect(html).not.toContain(`value="<`);
    expect(html).toContain("&quot;&#39;&amp;");
  });

  it("keeps the words the end-to-end tests drive it by", () => {
    const html = signInPageHtml(view());
    expect(html).toContain(`<label for="api_key">Your Freshservice API key</label>`);
    for (const button of [SIGN_IN_TEXT.apiKeyButton, SIGN_IN_TEXT.freshworksButton, SIGN_IN_TEXT.denyButton])
      expect(html).toContain(`>${button}</button>`);
    expect(SIGN_IN_TEXT).toEqual({
      apiKeyLabel: "Your Freshservice API key",
      apiKeyButton: "Sign in with my API key",
      freshworksButton: "Sign in with Freshworks",
      denyButton: "Deny",
    });
  });

  it("shows the client, the redirect host, the account, the server and what access means", () => {
    const html = signInPageHtml(view({ scopes: ["freshservice:read", "freshservice:write"] }));
    expect(html).toContain("<strong>Claude</strong> (from <code>claude.ai</code>)");
    expect(html).toContain("Returns to</dt><dd><code>claude.ai</code>");
    expect(html).toContain("Acme (<code>acme.freshservice.com</code>)");
    expect(html).toContain("Service desk: reads and writes; areas: tickets; expires 2027-01-01T00:00:00.000Z");
    expect(html).toContain("<strong>Write</strong> lets it also create, change and delete records as you");
    expect(html).not.toContain('class="warn"');
  });

  it("warns about a dynamically registered client: its name is unverified", () => {
    const html = signInPageHtml(view({ client: { client_id: "c1", name: "Claude", kind: "registered", host: null } }));
    expect(html).toContain("registered dynamically — not verified");
  });

  it.each(["http://127.0.0.1:33418/callback", "http://localhost:6274/oauth/callback", "http://[::1]:8080/cb"])(
    "warns that %s is an app on this computer",
    (redirect_uri) => {
      const html = signInPageHtml(view({ redirect_uri }));
      expect(html).toContain("an app on this computer");
      expect(html).toContain('class="warn"');
    },
  );

  it("offers only the ways the operator enabled, and always Deny", () => {
    const html = signInPageHtml(view({}, { ways: { api_key: true, freshworks: false }, freshworksOrigin: null }));
    expect(html).toContain(SIGN_IN_TEXT.apiKeyButton);
    expect(html).not.toContain(SIGN_IN_TEXT.freshworksButton);
    expect(html).toContain(SIGN_IN_TEXT.denyButton);
  });

  it("answers with a strict CSP, no framing, no caching and no referrer", async () => {
    const response = await signInPageResponse(view());
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self' https:\/\/claude\.ai https:\/\/acme\.myfreshworks\.com; frame-ancestors 'none'; base-uri 'none'$/,
    );
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cache-control")).toBe("no-store");
    // Not no-referrer: a browser would then send the form with `Origin: null`, which the form handler refuses.
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).not.toContain("<script");
  });

  it("hashes the one inline style it has", async () => {
    const response = await signInPageResponse(view());
    const html = await response.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(response.headers.get("content-security-policy")).toContain(`'sha256-${hash}'`);
  });

  it("error pages carry the same protections and allow no form at all", async () => {
    const response = await signInErrorResponse(403, "Refused", HOSTILE);
    expect(response.headers.get("content-security-policy")).toContain("form-action 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await response.text()).not.toContain("<script");
  });
});
