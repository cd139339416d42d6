/** The manual's curl examples as the README test reads them: the curl flag parser and the Markdown extraction. */
import { describe, expect, it } from "vitest";
import { parseCurlArgs } from "../support/curl-args";
import { curlExamples } from "../support/readme-curls";

describe("parseCurlArgs", () => {
  it.each([
    {
      words: ["-s", "http://w/x"],
      expected: { method: "GET", url: "http://w/x", headers: [], body: undefined, include: false },
    },
    {
      words: ["-s", "-X", "PATCH", "http://w/x", "-H", "Content-Type: application/json", "-d", '{"a":1}'],
      expected: { method: "PATCH", headers: [["Content-Type", "application/json"]], body: '{"a":1}' },
    },
    // Data without -X is a POST, and curl's form content type unless one is given.
    {
      words: ["w/x", "--data", "a=1", "--data-raw", "@b"],
      expected: {
        method: "POST",
        url: "http://w/x",
        headers: [["Content-Type", "application/x-www-form-urlencoded"]],
        body: "a=1&@b",
      },
    },
    { words: ["-sSiXDELETE", "http://w/x"], expected: { method: "DELETE", include: true } },
    { words: ["--request=PUT", "http://w/x"], expected: { method: "PUT" } },
    { words: ["-d", "a\nb", "http://w"], expected: { body: "ab" } },
    { words: ["--data-binary", "a\nb", "http://w"], expected: { body: "a\nb" } },
    {
      words: ["-u", "sim-api-key:X", "http://w"],
      expected: { headers: [["Authorization", `Basic ${btoa("sim-api-key:X")}`]] },
    },
    { words: ["-w", "%{http_code}", "http://w"], expected: { writeOut: "%{http_code}" } },
  ])("$words", ({ words, expected }) => {
    expect(parseCurlArgs(words)).toMatchObject(expected);
  });

  it.each([
    [["-s"], "expected one URL, got 0"],
    [["http://a", "http://b"], "expected one URL, got 2"],
    [["--compressed", "http://w"], "unsupported option --compressed"],
    [["-k", "http://w"], "unsupported option -k"],
    [["http://w", "-X"], "-X needs a value"],
    [["-d", "@body.json", "http://w"], "reads a file"],
    [["-u", "user", "http://w"], "prompts"],
    [["-H", "no colon", "http://w"], "header without a name"],
    [["-o", "out.json", "http://w"], "writes a file"],
  ])("refuses %j", (words, message) => {
    expect(() => parseCurlArgs(words)).toThrow(message);
  });
});

describe("curlExamples", () => {
  const manual = [
    "# Title",
    "```bash",
    "BASE=http://127.0.0.1:8787",
    "curl -s $BASE/a -H 'X: y' \\",
    '  -d \'{"name":"n"}\'   # make one',
    '# → 201 {"id":"…",',
    '#        "name":"…"}',
    "# A note about the next one.",
    "curl -s -X DELETE $BASE/a/<id>",
    "npx something --not-curl",
    "```",
    "```json",
    '{ "command": "npx" }',
    "```",
    "```sh",
    "curl -u k:X http://127.0.0.1:8790/api",
    "```",
  ].join("\n");

  it("finds every curl with its continuation joined, its block and the answer shown after it", () => {
    expect(curlExamples(manual, "M.md")).toEqual([
      {
        where: "M.md:4",
        block: "M.md:2",
        command: "curl -s $BASE/a -H 'X: y'  -d '{\"name\":\"n\"}'   # make one",
        shown: { status: 201, answer: '{"id":"…","name":"…"}' },
      },
      { where: "M.md:9", block: "M.md:2", command: "curl -s -X DELETE $BASE/a/<id>" },
      { where: "M.md:16", block: "M.md:15", command: "curl -u k:X http://127.0.0.1:8790/api" },
    ]);
  });

  it.each([
    ["```bash\nTOKEN=$(curl -s http://w/t)\n```", "curl is not the command here"],
    ["```bash\necho '{}' | curl -d @- http://w\n```", "curl is not the command here"],
    ["```text\ncurl http://w\n```", "a curl in a `text` block"],
  ])("refuses a curl it could not run: %j", (markdown, message) => {
    expect(() => curlExamples(markdown, "M.md")).toThrow(message);
  });
});
