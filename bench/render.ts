/**
 * Rewrites BENCHMARKS.md from the last run's bench/results/latest.json without measuring again (after a change
 * to how BENCHMARKS.md is written): `npx tsx bench/render.ts`.
 */
import { readFileSync } from "node:fs";
import { type BenchReport, writeBenchmarksMd } from "./benchmarks-md";

const saved = JSON.parse(readFileSync("bench/results/latest.json", "utf8")) as BenchReport & { date: string };
writeBenchmarksMd({ ...saved, date: new Date(saved.date) });
console.log("wrote BENCHMARKS.md from bench/results/latest.json");
