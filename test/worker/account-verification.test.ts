/** Accounts checked when saved (one documented read with the key), pasted domains, and the messages a new user meets. */
import { afterEach, describe, expect, it } from "vitest";
import { VERIFY_REQUEST } from "../../worker/upstream/verify-account";
import {
  ADMIN_TOKEN,
  admin,
  call,
  clearFaults,
  createAccount,
  dispatch,
  injectFault,
  mcpPost,
  mint,
  rpcBody,
  rpcResult,
  SIMULATOR_ORIGIN,
  simulatorRequests,
} from "./helpers";

const SIM_KEY = "sim-api-key";

afterEach(async () => {
  await clearFaults();
});

async function clearUpstreamLog() {
  await fetch(`${SIMULATOR_ORIGIN}/_simulator/requests`, { method: "DELETE" });
}

const account = (overrides: Record<string, unknown> = {}) => ({
  name: "Verified",
  domain: "acme.freshservice.com",
  api_key: SIM_KEY,
  base_url: SIMULATOR_ORIGIN,
  ...overrides,
});

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: { path: string }[] } }).error;
}

async function accountIds(): Promise<string[]> {
  const page = (await (await admin("/integrated-account")).json()) as { result: { id: string }[] };
  return page.result.map((a) => a.id);
}

describe("creating an account checks the domain and key with one read", () => {
  it("a working key: stored, after exactly one documented read with that key", async () => {
    await clearUpstreamLog();
    const response = await admin("/integrated-account", account());
    expect(response.status).toBe(201);
    const requests = await simulatorRequests();
    expect(requests.map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([
      `${VERIFY_REQUEST.method} ${VERIFY_REQUEST.pathAndQuery}`,
    ]);
  });

  it("a wrong key: 400 invalid_api_key naming api_key, and nothing stored", async () => {
    const before = await accountIds();
    const response = await admin("/integrated-account", account({ api_key: "wrong-key-123456" }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("invalid_api_key");
    expect(error.message).toMatch(/refused the API key \(401\)/);
    expect(error.message).not.toContain("wrong-key");
    expect(error.details?.map((d) => d.path)).toEqual(["api_key"]);
    expect(await accountIds()).toEqual(before);
  });

  it.each([
    [
      "no such domain (404)",
      { kind: "status", status: 404, body: "{}" },
      400,
      "unknown_domain",
      /no Freshservice account/,
    ],
    ["a redirect to a sign-up page", { kind: "status", status: 302, body: "" }, 400, "unknown_domain", /302/],
    [
      "rate-limited",
      { kind: "status", status: 429, headers: { "retry-after": "17" }, body: "{}" },
      503,
      "verification_unavailable",
      /in 17 seconds.*"verify": false/,
    ],
    ["a 5xx", { kind: "status", status: 503, body: "down" }, 502, "verification_failed", /answered 503/],
  ])("%s: a clear error and nothing stored", async (_, fault, status, code, message) => {
    const before = await accountIds();
    await injectFault(fault);
    const response = await admin("/integrated-account", account());
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await accountIds()).toEqual(before);
  });

  it("a key whose agent can't read tickets (403): stored, with a note", async () => {
    await injectFault({ kind: "status", status: 403, body: "{}" });
    const response = await admin("/integrated-account", account());
    expect(response.status).toBe(201);
    expect(((await response.json()) as { notes: string[] }).notes[0]).toMatch(/may not read tickets \(403\)/);
  });

  it('"verify": false stores a key unchecked, without calling Freshservice', async () => {
    await clearUpstreamLog();
    const response = await admin("/integrated-account", account({ api_key: "offline-key-123456", verify: false }));
    expect(response.status).toBe(201);
    expect(await simulatorRequests()).toEqual([]);
  });
});

describe("changing an account checks what will be stored", () => {
  it("a wrong new key is refused and the old one keeps working; a rename calls nothing", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    const refused = await admin(`/integrated-account/${id}`, { api_key: "rotated-but-wrong-1" }, "PATCH");
    expect(refused.status).toBe(400);
    expect((await errorOf(refused)).code).toBe("invalid_api_key");
    const still = await rpcResult<{ isError: boolean }>(url, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(still.result?.isError).toBe(false);

    await clearUpstreamLog();
    expect((await admin(`/integrated-account/${id}`, { name: "Renamed" }, "PATCH")).status).toBe(200);
    expect(await simulatorRequests()).toEqual([]);
    // A new domain needs the key again (re-pointing decides where the key goes), and is checked with it.
    const repointed = { domain: "acme2.freshservice.com", api_key: "sim-api-key" };
    expect((await admin(`/integrated-account/${id}`, repointed, "PATCH")).status).toBe(200);
    expect((await simulatorRequests()).map((r) => r.path)).toEqual(["/api/v2/tickets"]);
    const offline = await admin(`/integrated-account/${id}`, { api_key: "offline-key-123456", verify: false }, "PATCH");
    expect(offline.status).toBe(200);
  });
});

describe("friction a new user meets", () => {
  it.each([
    ["https://acme.freshservice.com", "acme.freshservice.com"],
    ["https://Acme.freshservice.com/a/tickets/5?x=1", "acme.freshservice.com"],
    ["http://acme.freshservice.com/", "acme.freshservice.com"],
    ["acme.freshservice.com/support/home", "acme.freshservice.com"],
  ])("a pasted address %j is stored as its domain %j", async (pasted, domain) => {
    const response = await admin("/integrated-account", account({ domain: pasted }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ domain });
  });

  it.each([
    "https://evil.com/acme.freshservice.com",
    "https://acme.freshservice.com@evil.com/",
    "https://acme.freshservice.com:8443/",
    "ftp://acme.freshservice.com",
    "https://acme.freshdesk.com/a/tickets",
  ])("a pasted address %j that is not a Freshservice domain is refused, saying what a domain is", async (pasted) => {
    const response = await admin("/integrated-account", account({ domain: pasted }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.details).toEqual([
      {
        path: "domain",
        message:
          "must be <subdomain>.freshservice.com, e.g. acme.freshservice.com (the API does not work on a vanity domain)",
      },
    ]);
  });

  it("a missing admin token and a wrong one get different messages", async () => {
    const missing = await call("/integrated-account");
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).message).toBe("Send the API token as Authorization: Bearer <token>.");
    const wrong = await admin("/integrated-account", undefined, "GET", `${ADMIN_TOKEN}-not`);
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toMatch(/^The API token is not valid: check it against ADMIN_API_TOKEN/);
  });

  it("a Host outside ALLOWED_HOSTS is refused as the Host, with how to allow a tunnel", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    const viaTunnel = url.replace("http://worker.test", "https://my-tunnel.trycloudflare.com");
    const response = await dispatch(mcpPost(viaTunnel, rpcBody("ping")));
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/the Host my-tunnel\.trycloudflare\.com is not in ALLOWED_HOSTS/);
    expect(body.error.message).toMatch(/not the Origin/);
    expect(body.error.message).toMatch(/add the tunnel's host name to ALLOWED_HOSTS/);
  });
});
