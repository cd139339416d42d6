/** Finds the Chromium-family browser the browser tests drive (playwright-core launches it; nothing is downloaded). Pure: the environment and file checks are passed in. */
import { join } from "node:path";
import { type Env, isExecutableFile, missingTool, type ToolLookup } from "./missing-tool";

/** Names a browser explicitly; a path that is not an executable file fails the tests rather than being ignored. */
export const BROWSER_ENV = "CHROME_PATH";
/** Looked up on PATH in this order: Debian's and Ubuntu's Chromium, then Google Chrome's Linux package. */
export const BROWSER_COMMANDS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] as const;
/** Where the macOS installers (and Homebrew casks) put the browsers; macOS puts no browser on PATH. */
export const MACOS_BROWSERS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
] as const;

export interface BrowserHost {
  env: Env;
  platform: NodeJS.Platform;
  isExecutable: (path: string) => boolean;
}

export function findBrowser({ env, platform, isExecutable }: BrowserHost): ToolLookup {
  const named = env[BROWSER_ENV];
  if (named) {
    if (isExecutable(named)) return { found: true, path: named };
    return {
      found: false,
      fail: true,
      message: `${BROWSER_ENV} is "${named}", which is not an executable file: point it at a Chromium-family browser or unset it.`,
    };
  }
  const directories = (env.PATH ?? "").split(platform === "win32" ? ";" : ":").filter(Boolean);
  for (const command of BROWSER_COMMANDS) {
    for (const directory of directories) {
      const path = join(directory, command);
      if (isExecutable(path)) return { found: true, path };
    }
  }
  if (platform === "darwin") {
    for (const path of MACOS_BROWSERS) if (isExecutable(path)) return { found: true, path };
  }
  return missingTool(
    env,
    `the browser tests need Chromium or Google Chrome and found neither (${BROWSER_COMMANDS.join(", ")} on PATH` +
      `${platform === "darwin" ? ", /Applications" : ""}): install one (Debian or Ubuntu: apt-get install chromium;` +
      ` macOS: brew install --cask chromium) or set ${BROWSER_ENV} to one.`,
  );
}

/** This machine's browser for the tests, as findBrowser sees it. */
export function machineBrowser(): ToolLookup {
  return findBrowser({ env: process.env, platform: process.platform, isExecutable: isExecutableFile });
}
