import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { maskTokens, pipeMasked } from "../../scripts/mask-tokens";

const TOKEN = "Xq3vH0-9aZbYcXdWeVfUgThSiRjQkPlOmNnMoLpKqJr";

describe("local logs never show a whole MCP token", () => {
  it.each([
    [`[wrangler:info] POST /mcp/${TOKEN} 200 OK (12ms)`, "[wrangler:info] POST /mcp/Xq3v… 200 OK (12ms)"],
    [`http://127.0.0.1:8787/mcp/${TOKEN}/ and /mcp/${TOKEN}`, "http://127.0.0.1:8787/mcp/Xq3v…/ and /mcp/Xq3v…"],
    ["[wrangler:info] POST /mcp 401 Unauthorized (3ms)", "[wrangler:info] POST /mcp 401 Unauthorized (3ms)"],
    ["GET /integrated-account/3f1c 200", "GET /integrated-account/3f1c 200"],
  ])("%s", (line, masked) => {
    expect(maskTokens(line)).toBe(masked);
  });

  it("masks a stream line by line", async () => {
    const from = new PassThrough();
    const to = new PassThrough();
    const out: string[] = [];
    to.on("data", (chunk) => out.push(String(chunk)));
    pipeMasked(from, to);
    from.end(`POST /mcp/${TOKEN.slice(0, 20)}`);
    await new Promise((r) => setTimeout(r, 20));
    expect(out.join("")).toBe("POST /mcp/Xq3v…\n");
    expect(out.join("")).not.toContain(TOKEN.slice(0, 20));
  });
});
