/**
 * The sign-in page in a real browser (Chromium or Chrome through playwright-core), both ways: an agent types their
 * own Freshservice API key, and an agent goes through Freshworks (the simulator's org sign-in page) and back. A
 * dynamically registered client waits on a loopback redirect URI; the code it receives buys tokens that work on the
 * MCP URL as that agent. Fails on any console error or CSP violation; writes a screenshot of each page under
 * test-results/oauth-sign-in/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { machineBrowser } from "../support/find-browser";
import { toolOrSkip } from "../support/missing-tool";
import { startRedirectListener } from "../support/oauth-client-metadata";
import { authorizationUrl, discover, exchangeCode, pkce, register } from "../support/oauth-flow";
import { grantsOf, MEI, mintOAuthServer, PRIYA, READ } from "./oauth-servers";
import { type Stack, startStack } from "./stack";

const CHROMIUM = toolOrSkip(machineBrowser());
const itWithBrowser = it.skipIf(!CHROMIUM);
const SHOTS = "test-results/oauth-sign-in";
const CLIENT_NAME = "E2E Browser Client";

let stack: Stack;
let browser: Browser;
const problems: string[] = [];
const shots = new Map<string, Buffer>();

beforeAll(async () => {
  stack = await startStack();
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  mkdirSync(SHOTS, { recursive: true });
  for (const [name, png] of shots) writeFileSync(`${SHOTS}/${name}.png`, png);
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  // Failed loads are judged by their response below: the browser's own favicon requests (the pages name no icon;
  // the client's loopback listener answers only its callback) are not the page's doing.
  page.on("console", (message) => {
    if (message.text().startsWith("Failed to load resource")) return;
    if (message.type() === "error" || message.type() === "warning") problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && url.pathname !== "/favicon.ico")
      problems.push(`${response.status()} ${url.pathname}`);
  });
  page.on("requestfailed", (request) => {
    const url = new URL(request.url());
    if (url.pathname !== "/favicon.ico") problems.push(`failed: ${url.pathname}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return page;
}

/** An OAuth server, a client registered on it with a loopback redirect, and the authorization URL it sends a browser to. */
async function clientOnNewServer() {
  const server = await mintOAuthServer(stack);
  const listener = await startRedirectListener();
  const discovered = await discover(server.url);
  const clientId = await register(discovered.server, [listener.redirectUri], CLIENT_NAME);
  const { verifier, challenge } = pkce();
  const url = authorizationUrl(discovered.server, {
    clientId,
    redirectUri: listener.redirectUri,
    resource: discovered.resource,
    scope: READ,
    state: "browser-state",
    challenge,
  });
  /** The code the browser brought back, exchanged as the client would. */
  async function redeem() {
    const params = await listener.next();
    await listener.close();
    expect(params.get("state")).toBe("browser-state");
    expect(params.get("iss")).toBe(discovered.server.issuer);
    const exchanged = await exchangeCode(discovered.server, {
      code: params.get("code") ?? "",
      verifier,
      clientId,
      redirectUri: listener.redirectUri,
      resource: discovered.resource,
    });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    return exchanged.body.access_token ?? "";
  }
  return { server, url, redeem };
}

/** The sign-in page as the agent first sees it: strict CSP, the client named as unverified, both ways offered. */
async function openSignIn(page: Page, url: URL, shot: string) {
  const response = await page.goto(url.href);
  expect(response?.status()).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  await page.evaluate(
    'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI))',
  );
  await expect(page.getByText(CLIENT_NAME).first().isVisible()).resolves.toBe(true);
  await expect(page.getByRole("button", { name: "Sign in with Freshworks" }).isVisible()).resolves.toBe(true);
  await expect(page.getByRole("button", { name: "Deny" }).isVisible()).resolves.toBe(true);
  shots.set(shot, await page.screenshot({ fullPage: true }));
}

/** A read through the 2.x client with the token the browser's sign-in bought. */
async function readTicket(url: string, accessToken: string) {
  const client = new ClientV2(
    { name: "e2e-browser", version: "1.0.0" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  await client.connect(
    new TransportV2(new URL(url), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }),
  );
  try {
    const result = (await client.callTool({ name: "get_single_freshservice_ticket_by_id", arguments: { id: 58 } })) as {
      isError?: boolean;
      content: { text: string }[];
    };
    expect(result.isError, result.content[0]?.text).toBeFalsy();
  } finally {
    await client.close();
  }
}

itWithBrowser("the API key way: the agent types their own key and the client gets a code", async () => {
  const { server, url, redeem } = await clientOnNewServer();
  const page = await newPage();
  await openSignIn(page, url, "1-sign-in-page");
  await page.getByLabel("Your Freshservice API key").fill(PRIYA.apiKey);
  await page.getByRole("button", { name: "Sign in with my API key" }).click();
  const token = await redeem();
  await page.waitForLoadState();
  shots.set("2-api-key-done", await page.screenshot({ fullPage: true }));
  await readTicket(server.url, token);
  expect(await grantsOf(stack, server)).toEqual([
    expect.objectContaining({ agent_id: PRIYA.id, way: "api_key", client_name: CLIENT_NAME }),
  ]);
  expect(problems).toEqual([]);
  await page.context().close();
});

itWithBrowser("the Freshworks way: the agent signs in at the org and comes back through the Worker", async () => {
  const { server, url, redeem } = await clientOnNewServer();
  const page = await newPage();
  await openSignIn(page, url, "3-sign-in-page");
  await page.getByRole("button", { name: "Sign in with Freshworks" }).click();
  // The simulator's org page (e-mail and password), on its own origin.
  await page.getByLabel("Email").waitFor();
  expect(new URL(page.url()).origin).toBe(stack.simulator.url);
  shots.set("4-freshworks-page", await page.screenshot({ fullPage: true }));
  await page.getByLabel("Email").fill(MEI.email);
  await page.getByLabel("Password").fill("sim-password");
  await page.getByRole("button", { name: "Sign in and allow" }).click();
  const token = await redeem();
  await readTicket(server.url, token);
  expect(await grantsOf(stack, server)).toEqual([
    expect.objectContaining({ agent_id: MEI.id, agent_email: MEI.email, way: "freshworks" }),
  ]);
  // The read went to Freshservice with Mei's Freshworks token.
  const reads = stack.simulator.simulator.requests.filter((r) => r.path === "/api/v2/tickets/58" && r.method === "GET");
  expect(reads.at(-1)).toMatchObject({ agent_id: MEI.id, credential: "oauth" });
  expect(problems).toEqual([]);
  await page.context().close();
});
