/**
 * Attachments through the Worker in workerd, against the simulator: files sent with a ticket's create, reply and
 * note as Freshservice takes them (multipart), refused clearly before anything is sent when they can't be had.
 */
import { describe, expect, it } from "vitest";
import {
  createAccount,
  dispatch,
  MCP_HEADERS,
  mint,
  rpc,
  rpcResult,
  simulatorControl,
  simulatorRequests,
} from "./helpers";

type ToolResult = { content: { type: string; text?: string; data?: string; mimeType?: string }[]; isError: boolean };
type Attachment = { id: number; name: string; size: number; content_type: string };

async function serverUrl(config: Record<string, unknown> = {}) {
  const { id } = await createAccount();
  return (await mint(id, { config })).url;
}

async function callTool(url: string, name: string, args: Record<string, unknown>) {
  const { result, error } = await rpcResult<ToolResult>(url, "tools/call", { name, arguments: args });
  if (!result) throw new Error(`no result: ${JSON.stringify(error)}`);
  return result;
}

const base64 = (text: string) => btoa(text);

/** The requests the simulator received during `run`. */
async function upstreamDuring(run: () => Promise<unknown>) {
  const before = (await simulatorRequests()).length;
  await run();
  return (await simulatorRequests()).slice(before);
}

async function hostFile(name: string, file: Record<string, unknown>) {
  const response = await simulatorControl(`files/${name}`, { method: "PUT", body: JSON.stringify(file) });
  expect(response.status).toBe(204);
}

