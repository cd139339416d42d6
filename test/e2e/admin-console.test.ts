/**
 * The admin console in a real browser (Chromium or Chrome through playwright-core): sign in, add an account on
 * the simulator, create a read-only server, copy its URL, use it with the SDK client, see the call in the audit
 * trail, revoke it and see the URL answer 404; mint a scoped API token for a URL that demands one, use it and revoke
 * it. Fails on any console error or CSP violation; writes a screenshot
 * of each main screen under test-results/admin-console/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { machineBrowser } from "../support/find-browser";
import { toolOrSkip } from "../support/missing-tool";
import { ADMIN_TOKEN, type Stack, startStack } from "./stack";

/** A browser already on the machine (Playwright's download is not used); none skips this file, or fails it in CI. */
const CHROMIUM = toolOrSkip(machineBrowser());
/** Vitest runs no hook of a file whose tests are all skipped: without a browser, no stack is started either. */
const itWithBrowser = it.skipIf(!CHROMIUM);
const SHOTS = "test-results/admin-console";

let stack: Stack;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.workerUrl });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  mkdirSync(SHOTS, { recursive: true });
  for (const [name, png] of shots) writeFileSync(`${SHOTS}/${name}.png`, png);
});

/** Kept in memory and written once the Worker has stopped: a file appearing in the project restarts wrangler. */
const shots = new Map<string, Buffer>();
async function shot(name: string) {
  shots.set(name, await page.screenshot({ fullPage: true }));
}

