/**
 * A JSON body arriving in pieces, written out as one JSON object with keys added at its end: the body's own object
 * (or `{"result": <body>}` for anything else), then the caller's keys before the final `}`. One pass, no parse
 * tree. Written text can't be taken back, so only whole values of the two outer levels are released (a page's
 * records, a single record's fields); the value being read is held back until it ends, and dropped if the body is
 * cut off, breaks off or stops being JSON, so whatever was written closes into a valid document of whole values.
 */

/** Values nested deeper than this (a record's fields inside a page) are released only with their parent. */
const RELEASE_DEPTH = 2;

/** Where the scanner is in the JSON grammar. */
const State = {
  Value: 0, // a value is due (the root, after `:`, after `,` in an array)
  FirstValue: 1, // after `[`: a value or `]`
  FirstKey: 2, // after `{`: a key or `}`
  Key: 3, // after `,` in an object: a key
  Colon: 4, // after a key
  After: 5, // after a value: `,`, the closing bracket, or (at the root) the end
  String: 6,
  Number: 7,
  Literal: 8,
  End: 9, // the root value is complete: only whitespace may follow
} as const;
type State = (typeof State)[keyof typeof State];

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const LITERALS = new Set(["true", "false", "null"]);
/** After a backslash: `"`, `\\`, `/`, b, f, n, r, t (and `u`, handled apart). */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

export class SplicedJson {
  /** Set at the first character that is not JSON; nothing after it is scanned or released. */
  failed = false;
  private state: State = State.Value;
  /** The open brackets, outermost first. */
  private readonly stack: string[] = [];
  /** The body is an object: its own `}` is held back so the added keys can go before it. */
  private objectRoot: boolean | undefined;
  /** Something is written: the root's `{`, or `{"result":`. */
  private started = false;
  /** The document holds a member before the added keys (so they need a comma). */
  private hasMember = false;
  private stringIsKey = false;
  /** Inside a string escape: -1 not, 0 after the backslash, 1..4 hex digits of `\u` still due. */
  private escape = -1;
  private token = "";
  /** Text scanned and not yet released; `pending[0]` is at `pendingAt` in the body. */
  private pending = "";
  private pendingAt = 0;
  /** How much of the body was scanned, and the end of the longest prefix that closes cleanly. */
  private scanned = 0;
  private safeEnd = 0;
  /** The brackets that close the body's prefix up to `safeEnd`. */
  private safeClosers = "";

  /** Scans the next piece of the body; answers the part of the document that can be written now. */
  push(text: string): string {
    if (this.failed || !text) return "";
    if (this.objectRoot === undefined) {
      // Whitespace before the root is not part of the document.
      const start = text.search(/[^ \t\n\r]/);
      if (start < 0) return "";
      this.scanned += start;
      this.pendingAt = this.scanned;
      text = text.slice(start);
      this.objectRoot = text[0] === "{";
    }
    this.pending += text;
    this.scan(text);
    return this.release();
  }

  /** After the body's last piece: whether it was exactly one JSON value. */
  finish(): boolean {
    if (!this.failed && this.stack.length === 0 && (this.state === State.Number || this.state === State.Literal)) {
      this.endToken(this.scanned);
    }
    return !this.failed && this.state === State.End;
  }

  /**
   * The rest of the document: the held-back text dropped, the open brackets closed, then `keys` (those not
   * undefined) and the final `}`. After a complete body, only the body's own `}` was held back.
   */
  close(keys: Record<string, unknown>): string {
    const added = Object.entries(keys)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
      .join(",");
    // finish() may have completed a bare number or literal at the root.
    let out = this.release();
    if (!this.started) out += "{";
    else out += this.objectRoot ? this.safeClosers.slice(0, -1) : this.safeClosers;
    if (added) out += (this.hasMember ? "," : "") + added;
    return `${out}}`;
  }

  /** The text up to the last safe point, and on the first release the wrapper of a body that is not an object. */
  private release(): string {
    if (this.safeEnd <= this.pendingAt) return "";
    const out = this.pending.slice(0, this.safeEnd - this.pendingAt);
    this.pending = this.pending.slice(out.length);
    this.pendingAt = this.safeEnd;
    if (this.started) return out;
    this.started = true;
    if (this.objectRoot) return out;
    this.hasMember = true;
    return `{"result":${out}`;
  }

  /** Marks the body up to `end` as releasable: everything before it closes with the brackets open now. */
  private safe(end: number, afterValue: boolean): void {
    this.safeEnd = end;
    let closers = "";
    for (let i = this.stack.length - 1; i >= 0; i--) closers += this.stack[i] === "{" ? "}" : "]";
    this.safeClosers = closers;
    if (this.objectRoot && (afterValue || this.stack.length > 1)) this.hasMember = true;
  }

