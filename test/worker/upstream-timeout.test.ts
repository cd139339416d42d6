/** `UPSTREAM_TIMEOUT_MS`: parsed strictly, and it bounds a call to Freshservice, head and body. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { upstreamTimeoutMs } from "../../worker/tools/url-tools";
import { DEFAULT_UPSTREAM_TIMEOUT_MS } from "../../worker/upstream/fetch-freshservice";
import { clearFaults, createAccount, injectFault, mcpPost, mint, rpcBody } from "./helpers";

afterEach(async () => {
  await clearFaults();
});

describe("UPSTREAM_TIMEOUT_MS", () => {
  it.each([
    [undefined, DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["1500", 1500],
    [" 300 ", 300],
    ["60000", 60_000],
    ["0", DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["60001", DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["-5", DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["1.5", DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["1e3", DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["fast", DEFAULT_UPSTREAM_TIMEOUT_MS],
    ["", DEFAULT_UPSTREAM_TIMEOUT_MS],
  ])("%j → %i ms", (value, expected) => {
    expect(upstreamTimeoutMs(value)).toBe(expected);
  });

  it.each([
    ["a delayed head", { kind: "delay", ms: 2000 }, /did not answer in time/],
    ["a slow drip", { kind: "drip", chunkDelayMs: 50, chunkBytes: 8 }, /did not finish answering in time/],
  ])("bounds %s by the configured timeout", async (_, fault, message) => {
    const { id } = await createAccount();
    const { url } = await mint(id);
    await injectFault({ ...fault, match: { pathPrefix: "/tickets/58" } });
    const ctx = createExecutionContext();
    const started = performance.now();
    const response = await worker.fetch(
      mcpPost(url, rpcBody("tools/call", { name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } })),
      { ...env, UPSTREAM_TIMEOUT_MS: "300" },
      ctx,
    );
    const body = (await response.json()) as { result: { isError: boolean; content: { text: string }[] } };
    const ms = performance.now() - started;
    await waitOnExecutionContext(ctx);
    expect(body.result.isError).toBe(true);
    expect(body.result.content.map((c) => c.text).join("\n")).toMatch(message);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
  });
});
