/**
 * Signs an agent in on an OAuth MCP server's sign-in page the way a browser would, over plain fetch: follows the
 * authorization URL with a cookie jar, reads the page's forms, posts the chosen one (the agent's API key, Deny, or
 * the Freshworks way through the org's own e-mail and password page), and follows redirects until the client's
 * redirect URI, whose `code`, `state` and `iss` it hands back. It never loads the redirect URI itself: that is the
 * client's.
 */
import { SIGN_IN_PASSWORD } from "../../simulator/simulator";

/** How the agent proves who they are on the page (docs/sign-in.md, "The flow", step 6). */
export type SignInWay =
  | { way: "api_key"; apiKey: string }
  /** At the org's page: the agent's e-mail and password (the simulator's one password by default). */
  | { way: "freshworks"; email: string; password?: string; decision?: "allow" | "deny" }
  | { way: "deny" };

export interface SignInResult {
  /** The redirect URI with the authorization response in its query. */
  redirect: URL;
  code: string | null;
  state: string | null;
  iss: string | null;
  error: string | null;
  /** The Worker's sign-in page as it was shown (HTML). */
  page: string;
}

/** A browser gives up after about twenty redirects; so do we. */
const MAX_REDIRECTS = 20;

/** Cookies by name, sent to every host: the Worker and the simulator share 127.0.0.1, where a port scopes nothing. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string | undefined {
    return this.#cookies.size === 0 ? undefined : [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  take(response: Response): void {
    // Node's Headers has getSetCookie (each Set-Cookie apart); the project's types are the Workers runtime's.
    const lines = (response.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(at + 1).trim());
    }
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }
}

export interface HtmlForm {
  action: string;
  method: string;
  /** Hidden and text inputs with their values, in page order. */
  inputs: { name: string; value: string; type: string }[];
  /** Submit buttons that carry a name (the `way` buttons). */
  buttons: { name: string; value: string; text: string }[];
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e] ?? "";
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = (m[1] ?? "").toLowerCase();
    if (name === "" || name in out) continue;
    out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** The page's forms, read as a browser submits them (enough HTML for the pages under test, not a parser). */
export function readForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(m[1] ?? "");
    const body = m[2] ?? "";
    const inputs = [...body.matchAll(/<input\b([^>]*)>/gi)]
      .map((i) => attributes(i[1] ?? ""))
      .filter((a) => a.name !== undefined)
      .map((a) => ({ name: a.name as string, value: a.value ?? "", type: (a.type ?? "text").toLowerCase() }));
    const buttons = [...body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)]
      .map((b) => ({
        attrs: attributes(b[1] ?? ""),
        text: decodeEntities((b[2] ?? "").replace(/<[^>]*>/g, "").trim()),
      }))
      .filter((b) => b.attrs.name !== undefined && (b.attrs.type ?? "submit").toLowerCase() === "submit")
      .map((b) => ({ name: b.attrs.name as string, value: b.attrs.value ?? "", text: b.text }));
    forms.push({ action: attrs.action ?? "", method: (attrs.method ?? "get").toLowerCase(), inputs, buttons });
  }
  return forms;
}

/** The text of the page's alert, for a failure that says what the page said. */
function alertOf(html: string): string {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//i.exec(html)?.[1];
  const title = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  return decodeEntities((alert ?? title ?? "(no message)").replace(/<[^>]*>/g, "").trim());
}

/** TEST-NET-3 (RFC 5737): addresses that are no one's, one per browser or client. */
let nextAddress = 0;
export function testNetAddress(): string {
  nextAddress = (nextAddress % 254) + 1;
  return `203.0.113.${nextAddress}`;
}

/**
 * One browser: a cookie jar and a fetch that never follows redirects by itself. Each browser comes from an address
 * of its own, as agents' browsers do (Cloudflare sets `CF-Connecting-IP`; locally the Worker takes the one sent):
 * the sign-in page throttles key attempts per address, and a test file signs many agents in within a minute.
 */
export class FetchBrowser {
  readonly jar = new CookieJar();

  constructor(readonly clientAddress = testNetAddress()) {}

  async get(url: URL): Promise<Response> {
    return this.#send(url, { method: "GET" });
  }

  /** A form post as a browser sends it: url-encoded, with the page's origin as `Origin`. */
  async submit(pageUrl: URL, form: HtmlForm, fields: [string, string][]): Promise<Response> {
    const target = new URL(form.action || pageUrl.href, pageUrl);
    return this.#send(target, {
      method: "POST",
      body: new URLSearchParams(fields).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: pageUrl.origin },
    });
  }

  async #send(url: URL, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const cookie = this.jar.header();
    const response = await fetch(url, {
      ...init,
      headers: {
        ...init.headers,
        ...(cookie ? { cookie } : {}),
        accept: "text/html",
        "cf-connecting-ip": this.clientAddress,
      },
      redirect: "manual",
    });
    this.jar.take(response);
    return response;
  }
}

