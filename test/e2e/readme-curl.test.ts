/**
 * Every curl example in the manuals (README.md, simulator/README.md), read from the manuals themselves and run
 * against the local Worker and simulator, so the docs can't drift from the product.
 *
 * How an example is run: its words are split as a shell would (shell-quote), `$BASE`, `$TOKEN` and `$SIM` are the
 * local stack's, the curl flags become one fetch (test/support/curl-args.ts), and a deployed host
 * (`https://….workers.dev`, `….example.com`) or the documented local ports are this stack's. A code block is one
 * sequence: `<account id>`, `<mcp id>` and `<token id>` are what the block's earlier commands created; a block that
 * names one it didn't create (the manual says "the account id as in the walk-through") gets a prepared account
 * on the simulator with one URL that has a call in its audit trail. API keys in angle brackets are the simulator's.
 * An account registered on a real Freshservice (no `base_url`, as in production) gets the simulator as its
 * `base_url`: the Worker, not curl, calls Freshservice, so its host is swapped for the local one in the body.
 *
 * What is checked: the status the manual shows after the command (`# → 201 …`; an error example shows its 4xx
 * there on purpose), otherwise a 2xx; and every field name of the shown answer is in the real one. A curl that
 * can't be run this way (an unknown flag, a placeholder or variable nobody supplies, a pipe) fails the file.
 */
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parse } from "shell-quote";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../../simulator/simulator";
import { type CurlRequest, parseCurlArgs } from "../support/curl-args";
import { curlExamples } from "../support/readme-curls";
import { ADMIN_TOKEN, mintServer, type Stack, startStack } from "./stack";

const MANUALS = ["README.md", "simulator/README.md"];
const examples = MANUALS.flatMap((file) => curlExamples(readFileSync(file, "utf8"), file));

/** Origins the manuals write out, and which local server stands in for each. */
const LOCAL_WORKER = /^http:\/\/(127\.0\.0\.1|localhost):8787$/;
const LOCAL_SIMULATOR = /^http:\/\/(127\.0\.0\.1|localhost):8790$/;
const DEPLOYED_WORKER = /^https:\/\/[a-z0-9.<>-]+\.(workers\.dev|example\.com)$/;

/** What a block's commands created, by placeholder. */
type Made = Partial<Record<"<account id>" | "<mcp id>" | "<token id>", string>>;

let stack: Stack;
let prepared: Promise<Made> | undefined;
const madeByBlock = new Map<string, Made>();
let ran = 0;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

for (const example of examples) {
  it(`${example.where}: ${example.command.slice(0, 100)}`, async () => {
    const made = madeByBlock.get(example.block) ?? {};
    madeByBlock.set(example.block, made);
    const request = parseCurlArgs(await shellWords(example.command, made));
    const response = await fetch(localUrl(request.url), {
      method: request.method,
      headers: request.headers,
      body: onSimulator(request),
    });
    const text = await response.text();
    const expected = example.shown?.status;
    const context = `${example.where} answered ${response.status}: ${text.slice(0, 500)}`;
    if (expected === undefined) expect(response.ok, context).toBe(true);
    else expect(response.status, context).toBe(expected);
    if (example.shown?.answer) {
      const answer = JSON.parse(text) as unknown;
      for (const field of shownFields(example.shown.answer))
        expect(fieldNames(answer), `${example.where}: the shown answer's "${field}"`).toContain(field);
    }
    remember(made, request, response.status, text);
    ran++;
  });
}

it("ran every curl example in the manuals", () => {
  console.log(`ran ${ran} curl examples from ${MANUALS.join(" and ")}`);
  expect(examples.length).toBeGreaterThan(0);
  expect(ran).toBe(examples.length);
});

