/**
 * Masks MCP URL tokens in `wrangler dev`'s output: it prints every request line, path included, and the token
 * is in the path. `/mcp/<token>` becomes `/mcp/<first 4 characters>…`, enough to tell URLs apart.
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

/** A token is 43 base64url characters; 16 or more after the kept 4 is surely one. */
const MCP_TOKEN_IN_PATH = /(\/mcp\/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{16,}/g;

export function maskTokens(line: string): string {
  return line.replace(MCP_TOKEN_IN_PATH, "$1$2…");
}

/** Copies `from` to `to` line by line, tokens masked. */
export function pipeMasked(from: Readable, to: Writable): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
    to.write(`${maskTokens(line)}\n`);
  });
}
