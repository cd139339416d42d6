/**
 * Where secrets could leak by the way: a minted URL's host comes from configuration when deployed, never from
 * the request's Host; and a client that can send a header can keep the URL's token out of the path (and so out
 * of request logs) with `POST /mcp` and `Authorization: Bearer <token>`.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createAccount, dispatch, MCP_HEADERS, mint, mintApiToken, ORIGIN, rpcBody } from "./helpers";

function mintRequest(accountId: string, host: string) {
  return new Request(`http://${host}/integrated-account/${accountId}/mcp`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "proxied", config: { methods: ["read"] } }),
  });
}

describe("the URL handed out at mint time", () => {
  it("is built from PUBLIC_ORIGIN, whatever Host the request carries", async () => {
    const { id } = await createAccount();
    const configured = { ...env, ENVIRONMENT: "production", PUBLIC_ORIGIN: "https://mcp.example.com" };
    const response = await dispatch(mintRequest(id, "attacker.example.net"), configured);
    expect(response.status).toBe(201);
    const { url } = (await response.json()) as { url: string };
    expect(url).toMatch(/^https:\/\/mcp\.example\.com\/mcp\/[A-Za-z0-9_-]{43}$/);
  });

  it("is refused, with nothing created, where a deployed environment has no PUBLIC_ORIGIN", async () => {
    const { id } = await createAccount();
    const response = await dispatch(mintRequest(id, "attacker.example.net"), { ...env, ENVIRONMENT: "staging" });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "misconfigured" } });
    const listed = await dispatch(
      new Request(`${ORIGIN}/integrated-account/${id}/mcp`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    );
    expect(await listed.json()).toMatchObject({ result: [] });
  });
});

describe("the URL handed out at mint time, locally without PUBLIC_ORIGIN", () => {
  const local = {
    ...env,
    ENVIRONMENT: "development",
    PUBLIC_ORIGIN: undefined,
    ALLOWED_HOSTS: "worker.test,localhost",
  };
  const listServers = async (id: string) =>
    (await (
      await dispatch(
        new Request(`${ORIGIN}/integrated-account/${id}/mcp`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
      )
    ).json()) as { result: unknown[] };

  it("is built from a Host that ALLOWED_HOSTS lists", async () => {
    const { id } = await createAccount();
    const response = await dispatch(mintRequest(id, "localhost:8787"), local);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { url: string }).url).toMatch(/^http:\/\/localhost:8787\/mcp\/[\w-]{43}$/);
  });

  it("is refused for any other Host, with an admin error naming ALLOWED_HOSTS, and nothing is created", async () => {
    const { id } = await createAccount();
    const response = await dispatch(mintRequest(id, "attacker.example.net"), local);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("host_not_allowed");
    expect(body.error.message).toMatch(/the Host attacker\.example\.net is not in ALLOWED_HOSTS/);
    expect(body.error.message).not.toContain(ADMIN_TOKEN);
    expect((await listServers(id)).result).toEqual([]);
  });
});

describe("POST /mcp with the token in Authorization", () => {
  const post = (token: string | undefined, method = "ping", params?: unknown) =>
    dispatch(
      new Request(`${ORIGIN}/mcp`, {
        method: "POST",
        headers: { ...MCP_HEADERS, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        body: rpcBody(method, params),
      }),
    );

  it("answers like the URL itself, and the same refusals apply", async () => {
    const { id } = await createAccount();
    const { url } = await mint(id, { config: { methods: ["read"], tags: ["tickets"] } });
    const token = url.split("/mcp/")[1] ?? "";
    expect((await post(token)).status).toBe(200);
    const call = await post(token, "tools/call", {
      name: "get_single_freshservice_ticket_by_id",
      arguments: { id: 1 },
    });
    expect(((await call.json()) as { result: { isError: boolean } }).result.isError).toBe(false);
    const missing = await post(undefined);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await post("A".repeat(43))).status).toBe(404);
  });

  it("is not enough for a URL that demands an API token: a logged path token stays useless alone", async () => {
    const { id } = await createAccount();
    const guarded = await mint(id, { config: { require_api_token_auth: true } });
    await mintApiToken(id, guarded.id);
    expect((await post(guarded.url.split("/mcp/")[1] ?? "")).status).toBe(401);
  });
});
