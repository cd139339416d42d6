/** Where the browser tests look for a Chromium-family browser, and what they do when there is none. */
import { describe, expect, it } from "vitest";
import { type BrowserHost, findBrowser } from "../support/find-browser";

const MAC_CHROME = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
const MAC_CHROMIUM = "/Applications/Chromium.app/Contents/MacOS/Chromium";

/** A machine whose only executable files are `files`. */
function host(env: BrowserHost["env"], files: string[], platform: NodeJS.Platform = "linux"): BrowserHost {
  return { env, platform, isExecutable: (path) => files.includes(path) };
}

describe("findBrowser", () => {
  it.each([
    {
      case: "CHROME_PATH naming an existing browser wins over PATH",
      host: host({ CHROME_PATH: "/opt/chrome/chrome", PATH: "/usr/bin" }, ["/opt/chrome/chrome", "/usr/bin/chromium"]),
      path: "/opt/chrome/chrome",
    },
    {
      case: "Debian's chromium on PATH",
      host: host({ PATH: "/usr/local/bin:/usr/bin:/bin" }, ["/usr/bin/chromium"]),
      path: "/usr/bin/chromium",
    },
    {
      case: "Ubuntu's chromium-browser",
      host: host({ PATH: "/usr/bin:/snap/bin" }, ["/snap/bin/chromium-browser"]),
      path: "/snap/bin/chromium-browser",
    },
    {
      case: "Google Chrome's Linux package",
      host: host({ PATH: "/usr/bin" }, ["/usr/bin/google-chrome"]),
      path: "/usr/bin/google-chrome",
    },
    {
      case: "chromium is preferred to google-chrome wherever each is on PATH",
      host: host({ PATH: "/a:/b" }, ["/a/google-chrome", "/b/chromium"]),
      path: "/b/chromium",
    },
    {
      case: "the first PATH directory holding chromium",
      host: host({ PATH: "/a::/b:/c" }, ["/b/chromium", "/c/chromium"]),
      path: "/b/chromium",
    },
    {
      case: "PATH before the macOS applications",
      host: host({ PATH: "/opt/homebrew/bin" }, ["/opt/homebrew/bin/chromium", MAC_CHROME], "darwin"),
      path: "/opt/homebrew/bin/chromium",
    },
    {
      case: "Chromium.app on macOS",
      host: host({ PATH: "/usr/bin" }, [MAC_CHROMIUM, MAC_CHROME], "darwin"),
      path: MAC_CHROMIUM,
    },
    {
      case: "Google Chrome.app on macOS",
      host: host({ PATH: "/usr/bin" }, [MAC_CHROME], "darwin"),
      path: MAC_CHROME,
    },
  ])("$case", ({ host, path }) => {
    expect(findBrowser(host)).toEqual({ found: true, path });
  });

  it.each([
    {
      case: "CHROME_PATH naming a missing file fails even outside CI (and PATH is not used instead)",
      host: host({ CHROME_PATH: "/nowhere/chrome", PATH: "/usr/bin" }, ["/usr/bin/chromium"]),
      fail: true,
      message: /^CHROME_PATH is "\/nowhere\/chrome", which is not an executable file/,
    },
    {
      case: "no browser outside CI: skipped, with how to install one",
      host: host({ PATH: "/usr/bin:/bin" }, []),
      fail: false,
      message: /^Skipped: .*apt-get install chromium.*brew install --cask chromium.*CHROME_PATH/,
    },
    {
      case: "no browser under CI: fails",
      host: host({ PATH: "/usr/bin", CI: "true" }, []),
      fail: true,
      message: /apt-get install chromium.* CI is set, so this fails instead of skipping\.$/,
    },
    {
      case: "the macOS applications are not looked for elsewhere",
      host: host({ PATH: "/usr/bin" }, [MAC_CHROME]),
      fail: false,
      message: /^Skipped: /,
    },
    {
      case: "no PATH at all",
      host: host({}, ["/usr/bin/chromium"]),
      fail: false,
      message: /^Skipped: /,
    },
  ])("$case", ({ host, fail, message }) => {
    const lookup = findBrowser(host);
    expect(lookup).toMatchObject({ found: false, fail });
    expect(lookup.found ? "" : lookup.message).toMatch(message);
    // One line: it is printed as the whole explanation of a skip.
    expect(lookup.found ? "" : lookup.message).not.toContain("\n");
  });
});
