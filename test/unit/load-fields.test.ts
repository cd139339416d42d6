import { afterEach, describe, expect, it, vi } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { ABSENT_WORKSPACE_KEEP_SECONDS, FIELDS_FRESH_MS, loadFieldSet } from "../../worker/custom-fields/load-fields";
import type { CachedFields, FieldCache } from "../../worker/store/field-cache";
import type { McpServerRecord } from "../../worker/store/mcp-servers";
import { METADATA_BACKOFF_SECONDS, metadataBackoff } from "../../worker/store/metadata-backoff";
import { accountTools } from "../../worker/tools/account-tools";

const form = {
  ticket_fields: [
    { name: "cf_site", label: "Site", field_type: "custom_dropdown", default_field: false, choices: ["A"] },
  ],
};

function memoryCache(): FieldCache & { entries: Map<string, CachedFields> } {
  const entries = new Map<string, CachedFields>();
  return {
    entries,
    async get(account, workspace, kind) {
      return entries.get(`${account}:${workspace}:${kind}`) ?? null;
    },
    async put(account, workspace, kind, value) {
      entries.set(`${account}:${workspace}:${kind}`, value);
    },
    async dropAccount() {
      return 0;
    },
  };
}

const requesterForm = { requester_fields: [] };

/** Just enough of KV for the back-off store: get as JSON, put, list and delete (expiry is the store's own check). */
function memoryKv(): KVNamespace {
  const values = new Map<string, string>();
  return {
    async get(key: string) {
      const value = values.get(key);
      return value === undefined ? null : JSON.parse(value);
    },
    async put(key: string, value: string) {
      values.set(key, value);
    },
    async delete(key: string) {
      values.delete(key);
    },
    async list({ prefix }: { prefix: string }) {
      return {
        keys: [...values.keys()].filter((k) => k.startsWith(prefix)).map((name) => ({ name })),
        list_complete: true,
      };
    },
  } as unknown as KVNamespace;
}

