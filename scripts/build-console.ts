/**
 * The admin console's static files, written from their sources (worker/console/*-page.ts, *-script.ts) into
 * worker/console/assets/, which wrangler uploads as static assets: they stay out of the Worker's bundle (its size
 * and its isolate's start-up), and serve-console.ts adds the console's headers when it hands one out.
 *
 *   npx tsx scripts/build-console.ts        # rewrite the files; a unit test fails while they are out of date
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONSOLE_CSS, CONSOLE_HTML, CONSOLE_ICON } from "../worker/console/console-page";
import { CONSOLE_SCRIPT } from "../worker/console/console-script";
import type { CONSOLE_FILES } from "../worker/console/serve-console";

export const CONSOLE_ASSETS_DIR = resolve(import.meta.dirname, "../worker/console/assets");

/** Each served file's name in the assets directory and its content. */
export function renderConsoleAssets(): Record<string, string> {
  const content: Record<(typeof CONSOLE_FILES)[keyof typeof CONSOLE_FILES]["file"], string> = {
    "admin.html": CONSOLE_HTML,
    "app.js": CONSOLE_SCRIPT,
    "app.css": CONSOLE_CSS,
    "icon.svg": CONSOLE_ICON,
  };
  return content;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const [name, text] of Object.entries(renderConsoleAssets())) writeFileSync(join(CONSOLE_ASSETS_DIR, name), text);
  console.log(`wrote ${Object.keys(renderConsoleAssets()).length} files to ${CONSOLE_ASSETS_DIR}`);
}
