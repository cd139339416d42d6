/**
 * The console's OAuth parts in a real browser, against a stand-in admin API (routed inside the browser, no Worker
 * started): minting an OAuth server, the account's sign-in settings, an OAuth server's sign-ins revoked one at a
 * time and by agent with the keyboard only, and the audit trail's "Who". Fails on any console error or CSP
 * violation.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page, type Route } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CONSOLE_ASSETS_DIR } from "../../scripts/build-console";
import { CONSOLE_CSP, CONSOLE_FILES } from "../../worker/console/serve-console";
import { machineBrowser } from "../support/find-browser";
import { toolOrSkip } from "../support/missing-tool";

const CHROMIUM = toolOrSkip(machineBrowser());
const itWithBrowser = it.skipIf(!CHROMIUM);
const ORIGIN = "http://console.test";
const ACCOUNT = "11111111-1111-4111-8111-111111111111";
const OAUTH = "22222222-2222-4222-8222-222222222222";
interface Grant {
  grant_id: string;
  agent_id: number;
  agent_name: string;
  client_name: string;
  [key: string]: unknown;
}

const grant = (grant_id: string, agent_id: number, agent_name: string, client_name: string): Grant => ({
  grant_id,
  mcp_id: OAUTH,
  agent_id,
  agent_email: `${agent_name.split(" ")[0]?.toLowerCase()}@acme.test`,
  agent_name,
  client_id: "https://claude.ai/oauth/metadata.json",
  client_name,
  client_kind: "metadata_document",
  way: "api_key",
  scopes: ["freshservice:read"],
  created_at: "2026-12-01T10:00:00.000Z",
  last_used_at: null,
});

/** The stand-in admin API: what the console sent, and the grants it still lists. */
const api = {
  sent: [] as { method: string; path: string; body: unknown }[],
  grants: [] as Grant[],
  account: {
    id: ACCOUNT,
    name: "Acme",
    domain: "acme.freshservice.com",
    base_url: null,
    sign_in: { api_key: true, freshworks: null } as Record<string, unknown>,
    created_at: "2026-12-01T09:00:00.000Z",
    updated_at: "2026-12-01T09:00:00.000Z",
  },
};

const servers = [
  {
    id: OAUTH,
    name: "Agents sign in",
    auth: "oauth",
    url: `${ORIGIN}/mcp/oauth/${OAUTH}`,
    config: {},
    expires_at: null,
    last_used_at: null,
  },
];

function answer(route: Route, status: number, body?: unknown) {
  return route.fulfill({
    status,
    contentType: "application/json",
    body: body === undefined ? "" : JSON.stringify(body),
  });
}

async function adminApi(route: Route) {
  const request = route.request();
  const url = new URL(request.url());
  const path = url.pathname + url.search;
  const body = request.postData() ? JSON.parse(request.postData() ?? "") : undefined;
  api.sent.push({ method: request.method(), path, body });
  const base = `/integrated-account/${ACCOUNT}`;
  const grants = `${base}/mcp/${OAUTH}/grants`;
  if (url.pathname === "/integrated-account" && request.method() === "GET")
    return answer(route, 200, { result: [api.account], next_cursor: null });
  if (url.pathname === base && request.method() === "GET") return answer(route, 200, api.account);
  if (url.pathname === base && request.method() === "PATCH") {
    const { client_secret: _secret, ...freshworks } = body.sign_in.freshworks ?? {};
    api.account.sign_in = { api_key: body.sign_in.api_key, freshworks: body.sign_in.freshworks ? freshworks : null };
    return answer(route, 200, api.account);
  }
  if (url.pathname === `${base}/mcp` && request.method() === "GET")
    return answer(route, 200, { result: servers, next_cursor: null });
  if (url.pathname === `${base}/mcp` && request.method() === "POST")
    return answer(route, 201, { ...servers[0], id: "33333333-3333-4333-8333-333333333333", name: body.name });
  if (url.pathname === `${base}/tools`)
    return answer(route, 200, {
      count: 10,
      reachable: 10,
      total: 10,
      cut_by: [],
      methods: ["read"],
      tags: ["tickets"],
    });
  if (url.pathname === `${base}/logs`)
    return answer(route, 200, {
      result: [
        {
          id: 2,
          at: "2026-12-01T11:00:00.000Z",
          mcp_server_id: OAUTH,
          tool: "list_all_freshservice_tickets",
          outcome: "ok",
          http_status: 200,
          duration_ms: 12,
          ratelimit_remaining: null,
          touched_ids: {},
          agent_id: 21000000002,
          agent_email: "priya@acme.test",
          client_id: "https://claude.ai/oauth/metadata.json",
          client_name: "Claude",
        },
      ],
      next_cursor: null,
    });
  if (url.pathname.endsWith("/usage"))
    return answer(route, 200, { window: "24h", buckets: [], top_tools: [], latency_ms: {}, ratelimit: null });
  if (url.pathname === grants && request.method() === "GET") return answer(route, 200, { grants: api.grants });
  if (url.pathname === grants && request.method() === "DELETE") {
    const agent = Number(url.searchParams.get("agent_id"));
    const before = api.grants.length;
    api.grants = api.grants.filter((g) => g.agent_id !== agent);
    return answer(route, 200, { revoked: before - api.grants.length });
  }
  if (url.pathname.startsWith(`${grants}/`) && request.method() === "DELETE") {
    api.grants = api.grants.filter((g) => !url.pathname.endsWith(`/${g.grant_id}`));
    return answer(route, 204);
  }
  return answer(route, 404, { error: { code: "not_found", message: "No such admin route." } });
}

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!CHROMIUM) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => dialog.accept());
  const files = new Map(Object.entries(CONSOLE_FILES).map(([path, f]) => [path, f]));
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = files.get(path);
    if (file)
      return route.fulfill({
        status: 200,
        contentType: file.type,
        headers: { "content-security-policy": CONSOLE_CSP },
        body: readFileSync(join(CONSOLE_ASSETS_DIR, file.file)),
      });
    return adminApi(route);
  });
});

