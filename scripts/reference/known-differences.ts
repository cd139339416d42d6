/**
 * The accepted differences between the tools and the documentation (scripts/coverage-known-differences.json):
 * each difference key (`tool kind field`) listed under the reason it is accepted. The drift test fails on a
 * difference missing from the list and on a listed one that no longer exists, so the list stays true.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Difference, differenceKey } from "./tool-drift";

export const KNOWN_DIFFERENCES_FILE = fileURLToPath(new URL("../coverage-known-differences.json", import.meta.url));

export interface KnownGroup {
  /** Why these differences are accepted (a documentation slip, a deliberate choice, a misread the parser makes). */
  reason: string;
  /** Difference keys: `<tool> <kind> <field>`. */
  differences: string[];
}

export interface KnownDifferences {
  groups: KnownGroup[];
}

export function loadKnownDifferences(file: string = KNOWN_DIFFERENCES_FILE): KnownDifferences {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Partial<KnownDifferences>;
  return { groups: raw.groups ?? [] };
}

export interface KnownCheck {
  /** Differences found that no group lists. */
  unlisted: Difference[];
  /** Listed keys no difference has any more. */
  stale: string[];
  /** Keys listed more than once. */
  repeated: string[];
  /** Each found difference with the reason it is accepted. */
  accepted: { difference: Difference; reason: string }[];
}

export function checkKnown(differences: Difference[], known: KnownDifferences): KnownCheck {
  const reasons = new Map<string, string>();
  const repeated: string[] = [];
  for (const group of known.groups)
    for (const key of group.differences) {
      if (reasons.has(key)) repeated.push(key);
      reasons.set(key, group.reason);
    }
  const found = new Set(differences.map(differenceKey));
  const unlisted = differences.filter((difference) => !reasons.has(differenceKey(difference)));
  const accepted = differences.flatMap((difference) => {
    const reason = reasons.get(differenceKey(difference));
    return reason === undefined ? [] : [{ difference, reason }];
  });
  return { unlisted, stale: [...reasons.keys()].filter((key) => !found.has(key)), repeated, accepted };
}
