/**
 * The OAuth end-to-end tests' own tools, checked alone so that an e2e failure points at the Worker, not at them:
 * the loopback certificate verifies for 127.0.0.1 against itself and nothing else, the form reader reads forms as a
 * browser submits them, the cookie jar keeps and drops cookies, and the sign-in helper completes the simulator's
 * org page to a redirect URI without loading it.
 */
import { createServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createSimulator } from "../../simulator/simulator";
import { loopbackCertificate } from "../support/loopback-certificate";
import { CookieJar, formFor, readForms } from "../support/oauth-sign-in";

function get(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path: "/", ca }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve(body));
    })
      .on("error", reject)
      .end();
  });
}

describe("the loopback certificate", () => {
  it("serves https on 127.0.0.1 to a client that trusts it, and only to one", async () => {
    const tls = loopbackCertificate();
    const server = createServer(tls, (_, response) => response.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get(port, tls.cert)).toBe("hello");
      await expect(get(port, loopbackCertificate().cert)).rejects.toThrow();
    } finally {
      server.close();
    }
  });
});

const PAGE = `<!doctype html><form method="post" action="/oauth/x/sign-in">
<input type="hidden" name="sign_in" value="g1.&quot;n&amp;1&quot;">
<label for="k">Your Freshservice API key</label><input id="k" name="api_key" type="password" required>
<button type="submit" name="way" value="api_key">Sign in with my API key</button>
</form>
<form method=post action='/oauth/x/sign-in'><input type=hidden name=sign_in value=g1>
<button name="way" value="freshworks">Sign in with <b>Freshworks</b></button>
<button type="submit" name="way" value="deny" formnovalidate>Deny</button></form>`;

describe("the form reader", () => {
  it("reads hidden fields (entities decoded), inputs and named buttons, quoted or not", () => {
    const [keyForm, other] = readForms(PAGE);
    expect(keyForm).toMatchObject({ action: "/oauth/x/sign-in", method: "post" });
    expect(keyForm?.inputs).toEqual([
      { name: "sign_in", value: 'g1."n&1"', type: "hidden" },
      { name: "api_key", value: "", type: "password" },
    ]);
    expect(other?.buttons).toEqual([
      { name: "way", value: "freshworks", text: "Sign in with Freshworks" },
      { name: "way", value: "deny", text: "Deny" },
    ]);
  });

  it.each([
    [
      "api_key",
      [
        ["sign_in", 'g1."n&1"'],
        ["way", "api_key"],
      ],
    ],
    [
      "freshworks",
      [
        ["sign_in", "g1"],
        ["way", "freshworks"],
      ],
    ],
    [
      "deny",
      [
        ["sign_in", "g1"],
        ["way", "deny"],
      ],
    ],
  ] as const)("picks the form for way=%s and its fields", (way, fields) => {
    expect(formFor(readForms(PAGE), way).fields).toEqual(fields);
  });

  it("says so when the page has no form for a way", () => {
    expect(() => formFor(readForms("<p>error</p>"), "api_key")).toThrow(/no form for way=api_key/);
  });
});

describe("the cookie jar", () => {
  it("keeps cookies by name, replaces them and drops expired ones", () => {
    const jar = new CookieJar();
    const set = (...cookies: string[]) => {
      const headers = new Headers();
      for (const c of cookies) headers.append("set-cookie", c);
      jar.take(new Response(null, { headers }));
    };
    set("fsmcp-sign-in=g1.n1; HttpOnly; SameSite=Lax; Path=/", "other=1");
    expect(jar.header()).toBe("fsmcp-sign-in=g1.n1; other=1");
    set("fsmcp-sign-in=g2.n2; Path=/", "other=; Max-Age=0");
    expect(jar.header()).toBe("fsmcp-sign-in=g2.n2");
    expect(jar.has("other")).toBe(false);
  });
});

describe("the simulator's org page through the form reader", () => {
  it("is one form with the request's hidden fields and Allow/Deny", async () => {
    const sim = createSimulator();
    const url = new URL("http://sim.test/org/oauth/v2/authorize");
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: "fw_ext_simulator_demo",
      redirect_uri: "http://127.0.0.1:4567/oauth/freshworks/callback",
      state: "s",
      scope: "freshservice.tickets.view",
    }).toString();
    const response = await sim.handle(new Request(url));
    expect(response.status).toBe(200);
    const [form] = readForms(await response.text());
    expect(form?.inputs.map((i) => i.name)).toEqual(
      expect.arrayContaining(["client_id", "redirect_uri", "state", "email", "password"]),
    );
    expect(form?.buttons.map((b) => b.value)).toEqual(["allow", "deny"]);
  });
});