/** The command's words after `curl`, with the stack's variables and the block's ids in place. */
async function shellWords(command: string, made: Made): Promise<string[]> {
  let resolved = command;
  for (const placeholder of new Set(command.match(/<[^<>]+>/g) ?? []))
    resolved = resolved.replaceAll(placeholder, await placeholderValue(placeholder, made));
  const variables: Record<string, string> = { BASE: stack.workerUrl, TOKEN: ADMIN_TOKEN, SIM: stack.simulator.url };
  const words = parse(resolved, (name) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`$${name} is not a variable the manual's examples define`);
    return value;
  });
  const plain = words.filter((word) => !(typeof word === "object" && "comment" in word));
  const odd = plain.find((word) => typeof word !== "string");
  if (odd) throw new Error(`not a plain command (${JSON.stringify(odd)}): ${command}`);
  return (plain as string[]).slice(1);
}

async function placeholderValue(placeholder: string, made: Made): Promise<string> {
  if (placeholder === "<agent API key>" || placeholder === "<new key>") return DEFAULT_API_KEY;
  if (placeholder === "<account id>" || placeholder === "<mcp id>" || placeholder === "<token id>") {
    const value = made[placeholder] ?? (await prepare())[placeholder];
    if (value === undefined) throw new Error(`${placeholder} is used before the block creates one`);
    return value;
  }
  throw new Error(`no value for the placeholder ${placeholder}`);
}

/** The account a block works on when it didn't create one: on the simulator, one URL with a call in its trail. */
function prepare(): Promise<Made> {
  prepared ??= (async () => {
    const { accountId, mcpId, url } = await mintServer(stack, { name: "Prepared for the examples" });
    const client = new Client({ name: "readme-examples", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    await client.callTool({ name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } });
    await client.close();
    // The trail is written after the answer (waitUntil): wait until the call is readable.
    await expect
      .poll(async () => ((await (await stack.admin(`/integrated-account/${accountId}/logs`)).json()) as Page).result)
      .toHaveLength(1);
    return { "<account id>": accountId, "<mcp id>": mcpId };
  })();
  return prepared;
}

type Page = { result: unknown[] };

/** The example's URL on this stack. */
function localUrl(raw: string): string {
  const url = new URL(raw);
  if (url.origin === stack.workerUrl || url.origin === stack.simulator.url) return raw;
  const stand = LOCAL_SIMULATOR.test(url.origin)
    ? stack.simulator.url
    : LOCAL_WORKER.test(url.origin) || DEPLOYED_WORKER.test(url.origin)
      ? stack.workerUrl
      : undefined;
  if (!stand) throw new Error(`an example calls ${url.origin}, which has no local stand-in`);
  return `${stand}${url.pathname}${url.search}`;
}

/** The body, with the simulator standing in for the real Freshservice an account registration names. */
function onSimulator(request: CurlRequest): string | undefined {
  if (request.body === undefined || !/^\/integrated-account$/.test(new URL(request.url).pathname)) return request.body;
  const account = JSON.parse(request.body) as { base_url?: string };
  return JSON.stringify({ ...account, base_url: account.base_url ?? stack.simulator.url });
}

/** Keeps the ids a creating example answered, for the block's later commands. */
function remember(made: Made, request: CurlRequest, status: number, text: string) {
  if (request.method !== "POST" || status !== 201) return;
  const { id } = JSON.parse(text) as { id: string };
  const path = new URL(request.url).pathname;
  if (/^\/integrated-account$/.test(path)) made["<account id>"] = id;
  else if (/\/mcp$/.test(path)) made["<mcp id>"] = id;
  else if (/\/api-tokens$/.test(path)) made["<token id>"] = id;
}

/** The field names a shown answer names (`"id":…`). */
function shownFields(answer: string): string[] {
  return [...answer.matchAll(/"([A-Za-z_]+)":/g)].map((match) => match[1] as string);
}

/** Every key anywhere in a JSON value. */
function fieldNames(value: unknown, into = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const item of value) fieldNames(item, into);
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      fieldNames(inner, into);
    }
  return [...into];
}
