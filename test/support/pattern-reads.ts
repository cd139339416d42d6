/**
 * Counts the work regular expressions are given, without timing anything: every RegExp entry point (`replace`,
 * `split`, `match`, `matchAll`, `search`, `exec`, `test`) is wrapped while `work` runs, and the longest text any
 * of them was handed is reported. A pattern's cost is bounded by the text it reads, so a cap on that text is a
 * bound on the CPU a hostile record can take, whatever the pattern.
 */
const ENTRY_POINTS = [
  Symbol.replace,
  Symbol.split,
  Symbol.match,
  Symbol.matchAll,
  Symbol.search,
  "exec",
  "test",
] as const;

type Entry = (this: RegExp, text: unknown, ...rest: unknown[]) => unknown;

export async function longestPatternInput<T>(work: () => T | Promise<T>): Promise<{ result: T; longest: number }> {
  const prototype = RegExp.prototype as unknown as Record<(typeof ENTRY_POINTS)[number], Entry>;
  const originals = ENTRY_POINTS.map((name) => prototype[name]);
  let longest = 0;
  ENTRY_POINTS.forEach((name, i) => {
    const original = originals[i] as Entry;
    prototype[name] = function (this: RegExp, text: unknown, ...rest: unknown[]) {
      longest = Math.max(longest, String(text).length);
      return original.call(this, text, ...rest);
    };
  });
  try {
    const result = await work();
    return { result, longest };
  } finally {
    ENTRY_POINTS.forEach((name, i) => {
      prototype[name] = originals[i] as Entry;
    });
  }
}
