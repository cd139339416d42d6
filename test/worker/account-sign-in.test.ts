/** An account's sign-in settings for its OAuth servers: validated, merged by PATCH, the client secret never shown. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type AccountRecord, accountStore } from "../../worker/store/accounts";
import { ADMIN_TOKEN, admin, dispatch, ORIGIN, SIMULATOR_ORIGIN } from "./helpers";

const SECRET = "fw-client-secret-0123456789";
const FRESHWORKS = {
  org_url: "https://acme.myfreshworks.com",
  client_id: "fw_ext_acme",
  client_secret: SECRET,
  scopes: ["freshservice.tickets.view", "freshservice.tickets.edit"],
};

interface Problem {
  path: string;
  message: string;
}

async function create(signIn?: unknown) {
  const response = await admin("/integrated-account", {
    domain: "acme.freshservice.com",
    api_key: "sim-api-key",
    verify: false,
    ...(signIn === undefined ? {} : { sign_in: signIn }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { id: string } };
}

async function problems(response: Response): Promise<Problem[]> {
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: { code: string; details: Problem[] } };
  expect(error.code).toBe("validation_failed");
  return error.details;
}

const stored = async (id: string) => (await env.STORE.get<AccountRecord>(`account:${id}`, "json")) as AccountRecord;
const patch = (id: string, body: unknown) => admin(`/integrated-account/${id}`, body, "PATCH");

describe("account sign-in settings", () => {
  it("an account without settings shows the API key way only", async () => {
    const { status, body } = await create();
    expect(status).toBe(201);
    expect(body.sign_in).toEqual({ api_key: true, freshworks: null });
    const read = (await (await admin(`/integrated-account/${body.id}`)).json()) as Record<string, unknown>;
    expect(read.sign_in).toEqual({ api_key: true, freshworks: null });
  });

  it("stores a Freshworks client with its secret encrypted for this account, and never shows the secret", async () => {
    const { status, body } = await create({ api_key: true, freshworks: FRESHWORKS });
    expect(status).toBe(201);
    const { client_secret: _secret, ...shown } = FRESHWORKS;
    expect(body.sign_in).toEqual({ api_key: true, freshworks: shown });
    for (const text of [
      JSON.stringify(body),
      await (await admin(`/integrated-account/${body.id}`)).text(),
      await (await admin("/integrated-account")).text(),
      (await env.STORE.get(`account:${body.id}`)) ?? "",
    ])
      expect(text).not.toContain(SECRET);
    expect(JSON.stringify(body)).not.toContain("ciphertext");
    const accounts = accountStore(env.STORE, env.CREDENTIALS_KEY);
    const record = await stored(body.id);
    expect(await accounts.freshworksSecret(record)).toBe(SECRET);
    // Bound to this account's Freshworks context: not readable as its API key, nor as another account's secret.
    const moved = { ...record, credential: record.sign_in?.freshworks?.client_secret ?? record.credential };
    await expect(accounts.apiKey(moved)).rejects.toThrow();
    const other = (await create()).body;
    await expect(accounts.freshworksSecret({ ...record, id: other.id })).rejects.toThrow();
  });

  it("normalises org_url to its origin and drops repeated scopes", async () => {
    const { status, body } = await create({
      freshworks: { ...FRESHWORKS, org_url: " https://Acme.MyFreshworks.com/ ", scopes: ["a.view", "a.view"] },
    });
    expect(status).toBe(201);
    expect(body.sign_in).toMatchObject({
      api_key: true,
      freshworks: { org_url: "https://acme.myfreshworks.com", scopes: ["a.view"] },
    });
  });

  it.each([
    [{ freshworks: { ...FRESHWORKS, org_url: "http://acme.myfreshworks.com" } }, "sign_in.freshworks.org_url"],
    [{ freshworks: { ...FRESHWORKS, org_url: "https://acme.myfreshworks.com/org" } }, "sign_in.freshworks.org_url"],
    [{ freshworks: { ...FRESHWORKS, org_url: "https://u:p@acme.myfreshworks.com" } }, "sign_in.freshworks.org_url"],
    [{ freshworks: { ...FRESHWORKS, org_url: "acme.myfreshworks.com" } }, "sign_in.freshworks.org_url"],
    [{ freshworks: { ...FRESHWORKS, scopes: [] } }, "sign_in.freshworks.scopes"],
    [{ freshworks: { ...FRESHWORKS, scopes: ["tickets view"] } }, "sign_in.freshworks.scopes.0"],
    [{ freshworks: { ...FRESHWORKS, client_id: "" } }, "sign_in.freshworks.client_id"],
    [{ freshworks: { ...FRESHWORKS, client_secret: "has space" } }, "sign_in.freshworks.client_secret"],
    [{ freshworks: { ...FRESHWORKS, extra: 1 } }, "sign_in.freshworks"],
    [{ api_key: "yes" }, "sign_in.api_key"],
    [{ passwords: true }, "sign_in"],
  ])("refuses %j with a 400 naming %s", async (signIn, path) => {
    const response = await admin("/integrated-account", {
      domain: "acme.freshservice.com",
      api_key: "sim-api-key",
      verify: false,
      sign_in: signIn,
    });
    const details = await problems(response);
    expect(details.map((d) => d.path)).toContain(path);
    expect(JSON.stringify(details)).not.toContain(SECRET);
  });

  it("refuses a Freshworks client without its secret, and an account with no way to sign in", async () => {
    const { client_secret: _secret, ...withoutSecret } = FRESHWORKS;
    const noSecret = await problems(
      await admin("/integrated-account", {
        domain: "acme.freshservice.com",
        api_key: "sim-api-key",
        verify: false,
        sign_in: { freshworks: withoutSecret },
      }),
    );
    expect(noSecret).toEqual([
      { path: "sign_in.freshworks.client_secret", message: expect.stringMatching(/required/) },
    ]);
    const none = await problems(
      await admin("/integrated-account", {
        domain: "acme.freshservice.com",
        api_key: "sim-api-key",
        verify: false,
        sign_in: { api_key: false, freshworks: null },
      }),
    );
    expect(none).toEqual([{ path: "sign_in", message: expect.stringMatching(/at least one way/) }]);
  });

  it("a loopback Freshworks org (the simulator) only where loopback upstreams are allowed", async () => {
    const loopback = { ...FRESHWORKS, org_url: SIMULATOR_ORIGIN };
    const allowed = await create({ freshworks: loopback });
    expect(allowed.status).toBe(201);
    expect(allowed.body.sign_in).toMatchObject({ freshworks: { org_url: SIMULATOR_ORIGIN } });
    const production = { ...env, ALLOW_LOOPBACK_UPSTREAM: "false" } as Env;
    const request = (method: string, path: string, body: unknown) =>
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const refused = await dispatch(
      request("POST", "/integrated-account", {
        domain: "acme.freshservice.com",
        api_key: "sim-api-key",
        verify: false,
        sign_in: { freshworks: loopback },
      }),
      production,
    );
    expect((await problems(refused)).map((d) => d.path)).toEqual(["sign_in.freshworks.org_url"]);
    const { body } = await create();
    const patched = await dispatch(
      request("PATCH", `/integrated-account/${body.id}`, { sign_in: { freshworks: loopback } }),
      production,
    );
    expect((await problems(patched)).map((d) => d.path)).toEqual(["sign_in.freshworks.org_url"]);
    expect((await stored(body.id)).sign_in).toBeUndefined();
  });
});

describe("PATCH of the sign-in settings", () => {
  it("changes scopes without the secret, keeping the stored one", async () => {
    const { body } = await create({ freshworks: FRESHWORKS });
    const before = (await stored(body.id)).sign_in?.freshworks?.client_secret;
    const { client_secret: _secret, ...rest } = FRESHWORKS;
    const response = await patch(body.id, {
      sign_in: { freshworks: { ...rest, scopes: ["freshservice.tickets.view"] } },
    });
    expect(response.status).toBe(200);
    const patched = (await response.json()) as Record<string, unknown>;
    expect(patched.sign_in).toEqual({ api_key: true, freshworks: { ...rest, scopes: ["freshservice.tickets.view"] } });
    const record = await stored(body.id);
    expect(record.sign_in?.freshworks?.client_secret).toEqual(before);
    expect(await accountStore(env.STORE, env.CREDENTIALS_KEY).freshworksSecret(record)).toBe(SECRET);
  });

  it("a new secret replaces the stored one; api_key alone leaves the Freshworks client as it is", async () => {
    const { body } = await create({ freshworks: FRESHWORKS });
    expect(
      (await patch(body.id, { sign_in: { freshworks: { ...FRESHWORKS, client_secret: "another-secret" } } })).status,
    ).toBe(200);
    const response = await patch(body.id, { sign_in: { api_key: false } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain("another-secret");
    expect(JSON.parse(text).sign_in).toMatchObject({ api_key: false, freshworks: { client_id: "fw_ext_acme" } });
    expect(await accountStore(env.STORE, env.CREDENTIALS_KEY).freshworksSecret(await stored(body.id))).toBe(
      "another-secret",
    );
  });

  it("moving the client to another org or client id needs its secret in the same request", async () => {
    const { body } = await create({ freshworks: FRESHWORKS });
    const { client_secret: _secret, ...rest } = FRESHWORKS;
    for (const moved of [
      { ...rest, org_url: "https://listener.example.com" },
      { ...rest, client_id: "fw_ext_other" },
    ]) {
      const details = await problems(await patch(body.id, { sign_in: { freshworks: moved } }));
      expect(details).toEqual([
        { path: "sign_in.freshworks.client_secret", message: expect.stringMatching(/requires client_secret/) },
      ]);
    }
    expect((await stored(body.id)).sign_in?.freshworks?.org_url).toBe(FRESHWORKS.org_url);
  });

  it("a Freshworks client without a secret on an account that has none is refused", async () => {
    const { body } = await create();
    const { client_secret: _secret, ...rest } = FRESHWORKS;
    const details = await problems(await patch(body.id, { sign_in: { freshworks: rest } }));
    expect(details.map((d) => d.path)).toEqual(["sign_in.freshworks.client_secret"]);
    expect((await stored(body.id)).sign_in).toBeUndefined();
  });

  it("null removes the Freshworks way, and the last way can't be turned off", async () => {
    const { body } = await create({ api_key: false, freshworks: FRESHWORKS });
    const last = await problems(await patch(body.id, { sign_in: { freshworks: null } }));
    expect(last.map((d) => d.path)).toEqual(["sign_in"]);
    const response = await patch(body.id, { sign_in: { api_key: true, freshworks: null } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, unknown>).sign_in).toEqual({ api_key: true, freshworks: null });
    expect((await stored(body.id)).sign_in).toEqual({ api_key: true, freshworks: null });
  });

  it("a PATCH of other fields keeps the settings", async () => {
    const { body } = await create({ freshworks: FRESHWORKS });
    const response = await patch(body.id, { name: "Renamed" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, unknown>).sign_in).toMatchObject({
      freshworks: { client_id: "fw_ext_acme" },
    });
  });
});
