/**
 * The console's browser script (served as /admin/app.js). Plain DOM, no framework, no innerHTML: every value from
 * the API is set as text. Every action is a call to the admin API with the token from sessionStorage.
 */
import { SIGN_INS_SCRIPT } from "./sign-ins-script";
import { USAGE_PANEL_SCRIPT } from "./usage-panel-script";

export const CONSOLE_SCRIPT = `"use strict";
(function () {
  var TOKEN_KEY = "freshservice-mcp.admin-token";
  var OUTCOMES = ["ok", "cut", "invalid_arguments", "unknown_tool", "budget_refused", "rate_limited",
    "upstream_error", "timeout", "unreachable", "broken", "credential_unavailable", "cancelled"];
  var state = { token: sessionStorage.getItem(TOKEN_KEY), account: null, servers: [], tokenServer: null, grantsServer: null, auditCursor: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }
  function button(text, onClick, className) {
    var b = el("button", text, { type: "button" });
    if (className) b.className = className;
    b.addEventListener("click", onClick);
    return b;
  }
  function row(cells) {
    var tr = el("tr");
    cells.forEach(function (cell) {
      var td = el("td");
      if (cell instanceof Node) td.append(cell); else td.textContent = cell === null || cell === undefined ? "" : String(cell);
      tr.append(td);
    });
    return tr;
  }
  function say(message, isError) {
    var status = $("status");
    status.textContent = message || "";
    status.className = isError ? "error" : "";
  }
  function when(iso) { return iso ? new Date(iso).toLocaleString() : "never"; }

  async function api(method, path, body) {
    var headers = { authorization: "Bearer " + state.token };
    if (body !== undefined) headers["content-type"] = "application/json";
    var response = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) { signOut("The admin token was refused: sign in again."); throw new Error("unauthorized"); }
    if (response.status === 204) return null;
    var data = await response.json().catch(function () { return null; });
    if (!response.ok) {
      var error = data && data.error;
      var details = error && error.details ? " " + error.details.map(function (d) { return d.path + ": " + d.message; }).join("; ") : "";
      throw new Error(error ? error.message + details : "The request failed (" + response.status + ").");
    }
    return data;
  }
  /** Runs an action, showing its failure in the status line instead of the console. */
  function act(fn) {
    return function (event) {
      if (event && event.preventDefault) event.preventDefault();
      Promise.resolve().then(fn).catch(function (error) { if (error.message !== "unauthorized") say(error.message, true); });
    };
  }

  function show(screen) {
    ["signin-screen", "accounts-screen", "account-screen"].forEach(function (id) { $(id).hidden = id !== screen; });
    $("sign-out").hidden = screen === "signin-screen";
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    show("signin-screen");
    say(message || "Signed out.");
    $("signin-token").focus();
  }

  async function signIn() {
    state.token = $("signin-token").value.trim();
    $("signin-token").value = "";
    await api("GET", "/integrated-account?limit=1");
    sessionStorage.setItem(TOKEN_KEY, state.token);
    say("Signed in.");
    await showAccounts();
  }

  async function showAccounts() {
    var page = await api("GET", "/integrated-account");
    var body = $("accounts-body");
    body.replaceChildren();
    page.result.forEach(function (account) {
      body.append(row([account.name, account.domain, account.base_url || "https://" + account.domain, when(account.created_at),
        button("Open " + account.name, act(function () { return openAccount(account.id); }))]));
    });
    if (!page.result.length) body.append(row(["No account yet: add one below."]));
    show("accounts-screen");
  }

  async function addAccount() {
    var body = { domain: $("account-domain").value.trim(), api_key: $("account-key").value };
    if ($("account-name").value.trim()) body.name = $("account-name").value.trim();
    if ($("account-base-url").value.trim()) body.base_url = $("account-base-url").value.trim();
    if (!$("account-verify").checked) body.verify = false;
    say("Checking the account with Freshservice…");
    var account = await api("POST", "/integrated-account", body);
    $("account-form").reset();
    say("Account " + account.name + " added." + (account.notes ? " " + account.notes.join(" ") : ""));
    await openAccount(account.id);
  }

  async function openAccount(id) {
    state.account = await api("GET", "/integrated-account/" + id);
    $("account-title").textContent = state.account.name;
    $("account-meta").textContent = state.account.domain + (state.account.base_url ? " via " + state.account.base_url : "") +
      " · added " + when(state.account.created_at);
    $("edit-name").value = state.account.name;
    $("minted").hidden = true;
    $("usage-scope").value = "";
    closeTokens();
    closeGrants();
    fillSignIn();
    show("account-screen");
    await Promise.all([loadServers(), loadTags(), loadAudit(true), loadUsage()]);
    updateCount();
  }

  async function saveAccount() {
    var changes = {};
    if ($("edit-name").value.trim() && $("edit-name").value.trim() !== state.account.name) changes.name = $("edit-name").value.trim();
    if ($("edit-key").value) changes.api_key = $("edit-key").value;
    if (!Object.keys(changes).length) { say("Nothing to change."); return; }
    state.account = await api("PATCH", "/integrated-account/" + state.account.id, changes);
    $("edit-key").value = "";
    $("account-title").textContent = state.account.name;
    say("Account saved." + (state.account.notes ? " " + state.account.notes.join(" ") : ""));
  }

  async function deleteAccount() {
    if (!window.confirm("Delete " + state.account.name + " and revoke all its MCP URLs?")) return;
    await api("DELETE", "/integrated-account/" + state.account.id);
    say("Account deleted; its URLs no longer work.");
    await showAccounts();
  }

  async function refreshFields() {
    var result = await api("POST", "/integrated-account/" + state.account.id + "/refresh-fields");
    say("Custom fields will be fetched again (" + result.dropped_entries + " cached forms dropped).");
  }

  function filtersText(server) {
    var config = server.config;
    var parts = [];
    if (server.auth === "oauth") parts.push("OAuth sign-in");
    parts.push("methods: " + (config.methods ? config.methods.join(", ") : "all"));
    parts.push("tags: " + (config.tags ? config.tags.join(", ") : "all"));
    if (config.require_api_token_auth) parts.push("API token required");
    if (config.workspace_id) parts.push("workspace " + config.workspace_id);
    if (config.tool_exposure) parts.push("exposure: " + config.tool_exposure);
    return parts.join(" · ");
  }

  async function loadServers() {
    var page = await api("GET", "/integrated-account/" + state.account.id + "/mcp");
    state.servers = page.result;
    var body = $("servers-body");
    body.replaceChildren();
    page.result.forEach(function (server) {
      body.append(row([server.name, filtersText(server),
        server.config.max_requests_per_minute ? server.config.max_requests_per_minute + "/min" : "none",
        when(server.expires_at), when(server.last_used_at), serverActions(server)]));
    });
    if (!page.result.length) body.append(row(["No MCP server yet: create one below."]));
    fillUsageScopes();
  }

  function serverActions(server) {
    var actions = el("span", null, { class: "actions" });
    actions.append(button("Usage of " + server.name, act(function () { return showServerUsage(server); })));
    if (server.auth === "oauth")
      actions.append(button("Sign-ins of " + server.name, act(function () { return openGrants(server); })),
        button("Copy URL of " + server.name, act(function () { return copyServerUrl(server); })));
    else actions.append(button("API tokens of " + server.name, act(function () { return openTokens(server); })));
    actions.append(button("Revoke " + server.name, act(function () { return revoke(server); }), "danger"));
    return actions;
  }

  async function revoke(server) {
    var sure = server.auth === "oauth"
      ? "Revoke " + server.name + "? Its URL and every sign-in on it stop working at once."
      : "Revoke " + server.name + "? Its URL stops working at once.";
    if (!window.confirm(sure)) return;
    await api("DELETE", "/integrated-account/" + state.account.id + "/mcp/" + server.id);
    if (state.tokenServer && state.tokenServer.id === server.id) closeTokens();
    if (state.grantsServer && state.grantsServer.id === server.id) closeGrants();
    say("Revoked " + server.name + ".");
    await loadServers();
  }

  /** Scoped API tokens: each opens one MCP server's URL (with that URL's token), nothing else. */
  function tokensPath() {
    return "/integrated-account/" + state.account.id + "/mcp/" + state.tokenServer.id + "/api-tokens";
  }

  async function openTokens(server) {
    state.tokenServer = server;
    $("tokens-title").textContent = "API tokens of " + server.name;
    $("tokens-scope").textContent = server.config.require_api_token_auth
      ? "Each token opens this server's URL only, sent as Authorization: Bearer <API token> beside the URL's own token."
      : "This server does not demand an API token yet: tokens minted here are checked only once it requires one.";
    $("minted-token-value").value = "";
    $("minted-token").hidden = true;
    $("tokens").hidden = false;
    await loadTokens();
    $("tokens-title").focus();
  }

  function closeTokens() {
    state.tokenServer = null;
    $("minted-token-value").value = "";
    $("minted-token").hidden = true;
    $("tokens").hidden = true;
  }

  async function loadTokens() {
    var page = await api("GET", tokensPath());
    var body = $("tokens-body");
    body.replaceChildren();
    page.result.forEach(function (token) {
      body.append(row([token.name, when(token.expires_at), when(token.created_at),
        button("Revoke API token " + token.name, act(function () { return revokeToken(token); }), "danger")]));
    });
    if (!page.result.length) body.append(row(["No API token yet."]));
  }

  async function mintToken() {
    var body = { name: $("token-name").value.trim() };
    if ($("token-expiry").value) body.expires_at = new Date($("token-expiry").value).toISOString();
    var created = await api("POST", tokensPath(), body);
    $("token-form").reset();
    $("minted-token-value").value = created.token;
    $("minted-token").hidden = false;
    $("copy-token").focus();
    say("API token " + created.name + " minted for " + state.tokenServer.name + "." + (created.notes ? " " + created.notes.join(" ") : ""));
    await loadTokens();
  }

  async function copyToken() {
    await navigator.clipboard.writeText($("minted-token-value").value);
    say("API token copied. Give it to the one client that needs it; it will not be shown again.");
  }

  async function revokeToken(token) {
    if (!window.confirm("Revoke the API token " + token.name + "? It stops working at once.")) return;
    await api("DELETE", tokensPath() + "/" + token.id);
    say("Revoked the API token " + token.name + ".");
    await loadTokens();
  }

  var tagsLoaded = false;
  async function loadTags() {
    if (tagsLoaded) return;
    var preview = await api("GET", "/integrated-account/" + state.account.id + "/tools");
    var list = $("tag-list");
    preview.tags.forEach(function (tag) {
      var label = el("label", null, { class: "check" });
      var box = el("input", null, { type: "checkbox", name: "tag", value: tag });
      label.append(box, " " + tag);
      list.append(label);
    });
    tagsLoaded = true;
  }

  function selectedFilters() {
    var methods = Array.prototype.map.call(document.querySelectorAll("input[name=method]:checked"), function (b) { return b.value; });
    $("server-exact").value.split(",").map(function (m) { return m.trim(); }).filter(Boolean).forEach(function (m) { methods.push(m); });
    var tags = Array.prototype.map.call(document.querySelectorAll("input[name=tag]:checked"), function (b) { return b.value; });
    return { methods: methods, tags: tags };
  }

  var countTimer = null;
  function updateCount() {
    clearTimeout(countTimer);
    countTimer = setTimeout(act(async function () {
      if (!state.account) return;
      var filters = selectedFilters();
      var query = "?methods=" + encodeURIComponent(filters.methods.join(",")) + "&tags=" + encodeURIComponent(filters.tags.join(",")) +
        "&tool_exposure=" + encodeURIComponent($("server-exposure").value);
      // The API counts by tools/list's own rule: search, fetch and the record count included, discovery's three instead of the rest.
      var preview = await api("GET", "/integrated-account/" + state.account.id + "/tools" + query);
      $("tool-count").textContent = preview.count + " tools will be listed, reaching " + preview.reachable + " of " + preview.total +
        " Freshservice tools" + ($("server-exposure").value === "discovery" ? " through the discovery tools." : ".");
      var warnings = $("tool-warnings");
      warnings.replaceChildren();
      preview.cut_by.forEach(function (limit) {
        warnings.append(el("li", limit.client + " shows only the first " + limit.max_tools + " tools: narrow the methods or tags, or use discovery."));
      });
      if (!preview.reachable) warnings.append(el("li", "No tool matches these methods and tags together."));
    }), 150);
  }

  async function createServer() {
    var filters = selectedFilters();
    var config = {};
    if (filters.methods.length) config.methods = filters.methods;
    if (filters.tags.length) config.tags = filters.tags;
    if ($("server-exposure").value === "discovery") config.tool_exposure = "discovery";
    if ($("server-budget").value) config.max_requests_per_minute = Number($("server-budget").value);
    if ($("server-api-token").checked) config.require_api_token_auth = true;
    if ($("server-log-args").checked) config.log_arguments = true;
    var body = { name: $("server-name").value.trim(), config: config };
    var oauth = $("server-auth").value === "oauth";
    if (oauth) body.auth = "oauth";
    if ($("server-expiry").value) body.expires_at = new Date($("server-expiry").value).toISOString();
    var created = await api("POST", "/integrated-account/" + state.account.id + "/mcp", body);
    $("server-form").reset();
    syncAuthChoice();
    $("minted-title").textContent = oauth
      ? "New OAuth MCP URL: it holds no secret; each agent adds it to their client and signs in"
      : "New MCP URL: copy it now, it is shown only once";
    $("minted-url").value = created.url;
    $("minted").hidden = false;
    $("copy-url").focus();
    say("MCP server " + created.name + " created." + (created.notes ? " " + created.notes.join(" ") : ""));
    await loadServers();
    updateCount();
  }

  async function copyUrl() {
    await navigator.clipboard.writeText($("minted-url").value);
    say($("minted-url").value.indexOf("/mcp/oauth/") !== -1
      ? "URL copied. Each agent adds it to their MCP client and signs in as themselves."
      : "URL copied. Paste it into your MCP client; it will not be shown again.");
  }

  async function copyServerUrl(server) {
    await navigator.clipboard.writeText(server.url);
    say("URL of " + server.name + " copied. Each agent adds it to their MCP client and signs in as themselves.");
  }

  function serverName(id) {
    var server = state.servers.find(function (s) { return s.id === id; });
    return server ? server.name : "revoked (" + id.slice(0, 8) + ")";
  }

  async function loadAudit(fromStart) {
    if (fromStart) { state.auditCursor = null; $("audit-body").replaceChildren(); }
    var query = "?limit=50";
    if ($("audit-tool").value.trim()) query += "&tool=" + encodeURIComponent($("audit-tool").value.trim());
    if ($("audit-outcome").value) query += "&outcome=" + encodeURIComponent($("audit-outcome").value);
    if (state.auditCursor) query += "&cursor=" + encodeURIComponent(state.auditCursor);
    var page = await api("GET", "/integrated-account/" + state.account.id + "/logs" + query);
    var body = $("audit-body");
    page.result.forEach(function (entry) {
      body.append(row([when(entry.at), serverName(entry.mcp_server_id), callerText(entry), entry.tool, entry.outcome, entry.http_status,
        entry.duration_ms, entry.ratelimit_remaining, JSON.stringify(entry.touched_ids)]));
    });
    if (fromStart && !page.result.length) body.append(row(["No call recorded yet."]));
    state.auditCursor = page.next_cursor;
    $("audit-more").hidden = !page.next_cursor;
  }

${USAGE_PANEL_SCRIPT}
${SIGN_INS_SCRIPT}
  document.addEventListener("DOMContentLoaded", function () {
    OUTCOMES.forEach(function (outcome) { $("audit-outcome").append(el("option", outcome, { value: outcome })); });
    drawLegend();
    $("signin-form").addEventListener("submit", act(signIn));
    $("sign-out").addEventListener("click", function () { signOut(); });
    $("account-form").addEventListener("submit", act(addAccount));
    $("edit-form").addEventListener("submit", act(saveAccount));
    $("back").addEventListener("click", act(showAccounts));
    $("refresh-fields").addEventListener("click", act(refreshFields));
    $("delete-account").addEventListener("click", act(deleteAccount));
    $("server-form").addEventListener("submit", act(createServer));
    $("server-form").addEventListener("change", updateCount);
    $("server-exact").addEventListener("input", updateCount);
    $("copy-url").addEventListener("click", act(copyUrl));
    $("dismiss-url").addEventListener("click", function () { $("minted-url").value = ""; $("minted").hidden = true; });
    $("token-form").addEventListener("submit", act(mintToken));
    $("copy-token").addEventListener("click", act(copyToken));
    $("dismiss-token").addEventListener("click", function () { $("minted-token-value").value = ""; $("minted-token").hidden = true; });
    $("close-tokens").addEventListener("click", closeTokens);
    $("close-grants").addEventListener("click", closeGrants);
    $("sign-in-form").addEventListener("submit", act(saveSignIn));
    $("server-auth").addEventListener("change", syncAuthChoice);
    $("audit-form").addEventListener("submit", act(function () { return Promise.all([loadServers(), loadAudit(true)]); }));
    $("audit-more").addEventListener("click", act(function () { return loadAudit(false); }));
    $("usage-form").addEventListener("submit", act(loadUsage));
    $("usage-scope").addEventListener("change", act(loadUsage));
    $("usage-window").addEventListener("change", act(loadUsage));
    if (state.token) act(showAccounts)(); else show("signin-screen");
  });
})();
`;
