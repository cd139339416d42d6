/**
 * A revoked URL stays revoked, and a deleted account stays deleted: KV has no transactions, so a PATCH that read
 * a record before a DELETE writes it back after. Races the two; after the DELETE's 204 nothing may answer again.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { accountStore } from "../../worker/store/accounts";
import { kvKeys } from "../../worker/store/kv-keys";
import { admin, clearFaults, createAccount, injectFault, mint, rpc, settled, simulatorRequests } from "./helpers";

const TRIALS = 40;

describe("PATCH racing DELETE", () => {
  it(`never brings a revoked URL back (${TRIALS} races)`, async () => {
    const { id } = await createAccount();
    const resurrected: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const server = await mint(id, { config: { methods: ["read"] } });
      const path = `/integrated-account/${id}/mcp/${server.id}`;
      // The PATCH reads first; the DELETE lands while it is between its read and its write, at varying offsets.
      const patch = admin(path, { name: `renamed ${trial}`, expires_at: null }, "PATCH");
      for (let i = 0; i < trial % 8; i++) await Promise.resolve();
      const deleted = await admin(path, undefined, "DELETE");
      expect([204, 404]).toContain(deleted.status);
      const answers = [await rpc(server.url, "ping")];
      await patch;
      answers.push(await rpc(server.url, "ping"));
      if (answers.some((a) => a.status !== 404)) resurrected.push(trial);
      const listed = (await (await admin(`/integrated-account/${id}/mcp`)).json()) as { result: { id: string }[] };
      if (listed.result.some((s) => s.id === server.id)) resurrected.push(trial);
    }
    await settled();
    expect(resurrected).toEqual([]);
  });
});

describe("PATCH of an account racing its DELETE", () => {
  afterEach(clearFaults);

  const accountPath = (id: string) => `/integrated-account/${id}`;
  const verifications = async () =>
    (await simulatorRequests()).filter((r) => r.path === "/api/v2/tickets" && r.search === "?per_page=1").length;

  /** After both: the account answers 404 everywhere, no URL can be minted on it, and its key is gone from KV. */
  async function expectGone(id: string) {
    expect((await admin(accountPath(id))).status).toBe(404);
    expect((await admin(`${accountPath(id)}/mcp`, { name: "after the delete", config: {} })).status).toBe(404);
    expect((await admin(`${accountPath(id)}/refresh-fields`, {})).status).toBe(404);
    expect(await env.STORE.get(kvKeys.account(id))).toBeNull();
    let cursor: string | null = null;
    do {
      const page = (await (
        await admin(`/integrated-account?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)
      ).json()) as { result: { id: string }[]; next_cursor: string | null };
      expect(page.result.map((a) => a.id)).not.toContain(id);
      cursor = page.next_cursor;
    } while (cursor);
  }

  it("a DELETE while the PATCH verifies the key wins: the PATCH can't write the account back", async () => {
    const { id } = await createAccount();
    const before = await verifications();
    await injectFault({ kind: "delay", ms: 400 });
    const patch = admin(accountPath(id), { name: "renamed", api_key: "sim-api-key" }, "PATCH");
    // The PATCH has read the account and waits on Freshservice's answer when its check reaches the simulator.
    for (let i = 0; i < 200 && (await verifications()) === before; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await verifications()).toBe(before + 1);
    expect((await admin(accountPath(id), undefined, "DELETE")).status).toBe(204);
    const patched = await patch;
    await settled();
    await expectGone(id);
    expect(patched.status).toBe(404);
  });

  it("a DELETE landing between the PATCH's last check and its write: the write is removed again", async () => {
    const { id } = await createAccount();
    const record = await accountStore(env.STORE, env.CREDENTIALS_KEY).get(id);
    if (!record) throw new Error("no account");
    let raced = false;
    // KV as the PATCH sees it: the DELETE runs to its end just before the PATCH's write of the account.
    const racingKv = new Proxy(env.STORE, {
      get(target, property) {
        if (property === "put")
          return async (key: string, ...rest: [string]) => {
            if (key === kvKeys.account(id) && !raced) {
              raced = true;
              expect((await admin(accountPath(id), undefined, "DELETE")).status).toBe(204);
            }
            return target.put(key, ...rest);
          };
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const updated = await accountStore(racingKv, env.CREDENTIALS_KEY).update(record, { api_key: "rotated-key" });
    expect(raced).toBe(true);
    expect(updated).toBeNull();
    await expectGone(id);
  });

  it("a DELETE that stopped after its tombstone hides the account, and sending it again finishes it", async () => {
    const { id } = await createAccount();
    const server = await mint(id);
    await accountStore(env.STORE, env.CREDENTIALS_KEY).markDeleted(id);
    expect((await admin(accountPath(id))).status).toBe(404);
    expect((await admin(accountPath(id), { name: "back" }, "PATCH")).status).toBe(404);
    expect((await admin(accountPath(id), undefined, "DELETE")).status).toBe(204);
    expect((await rpc(server.url, "ping")).status).toBe(404);
    await expectGone(id);
    expect((await admin(accountPath(id), undefined, "DELETE")).status).toBe(404);
  });

  it(`a URL minted while its account is deleted never answers, and nothing of it stays (${TRIALS} races)`, async () => {
    const survivors: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const { id } = await createAccount({ verify: false });
      const minted = admin(`${accountPath(id)}/mcp`, { name: `race ${trial}`, config: { methods: ["read"] } });
      // The DELETE starts after 0 to 7 KV round trips of the mint, so it lands at every step of it.
      for (let i = 0; i < trial % 8; i++) await env.STORE.get("not-a-key");
      expect((await admin(accountPath(id), undefined, "DELETE")).status).toBe(204);
      const answer = await minted;
      expect([201, 404]).toContain(answer.status);
      if (answer.status === 201) {
        const { url } = (await answer.json()) as { url: string };
        if ((await rpc(url, "ping")).status !== 404) survivors.push(trial);
      }
      const left = await env.STORE.list({ prefix: kvKeys.mcpServerPrefix(id) });
      if (left.keys.length) survivors.push(trial);
      await expectGone(id);
    }
    await settled();
    expect(survivors).toEqual([]);
  });
});
