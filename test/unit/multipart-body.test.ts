/** A body with files as Freshservice takes it: bracket-notation form fields and repeated `attachments[]` parts. */
import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { buildUpstreamRequest } from "../../worker/upstream/build-request";
import { formFields, multipartBody } from "../../worker/upstream/multipart-body";

const tool = (name: string) => {
  const found = bundledCatalog().find((t) => t.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

describe("form fields", () => {
  it("writes scalars as text, lists as name[], objects as name[key], lists of objects as name[][key]", () => {
    expect(
      formFields({
        subject: "VPN down",
        status: 2,
        urgent: true,
        ratio: 0.5,
        cc_emails: ["a@example.com", "b@example.com"],
        custom_fields: { cf_site: "Berlin", cf_count: 3, cf_vip: false, cf_tags: ["x", "y"] },
        assets: [{ display_id: 3 }, { display_id: 4 }],
        problem: { display_id: 9 },
      }),
    ).toEqual([
      ["subject", "VPN down"],
      ["status", "2"],
      ["urgent", "true"],
      ["ratio", "0.5"],
      ["cc_emails[]", "a@example.com"],
      ["cc_emails[]", "b@example.com"],
      ["custom_fields[cf_site]", "Berlin"],
      ["custom_fields[cf_count]", "3"],
      ["custom_fields[cf_vip]", "false"],
      ["custom_fields[cf_tags][]", "x"],
      ["custom_fields[cf_tags][]", "y"],
      ["assets[][display_id]", "3"],
      ["assets[][display_id]", "4"],
      ["problem[display_id]", "9"],
    ]);
  });

  it("leaves out nulls and empty lists, which a form can't write", () => {
    expect(formFields({ a: null, b: [], c: { d: null }, e: "" })).toEqual([["e", ""]]);
  });

  it("refuses a list of lists", () => {
    expect(() => formFields({ matrix: [[1]] })).toThrow(/list of lists/);
  });
});

describe("the multipart body", () => {
  it("holds the fields, then one attachments[] part per file with its name and media type", async () => {
    const form = multipartBody(
      [
        ["body", "<p>Logs attached</p>"],
        ["cc_emails[]", "a@example.com"],
      ],
      [
        { name: "vpn.log", contentType: "text/plain", data: new Blob(["line 1\n"]) },
        { name: 'odd "name".png', contentType: "image/png", data: new Blob([new Uint8Array([0x89, 0x50])]) },
      ],
    );
    const request = new Request("https://example.com/", { method: "POST", body: form });
    const contentType = request.headers.get("content-type") ?? "";
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const text = await request.text();
    expect(text).toContain('name="body"\r\n\r\n<p>Logs attached</p>');
    expect(text).toContain('name="cc_emails[]"\r\n\r\na@example.com');
    expect(text).toContain('name="attachments[]"; filename="vpn.log"\r\nContent-Type: text/plain\r\n\r\nline 1\n');
    // The quote is escaped, so a name can't end the header early.
    expect(text).toContain('filename="odd %22name%22.png"\r\nContent-Type: image/png');
    // A standard parser reads it back the same: two files under the one repeated name.
    const parsed = await new Request("https://example.com/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: text,
    }).formData();
    expect(parsed.getAll("attachments[]").map((f) => (f as unknown as File).name)).toEqual([
      "vpn.log",
      'odd "name".png',
    ]);
  });
});

describe("building a request with files", () => {
  it("sends a reply with attachments as multipart fields, and the same reply without them as JSON", () => {
    const reply = tool("freshservice_ticket_reply");
    const files = [{ name: "a.txt", content_base64: "aGk=" }];
    const withFiles = buildUpstreamRequest(reply, {
      id: 5,
      body: "<p>hi</p>",
      cc_emails: ["a@example.com"],
      attachments: files,
    });
    expect(withFiles).toMatchObject({
      method: "POST",
      pathAndQuery: "/api/v2/tickets/5/reply",
      multipart: {
        fields: [
          ["body", "<p>hi</p>"],
          ["cc_emails[]", "a@example.com"],
        ],
        attachments: files,
      },
    });
    expect(withFiles.body).toBeUndefined();
    const withoutFiles = buildUpstreamRequest(reply, { id: 5, body: "<p>hi</p>" });
    expect(withoutFiles).toEqual({
      method: "POST",
      pathAndQuery: "/api/v2/tickets/5/reply",
      body: '{"body":"<p>hi</p>"}',
    });
  });

  it("gives exactly the ticket create, reply and note tools an attachments argument", () => {
    const withFiles = bundledCatalog()
      .filter((t) => "attachments" in t.inputSchema.properties)
      .map((t) => t.name);
    expect(withFiles).toEqual([
      "create_a_freshservice_ticket",
      "freshservice_ticket_reply",
      "create_a_freshservice_ticket_note",
    ]);
    expect(tool("create_a_freshservice_ticket").inputSchema.properties.attachments).toMatchObject({
      type: "array",
      maxItems: 10,
      items: { required: ["name"], additionalProperties: false },
    });
  });
});
