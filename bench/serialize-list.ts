/**
 * `npx tsx bench/serialize-list.ts`: what serializing the full tools/list costs in workerd's isolate against the
 * same JSON.stringify in Node. The first full tools/list of an isolate serializes the whole list once (later ones
 * come from the isolate's cache); this shows how much of that first request is the runtime's JSON.stringify
 * itself. The list is parsed in the isolate from its own JSON, then stringified three times, each profiled alone.
 */
import { Miniflare } from "miniflare";
import { openInspectorSession } from "../test/e2e/inspector-session";
import { bundledCatalog } from "../worker/catalog/bundled-catalog";
import { serializeToolList } from "../worker/tools/tool-list-cache";
import { profileBatch } from "./isolate-cpu";

const SAMPLING_US = 100;
const STRINGIFY_RUNS = 3;
const WORKER_NAME = "serialize-list";

const listText = serializeToolList(bundledCatalog());
const script = `
const text = ${JSON.stringify(listText)};
let list;
export default {
  async fetch(request) {
    if (new URL(request.url).pathname === "/parse") list = JSON.parse(text);
    else JSON.stringify(list);
    return new Response("done");
  },
};`;

const node: number[] = [];
const parsed: unknown = JSON.parse(listText);
for (let run = 0; run < STRINGIFY_RUNS; run++) {
  const started = performance.now();
  JSON.stringify(parsed);
  node.push(performance.now() - started);
}

const mf = new Miniflare({
  name: WORKER_NAME,
  modules: true,
  script,
  compatibilityDate: "2026-04-20",
  inspectorPort: 0,
});
try {
  const url = await mf.ready;
  const session = await openInspectorSession(new URL(`/core:user:${WORKER_NAME}`, await mf.getInspectorURL()).href);
  const profiled = async (path: string) => {
    const batch = await profileBatch(session, () => fetch(new URL(path, url)).then((r) => r.text()), 1, SAMPLING_US);
    return batch.cpu.cpuUs / 1000;
  };
  const parse = await profiled("/parse");
  const workerd: number[] = [];
  for (let run = 0; run < STRINGIFY_RUNS; run++) workerd.push(await profiled("/stringify"));
  session.close();
  const ms = (values: number[]) => values.map((v) => v.toFixed(2)).join(", ");
  console.log(`full tools/list: ${listText.length} characters, ${bundledCatalog().length} tools`);
  console.log(
    `workerd isolate CPU: JSON.parse ${parse.toFixed(2)} ms; JSON.stringify, runs 1..${STRINGIFY_RUNS}: ${ms(workerd)} ms`,
  );
  console.log(`Node ${process.version} JSON.stringify, runs 1..${STRINGIFY_RUNS}: ${ms(node)} ms (wall)`);
} finally {
  await mf.dispose();
}