afterAll(async () => {
  await browser?.close();
});

const status = () => page.locator("#status").textContent();

itWithBrowser("mints an OAuth server, saves sign-in settings, and revokes sign-ins by keyboard", async () => {
  api.grants = [
    grant("g1", 21000000002, "Priya Shah", "Claude"),
    grant("g2", 21000000002, "Priya Shah", "VS Code"),
    grant("g3", 21000000010, "Mei Chen", "Claude"),
  ];
  await page.goto(`${ORIGIN}/admin`);
  await page.evaluate(
    'document.addEventListener("securitypolicyviolation", (e) => console.error("CSP violation: " + e.violatedDirective))',
  );
  await page.getByLabel("Admin API token").fill("admin-token");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Open Acme" }).click();
  await page.locator("#account-screen").waitFor({ state: "visible" });

  // The audit trail names the agent and the client.
  await expect.poll(() => page.locator("#audit-body").textContent()).toContain("priya@acme.test via Claude");

  // Sign-in settings: the redirect URL to register, then a Freshworks client saved with its secret.
  expect(await page.locator("#sign-in-callback").textContent()).toBe(`${ORIGIN}/oauth/freshworks/callback`);
  expect(await page.locator("#sign-in-api-key").isChecked()).toBe(true);
  await page.getByLabel("Freshworks org URL").fill("https://acme.myfreshworks.com");
  await page.getByLabel("Client id").fill("fw_ext_acme");
  await page.getByLabel("Client secret (leave empty to keep the stored one)").fill("fw-secret");
  await page
    .getByLabel("Freshworks scopes, comma-separated")
    .fill("freshservice.tickets.view, freshservice.tickets.edit");
  await page.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect.poll(status).toBe("Sign-in settings saved.");
  expect(api.sent.find((s) => s.method === "PATCH")?.body).toEqual({
    sign_in: {
      api_key: true,
      freshworks: {
        org_url: "https://acme.myfreshworks.com",
        client_id: "fw_ext_acme",
        client_secret: "fw-secret",
        scopes: ["freshservice.tickets.view", "freshservice.tickets.edit"],
      },
    },
  });
  expect(await page.getByLabel("Client secret (leave empty to keep the stored one)").inputValue()).toBe("");
  expect(await page.locator("#sign-in-state").textContent()).toMatch(/^On: client fw_ext_acme/);

  // Minting: choosing OAuth takes the API token requirement away, and the answer's URL holds no secret.
  await page.locator("#server-form").getByLabel("Name", { exact: true }).fill("Helpdesk");
  await page.getByLabel("Also require the API token (programmatic clients only)").check();
  await page.getByLabel("How agents connect").selectOption("oauth");
  expect(await page.getByLabel("Also require the API token (programmatic clients only)").isDisabled()).toBe(true);
  await page.getByRole("button", { name: "Create MCP server" }).click();
  await page.locator("#minted").waitFor({ state: "visible" });
  expect(await page.locator("#minted-title").textContent()).toMatch(/holds no secret/);
  const minted = api.sent.find((s) => s.method === "POST" && s.path.endsWith("/mcp"));
  expect(minted?.body).toMatchObject({ name: "Helpdesk", auth: "oauth" });
  expect((minted?.body as { config?: Record<string, unknown> } | undefined)?.config).toEqual({ methods: ["read"] });

  // Sign-ins, keyboard only: focus the button, Enter.
  await page.getByRole("button", { name: "Sign-ins of Agents sign in" }).focus();
  await page.keyboard.press("Enter");
  await page.locator("#grants").waitFor({ state: "visible" });
  await expect.poll(() => page.locator("#grants-body tr").count()).toBe(3);
  const rows = await page.locator("#grants-body").textContent();
  expect(rows).toContain("Priya Shah (21000000002)");
  expect(rows).toContain("mei@acme.test");
  expect(await page.evaluate("document.activeElement.id")).toBe("grants-title");

  await page.getByRole("button", { name: "Revoke Priya Shah in VS Code" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(status).toBe("Revoked Priya Shah's sign-in in VS Code.");
  await expect.poll(() => page.locator("#grants-body tr").count()).toBe(2);
  expect(api.sent.some((s) => s.method === "DELETE" && s.path.endsWith("/grants/g2"))).toBe(true);
  expect(await page.evaluate("document.activeElement.id")).toBe("grants-title");

  await page.getByRole("button", { name: "Revoke every sign-in of Priya Shah" }).focus();
  await page.keyboard.press("Enter");
  await expect.poll(status).toBe("Revoked 1 sign-in of Priya Shah.");
  expect(api.sent.some((s) => s.method === "DELETE" && s.path.endsWith("/grants?agent_id=21000000002"))).toBe(true);
  await expect.poll(() => page.locator("#grants-body").textContent()).not.toContain("Priya");
  expect(await page.locator("#grants-body").textContent()).toContain("Mei Chen");

  expect(problems).toEqual([]);
});