itWithBrowser("signs in, adds an account, mints a read-only URL, uses it, audits it and revokes it", async () => {
  const response = await page.goto(`${stack.workerUrl}/admin`);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  // A CSP violation is reported to the page as an event; surface it as a console error.
  // (Strings, not functions: this project's TypeScript has no DOM types.)
  await page.evaluate(
    'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI))',
  );
  await shot("1-sign-in");

  // Keyboard only: the token field has its label, Enter submits.
  await page.getByLabel("Admin API token").fill(ADMIN_TOKEN);
  await page.keyboard.press("Enter");
  await page.locator("#accounts-screen").waitFor({ state: "visible" });
  expect(await page.evaluate("localStorage.length")).toBe(0);
  expect(await page.evaluate("Object.keys(sessionStorage).length")).toBe(1);
  expect(page.url()).not.toContain(ADMIN_TOKEN);
  await shot("2-accounts");

  await page.locator("#account-form").getByLabel("Name", { exact: true }).fill("Acme (simulator)");
  await page.getByLabel("Freshservice domain").fill("https://acme.freshservice.com/a/tickets");
  await page.getByLabel("Agent API key").fill("sim-api-key");
  await page.getByLabel("Local simulator URL (development only)").fill(stack.simulator.url);
  await page.getByRole("button", { name: "Add account" }).click();
  await page.locator("#account-screen").waitFor({ state: "visible" });
  await expect.poll(() => page.locator("#account-title").textContent()).toBe("Acme (simulator)");
  expect(await page.locator("#account-meta").textContent()).toContain("acme.freshservice.com");

  await page.locator("#server-form").getByLabel("Name", { exact: true }).fill("Triage (read-only)");
  // The count follows the form: every read tool first, then only the tickets area's.
  await expect
    .poll(() => page.locator("#tool-count").textContent())
    .toMatch(/^\d+ tools will be listed, reaching \d+ of \d+ Freshservice tools\.$/);
  const allReads = await page.locator("#tool-count").textContent();
  await page.getByLabel("tickets", { exact: true }).check();
  await expect.poll(() => page.locator("#tool-count").textContent()).not.toBe(allReads);
  const countText = await page.locator("#tool-count").textContent();
  const count = Number(countText?.split(" ")[0]);
  expect(count).toBeGreaterThan(0);
  await page.getByLabel("write (create, update, delete)").check();
  await page.getByLabel("tickets", { exact: true }).uncheck();
  await expect.poll(() => page.locator("#tool-warnings").textContent()).toContain("Cursor shows only the first 40");
  // Discovery lists its three tools instead, which no client cuts.
  await page.getByLabel("Tool exposure").selectOption("discovery");
  await expect.poll(() => page.locator("#tool-count").textContent()).toMatch(/^3 tools will be listed, reaching /);
  expect(await page.locator("#tool-warnings").textContent()).toBe("");
  await page.getByLabel("Tool exposure").selectOption("all");
  await page.getByLabel("write (create, update, delete)").uncheck();
  await page.getByLabel("tickets", { exact: true }).check();
  await expect.poll(() => page.locator("#tool-count").textContent()).toBe(countText);
  await shot("3-account");
  await page.getByRole("button", { name: "Create MCP server" }).click();
  await page.locator("#minted").waitFor({ state: "visible" });
  await page.getByRole("button", { name: "Copy URL" }).click();
  await expect.poll(() => page.locator("#status").textContent()).toMatch(/URL copied/);
  const url = (await page.evaluate("navigator.clipboard.readText()")) as string;
  expect(url).toBe(await page.getByLabel("MCP server URL").inputValue());
  expect(url).toMatch(/\/mcp\/[\w-]{43}$/);
  await shot("4-url-shown-once");

  const client = new Client({ name: "console-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const { tools } = await client.listTools();
  // The console's count is the list the client got (search and fetch included).
  expect(tools).toHaveLength(count);
  expect(tools.map((t) => t.name)).toContain("search");
  expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
  const result = await client.callTool({ name: "list_all_freshservice_tickets", arguments: { limit: 1 } });
  expect(result.isError).toBeFalsy();
  await client.close();

  // The row is written after the answer; show the trail until it is there.
  await expect
    .poll(async () => {
      const shown = page.waitForResponse((r) => r.url().includes("/logs?"));
      await page.getByRole("button", { name: "Show" }).click();
      await shown;
      // The rows are drawn right after the answer is parsed.
      await page.waitForFunction('document.getElementById("audit-body").childElementCount > 0');
      return page.locator("#audit-body").textContent();
    })
    .toContain("list_all_freshservice_tickets");
  await expect.poll(() => page.locator("#audit-body").textContent()).toContain("Triage (read-only)");
  await shot("5-audit-trail");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke Triage (read-only)" }).click();
  await expect.poll(() => page.locator("#status").textContent()).toBe("Revoked Triage (read-only).");
  expect((await ping(url)).status).toBe(404);
  await shot("6-revoked");

  expect(problems).toEqual([]);
});

itWithBrowser("mints a scoped API token for a URL that demands one, shows it once, and revokes it", async () => {
  await page.locator("#server-form").getByLabel("Name", { exact: true }).fill("CI bot");
  await page.getByLabel("Also require the API token (programmatic clients only)").check();
  await page.getByRole("button", { name: "Create MCP server" }).click();
  // The notice still shows the first test's URL until this one is created.
  await expect.poll(() => page.locator("#status").textContent()).toMatch(/^MCP server CI bot created\./);
  const url = await page.getByLabel("MCP server URL").inputValue();
  await page.getByRole("button", { name: "I stored it" }).click();

  // Keyboard only: focus the server's button, open its tokens, type a name, Enter mints.
  await page.getByRole("button", { name: "API tokens of CI bot" }).focus();
  await page.keyboard.press("Enter");
  await page.locator("#tokens").waitFor({ state: "visible" });
  await expect.poll(() => page.locator("#tokens-body").textContent()).toBe("No API token yet.");
  await page.getByLabel("Token name").fill("Nightly triage");
  await page.keyboard.press("Enter");
  await page.locator("#minted-token").waitFor({ state: "visible" });
  await page.getByRole("button", { name: "Copy API token" }).click();
  await expect.poll(() => page.locator("#status").textContent()).toMatch(/API token copied/);
  const apiToken = (await page.evaluate("navigator.clipboard.readText()")) as string;
  expect(apiToken).toMatch(/^[\w-]{43}$/);
  expect(apiToken).toBe(await page.getByLabel("API token", { exact: true }).inputValue());
  // Listed by name, never with the secret.
  await expect.poll(() => page.locator("#tokens-body").textContent()).toContain("Nightly triage");
  expect(await page.locator("#tokens-body").textContent()).not.toContain(apiToken);
  await shot("7-api-token-shown-once");

  // The URL opens only with the token; the token works.
  expect((await ping(url)).status).toBe(401);
  expect((await ping(url, apiToken)).status).toBe(200);

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke API token Nightly triage" }).click();
  await expect.poll(() => page.locator("#status").textContent()).toBe("Revoked the API token Nightly triage.");
  await expect.poll(() => page.locator("#tokens-body").textContent()).toBe("No API token yet.");
  expect((await ping(url, apiToken)).status).toBe(401);
  await shot("8-api-token-revoked");

  expect(problems).toEqual([]);
});

/** A 2025-era ping on an MCP URL, with a scoped API token when given. */
function ping(url: string, apiToken?: string) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(apiToken ? { authorization: `Bearer ${apiToken}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
  });
}
