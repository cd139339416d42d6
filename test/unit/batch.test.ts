/** JSON-RPC batches: which revisions have them, and the caps on their length and on the bytes of their answer. */
import { describe, expect, it } from "vitest";
import { answerBatch, MAX_BATCH_ANSWER_BYTES, MAX_BATCH_MESSAGES } from "../../worker/mcp/batch";

const request = (headers: Record<string, string> = {}) =>
  new Request("http://worker.test/mcp/t", { method: "POST", headers });
const call = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "t", arguments: {} } });

/** Answers each message with a JSON-RPC result of about `bytes` bytes, and records what it was asked to answer. */
function fakeLanes(bytes: number) {
  const answered: unknown[] = [];
  const answerOne = async (message: unknown) => {
    answered.push(message);
    const { id } = message as { id?: number };
    if (id === undefined) return new Response(null, { status: 202 });
    return new Response(JSON.stringify({ jsonrpc: "2.0", id, result: { pad: "x".repeat(bytes) } }));
  };
  return { answered, answerOne };
}

async function answers(response: Response) {
  return (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
}

describe("batches", () => {
  it("stop growing at the byte cap: a call whose answer doesn't fit says it ran, later ones are not run", async () => {
    const third = Math.floor(MAX_BATCH_ANSWER_BYTES / 2.5);
    const lanes = fakeLanes(third);
    const batch = [call(1), call(2), call(3), call(4)];
    const response = await answerBatch(request(), batch, lanes.answerOne);
    const text = await response.text();
    expect(text.length).toBeLessThanOrEqual(MAX_BATCH_ANSWER_BYTES + 1_000);
    const [one, two, three, four] = JSON.parse(text) as Awaited<ReturnType<typeof answers>>;
    expect(one?.result).toBeDefined();
    expect(two?.result).toBeDefined();
    expect(three).toMatchObject({
      id: 3,
      error: { message: expect.stringContaining("ran, but its answer did not fit") },
    });
    expect(four).toMatchObject({ id: 4, error: { message: expect.stringContaining("was not run") } });
    expect(lanes.answered).toHaveLength(3);
  });

  it("notifications are run and not answered; a batch of notifications only is 202", async () => {
    const lanes = fakeLanes(10);
    const note = { jsonrpc: "2.0", method: "notifications/initialized" };
    expect((await answerBatch(request(), [note], lanes.answerOne)).status).toBe(202);
    const response = await answerBatch(request(), [note, call(5)], lanes.answerOne);
    expect((await answers(response)).map((a) => a.id)).toEqual([5]);
    expect(lanes.answered).toHaveLength(3);
  });

  it.each([
    ["a revision without batches", [call(1)], { "mcp-protocol-version": "2025-06-18" }, "one message per request"],
    ["too many messages", Array.from({ length: MAX_BATCH_MESSAGES + 1 }, (_, i) => call(i)), {}, "at most"],
    ["an empty batch", [], {}, "empty"],
    ["a member that is not JSON-RPC", [{ hello: 1 }], {}, "invalid"],
  ])("%s is refused whole, nothing run", async (_, batch, headers, reason) => {
    const lanes = fakeLanes(10);
    const response = await answerBatch(request(headers), batch, lanes.answerOne);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32600, message: expect.stringContaining(reason) } });
    expect(lanes.answered).toHaveLength(0);
  });

  it("2025-03-26, named or implied, has batches", async () => {
    for (const headers of [{ "mcp-protocol-version": " 2025-03-26 " }, {}] as Record<string, string>[]) {
      const response = await answerBatch(request(headers), [call(1), call(2)], fakeLanes(10).answerOne);
      expect((await answers(response)).map((a) => a.id)).toEqual([1, 2]);
    }
  });
});
