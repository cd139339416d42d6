/**
 * The curl examples of a Markdown manual, as written: every command in its shell code blocks that runs curl, with
 * its line continuations joined and the answer the manual shows after it (`# → 201 {…}`). A curl the examples
 * can't be run as (inside `$(…)`, after a pipe, in a block that isn't shell) is an error, not a skip.
 */
import { parse } from "shell-quote";

export interface CurlExample {
  /** `README.md:73`: where the command starts. */
  where: string;
  /** `README.md:70`: where its code block opens. A block is one sequence: later commands use what earlier ones made. */
  block: string;
  /** The command on one line (continuations joined), its trailing comment included. */
  command: string;
  /** The answer the manual shows for it: the `# → …` comment right after it, with its indented continuation. */
  shown?: { status?: number; answer: string };
}

const FENCE = /^\s*```(\S*)\s*$/;
const SHELL_LANGUAGES = new Set(["bash", "sh", "shell", "console"]);
/** `# → 201 {…}`: the answer shown for the command above. */
const SHOWN = /^#\s*→\s*(?:(\d{3})\b)?\s*(.*)$/;
/** A shown answer continues on comment lines indented past the `#` (`#        "url":…`). */
const SHOWN_CONTINUATION = /^#\s{2,}(\S.*)$/;

export function curlExamples(markdown: string, file: string): CurlExample[] {
  const examples: CurlExample[] = [];
  const lines = markdown.split("\n");
  let language: string | undefined;
  let block = "";
  let last: CurlExample | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      language = language === undefined ? (fence[1] ?? "") : undefined;
      block = `${file}:${i + 1}`;
      last = undefined;
      continue;
    }
    if (language === undefined) continue;
    const where = `${file}:${i + 1}`;
    if (!SHELL_LANGUAGES.has(language)) {
      if (/\bcurl\s/.test(line)) throw new Error(`${where}: a curl in a \`${language}\` block, not a shell block`);
      continue;
    }
    let command = line.trim();
    while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1)} ${lines[++i]?.trim()}`;
    if (command.startsWith("#")) {
      const shown = SHOWN.exec(command);
      if (shown && last && !last.shown) {
        last.shown = { status: shown[1] ? Number(shown[1]) : undefined, answer: shown[2] ?? "" };
        continue;
      }
      const more = SHOWN_CONTINUATION.exec(command);
      if (more && last?.shown) last.shown.answer += more[1];
      else last = undefined;
      continue;
    }
    if (command === "") continue;
    const words = shellWords(command);
    const curlAt = words.indexOf("curl");
    if (curlAt > 0) throw new Error(`${where}: curl is not the command here (a pipe, $(…) or a prefix): ${command}`);
    if (curlAt === 0) {
      last = { where, block, command };
      examples.push(last);
    } else last = undefined;
  }
  return examples;
}

/** The plain words of a command line, variables left unexpanded: enough to tell which word is the command. */
function shellWords(command: string): string[] {
  return parse(command, (name) => `$${name}`).filter((word): word is string => typeof word === "string");
}