  /** How deep the document is at this point: a body that is not an object sits one level down, in `result`. */
  private depth(): number {
    return this.objectRoot ? this.stack.length : this.stack.length + 1;
  }

  private fail(): void {
    this.failed = true;
  }

  /** A value ended at `end` (just past its last character). */
  private valueEnd(end: number): void {
    const depth = this.stack.length;
    if (depth === 0) {
      this.state = State.End;
      // The document's own `}` follows a wrapped body; an object body's `}` is held back for the added keys.
      if (!this.objectRoot) this.safe(end, true);
      return;
    }
    this.state = State.After;
    if (this.depth() <= RELEASE_DEPTH) this.safe(end, true);
  }

  private endToken(end: number): void {
    const valid = this.state === State.Number ? NUMBER.test(this.token) : LITERALS.has(this.token);
    this.token = "";
    if (valid) this.valueEnd(end);
    else this.fail();
  }

  private scan(text: string): void {
    const base = this.scanned;
    this.scanned += text.length;
    let i = 0;
    while (i < text.length && !this.failed) {
      if (this.state === State.String) {
        i = this.scanString(text, i, base);
        continue;
      }
      if (this.state === State.Number || this.state === State.Literal) {
        const inToken = this.state === State.Number ? isNumberChar : isLetter;
        let j = i;
        while (j < text.length && inToken(text.charCodeAt(j))) j++;
        this.token += text.slice(i, j);
        i = j;
        // The token ends at the first other character, which is then read in the state after the value.
        if (j < text.length) this.endToken(base + j);
        continue;
      }
      const code = text.charCodeAt(i++);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
      this.step(text[i - 1] as string, base + i);
    }
  }

  /** One structural character, `end` just past it. */
  private step(c: string, end: number): void {
    const state = this.state;
    if ((state === State.FirstValue && c === "]") || (state === State.FirstKey && c === "}")) this.closeBracket(c, end);
    else if (state === State.Value || state === State.FirstValue) this.startValue(c, end);
    else if (state === State.FirstKey || state === State.Key) this.startKey(c);
    else if (state === State.Colon && c === ":") this.state = State.Value;
    else if (state === State.After && c === ",") this.afterComma();
    else if (state === State.After) this.closeBracket(c, end);
    else this.fail(); // a misplaced character, or anything but whitespace after the root
  }

  private afterComma(): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.fail();
    else this.state = top === "{" ? State.Key : State.Value;
  }

  private startKey(c: string): void {
    if (c !== '"') {
      this.fail();
      return;
    }
    this.state = State.String;
    this.stringIsKey = true;
  }

  private startValue(c: string, end: number): void {
    if (c === "{" || c === "[") {
      this.stack.push(c);
      this.state = c === "{" ? State.FirstKey : State.FirstValue;
      if (this.depth() <= RELEASE_DEPTH) this.safe(end, false);
    } else if (c === '"') {
      this.state = State.String;
      this.stringIsKey = false;
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      this.state = State.Number;
      this.token = c;
    } else if (c >= "a" && c <= "z") {
      this.state = State.Literal;
      this.token = c;
    } else this.fail();
  }

  private closeBracket(c: string, end: number): void {
    const open = this.stack.pop();
    if ((c === "}" && open === "{") || (c === "]" && open === "[")) this.valueEnd(end);
    else this.fail();
  }

  /** Scans string text from `i`; answers where scanning goes on. */
  private scanString(text: string, i: number, base: number): number {
    while (i < text.length) {
      const code = text.charCodeAt(i++);
      if (this.escape === 0) {
        if (code === 0x75)
          this.escape = 4; // \u: four hex digits follow
        else if (SIMPLE_ESCAPES.has(code)) this.escape = -1;
        else return this.failAt(text);
      } else if (this.escape > 0) {
        if (!isHexDigit(code)) return this.failAt(text);
        this.escape = this.escape === 1 ? -1 : this.escape - 1;
      } else if (code === 0x22) {
        if (this.stringIsKey) this.state = State.Colon;
        else this.valueEnd(base + i);
        return i;
      } else if (code === 0x5c) this.escape = 0;
      else if (code < 0x20) return this.failAt(text); // JSON forbids raw control characters in strings
    }
    return i;
  }

  private failAt(text: string): number {
    this.fail();
    return text.length;
  }
}

function isNumberChar(code: number): boolean {
  // 0-9 + - . e E
  return (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e || (code | 0x20) === 0x65;
}

function isLetter(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}
