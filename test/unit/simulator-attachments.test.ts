/**
 * Attachments in the simulator: ticket create, reply and note take multipart/form-data (repeated `attachments[]`
 * parts, the other fields in bracket notation), store the files on the record with ids, names, sizes and types,
 * enforce the 40 MB cap on a ticket's attachments, and serve each file at the documented download paths.
 */
import { describe, expect, it } from "vitest";
import { basicAuth } from "../../simulator/client";
import { formBody } from "../../simulator/files/multipart";
import { DEFAULT_API_KEY } from "../../simulator/simulator";
import { api, freshSimulatorPerTest, sim } from "../support/simulator-fixture";

freshSimulatorPerTest();

function form(
  fields: [string, string][],
  files: [name: string, type: string, content: string | Uint8Array][],
): FormData {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  for (const [name, type, content] of files) body.append("attachments[]", new Blob([content], { type }), name);
  return body;
}

function post(path: string, body: FormData | string, headers: Record<string, string> = {}) {
  return sim.handle(
    new Request(`https://acme.freshservice.com/api/v2${path}`, {
      method: "POST",
      headers: { authorization: basicAuth(DEFAULT_API_KEY), ...headers },
      body,
    }),
  );
}

function download(path: string) {
  return sim.handle(
    new Request(`https://acme.freshservice.com/api/v2${path}`, {
      headers: { authorization: basicAuth(DEFAULT_API_KEY), accept: "*/*" },
    }),
  );
}

/** The VPN ticket the seed gave a screenshot (and a note with a log). */
const vpnTicket = () => [...sim.tenant().tickets.values()].find((t) => t.attachments.length > 0 && !t.deleted);

describe("form fields in bracket notation", () => {
  it("reads lists, objects and lists of objects back, typing only the paths it is told", () => {
    expect(
      formBody(
        [
          ["subject", "123"],
          ["priority", "2"],
          ["tags[]", "vpn"],
          ["tags[]", "urgent"],
          ["custom_fields[cf_vip]", "true"],
          ["custom_fields[cf_affected_users]", "12"],
          ["assets[][display_id]", "101"],
          ["assets[][display_id]", "102"],
          ["private", "nope"],
        ],
        {
          priority: "integer",
          "custom_fields[cf_vip]": "boolean",
          "custom_fields[cf_affected_users]": "integer",
          "assets[][display_id]": "integer",
          private: "boolean",
        },
      ),
    ).toEqual({
      subject: "123",
      priority: 2,
      tags: ["vpn", "urgent"],
      custom_fields: { cf_vip: true, cf_affected_users: 12 },
      assets: [{ display_id: 101 }, { display_id: 102 }],
      // Not a boolean: kept as text, so the endpoint's own check reports it.
      private: "nope",
    });
  });
});