function isAt(url: URL, redirectUri: URL): boolean {
  return url.origin === redirectUri.origin && url.pathname === redirectUri.pathname;
}

/**
 * Follows redirects from `response` (GETs, as after a 302/303) until the client's redirect URI, or a page that
 * is not a redirect (returned as it is).
 */
async function followUntil(
  browser: FetchBrowser,
  from: URL,
  response: Response,
  redirectUri: URL,
): Promise<{ url: URL; response: Response | null }> {
  let url = from;
  let current = response;
  for (let hops = 0; hops < MAX_REDIRECTS; hops++) {
    const location = current.headers.get("location");
    if (current.status < 300 || current.status >= 400 || location === null) return { url, response: current };
    await current.body?.cancel();
    url = new URL(location, url);
    if (isAt(url, redirectUri)) return { url, response: null };
    current = await browser.get(url);
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects from ${from.origin}`);
}

function fieldsOf(form: HtmlForm): [string, string][] {
  return form.inputs.filter((i) => i.type === "hidden").map((i) => [i.name, i.value]);
}

/** The sign-in page's form for a way: the one with the `api_key` field, or the one whose button or field is that way. */
export function formFor(forms: HtmlForm[], way: SignInWay["way"]): { form: HtmlForm; fields: [string, string][] } {
  for (const form of forms) {
    const wayButton = form.buttons.find((b) => b.name === "way" && b.value === way);
    const wayField = form.inputs.find((i) => i.name === "way" && i.value === way);
    const hasKey = form.inputs.some((i) => i.name === "api_key");
    if (!wayButton && !wayField && !(way === "api_key" && hasKey)) continue;
    const fields = fieldsOf(form).filter(([name]) => name !== "way");
    fields.push(["way", way]);
    return { form, fields };
  }
  throw new Error(`the sign-in page has no form for way=${way}`);
}

/**
 * Signs in from the client's authorization URL and returns the authorization response. Throws with the page's own
 * words when a page answers instead of a redirect (a refused key, an error page).
 */
export async function signIn(
  authorizationUrl: string | URL,
  how: SignInWay,
  browser = new FetchBrowser(),
): Promise<SignInResult> {
  const start = new URL(authorizationUrl);
  const redirectParam = start.searchParams.get("redirect_uri");
  if (!redirectParam) throw new Error("the authorization URL has no redirect_uri");
  const redirectUri = new URL(redirectParam);

  const opened = await followUntil(browser, start, await browser.get(start), redirectUri);
  if (opened.response === null) return result(opened.url, "");
  const page = await opened.response.text();
  if (opened.response.status !== 200) throw new Error(`sign-in page: ${opened.response.status}: ${alertOf(page)}`);

  const { form, fields } = formFor(readForms(page), how.way);
  if (how.way === "api_key") fields.push(["api_key", how.apiKey]);
  const posted = await followUntil(browser, opened.url, await browser.submit(opened.url, form, fields), redirectUri);
  if (posted.response === null) return result(posted.url, page);
  if (how.way !== "freshworks") {
    const text = await posted.response.text();
    throw new Error(`sign-in: ${posted.response.status}: ${alertOf(text)}`);
  }

  // The Freshworks org's own page: e-mail, password, Allow or Deny.
  const orgPage = await posted.response.text();
  if (posted.response.status !== 200)
    throw new Error(`Freshworks sign-in: ${posted.response.status}: ${alertOf(orgPage)}`);
  const orgForm = readForms(orgPage).find((f) => f.inputs.some((i) => i.name === "password"));
  if (!orgForm) throw new Error(`Freshworks sign-in: no sign-in form: ${alertOf(orgPage)}`);
  const orgFields = fieldsOf(orgForm);
  orgFields.push(
    ["email", how.email],
    ["password", how.password ?? SIGN_IN_PASSWORD],
    ["decision", how.decision ?? "allow"],
  );
  const back = await followUntil(
    browser,
    posted.url,
    await browser.submit(posted.url, orgForm, orgFields),
    redirectUri,
  );
  if (back.response === null) return result(back.url, page);
  throw new Error(`after Freshworks: ${back.response.status}: ${alertOf(await back.response.text())}`);
}

function result(redirect: URL, page: string): SignInResult {
  const q = redirect.searchParams;
  return { redirect, code: q.get("code"), state: q.get("state"), iss: q.get("iss"), error: q.get("error"), page };
}
