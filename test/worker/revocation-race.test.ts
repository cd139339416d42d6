/**
 * A revoked URL stays revoked: KV has no transactions, so a PATCH that read the server before a DELETE writes
 * it back after. Races the two many times; after the DELETE's 204 the URL must never answer again.
 */
import { describe, expect, it } from "vitest";
import { admin, createAccount, mint, rpc, settled } from "./helpers";

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