describe("uploads", () => {
  it("creates a ticket from a multipart body, typed as its JSON would be, with the file stored and downloadable", async () => {
    const response = await post(
      "/tickets",
      form(
        [
          ["email", "john.smith@acme.example"],
          ["subject", "Printer jam"],
          ["description", "<p>See the log</p>"],
          ["status", "2"],
          ["priority", "3"],
          ["tags[]", "printing"],
          ["custom_fields[cf_affected_users]", "4"],
          ["custom_fields[cf_vip]", "false"],
        ],
        [["printer.log", "text/plain", "jam at tray 2\n"]],
      ),
    );
    expect(response.status).toBe(201);
    const { ticket } = (await response.json()) as { ticket: Record<string, unknown> & { id: number } };
    expect(ticket).toMatchObject({
      subject: "Printer jam",
      priority: 3,
      tags: ["printing"],
      custom_fields: expect.objectContaining({ cf_affected_users: 4, cf_vip: false }),
      attachments: [{ id: expect.any(Number), name: "printer.log", content_type: "text/plain", size: 14 }],
    });
    const [file] = ticket.attachments as { id: number; attachment_url: string }[];
    expect(file?.attachment_url).toBe(`https://acme.freshservice.com/api/v2/attachments/${file?.id}`);
    const served = await download(`/attachments/${file?.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("text/plain");
    expect(await served.text()).toBe("jam at tray 2\n");
    // The request log keeps the fields and what the files were, not their bytes.
    expect(sim.requests.at(-2)?.body).toMatchObject({
      subject: "Printer jam",
      attachments: [{ name: "printer.log", content_type: "text/plain", size: 14 }],
    });
  });

  it("adds two files to a reply and one to a public note, each on its conversation", async () => {
    const ticket = vpnTicket();
    const reply = await post(
      `/tickets/${ticket?.id}/reply`,
      form(
        [["body", "<p>Two files</p>"]],
        [
          ["a.txt", "text/plain", "first"],
          ["b.png", "image/png", new Uint8Array([0x89, 0x50, 0x4e, 0x47])],
        ],
      ),
    );
    expect(reply.status).toBe(201);
    const { conversation } = (await reply.json()) as { conversation: { id: number; attachments: unknown[] } };
    expect(conversation.attachments).toMatchObject([
      { name: "a.txt", size: 5, content_type: "text/plain" },
      { name: "b.png", size: 4, content_type: "image/png" },
    ]);
    expect(sim.tenant().conversations.get(conversation.id)?.attachments).toHaveLength(2);
    const note = await post(
      `/tickets/${ticket?.id}/notes`,
      form(
        [
          ["body", "<p>Public</p>"],
          ["private", "false"],
        ],
        [["c.csv", "text/csv", "a,b\n"]],
      ),
    );
    expect(note.status).toBe(201);
    expect(await note.json()).toMatchObject({ conversation: { private: false, attachments: [{ name: "c.csv" }] } });
  });

  it("refuses files that would take the ticket's attachments past 40 MB, and stores nothing", async () => {
    const ticket = vpnTicket();
    const before = sim.tenant().conversations.size;
    const response = await post(
      `/tickets/${ticket?.id}/reply`,
      form([["body", "big"]], [["disk.img", "application/octet-stream", new Uint8Array(39_900_000)]]),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      description: "Validation failed",
      errors: [
        {
          field: "attachments",
          message: "The total size of all the ticket's attachments cannot exceed 40 MB",
          code: "invalid_value",
        },
      ],
    });
    expect(sim.tenant().conversations.size).toBe(before);
  });

  it("takes multipart only where files are documented, and files only as attachments[]", async () => {
    const elsewhere = await post("/problems", form([["subject", "x"]], [["a.txt", "text/plain", "x"]]));
    expect(elsewhere.status).toBe(415);
    const stray = new FormData();
    stray.append("body", "x");
    stray.append("file", new Blob(["x"]), "a.txt");
    const response = await post(`/tickets/${vpnTicket()?.id}/notes`, stray);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: "file", code: "invalid_field" }] });
    const broken = await post("/tickets", "--x\r\nnot a part", { "content-type": "multipart/form-data; boundary=x" });
    expect(broken.status).toBe(400);
  });
});

describe("downloads", () => {
  it("serves seeded files at their recorded size and type, contracts at itil_attachments", async () => {
    const note = [...sim.tenant().conversations.values()].find((c) =>
      c.attachments.some((a) => a.name === "PanGPS.log"),
    );
    const log = note?.attachments[0];
    const served = await download(`/attachments/${log?.id}`);
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(52_871);
    const change = (await api.get("/changes")).body.changes.find(
      (c: { attachments: unknown[] }) => c.attachments.length,
    );
    expect(change.attachments[0]).toMatchObject({ name: "rollback-plan.txt", content_type: "text/plain" });
    const contract = (await api.get("/contracts")).body.contracts.find(
      (c: { has_attachments: boolean }) => c.has_attachments,
    );
    const { attachments } = (await api.get(`/contracts/${contract.id}/attachments`)).body;
    expect(attachments).toMatchObject([{ name: "signed-contract.pdf", content_type: "application/pdf" }]);
    const pdf = await download(`/itil_attachments/${attachments[0].id}`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    // Each endpoint serves its own records only.
    expect((await download(`/attachments/${attachments[0].id}`)).status).toBe(404);
    expect((await download("/attachments/99")).status).toBe(404);
  });
});

describe("hosted files (control API)", () => {
  it("serves a file, a made-up file of a size, and a redirect, on any host", async () => {
    const control = (name: string, body?: unknown) =>
      sim.handle(
        new Request(`https://files.example.com/_simulator/files/${name}`, {
          method: body === undefined ? "GET" : "PUT",
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    expect((await control("notes.txt", { content_type: "text/plain", text: "hello" })).status).toBe(204);
    expect((await control("big.bin", { size: 300_000 })).status).toBe(204);
    expect((await control("moved", { redirect: "https://files.example.com/_simulator/files/notes.txt" })).status).toBe(
      204,
    );
    expect(await (await control("notes.txt")).text()).toBe("hello");
    const big = await control("big.bin");
    expect(big.headers.get("content-length")).toBe("300000");
    expect((await big.arrayBuffer()).byteLength).toBe(300_000);
    const moved = await control("moved");
    expect([moved.status, moved.headers.get("location")]).toEqual([
      302,
      "https://files.example.com/_simulator/files/notes.txt",
    ]);
    expect((await control("missing")).status).toBe(404);
  });
});
