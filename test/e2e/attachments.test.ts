/**
 * Attachments end to end: the official SDK client against the Worker in real workerd (wrangler's dev server, as
 * `npm start` runs it) and the simulator on loopback. A ticket is created with a base64 file and a file fetched by
 * URL, a reply adds an image, the files are read back as text and as an image, and bad input (a 50 MB file by URL,
 * a base64 body past the request cap, a private URL, an unknown attachment id) is answered clearly with nothing
 * sent to Freshservice.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintServer, type Stack, startStack } from "./stack";

type Content = { type: string; text?: string; data?: string; mimeType?: string };
type Result = { content: Content[]; isError?: boolean };
type Attachment = { id: number; name: string; size: number; content_type: string };

const PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

let stack: Stack;
let client: Client;

async function call(name: string, args: Record<string, unknown>): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}

async function callJson<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const result = await call(name, args);
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  return JSON.parse(result.content[0]?.text ?? "null") as T;
}

async function hostFile(name: string, file: Record<string, unknown>): Promise<string> {
  const url = `${stack.simulator.url}/_simulator/files/${name}`;
  const response = await fetch(url, { method: "PUT", body: JSON.stringify(file) });
  expect(response.status).toBe(204);
  return url;
}

/** Freshservice requests the simulator got while `run` ran. */
async function upstreamDuring(run: () => Promise<unknown>) {
  const before = stack.simulator.simulator.requests.length;
  await run();
  return stack.simulator.simulator.requests.slice(before);
}

beforeAll(async () => {
  stack = await startStack();
  const { url } = await mintServer(stack);
  client = new Client({ name: "e2e-attachments", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
});

afterAll(async () => {
  await client?.close();
  await stack?.stop();
});

describe("attachments through the official SDK client", () => {
  it("creates a ticket with a base64 file and a file by URL, replies with an image, and reads them back", async () => {
    // The simulator on loopback stands in for a public host: loopback is allowed here as ALLOW_LOOPBACK_UPSTREAM
    // allows it for the simulator (wrangler.toml's development vars), never in production.
    const csv = await hostFile("inventory.csv", {
      content_type: "text/csv",
      text: "asset,state\nASSET-101,In Stock\n",
    });
    const { ticket } = await callJson<{ ticket: { id: number; attachments: Attachment[] } }>(
      "create_a_freshservice_ticket",
      {
        email: "john.smith@acme.example",
        subject: "Laptop inventory mismatch",
        description: "<p>See the attached notes and export.</p>",
        status: 2,
        priority: 2,
        attachments: [
          { name: "notes.txt", content_base64: Buffer.from("Counted twice.\nShelf B is empty.\n").toString("base64") },
          { name: "inventory.csv", url: csv },
        ],
      },
    );
    expect(ticket.attachments.map((a) => [a.name, a.content_type, a.size])).toEqual([
      ["notes.txt", "text/plain", 33],
      ["inventory.csv", "text/csv", 31],
    ]);
    const stored = stack.simulator.simulator.tenant().tickets.get(ticket.id);
    expect(stored?.attachments).toHaveLength(2);

    const notes = await call("get_single_freshservice_attachment_content", {
      record_type: "ticket",
      record_id: ticket.id,
      attachment_id: ticket.attachments[0]?.id,
    });
    expect(JSON.parse(notes.content[0]?.text ?? "")).toMatchObject({
      attachment: { name: "notes.txt", content_type: "text/plain", size: 33 },
      on: `ticket ${ticket.id}`,
      text: "Counted twice.\nShelf B is empty.\n",
    });

    const { conversation } = await callJson<{ conversation: { id: number; attachments: Attachment[] } }>(
      "freshservice_ticket_reply",
      {
        id: ticket.id,
        body: "<p>Screenshot attached</p>",
        attachments: [{ name: "pixel.png", content_base64: PIXEL_PNG }],
      },
    );
    const image = await call("get_single_freshservice_attachment_content", {
      record_type: "ticket",
      record_id: ticket.id,
      attachment_id: conversation.attachments[0]?.id,
    });
    expect(image.isError).toBeFalsy();
    expect(JSON.parse(image.content[0]?.text ?? "")).toMatchObject({
      on: `conversation ${conversation.id} (a reply or note) of ticket ${ticket.id}`,
    });
    expect(image.content[1]).toEqual({ type: "image", data: PIXEL_PNG, mimeType: "image/png" });
  });

  it("refuses a 50 MB file by URL before anything is sent to Freshservice", async () => {
    const big = await hostFile("dump.bin", { size: 50_000_000 });
    let result: Result | undefined;
    const sent = await upstreamDuring(async () => {
      result = await call("create_a_freshservice_ticket_note", {
        ticket_id: 58,
        body: "<p>Dump</p>",
        attachments: [{ name: "dump.bin", url: big }],
      });
    });
    expect(result?.isError).toBe(true);
    expect(result?.content[0]?.text).toMatch(
      /^A file could not be attached; Freshservice was not called, so nothing changed\.\n- attachments\[0\] \("dump\.bin"\): .*dump\.bin is larger than 40 MB/,
    );
    expect(sent).toEqual([]);
  });

  it("answers a base64 file past the request cap with what to do instead", async () => {
    const sent = await upstreamDuring(async () => {
      await expect(
        call("create_a_freshservice_ticket_note", {
          ticket_id: 58,
          body: "<p>Too big</p>",
          attachments: [{ name: "big.bin", content_base64: "A".repeat(2 * 1024 * 1024) }],
        }),
      ).rejects.toThrow(/larger than 1048576 bytes\. Nothing was run\. .*\{name, url\}/);
    });
    expect(sent).toEqual([]);
  });

  it("refuses a private URL and answers an unknown attachment id, naming what is there", async () => {
    const privateUrl = await call("create_a_freshservice_ticket_note", {
      ticket_id: 58,
      body: "<p>x</p>",
      attachments: [{ name: "secrets.txt", url: "https://10.1.2.3/secrets.txt" }],
    });
    expect(privateUrl.isError).toBe(true);
    expect(privateUrl.content[0]?.text).toMatch(
      /the URL points at a private address \(10\.1\.2\.3\); only public hosts are fetched/,
    );

    const unknown = await call("get_single_freshservice_attachment_content", {
      record_type: "ticket",
      record_id: 58,
      attachment_id: 123456789,
    });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]?.text).toMatch(
      /^ticket 58 has no attachment 123456789 .*Its attachments: \d+ "globalprotect-error\.png"/,
    );
  });

  it("printed no file content, key or token", () => {
    const printed = stack.logs.join("\n");
    for (const secret of ["sim-api-key", "Counted twice", PIXEL_PNG.slice(0, 40)])
      expect(printed).not.toContain(secret);
  });
});
