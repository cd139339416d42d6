/**
 * The console's usage panel in a real browser over a seeded audit trail, by keyboard only: the account's and each
 * URL's calls per hour and per day by outcome (read back from the chart's bars and its table), the tools called
 * most, latency and rate-limit headroom. The trail is seeded while no Worker runs on it: a first stack creates the
 * account and its URLs, the calls are written into its local D1, and a second stack serves the same state. Fails
 * on any console error or CSP violation; writes screenshots under test-results/admin-console/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { machineBrowser } from "../support/find-browser";
import { toolOrSkip } from "../support/missing-tool";
import { applyAuditMigrations, type SeededCall, seedAuditTrail } from "./audit-db";
import { ADMIN_TOKEN, type Stack, startStack } from "./stack";

const CHROMIUM = toolOrSkip(machineBrowser());
const itWithBrowser = it.skipIf(!CHROMIUM);
const SHOTS = "test-results/admin-console";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let state: string;
let stack: Stack;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const shots = new Map<string, Buffer>();
let ids: { account: string; triage: string; reporting: string };

/** The current UTC hour and day when the trail was seeded; rows sit 20 minutes into their slot. */
const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
const today = Math.floor(Date.now() / DAY) * DAY;
const hourAgo = (n: number) => thisHour - n * HOUR;
const dayAgo = (n: number) => today - n * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/** `count` calls of one kind. */
function calls(count: number, call: Omit<SeededCall, "account_id" | "duration_ms"> & { duration_ms?: number }) {
  return Array.from({ length: count }, (_, i) => ({
    account_id: ids.account,
    duration_ms: 200,
    ...call,
    at: call.at + i * 1000,
  }));
}

/**
 * The last 24 hours: two hours ago 14 calls (Triage bot: 7 ok, 3 Freshservice errors; Reporting: 4 ok), five
 * hours ago 9 (Triage bot: 3 rate-limited, 3 refused; Reporting: 2 invalid, 1 other), nine hours ago 5 ok (Reporting).
 * Earlier days: 20 ok three days ago (Triage bot), 6 Freshservice errors ten days ago (Reporting).
 */
function seededTrail(): SeededCall[] {
  const { triage, reporting } = ids;
  const slot = (ms: number) => ms + 20 * 60_000;
  const ticketList = "list_all_freshservice_tickets";
  const ticketGet = "get_single_freshservice_ticket_by_id";
  return [
    ...calls(7, { at: slot(hourAgo(2)), mcp_server_id: triage, tool: ticketList, outcome: "ok", duration_ms: 120 }),
    ...calls(2, { at: slot(hourAgo(2)), mcp_server_id: triage, tool: ticketGet, outcome: "upstream_error" }),
    ...calls(1, {
      at: slot(hourAgo(2)),
      mcp_server_id: triage,
      tool: ticketGet,
      outcome: "timeout",
      duration_ms: 25_000,
    }),
    // The account's latest headroom: the last of these.
    ...calls(4, {
      at: slot(hourAgo(2)) + 30_000,
      mcp_server_id: reporting,
      tool: "list_all_freshservice_assets",
      outcome: "ok",
      duration_ms: 300,
      ratelimit_remaining: 57,
    }),
    ...calls(3, {
      at: slot(hourAgo(5)),
      mcp_server_id: triage,
      tool: ticketList,
      outcome: "rate_limited",
      duration_ms: 90,
    }),
    ...calls(2, {
      at: slot(hourAgo(5)),
      mcp_server_id: triage,
      tool: ticketList,
      outcome: "budget_refused",
      duration_ms: 0,
    }),
    ...calls(1, {
      at: slot(hourAgo(5)),
      mcp_server_id: triage,
      tool: "list_all_freshservice_agents",
      outcome: "unknown_tool",
    }),
    ...calls(2, { at: slot(hourAgo(5)), mcp_server_id: reporting, tool: ticketGet, outcome: "invalid_arguments" }),
    ...calls(1, { at: slot(hourAgo(5)), mcp_server_id: reporting, tool: ticketGet, outcome: "cancelled" }),
    ...calls(5, {
      at: slot(hourAgo(9)),
      mcp_server_id: reporting,
      tool: "list_all_freshservice_assets",
      outcome: "ok",
      duration_ms: 400,
      ratelimit_remaining: 180,
    }),
    ...calls(20, { at: slot(dayAgo(3)), mcp_server_id: triage, tool: ticketList, outcome: "ok", duration_ms: 150 }),
    ...calls(6, { at: slot(dayAgo(10)), mcp_server_id: reporting, tool: ticketGet, outcome: "upstream_error" }),
  ];
}

