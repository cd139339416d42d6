"use strict";
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


  var SVG_NS = "http://www.w3.org/2000/svg";
  /** The usage routes' series, stacked bottom up in this order, with the words the console shows. */
  var USAGE_SERIES = [["ok","ok"],["upstream_error","Freshservice error"],["rate_limited","rate-limited"],["refused","refused (filters or budget)"],["invalid_arguments","invalid arguments"],["other","other"]];
  /** The chart's drawing box (the SVG scales to the panel's width). */
  var CHART = { width: 720, height: 240, left: 44, right: 30, top: 10, bottom: 30 };

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function bucketTotal(bucket) {
    return USAGE_SERIES.reduce(function (sum, s) { return sum + bucket[s[0]]; }, 0);
  }

  /** Hours in the browser's time zone; days as the UTC days the route counts them by. */
  function slotLabel(report, start, long) {
    var date = new Date(start);
    if (report.window === "30d")
      return date.toLocaleDateString(undefined, { timeZone: "UTC", month: "short", day: "numeric" });
    var from = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    if (!long) return from;
    return from + " to " + new Date(date.getTime() + 3600000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  }

  function bucketText(report, bucket) {
    var total = bucketTotal(bucket);
    var parts = USAGE_SERIES.filter(function (s) { return bucket[s[0]]; }).map(function (s) { return bucket[s[0]] + " " + s[1]; });
    return slotLabel(report, bucket.start, true) + ": " + (total ? total + (total === 1 ? " call: " : " calls: ") + parts.join(", ") : "no calls");
  }

  /** The smallest 1, 2, 3 or 5 times a power of ten at or above the busiest slot: round gridlines, little waste. */
  function niceMax(max) {
    if (max <= 1) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(max)));
    var steps = [1, 2, 3, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * power >= max) return steps[i] * power;
    return 10 * power;
  }

  function drawChart(report) {
    var chart = $("usage-chart");
    var buckets = report.buckets;
    var top = niceMax(Math.max.apply(null, buckets.map(bucketTotal)));
    var plotWidth = CHART.width - CHART.left - CHART.right;
    var plotHeight = CHART.height - CHART.top - CHART.bottom;
    var slot = plotWidth / buckets.length;
    var barWidth = Math.max(2, slot * 0.7);
    var y = function (calls) { return CHART.top + plotHeight - (calls / top) * plotHeight; };
    chart.replaceChildren();
    chart.setAttribute("viewBox", "0 0 " + CHART.width + " " + CHART.height);
    [0, top / 2, top].forEach(function (value) {
      chart.append(svg("line", { class: "grid", x1: CHART.left, x2: CHART.width - CHART.right, y1: y(value), y2: y(value) }));
      chart.append(svg("text", { class: "axis", x: CHART.left - 6, y: y(value) + 4, "text-anchor": "end", "aria-hidden": "true" }, value));
    });
    var labelEvery = report.window === "30d" ? 5 : 3;
    var bars = buckets.map(function (bucket, i) {
      var x = CHART.left + i * slot + (slot - barWidth) / 2;
      var bar = svg("g", { class: "bar", role: "img", tabindex: i === buckets.length - 1 ? 0 : -1, "aria-label": bucketText(report, bucket) });
      bar.append(svg("title", {}, bucketText(report, bucket)));
      var base = 0;
      USAGE_SERIES.forEach(function (s) {
        var calls = bucket[s[0]];
        if (!calls) return;
        bar.append(svg("rect", { class: "s-" + s[0], x: x, width: barWidth, y: y(base + calls), height: y(base) - y(base + calls) }));
        base += calls;
      });
      // The whole column takes the pointer and shows the focus, however short the bar.
      bar.append(svg("rect", { class: "hit", x: CHART.left + i * slot, width: slot, y: CHART.top, height: plotHeight }));
      if ((buckets.length - 1 - i) % labelEvery === 0)
        chart.append(svg("text", { class: "axis", x: x + barWidth / 2, y: CHART.height - 10, "text-anchor": "middle", "aria-hidden": "true" },
          slotLabel(report, bucket.start, false)));
      chart.append(bar);
      return bar;
    });
    // One tab stop for the chart; the arrow keys, Home and End move between the bars (a roving tabindex).
    bars.forEach(function (bar, i) {
      bar.addEventListener("focus", function () { $("usage-focus").textContent = bar.getAttribute("aria-label"); });
      bar.addEventListener("click", function () { bar.focus(); });
      bar.addEventListener("keydown", function (event) {
        var next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: bars.length - 1 }[event.key];
        if (next === undefined || !bars[next]) return;
        event.preventDefault();
        bar.setAttribute("tabindex", "-1");
        bars[next].setAttribute("tabindex", "0");
        bars[next].focus();
      });
    });
    $("usage-focus").textContent = "";
  }

  function drawTable(report) {
    var body = $("usage-table-body");
    body.replaceChildren();
    var sums = {};
    USAGE_SERIES.forEach(function (s) { sums[s[0]] = 0; });
    report.buckets.forEach(function (bucket) {
      var tr = el("tr");
      var th = el("th", null, { scope: "row" });
      th.append(el("time", slotLabel(report, bucket.start, true), { datetime: bucket.start }));
      tr.append(th);
      USAGE_SERIES.forEach(function (s) { sums[s[0]] += bucket[s[0]]; tr.append(el("td", bucket[s[0]])); });
      tr.append(el("td", bucketTotal(bucket)));
      body.append(tr);
    });
    var foot = $("usage-table-foot");
    foot.replaceChildren();
    var total = el("tr");
    total.append(el("th", "Total", { scope: "row" }));
    USAGE_SERIES.forEach(function (s) { total.append(el("td", sums[s[0]])); });
    total.append(el("td", bucketTotal(sums)));
    foot.append(total);
    return sums;
  }

  function drawFigures(report) {
    var tools = $("usage-tools");
    tools.replaceChildren();
    report.top_tools.forEach(function (t) { tools.append(el("li", t.tool + ": " + t.calls + (t.calls === 1 ? " call" : " calls"))); });
    if (!report.top_tools.length) tools.append(el("li", "No call in this period."));
    ["p50", "p90", "p99"].forEach(function (p) {
      var value = report.latency_ms[p];
      $("usage-" + p).textContent = value === null ? "no call went out" : value.toLocaleString() + " ms";
    });
    $("usage-ratelimit").textContent = report.ratelimit
      ? report.ratelimit.remaining.toLocaleString() + " calls left in Freshservice's minute, seen " + when(report.ratelimit.at) + "."
      : "Not seen yet: no call of this account has had Freshservice's answer.";
  }

  /** The scope list follows the account's servers; the chosen one stays chosen while it is listed. */
  function fillUsageScopes() {
    var scope = $("usage-scope");
    var chosen = scope.value;
    scope.replaceChildren(el("option", "Every URL of this account", { value: "" }));
    state.servers.forEach(function (server) { scope.append(el("option", server.name, { value: server.id })); });
    scope.value = state.servers.some(function (s) { return s.id === chosen; }) ? chosen : "";
  }

  async function loadUsage() {
    var scope = $("usage-scope").value;
    var windowName = $("usage-window").value;
    var path = "/integrated-account/" + state.account.id + (scope ? "/mcp/" + scope : "") + "/usage?window=" + windowName;
    var report = await api("GET", path);
    var per = report.window === "30d" ? "day (UTC)" : "hour";
    var period = report.window === "30d" ? "the last 30 days" : "the last 24 hours";
    var name = scope ? serverName(scope) : state.account.name + ", every URL";
    $("usage-chart-title").textContent = "Calls per " + per + " by outcome: " + name;
    $("usage-table-caption").textContent = "Calls per " + per + " by outcome: " + name + ", " + period;
    $("usage-table-slot").textContent = report.window === "30d" ? "Day (UTC)" : "Hour";
    drawChart(report);
    var sums = drawTable(report);
    drawFigures(report);
    var total = bucketTotal(sums);
    $("usage-summary").textContent = total.toLocaleString() + (total === 1 ? " call" : " calls") + " in " + period + " (" + name + ").";
  }

  /** A server row's "Usage of …": the panel scoped to that URL, and the focus moved to it. */
  async function showServerUsage(server) {
    $("usage-scope").value = server.id;
    await loadUsage();
    $("usage-title").focus();
  }

  /** The legend and the table's head: one entry per series, in the chart's order. */
  function drawLegend() {
    var legend = $("usage-legend");
    var head = $("usage-table-head");
    head.append(el("th", "Hour", { scope: "col", id: "usage-table-slot" }));
    USAGE_SERIES.forEach(function (s) {
      var item = el("li");
      item.append(el("span", null, { class: "swatch s-" + s[0], "aria-hidden": "true" }), " " + s[1]);
      legend.append(item);
      head.append(el("th", s[1], { scope: "col" }));
    });
    head.append(el("th", "all calls", { scope: "col" }));
  }


  var WAYS = { api_key: "API key", freshworks: "Freshworks" };

  /** The account's sign-in settings into their form; the client secret is never sent back, so its field stays empty. */
  function fillSignIn() {
    var signIn = state.account.sign_in || { api_key: true, freshworks: null };
    var freshworks = signIn.freshworks;
    $("sign-in-form").reset();
    $("sign-in-api-key").checked = signIn.api_key;
    $("sign-in-callback").textContent = location.origin + "/oauth/freshworks/callback";
    $("sign-in-org").value = freshworks ? freshworks.org_url : "";
    $("sign-in-client-id").value = freshworks ? freshworks.client_id : "";
    $("sign-in-scopes").value = freshworks ? freshworks.scopes.join(", ") : "";
    $("sign-in-state").textContent = freshworks
      ? "On: client " + freshworks.client_id + " at " + freshworks.org_url + " (its secret is stored encrypted)."
      : "Off: no Freshworks OAuth client is set for this account.";
  }

  async function saveSignIn() {
    var signIn = { api_key: $("sign-in-api-key").checked };
    var org = $("sign-in-org").value.trim();
    if ($("sign-in-no-freshworks").checked) signIn.freshworks = null;
    else if (org) {
      signIn.freshworks = {
        org_url: org,
        client_id: $("sign-in-client-id").value.trim(),
        scopes: $("sign-in-scopes").value.split(",").map(function (s) { return s.trim(); }).filter(Boolean)
      };
      if ($("sign-in-client-secret").value) signIn.freshworks.client_secret = $("sign-in-client-secret").value;
    }
    state.account = await api("PATCH", "/integrated-account/" + state.account.id, { sign_in: signIn });
    fillSignIn();
    say("Sign-in settings saved.");
  }

  /** An OAuth server's grants: who signed in, with which client, how, and since when. */
  function grantsPath() {
    return "/integrated-account/" + state.account.id + "/mcp/" + state.grantsServer.id + "/grants";
  }

  async function openGrants(server) {
    state.grantsServer = server;
    $("grants-title").textContent = "Sign-ins of " + server.name;
    $("grants").hidden = false;
    await loadGrants();
    $("grants-title").focus();
  }

  function closeGrants() {
    state.grantsServer = null;
    $("grants").hidden = true;
  }

  async function loadGrants() {
    var page = await api("GET", grantsPath());
    var body = $("grants-body");
    body.replaceChildren();
    page.grants.forEach(function (grant) {
      var actions = el("span", null, { class: "actions" });
      actions.append(
        button("Revoke " + grant.agent_name + " in " + grant.client_name, act(function () { return revokeGrant(grant); }), "danger"),
        button("Revoke every sign-in of " + grant.agent_name, act(function () { return revokeAgent(grant); }), "danger"));
      var client = grant.client_name + (grant.client_kind === "registered" ? " (registered dynamically: unverified)" : "");
      body.append(row([grant.agent_name + " (" + grant.agent_id + ")", grant.agent_email, client, WAYS[grant.way] || grant.way,
        grant.scopes.join(" "), when(grant.created_at), when(grant.last_used_at), actions]));
    });
    if (!page.grants.length) body.append(row(["No one has signed in yet."]));
  }

  async function revokeGrant(grant) {
    if (!window.confirm("Revoke " + grant.agent_name + "'s sign-in in " + grant.client_name + "? It stops working at once.")) return;
    await api("DELETE", grantsPath() + "/" + encodeURIComponent(grant.grant_id));
    say("Revoked " + grant.agent_name + "'s sign-in in " + grant.client_name + ".");
    await loadGrants();
    $("grants-title").focus();
  }

  async function revokeAgent(grant) {
    if (!window.confirm("Revoke every sign-in of " + grant.agent_name + " on this server?")) return;
    var result = await api("DELETE", grantsPath() + "?agent_id=" + encodeURIComponent(grant.agent_id));
    say("Revoked " + result.revoked + " sign-in" + (result.revoked === 1 ? "" : "s") + " of " + grant.agent_name + ".");
    await loadGrants();
    $("grants-title").focus();
  }

  /** An OAuth server can't also demand an API token: the choice is taken away rather than refused later. */
  function syncAuthChoice() {
    var oauth = $("server-auth").value === "oauth";
    if (oauth) $("server-api-token").checked = false;
    $("server-api-token").disabled = oauth;
  }

  function callerText(entry) {
    return entry.agent_email ? entry.agent_email + " via " + (entry.client_name || entry.client_id) : "secret URL";
  }

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