describe("attaching files", () => {
  it("creates a ticket with a base64 text file: one multipart request, the file on the ticket", async () => {
    const url = await serverUrl();
    let result: ToolResult | undefined;
    const sent = await upstreamDuring(async () => {
      result = await callTool(url, "create_a_freshservice_ticket", {
        email: "john.smith@acme.example",
        subject: "Printer log",
        description: "<p>See attached</p>",
        status: 2,
        priority: 2,
        tags: ["printing"],
        attachments: [{ name: "printer.log", content_base64: base64("jam at tray 2\n") }],
      });
    });
    expect(result?.isError, result?.content[0]?.text).toBe(false);
    const { ticket } = JSON.parse(result?.content[0]?.text ?? "") as { ticket: { attachments: Attachment[] } };
    expect(ticket.attachments).toMatchObject([{ name: "printer.log", size: 14, content_type: "text/plain" }]);
    const creates = sent.filter((r) => r.method === "POST" && r.path === "/api/v2/tickets");
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toMatchObject({
      subject: "Printer log",
      priority: "2",
      tags: ["printing"],
      attachments: [{ name: "printer.log", content_type: "text/plain", size: 14 }],
    });
    expect((creates[0] as unknown as { headers: Record<string, string> }).headers["content-type"]).toMatch(
      /^multipart\/form-data; boundary=/,
    );
  });

  it("replies with two files, one base64 and one fetched from an https URL", async () => {
    await hostFile("diagnostics.csv", { content_type: "text/csv", text: "host,ok\nvpn-gw-01,false\n" });
    const url = await serverUrl();
    const result = await callTool(url, "freshservice_ticket_reply", {
      id: 58,
      body: "<p>Two files</p>",
      attachments: [
        { name: "steps.txt", content_base64: base64("1. reboot\n2. reconnect\n") },
        { name: "diagnostics.csv", url: "https://files.example.com/_simulator/files/diagnostics.csv" },
      ],
    });
    expect(result.isError, result.content[0]?.text).toBe(false);
    const { conversation } = JSON.parse(result.content[0]?.text ?? "") as {
      conversation: { attachments: Attachment[] };
    };
    expect(conversation.attachments).toMatchObject([
      { name: "steps.txt", content_type: "text/plain", size: 23 },
      { name: "diagnostics.csv", content_type: "text/csv", size: 24 },
    ]);
  });

  it("sends a reply without attachments as JSON, as before", async () => {
    const url = await serverUrl();
    const sent = await upstreamDuring(() =>
      callTool(url, "freshservice_ticket_reply", { id: 58, body: "<p>Plain</p>" }),
    );
    const reply = sent.find((r) => r.path === "/api/v2/tickets/58/reply");
    expect(reply?.body).toEqual({ body: "<p>Plain</p>" });
  });

  it("refuses a 50 MB base64 file while reading the request (1 MiB cap), before any upstream call", async () => {
    const url = await serverUrl();
    // The body is made as it is read: the Worker stops at its cap, so the 50 MB are never built or held.
    const head = new TextEncoder().encode(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_a_freshservice_ticket_note","arguments":{"ticket_id":58,"body":"x","attachments":[{"name":"big.iso","content_base64":"',
    );
    const chunk = new TextEncoder().encode("A".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        else if (sent > 50_000_000) controller.close();
        else controller.enqueue(chunk);
        sent += sent === 0 ? 1 : chunk.byteLength;
      },
    });
    let response: Response | undefined;
    const upstream = await upstreamDuring(async () => {
      response = await dispatch(new Request(url, { method: "POST", headers: MCP_HEADERS, body }));
    });
    expect(response?.status).toBe(413);
    const answer = (await response?.json()) as { error: { message: string } };
    expect(answer.error.message).toMatch(/larger than 1048576 bytes\. Nothing was run\..*\{name, url\}/);
    expect(upstream).toEqual([]);
    expect(sent).toBeLessThan(4 * 1024 * 1024);
  });

  it("refuses a 50 MB file by URL from its size, before anything is sent to Freshservice", async () => {
    await hostFile("disk.img", { size: 50_000_000 });
    const url = await serverUrl();
    let result: ToolResult | undefined;
    const upstream = await upstreamDuring(async () => {
      result = await callTool(url, "create_a_freshservice_ticket_note", {
        ticket_id: 58,
        body: "<p>Image</p>",
        attachments: [{ name: "disk.img", url: "https://files.example.com/_simulator/files/disk.img" }],
      });
    });
    expect(result?.isError).toBe(true);
    expect(result?.content[0]?.text).toBe(
      "A file could not be attached; Freshservice was not called, so nothing changed.\n- attachments[0] (\"disk.img\"): https://files.example.com/_simulator/files/disk.img is larger than 40 MB for all of a call's files (Freshservice's limit for a ticket's attachments)",
    );
    expect(upstream.filter((r) => r.path.startsWith("/api/v2"))).toEqual([]);
  });

  it.each([
    ["a private address", "https://192.168.1.10/report.pdf", /points at a private address \(192\.168\.1\.10\)/],
    ["the metadata address in decimal", "https://2852039166/latest", /a link-local address \(169\.254\.169\.254\)/],
    ["plain http", "http://files.example.com/a.txt", /uses http; only https URLs are fetched/],
    [
      "a redirect to a private address",
      "https://files.example.com/_simulator/files/to-private",
      /redirected to a URL the server won't fetch: the URL points at a private address \(10\.0\.0\.7\)/,
    ],
  ])("refuses %s, and sends nothing", async (_, fileUrl, problem) => {
    // (Loopback is allowed here, as ALLOW_LOOPBACK_UPSTREAM allows the simulator; never in production.)
    await hostFile("to-private", { redirect: "https://10.0.0.7/secret" });
    const url = await serverUrl();
    let result: ToolResult | undefined;
    const upstream = await upstreamDuring(async () => {
      result = await callTool(url, "create_a_freshservice_ticket_note", {
        ticket_id: 58,
        body: "<p>x</p>",
        attachments: [{ name: "a.txt", url: fileUrl }],
      });
    });
    expect(result?.isError).toBe(true);
    expect(result?.content[0]?.text).toMatch(problem);
    expect(upstream.filter((r) => r.path.startsWith("/api/v2"))).toEqual([]);
  });

  it("refuses a file given both ways, or not base64, listing the problem by its place", async () => {
    const url = await serverUrl();
    const both = await callTool(url, "create_a_freshservice_ticket_note", {
      ticket_id: 58,
      body: "x",
      attachments: [{ name: "a.txt", content_base64: "aGk=", url: "https://files.example.com/a.txt" }],
    });
    expect(both.content[0]?.text).toMatch(/attachments\[0\] \("a\.txt"\): give either content_base64 or url/);
    const eleven = await callTool(url, "create_a_freshservice_ticket_note", {
      ticket_id: 58,
      body: "x",
      attachments: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, content_base64: "aGk=" })),
    });
    expect(eleven.content[0]?.text).toMatch(/Invalid arguments; Freshservice was not called\.\n- attachments: /);
  });

  it("a read-only URL has no tool that attaches files", async () => {
    const url = await serverUrl({ methods: ["read"] });
    const response = await rpc(url, "tools/call", {
      name: "create_a_freshservice_ticket_note",
      arguments: { ticket_id: 58, body: "x", attachments: [{ name: "a.txt", content_base64: "aGk=" }] },
    });
    const body = (await response.json()) as { error?: { message: string }; result?: ToolResult };
    expect(body.error?.message ?? body.result?.content[0]?.text).toMatch(/create_a_freshservice_ticket_note/);
  });
});