beforeAll(async () => {
  if (!CHROMIUM) return;
  state = mkdtempSync(join(tmpdir(), "fs-mcp-e2e-usage-"));
  await applyAuditMigrations(state);
  const first = await startStack(undefined, { state, quiet: true });
  try {
    const account = await first.admin("/integrated-account", {
      body: { name: "Acme", domain: "acme.freshservice.com", api_key: "sim-api-key", base_url: first.simulator.url },
    });
    const accountId = ((await account.json()) as { id: string }).id;
    const mintUrl = async (name: string) => {
      const response = await first.admin(`/integrated-account/${accountId}/mcp`, { body: { name, config: {} } });
      return ((await response.json()) as { id: string }).id;
    };
    ids = { account: accountId, triage: await mintUrl("Triage bot"), reporting: await mintUrl("Reporting") };
  } finally {
    await first.stop();
  }
  await seedAuditTrail(state, seededTrail());
  stack = await startStack(undefined, { state });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (state) rmSync(state, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  for (const [name, png] of shots) writeFileSync(`${SHOTS}/${name}.png`, png);
});

/** The usage panel alone: the rest of the page is the other console test's. */
async function shot(name: string) {
  shots.set(name, await page.locator("#usage").screenshot());
}

/** The table row of the slot that starts at `ms`: its cells (ok … other, all calls). */
async function tableRow(ms: number): Promise<number[]> {
  const row = page.locator("#usage-table-body tr", { has: page.locator(`time[datetime="${iso(ms)}"]`) });
  return (await row.locator("td").allTextContents()).map(Number);
}

/** The accessible name of the focused element. */
function focusedLabel(): Promise<string | null> {
  return page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")');
}

/** Arrow keys from the focused bar until the bar of the slot whose table label is `label`; how many presses it took. */
async function arrowTo(label: string, key: "ArrowLeft" | "ArrowRight", most: number): Promise<number> {
  for (let presses = 0; presses <= most; presses++) {
    if ((await focusedLabel())?.startsWith(`${label}:`)) return presses;
    await page.keyboard.press(key);
  }
  throw new Error(`no bar labelled ${label} within ${most} presses (at ${await focusedLabel()})`);
}

/**
 * Tab (or Shift+Tab) until the focused element, `el` in `condition` (JavaScript run in the page), is the one
 * wanted: keyboard only, at most `most` presses.
 */
async function tabTo(condition: string, { back = false, most = 40 } = {}) {
  for (let i = 0; i < most; i++) {
    if (await page.evaluate(`(function (el) { return !!el && (${condition}); })(document.activeElement)`)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${back ? "Shift+Tab" : "Tab"} never reached ${condition}`);
}
const onButton = (name: string) => `el.tagName === "BUTTON" && el.textContent === ${JSON.stringify(name)}`;
const onBar = 'el.matches("#usage-chart .bar")';
const onPeriod = 'el.id === "usage-window"';

/** The day rows the hours of the last 24 hours add up to (two UTC days when the window spans midnight). */
function byDay(hours: [number, number[]][]): Map<number, number[]> {
  const days = new Map<number, number[]>();
  for (const [hour, cells] of hours) {
    const day = Math.floor(hour / DAY) * DAY;
    const sum = days.get(day) ?? cells.map(() => 0);
    days.set(
      day,
      sum.map((n, i) => n + (cells[i] ?? 0)),
    );
  }
  return days;
}

itWithBrowser("shows an account's and a URL's usage by hour and by day, by keyboard alone", async () => {
  await page.goto(`${stack.workerUrl}/admin`);
  await page.evaluate(
    'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI))',
  );
  await page.getByLabel("Admin API token").fill(ADMIN_TOKEN);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Open Acme" }).waitFor();
  await tabTo(onButton("Open Acme"));
  await page.keyboard.press("Enter");
  await page.locator("#account-screen").waitFor({ state: "visible" });

  // The account, last 24 hours: 14 + 9 + 5 calls; the days before are outside the window.
  await expect
    .poll(() => page.locator("#usage-summary").textContent())
    .toBe("28 calls in the last 24 hours (Acme, every URL).");
  expect(await page.locator("#usage-chart .bar").count()).toBe(24);
  const accountHours: [number, number[]][] = [
    [hourAgo(2), [11, 3, 0, 0, 0, 0, 14]],
    [hourAgo(5), [0, 0, 3, 3, 2, 1, 9]],
    [hourAgo(9), [5, 0, 0, 0, 0, 0, 5]],
  ];
  for (const [hour, cells] of accountHours) expect(await tableRow(hour)).toEqual(cells);
  expect((await page.locator("#usage-table-foot td").allTextContents()).map(Number)).toEqual([16, 3, 3, 3, 2, 1, 28]);
  expect(await page.locator("#usage-tools li").allTextContents()).toEqual([
    "list_all_freshservice_tickets: 12 calls",
    "list_all_freshservice_assets: 9 calls",
    "get_single_freshservice_ticket_by_id: 6 calls",
    "list_all_freshservice_agents: 1 call",
  ]);
  // Timed calls only (ok, Freshservice errors, rate-limited): 22 of them, 25 s the slowest.
  expect(await page.locator("#usage-p50").textContent()).toBe("200 ms");
  expect(await page.locator("#usage-p90").textContent()).toBe("400 ms");
  expect(await page.locator("#usage-p99").textContent()).toBe("25,000 ms");
  expect(await page.locator("#usage-ratelimit").textContent()).toMatch(
    /^57 calls left in Freshservice's minute, seen /,
  );

  // Into the chart with Tab (past the account's forms): the newest hour has the focus; the arrows walk back to two
  // hours ago.
  await tabTo(onBar, { most: 200 });
  expect(await focusedLabel()).toMatch(/: (no calls|\d+ calls?: .*)$/);
  const twoHoursAgo = (await page.locator(`#usage-table-body time[datetime="${iso(hourAgo(2))}"]`).textContent()) ?? "";
  expect(await arrowTo(twoHoursAgo, "ArrowLeft", 4)).toBeLessThanOrEqual(3);
  expect(await focusedLabel()).toBe(`${twoHoursAgo}: 14 calls: 11 ok, 3 Freshservice error`);
  expect(await page.locator("#usage-focus").textContent()).toBe(await focusedLabel());
  // One tab stop: Tab leaves the chart for the table's disclosure; Enter opens it.
  await page.keyboard.press("Tab");
  expect(await page.evaluate("document.activeElement.tagName")).toBe("SUMMARY");
  await page.keyboard.press("Enter");
  await page.locator("#usage-table-body").waitFor({ state: "visible" });
  await shot("9-usage-account-24h");

  // Last 30 days: the period's select with the arrow keys.
  await tabTo(onPeriod, { back: true });
  await page.keyboard.press("ArrowDown");
  await expect
    .poll(() => page.locator("#usage-summary").textContent())
    .toBe("54 calls in the last 30 days (Acme, every URL).");
  expect(await page.locator("#usage-chart .bar").count()).toBe(30);
  for (const [day, cells] of byDay(accountHours)) expect(await tableRow(day)).toEqual(cells);
  expect(await tableRow(dayAgo(3))).toEqual([20, 0, 0, 0, 0, 0, 20]);
  expect(await tableRow(dayAgo(10))).toEqual([0, 6, 0, 0, 0, 0, 6]);
  await tabTo(onBar);
  await page.keyboard.press("Home");
  expect(await focusedLabel()).toMatch(/: no calls$/);
  const tenDaysAgo = (await page.locator(`#usage-table-body time[datetime="${iso(dayAgo(10))}"]`).textContent()) ?? "";
  await page.keyboard.press("End");
  expect(await arrowTo(tenDaysAgo, "ArrowLeft", 12)).toBe(10);
  expect(await focusedLabel()).toBe(`${tenDaysAgo}: 6 calls: 6 Freshservice error`);
  await shot("10-usage-account-30d");

  // One URL: its row's "Usage of …" button scopes the panel and moves the focus to it.
  await tabTo(onButton("Usage of Triage bot"), { back: true, most: 200 });
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.locator("#usage-summary").textContent())
    .toBe("36 calls in the last 30 days (Triage bot).");
  expect(await page.evaluate("document.activeElement.id")).toBe("usage-title");
  const triageHours: [number, number[]][] = [
    [hourAgo(2), [7, 3, 0, 0, 0, 0, 10]],
    [hourAgo(5), [0, 0, 3, 3, 0, 0, 6]],
  ];
  for (const [day, cells] of byDay(triageHours)) expect(await tableRow(day)).toEqual(cells);
  expect(await tableRow(dayAgo(3))).toEqual([20, 0, 0, 0, 0, 0, 20]);
  expect(await tableRow(dayAgo(10))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  expect(await page.locator("#usage-tools li").first().textContent()).toBe("list_all_freshservice_tickets: 32 calls");
  // The headroom is the account's, whichever URL saw it.
  expect(await page.locator("#usage-ratelimit").textContent()).toMatch(/^57 calls left/);
  await tabTo(onPeriod);
  await page.keyboard.press("ArrowUp");
  await expect
    .poll(() => page.locator("#usage-summary").textContent())
    .toBe("16 calls in the last 24 hours (Triage bot).");
  for (const [hour, cells] of triageHours) expect(await tableRow(hour)).toEqual(cells);
  await tabTo(onBar);
  await arrowTo(
    (await page.locator(`#usage-table-body time[datetime="${iso(hourAgo(5))}"]`).textContent()) ?? "",
    "ArrowLeft",
    7,
  );
  expect(await focusedLabel()).toMatch(/: 6 calls: 3 rate-limited, 3 refused \(filters or budget\)$/);
  await shot("11-usage-url-24h");

  expect(problems).toEqual([]);
});
