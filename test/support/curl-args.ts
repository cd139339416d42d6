/**
 * A curl command line (already split into words by a shell parser) as the HTTP request curl would send: the flags
 * the manual's examples use, with curl's own defaults. A flag it doesn't know is an error, never skipped, so an
 * example that uses one can't pass unrun.
 */

export interface CurlRequest {
  method: string;
  url: string;
  /** In the order given; curl sends a repeated header twice. */
  headers: [string, string][];
  body?: string;
  /** `-i`: the reader sees the status line and headers too. */
  include: boolean;
  /** `-w`: what curl prints after the body (`%{http_code}` and the like), as written. */
  writeOut?: string;
}

/** Flags that only change what curl prints, not the request. */
const OUTPUT_FLAGS: Record<string, string> = {
  s: "silent",
  S: "show-error",
  f: "fail",
  i: "include",
  v: "verbose",
};
/** Flags that take a value: short letter → long name. */
const VALUE_FLAGS: Record<string, string> = {
  X: "request",
  H: "header",
  d: "data",
  u: "user",
  w: "write-out",
  o: "output",
};
/** The long data flags: whether curl strips CR and LF from the value (`-d` does, `--data-binary` doesn't). */
const DATA_FLAGS: Record<string, { stripNewlines: boolean; atIsFile: boolean }> = {
  data: { stripNewlines: true, atIsFile: true },
  "data-ascii": { stripNewlines: true, atIsFile: true },
  "data-raw": { stripNewlines: true, atIsFile: false },
  "data-binary": { stripNewlines: false, atIsFile: true },
};
const VALUE_LONG = new Set([...Object.values(VALUE_FLAGS), ...Object.keys(DATA_FLAGS)]);
const OUTPUT_LONG = new Set(Object.values(OUTPUT_FLAGS));

/** Parses the words after `curl`. Throws on anything it can't turn into the exact request curl would send. */
export function parseCurlArgs(words: readonly string[]): CurlRequest {
  const options: [string, string | true][] = [];
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const takeValue = (flag: string): string => {
      const value = words[++i];
      if (value === undefined) throw new Error(`curl: ${flag} needs a value`);
      return value;
    };
    if (word.startsWith("--")) {
      const [name, inline] = splitLong(word.slice(2));
      if (VALUE_LONG.has(name)) options.push([name, inline ?? takeValue(word)]);
      else if (OUTPUT_LONG.has(name) && inline === undefined) options.push([name, true]);
      else throw new Error(`curl: unsupported option ${word}`);
    } else if (word.startsWith("-") && word.length > 1) {
      // A bundle of short flags (`-sS`); a flag that takes a value ends it (`-XPOST` or `-X POST`).
      for (let j = 1; j < word.length; j++) {
        const letter = word[j] as string;
        const output = OUTPUT_FLAGS[letter];
        const valued = VALUE_FLAGS[letter];
        if (output) options.push([output, true]);
        else if (valued) {
          const rest = word.slice(j + 1);
          options.push([valued, rest === "" ? takeValue(`-${letter}`) : rest]);
          break;
        } else throw new Error(`curl: unsupported option -${letter}`);
      }
    } else positional.push(word);
  }
  if (positional.length !== 1) throw new Error(`curl: expected one URL, got ${positional.length}`);
  return buildRequest(positional[0] as string, options);
}

function splitLong(flag: string): [string, string | undefined] {
  const equals = flag.indexOf("=");
  return equals < 0 ? [flag, undefined] : [flag.slice(0, equals), flag.slice(equals + 1)];
}

function buildRequest(rawUrl: string, options: [string, string | true][]): CurlRequest {
  const headers: [string, string][] = [];
  const data: string[] = [];
  let method: string | undefined;
  let include = false;
  let writeOut: string | undefined;
  for (const [name, value] of options) {
    if (value === true) {
      if (name === "include") include = true;
      continue;
    }
    const dataFlag = DATA_FLAGS[name];
    if (dataFlag) {
      if (dataFlag.atIsFile && value.startsWith("@")) throw new Error(`curl: --${name} ${value} reads a file`);
      data.push(dataFlag.stripNewlines ? value.replace(/[\r\n]/g, "") : value);
    } else if (name === "request") method = value;
    else if (name === "header") headers.push(parseHeader(value));
    else if (name === "user") headers.push(["Authorization", basicAuth(value)]);
    else if (name === "write-out") writeOut = value;
    else if (name === "output") throw new Error("curl: -o writes a file");
  }
  const body = data.length > 0 ? data.join("&") : undefined;
  // curl's defaults: POST when there is data, and a form content type unless one is given.
  if (body !== undefined && !headers.some(([key]) => key.toLowerCase() === "content-type"))
    headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
  return {
    method: method ?? (body === undefined ? "GET" : "POST"),
    url: /^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl) ? rawUrl : `http://${rawUrl}`,
    headers,
    body,
    include,
    writeOut,
  };
}

function parseHeader(value: string): [string, string] {
  const colon = value.indexOf(":");
  if (colon <= 0) throw new Error(`curl: header without a name and a colon: ${value}`);
  return [value.slice(0, colon).trim(), value.slice(colon + 1).trim()];
}

function basicAuth(credentials: string): string {
  // Without a colon curl would prompt for the password: not something an example can do.
  if (!credentials.includes(":")) throw new Error("curl: -u without a password prompts for one");
  return `Basic ${Buffer.from(credentials).toString("base64")}`;
}