function fakeFreshservice(status = 200) {
  const fetch = vi.fn(
    async (url: string) =>
      new Response(JSON.stringify(String(url).includes("requester_fields") ? requesterForm : form), { status }),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

const target = async () => ({ origin: "https://acme.freshservice.com", apiKey: "k" });

describe("loadFieldSet", () => {
  it("fetches once for concurrent requests, then serves from the cache while fresh", async () => {
    const fetch = fakeFreshservice();
    const cache = memoryCache();
    let now = 1_000_000;
    const deps = { cache, target, waitUntil: vi.fn(), now: () => now };
    const [a, b] = await Promise.all([loadFieldSet(deps, "acct", "ticket"), loadFieldSet(deps, "acct", "ticket")]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, fields: [{ name: "cf_site" }] });
    now += FIELDS_FRESH_MS - 1;
    await loadFieldSet(deps, "acct", "ticket");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(deps.waitUntil).not.toHaveBeenCalled();
  });

  it("serves a stale copy at once and refreshes it in the background", async () => {
    const fetch = fakeFreshservice();
    const cache = memoryCache();
    cache.entries.set("acct:default:ticket", { fetched_at: 0, fields: [] });
    const background: Promise<unknown>[] = [];
    const deps = {
      cache,
      target,
      waitUntil: (p: Promise<unknown>) => background.push(p),
      now: () => FIELDS_FRESH_MS + 1,
    };
    // Asked for the cache only (a call being checked), the stale copy is served and nothing is fetched.
    expect(await loadFieldSet(deps, "acct", "ticket", { cachedOnly: true })).toEqual({
      ok: true,
      fields: [],
      fetchedAt: 0,
    });
    expect(background).toHaveLength(0);
    expect(await loadFieldSet(deps, "acct", "ticket")).toEqual({ ok: true, fields: [], fetchedAt: 0 });
    expect(background).toHaveLength(1);
    await Promise.all(background);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(cache.entries.get("acct:default:ticket")?.fields).toHaveLength(1);
  });

  it("reports a failed fetch without caching it as fields, and retries once its back-off is over", async () => {
    const fetch = fakeFreshservice(503);
    const cache = memoryCache();
    let now = 1_000_000;
    const backoff = metadataBackoff(memoryKv(), () => now);
    const deps = { cache, target, waitUntil: vi.fn(), backoff, now: () => now };
    expect(await loadFieldSet(deps, "acct", "ticket")).toEqual({ ok: false, reason: "Freshservice answered 503" });
    expect(cache.entries.size).toBe(0);
    // Within the back-off, neither a load nor a cache-only check asks Freshservice again; both know it failed.
    expect(await loadFieldSet(deps, "acct", "ticket")).toEqual({ ok: false, reason: "Freshservice answered 503" });
    expect(await loadFieldSet(deps, "acct", "ticket", { cachedOnly: true })).toMatchObject({ ok: false });
    // Per kind and workspace: another form is still read.
    await loadFieldSet(deps, "acct", "ticket", { workspaceId: 3 });
    expect(fetch).toHaveBeenCalledTimes(2);
    now += METADATA_BACKOFF_SECONDS * 1000;
    await loadFieldSet(deps, "acct", "ticket");
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("reads nothing past the account's per-minute ceiling, and backs off from that too", async () => {
    const fetch = fakeFreshservice();
    const backoff = metadataBackoff(memoryKv());
    let reads = 1;
    const deps = { cache: memoryCache(), target, waitUntil: vi.fn(), backoff, takeRead: async () => reads-- > 0 };
    expect(await loadFieldSet(deps, "acct", "ticket")).toMatchObject({ ok: true });
    expect(await loadFieldSet(deps, "acct", "problem")).toEqual({
      ok: false,
      reason: "this account's field-metadata reads for this minute are used up",
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await backoff.failure("acct", "default", "problem")).not.toBeNull();
  });

  it("keeps a named workspace that isn't there (404) briefly, a module the plan lacks for a day", async () => {
    fakeFreshservice(404);
    const cache = memoryCache();
    const put = vi.spyOn(cache, "put");
    const deps = { cache, target, waitUntil: vi.fn() };
    await loadFieldSet(deps, "acct", "ticket", { workspaceId: 900_001 });
    await loadFieldSet(deps, "acct", "problem");
    expect(put.mock.calls.map((c) => [c[1], c[2], c[4]])).toEqual([
      ["900001", "ticket", ABSENT_WORKSPACE_KEEP_SECONDS],
      ["default", "problem", undefined],
    ]);
  });

  it("takes an answer without the form's list for metadata that could not be fetched: not cached, asked again", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ fields: form.ticket_fields }), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const cache = memoryCache();
    const deps = { cache, target, waitUntil: vi.fn() };
    expect(await loadFieldSet(deps, "acct", "ticket")).toEqual({
      ok: false,
      reason: "Freshservice's answer had no ticket_fields list",
    });
    expect(cache.entries.size).toBe(0);
    await loadFieldSet(deps, "acct", "ticket");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("caches a module the plan does not have (404) as no fields, so it is not asked again", async () => {
    const fetch = fakeFreshservice(404);
    const cache = memoryCache();
    const deps = { cache, target, waitUntil: vi.fn() };
    expect(await loadFieldSet(deps, "acct", "problem")).toMatchObject({ ok: true, fields: [] });
    await loadFieldSet(deps, "acct", "problem");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("keeps accounts apart and fetches nothing when asked for the cache only", async () => {
    const fetch = fakeFreshservice();
    const cache = memoryCache();
    const deps = { cache, target, waitUntil: vi.fn() };
    expect(await loadFieldSet(deps, "other", "ticket", { cachedOnly: true })).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
    await loadFieldSet(deps, "acct", "ticket");
    expect(await loadFieldSet(deps, "other", "ticket", { cachedOnly: true })).toBeUndefined();
    expect([...cache.entries.keys()]).toEqual(["acct:default:ticket"]);
  });

  it("fetches and caches form fields per workspace, other kinds account-wide whatever the URL's workspace", async () => {
    const fetch = fakeFreshservice();
    const cache = memoryCache();
    const deps = { cache, target, waitUntil: vi.fn() };
    await loadFieldSet(deps, "acct", "ticket", { workspaceId: 3 });
    await loadFieldSet(deps, "acct", "ticket");
    await loadFieldSet(deps, "acct", "requester", { workspaceId: 3 });
    await loadFieldSet(deps, "acct", "ticket", { workspaceId: 3 });
    const urls = fetch.mock.calls.map((call) => String((call as unknown[])[0]));
    expect(urls).toEqual([
      "https://acme.freshservice.com/api/v2/ticket_form_fields?workspace_id=3",
      "https://acme.freshservice.com/api/v2/ticket_form_fields",
      "https://acme.freshservice.com/api/v2/requester_fields",
    ]);
    expect([...cache.entries.keys()]).toEqual(["acct:3:ticket", "acct:default:ticket", "acct:default:requester"]);
  });

  it("reads a service item's form from the item once, cached per item", async () => {
    const fetch = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            service_item: {
              display_id: 42,
              custom_fields: [{ name: "cf_reason", label: "Reason", field_type: "custom_text", required: true }],
            },
          }),
        ),
    );
    vi.stubGlobal("fetch", fetch);
    const cache = memoryCache();
    const deps = { cache, target, waitUntil: vi.fn() };
    expect(await loadFieldSet(deps, "acct", "service_item", { itemId: 42, cachedOnly: true })).toBeUndefined();
    const [a, b] = await Promise.all([
      loadFieldSet(deps, "acct", "service_item", { itemId: 42, workspaceId: 3 }),
      loadFieldSet(deps, "acct", "service_item", { itemId: 42 }),
    ]);
    expect(a).toMatchObject({ ok: true, fields: [{ name: "cf_reason", required: true }] });
    expect(b).toEqual(a);
    expect(await loadFieldSet(deps, "acct", "service_item", { itemId: 42, cachedOnly: true })).toEqual(a);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe(
      "https://acme.freshservice.com/api/v2/service_catalog/items/42",
    );
    expect([...cache.entries.keys()]).toEqual(["acct:default:service_item:42"]);
  });

  it.each([404, 403])("does not take a missing item (%i) for an empty form, and caches nothing", async (status) => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("{}", { status })),
    );
    const cache = memoryCache();
    const result = await loadFieldSet({ cache, target, waitUntil: vi.fn() }, "acct", "service_item", { itemId: 9 });
    expect(result).toMatchObject({ ok: false, reason: "the service item could not be read" });
    expect(cache.entries.size).toBe(0);
  });

  it("keeps two items' forms apart even when both were read at the same instant", async () => {
    const cache = memoryCache();
    const form = (name: string) => [{ name, topLevel: false, schema: { type: "string" }, required: true }];
    cache.entries.set("acct:default:service_item:1", { fetched_at: 5, fields: form("cf_reason") });
    cache.entries.set("acct:default:service_item:2", { fetched_at: 5, fields: form("cf_desk") });
    const tools = bundledCatalog().filter((t) => t.name === "freshservice_service_item_place_request");
    const server = { account_id: "acct", config: {} } as McpServerRecord;
    const resolved = {
      server,
      target,
      portal: "https://acme.freshservice.com",
      tools,
      toolsByName: new Map(tools.map((t) => [t.name, t])),
    };
    const account = accountTools(resolved, { cache, target, waitUntil: vi.fn(), now: () => 5 });
    const [placeRequest] = tools;
    if (!placeRequest) throw new Error("no place_request tool");
    const fieldsOf = async (display_id: number) => {
      const fitted = await account.fit(placeRequest, { display_id }, { cachedOnly: true });
      return (fitted.inputSchema.properties.custom_fields as { required?: string[] }).required;
    };
    expect(await fieldsOf(1)).toEqual(["cf_reason"]);
    expect(await fieldsOf(2)).toEqual(["cf_desk"]);
    expect(await fieldsOf(1)).toEqual(["cf_reason"]);
  });

  it("has no account-wide source for service items (their fields belong to each item)", async () => {
    const fetch = fakeFreshservice();
    expect(
      await loadFieldSet({ cache: memoryCache(), target, waitUntil: vi.fn() }, "acct", "service_item"),
    ).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });
});