/** A 1×1 PNG. */
const PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

type ReadDoc = {
  attachment: { id: number; name: string; content_type: string; size: number; attachment_url?: string };
  on: string;
  text?: string;
  truncated?: boolean;
  notice?: string;
  content_note?: string;
};

async function readAttachment(url: string, args: Record<string, unknown>) {
  const result = await callTool(url, "get_single_freshservice_attachment_content", args);
  return { result, doc: JSON.parse(result.content[0]?.text ?? "null") as ReadDoc };
}

describe("reading attachments", () => {
  it("reads a text file attached to a note back as text, and an image on a reply as an image item", async () => {
    const url = await serverUrl();
    const note = await callTool(url, "create_a_freshservice_ticket_note", {
      ticket_id: 58,
      body: "<p>Config</p>",
      attachments: [{ name: "vpn.conf", content_base64: base64("gateway = vpn-gw-01\n\tport = 443\n") }],
    });
    const noteFile = (
      JSON.parse(note.content[0]?.text ?? "") as { conversation: { id: number; attachments: Attachment[] } }
    ).conversation;
    const text = await readAttachment(url, {
      record_type: "ticket",
      record_id: 58,
      attachment_id: noteFile.attachments[0]?.id,
    });
    expect(text.result.isError).toBe(false);
    expect(text.result.content).toHaveLength(1);
    expect(text.doc).toMatchObject({
      attachment: { name: "vpn.conf", size: 32 },
      on: `conversation ${noteFile.id} (a reply or note) of ticket 58`,
      // Layout is content: the tab and the line breaks stay.
      text: "gateway = vpn-gw-01\n\tport = 443\n",
    });

    const reply = await callTool(url, "freshservice_ticket_reply", {
      id: 58,
      body: "<p>Screenshot</p>",
      attachments: [{ name: "pixel.png", content_base64: PIXEL_PNG }],
    });
    const image = (JSON.parse(reply.content[0]?.text ?? "") as { conversation: { attachments: Attachment[] } })
      .conversation.attachments[0];
    const shown = await readAttachment(url, { record_type: "ticket", record_id: 58, attachment_id: image?.id });
    expect(shown.result.isError).toBe(false);
    expect(shown.doc).toMatchObject({ attachment: { name: "pixel.png", content_type: "image/png" } });
    expect(shown.result.content[1]).toEqual({ type: "image", data: PIXEL_PNG, mimeType: "image/png" });
  });

  it("reads a seeded text file on a change, and says why a PDF and a large image are not shown", async () => {
    const url = await serverUrl();
    const changes = JSON.parse(
      (await callTool(url, "list_all_freshservice_changes", { limit: 100 })).content[0]?.text ?? "",
    ) as { changes: { id: number; attachments: Attachment[] }[] };
    const change = changes.changes.find((c) => c.attachments.length);
    const plan = await readAttachment(url, {
      record_type: "change",
      record_id: change?.id,
      attachment_id: change?.attachments[0]?.id,
    });
    expect(plan.doc.text).toMatch(/rollback-plan\.txt: connection to gateway lost/);
    expect(plan.doc.text?.length).toBe(1204);

    const contracts = JSON.parse(
      (await callTool(url, "list_all_freshservice_contracts", {})).content[0]?.text ?? "",
    ) as {
      contracts: { id: number; has_attachments: boolean }[];
    };
    const contract = contracts.contracts.find((c) => c.has_attachments);
    const files = JSON.parse(
      (await callTool(url, "list_all_freshservice_contract_attachments", { contract_id: contract?.id })).content[0]
        ?.text ?? "",
    ) as { attachments: Attachment[] };
    const pdf = await readAttachment(url, {
      record_type: "contract",
      record_id: contract?.id,
      attachment_id: files.attachments[0]?.id,
    });
    expect(pdf.result.isError).toBe(false);
    expect(pdf.doc).toMatchObject({
      attachment: { name: "signed-contract.pdf", content_type: "application/pdf", size: 248_113 },
      content_note:
        "Not shown: application/pdf is neither text nor an image a client can show (PNG, JPEG, GIF, WebP). Open attachment_url to see it.",
    });

    const ticket = JSON.parse(
      (await callTool(url, "get_single_freshservice_ticket_by_id", { id: 58 })).content[0]?.text ?? "",
    ).ticket as { attachments: Attachment[] };
    const large = ticket.attachments.find((a) => a.name === "globalprotect-error.png");
    const sent = await upstreamDuring(async () => {
      const screenshot = await readAttachment(url, { record_type: "ticket", record_id: 58, attachment_id: large?.id });
      expect(screenshot.doc.content_note).toMatch(
        /^Not shown: as base64 the image would not fit this connection's result cap of 64 KB \(images up to 46\.5 KB fit/,
      );
    });
    // Known too large from its size: not downloaded.
    expect(sent.map((r) => r.path)).toEqual(["/api/v2/tickets/58"]);
  });

  it("cuts a text file at the URL's result cap, saying so", async () => {
    const url = await serverUrl({ max_result_bytes: 4096 });
    const note = [
      ...(
        (await (await simulatorControl("state")).json()) as {
          conversations: { ticket_id: number; attachments: Attachment[] }[];
        }
      ).conversations,
    ].find((c) => c.ticket_id === 58 && c.attachments.some((a) => a.name === "PanGPS.log"));
    const log = await readAttachment(url, {
      record_type: "ticket",
      record_id: 58,
      attachment_id: note?.attachments[0]?.id,
    });
    expect(log.doc.truncated).toBe(true);
    expect(log.doc.notice).toMatch(
      /Only the beginning of the file is shown: it is larger than this connection's result cap of 4 KB/,
    );
    expect(new TextEncoder().encode(log.result.content[0]?.text ?? "").length).toBeLessThanOrEqual(4096 + 1024);
  });

  it("answers an unknown attachment id with the record's attachments, downloading nothing", async () => {
    const url = await serverUrl();
    let result: ToolResult | undefined;
    const sent = await upstreamDuring(async () => {
      result = await callTool(url, "get_single_freshservice_attachment_content", {
        record_type: "ticket",
        record_id: 58,
        attachment_id: 424242,
      });
    });
    expect(result?.isError).toBe(true);
    expect(result?.content[0]?.text).toMatch(
      /^ticket 58 has no attachment 424242 \(looked at the ticket and its first 100 replies and notes\); nothing was downloaded\. Its attachments: \d+ "globalprotect-error\.png", \d+ "PanGPS\.log"/,
    );
    expect(sent.some((r) => r.path.startsWith("/api/v2/attachments"))).toBe(false);
    const missing = await callTool(url, "get_single_freshservice_attachment_content", {
      record_type: "ticket",
      record_id: 999999,
      attachment_id: 1,
    });
    expect(missing.isError).toBe(true);
    expect(missing.content[0]?.text).toMatch(/404/);
  });

  it("is listed where the URL may read records with attachments, with only the kinds it may read", async () => {
    const list = async (config: Record<string, unknown>) => {
      const { result } = await rpcResult<{
        tools: { name: string; inputSchema: { properties: Record<string, { enum?: string[] }> } }[];
      }>(await serverUrl(config), "tools/list");
      return result?.tools.find((t) => t.name === "get_single_freshservice_attachment_content");
    };
    expect((await list({ methods: ["read"] }))?.inputSchema.properties.record_type?.enum).toEqual([
      "ticket",
      "change",
      "problem",
      "release",
      "contract",
    ]);
    expect((await list({ tags: ["changes"] }))?.inputSchema.properties.record_type?.enum).toEqual(["change"]);
    expect(await list({ tags: ["assets"] })).toBeUndefined();
    // A URL limited to changes can't reach a ticket's file by its id.
    const changesOnly = await serverUrl({ tags: ["changes"] });
    const refused = await callTool(changesOnly, "get_single_freshservice_attachment_content", {
      record_type: "ticket",
      record_id: 58,
      attachment_id: 1,
    });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/record_type/);
  });
});
