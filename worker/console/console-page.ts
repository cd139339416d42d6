/** The console's page and style: plain HTML with labelled controls, no third-party asset, no inline script or style. */

export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Freshservice MCP · Admin console</title>
<link rel="icon" href="/admin/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/admin/app.css">
<script src="/admin/app.js" defer></script>
</head>
<body>
<header class="bar">
  <h1>Freshservice MCP <span>admin console</span></h1>
  <button type="button" id="sign-out" hidden>Sign out</button>
</header>
<p id="status" role="status" aria-live="polite"></p>
<main>
  <section id="signin-screen" aria-labelledby="signin-title">
    <h2 id="signin-title">Sign in</h2>
    <form id="signin-form" class="card">
      <label for="signin-token">Admin API token</label>
      <input id="signin-token" type="password" autocomplete="off" required>
      <p class="hint">The <code>ADMIN_API_TOKEN</code> secret. It is kept in this tab only and forgotten when the tab closes.</p>
      <button type="submit">Sign in</button>
    </form>
  </section>

  <section id="accounts-screen" aria-labelledby="accounts-title" hidden>
    <h2 id="accounts-title">Accounts</h2>
    <table class="list" aria-labelledby="accounts-title">
      <thead><tr><th scope="col">Name</th><th scope="col">Domain</th><th scope="col">Upstream</th><th scope="col">Created</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
      <tbody id="accounts-body"></tbody>
    </table>
    <form id="account-form" class="card">
      <h3>Add an account</h3>
      <label for="account-name">Name</label>
      <input id="account-name" maxlength="100" placeholder="Acme IT">
      <label for="account-domain">Freshservice domain</label>
      <input id="account-domain" required placeholder="acme.freshservice.com">
      <label for="account-key">Agent API key</label>
      <input id="account-key" type="password" autocomplete="off" required>
      <label for="account-base-url">Local simulator URL (development only)</label>
      <input id="account-base-url" placeholder="http://127.0.0.1:8790">
      <label class="check"><input id="account-verify" type="checkbox" checked> Check the domain and key with Freshservice before saving</label>
      <button type="submit">Add account</button>
    </form>
  </section>

  <section id="account-screen" aria-labelledby="account-title" hidden>
    <p><button type="button" id="back" class="link">← All accounts</button></p>
    <h2 id="account-title"></h2>
    <p id="account-meta" class="hint"></p>
    <div class="row">
      <form id="edit-form" class="card">
        <h3>Edit account</h3>
        <label for="edit-name">Name</label>
        <input id="edit-name" maxlength="100">
        <label for="edit-key">New API key (leave empty to keep the current one)</label>
        <input id="edit-key" type="password" autocomplete="off">
        <button type="submit">Save</button>
      </form>
      <div class="card">
        <h3>Maintenance</h3>
        <button type="button" id="refresh-fields">Refresh custom fields</button>
        <p class="hint">Forget the cached form fields after an admin changed a form in Freshservice.</p>
        <button type="button" id="delete-account" class="danger">Delete account and revoke its URLs</button>
      </div>
    </div>

    <form id="sign-in-form" class="card">
      <h3>Sign-in on OAuth servers</h3>
      <p class="hint">How agents prove who they are on this account's OAuth MCP servers (each agent then acts with their own Freshservice permissions).</p>
      <label class="check"><input id="sign-in-api-key" type="checkbox"> Agents may sign in with their own Freshservice API key</label>
      <fieldset>
        <legend>Freshworks org OAuth</legend>
        <p id="sign-in-state" class="hint"></p>
        <p class="hint">Register an OAuth client in your Freshworks org with the redirect URL <code id="sign-in-callback"></code>, then enter it here.</p>
        <label for="sign-in-org">Freshworks org URL</label>
        <input id="sign-in-org" placeholder="https://acme.myfreshworks.com">
        <label for="sign-in-client-id">Client id</label>
        <input id="sign-in-client-id" autocomplete="off">
        <label for="sign-in-client-secret">Client secret (leave empty to keep the stored one)</label>
        <input id="sign-in-client-secret" type="password" autocomplete="off">
        <label for="sign-in-scopes">Freshworks scopes, comma-separated</label>
        <input id="sign-in-scopes" placeholder="freshservice.tickets.view, freshservice.tickets.edit">
        <label class="check"><input id="sign-in-no-freshworks" type="checkbox"> Turn the Freshworks way off and forget the client</label>
      </fieldset>
      <button type="submit">Save sign-in settings</button>
    </form>

    <h3 id="servers-title">MCP servers</h3>
    <table class="list" aria-labelledby="servers-title">
      <thead><tr><th scope="col">Name</th><th scope="col">Filters</th><th scope="col">Budget</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
      <tbody id="servers-body"></tbody>
    </table>

    <section id="minted" class="card notice" hidden aria-labelledby="minted-title">
      <h3 id="minted-title">New MCP URL: copy it now, it is shown only once</h3>
      <label for="minted-url">MCP server URL</label>
      <input id="minted-url" readonly>
      <button type="button" id="copy-url">Copy URL</button>
      <button type="button" id="dismiss-url" class="link">I stored it</button>
    </section>

    <section id="grants" class="card" hidden aria-labelledby="grants-title">
      <h3 id="grants-title" tabindex="-1">Sign-ins</h3>
      <p class="hint">Each agent signed in to this server's URL, one row per client. Revoking ends a sign-in at once: that client must sign in again.</p>
      <table class="list" aria-labelledby="grants-title">
        <thead><tr><th scope="col">Agent</th><th scope="col">Email</th><th scope="col">Client</th><th scope="col">Way</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
        <tbody id="grants-body"></tbody>
      </table>
      <button type="button" id="close-grants" class="link">Close sign-ins</button>
    </section>

    <section id="tokens" class="card" hidden aria-labelledby="tokens-title">
      <h3 id="tokens-title" tabindex="-1">API tokens</h3>
      <p id="tokens-scope" class="hint"></p>
      <table class="list" aria-labelledby="tokens-title">
        <thead><tr><th scope="col">Name</th><th scope="col">Expires</th><th scope="col">Created</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
        <tbody id="tokens-body"></tbody>
      </table>
      <section id="minted-token" class="notice" hidden aria-labelledby="minted-token-title">
        <h4 id="minted-token-title">New API token: copy it now, it is shown only once</h4>
        <label for="minted-token-value">API token</label>
        <input id="minted-token-value" readonly>
        <button type="button" id="copy-token">Copy API token</button>
        <button type="button" id="dismiss-token" class="link">I stored it</button>
      </section>
      <form id="token-form">
        <h4>Mint an API token for this server</h4>
        <label for="token-name">Token name</label>
        <input id="token-name" required maxlength="100" placeholder="CI triage bot">
        <label for="token-expiry">Token expires at (empty = never)</label>
        <input id="token-expiry" type="datetime-local">
        <button type="submit">Mint API token</button>
      </form>
      <button type="button" id="close-tokens" class="link">Close API tokens</button>
    </section>

    <form id="server-form" class="card">
      <h3>Create an MCP server</h3>
      <label for="server-name">Name</label>
      <input id="server-name" required maxlength="100" placeholder="Helpdesk triage (read-only)">
      <label for="server-auth">How agents connect</label>
      <select id="server-auth">
        <option value="token">Secret URL: whoever has the URL acts with the account's API key</option>
        <option value="oauth">OAuth sign-in: each agent signs in and acts as themselves</option>
      </select>
      <fieldset>
        <legend>Methods</legend>
        <label class="check"><input type="checkbox" name="method" value="read" checked> read (list, get, search)</label>
        <label class="check"><input type="checkbox" name="method" value="write"> write (create, update, delete)</label>
        <label class="check"><input type="checkbox" name="method" value="custom"> custom (every non-CRUD operation)</label>
        <label for="server-exact">Exact method names, comma-separated</label>
        <input id="server-exact" placeholder="search, restore">
      </fieldset>
      <fieldset>
        <legend>Tags (none = every area)</legend>
        <div id="tag-list" class="tags"></div>
      </fieldset>
      <label for="server-exposure">Tool exposure</label>
      <select id="server-exposure">
        <option value="all">all: every matching tool is listed</option>
        <option value="discovery">discovery: three tools that search, describe and call the others</option>
      </select>
      <label for="server-budget">Calls to Freshservice per minute (empty = no own budget)</label>
      <input id="server-budget" type="number" min="1" max="10000">
      <label for="server-expiry">Expires at (empty = never)</label>
      <input id="server-expiry" type="datetime-local">
      <label class="check"><input id="server-api-token" type="checkbox"> Also require the API token (programmatic clients only)</label>
      <label class="check"><input id="server-log-args" type="checkbox"> Keep redacted arguments in the audit trail</label>
      <p id="tool-count" class="count" aria-live="polite"></p>
      <ul id="tool-warnings" class="warnings"></ul>
      <button type="submit">Create MCP server</button>
    </form>

    <section id="usage" aria-labelledby="usage-title">
      <h3 id="usage-title" tabindex="-1">Usage</h3>
      <form id="usage-form" class="filters">
        <label for="usage-scope">URL</label>
        <select id="usage-scope"><option value="">Every URL of this account</option></select>
        <label for="usage-window">Period</label>
        <select id="usage-window">
          <option value="24h">Last 24 hours, by hour</option>
          <option value="30d">Last 30 days, by day (UTC)</option>
        </select>
        <button type="submit">Refresh usage</button>
      </form>
      <p id="usage-summary" class="count" aria-live="polite"></p>
      <div class="usage">
        <figure class="card chart">
          <figcaption id="usage-chart-title">Calls by outcome</figcaption>
          <ul id="usage-legend" class="legend" aria-label="Outcomes"></ul>
          <svg id="usage-chart" role="group" aria-labelledby="usage-chart-title" aria-describedby="usage-keys" viewBox="0 0 720 240"></svg>
          <p id="usage-keys" class="hint">Tab to the chart, then ← → (Home, End) move between the bars.</p>
          <p id="usage-focus" class="focus-line"></p>
        </figure>
        <div class="card">
          <h4 id="usage-tools-title">Tools called most</h4>
          <ol id="usage-tools" aria-labelledby="usage-tools-title"></ol>
          <h4>Latency of the calls that went out</h4>
          <dl class="latency">
            <dt>p50</dt><dd id="usage-p50"></dd>
            <dt>p90</dt><dd id="usage-p90"></dd>
            <dt>p99</dt><dd id="usage-p99"></dd>
          </dl>
          <h4>Freshservice rate limit, last seen</h4>
          <p id="usage-ratelimit"></p>
        </div>
      </div>
      <details>
        <summary>The chart's figures as a table</summary>
        <table class="list figures">
          <caption id="usage-table-caption" class="sr"></caption>
          <thead><tr id="usage-table-head"></tr></thead>
          <tbody id="usage-table-body"></tbody>
          <tfoot id="usage-table-foot"></tfoot>
        </table>
      </details>
    </section>

    <h3 id="audit-title">Audit trail</h3>
    <form id="audit-form" class="filters">
      <label for="audit-tool">Tool</label>
      <input id="audit-tool" placeholder="list_all_freshservice_tickets">
      <label for="audit-outcome">Outcome</label>
      <select id="audit-outcome">
        <option value="">any</option>
      </select>
      <button type="submit">Show</button>
    </form>
    <table class="list" aria-labelledby="audit-title">
      <thead><tr><th scope="col">When</th><th scope="col">Server</th><th scope="col">Who</th><th scope="col">Tool</th><th scope="col">Outcome</th><th scope="col">Status</th><th scope="col">ms</th><th scope="col">Rate limit left</th><th scope="col">Ids</th></tr></thead>
      <tbody id="audit-body"></tbody>
    </table>
    <button type="button" id="audit-more" hidden>Older calls</button>
  </section>
</main>
</body>
</html>
`;

export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6478; --line: #d7dce6; --accent: #0b5cd5; --danger: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f5f7fb; }
.bar { display: flex; justify-content: space-between; align-items: center; padding: 0.75rem 1.5rem; background: #14213d; color: #fff; }
.bar h1 { font-size: 1.1rem; margin: 0; }
.bar h1 span { font-weight: 400; opacity: 0.8; }
main { max-width: 1100px; margin: 0 auto; padding: 0 1.5rem 3rem; }
#status { max-width: 1100px; margin: 0.75rem auto 0; padding: 0 1.5rem; min-height: 1.4em; }
#status.error { color: var(--danger); font-weight: 600; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
label { display: block; margin: 0.6rem 0 0.2rem; font-weight: 600; }
label.check { font-weight: 400; display: flex; gap: 0.4rem; align-items: center; }
input, select { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #aab2c3; border-radius: 6px; width: 100%; max-width: 32rem; }
input[type="checkbox"] { width: auto; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0.8rem 0; }
button { font: inherit; margin-top: 0.8rem; padding: 0.4rem 0.9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; }
button.danger { background: var(--danger); border-color: var(--danger); }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #ffb000; outline-offset: 2px; }
td button { margin: 0; }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.3rem 0; }
table.list { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
table.list th, table.list td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.list th { background: #eef1f7; font-size: 0.85rem; }
.tags { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
.count { font-weight: 600; }
.warnings { color: #8a4b00; margin: 0; }
.notice { border: 1px solid #0b5cd5; border-radius: 8px; padding: 0.5rem 1rem; margin: 1rem 0; background: #eef4ff; }
td .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
.filters { display: flex; gap: 0.6rem; align-items: end; flex-wrap: wrap; }
.filters label { margin: 0; }
.filters input, .filters select { width: 16rem; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
code { font-size: 0.9em; }
.usage { display: grid; grid-template-columns: 2fr 1fr; gap: 1rem; align-items: start; }
.usage .card { margin: 0.5rem 0; }
figure.chart { margin: 0.5rem 0; }
figcaption { font-weight: 600; }
#usage-chart { display: block; width: 100%; height: auto; margin-top: 0.5rem; }
#usage-chart .grid { stroke: var(--line); stroke-width: 1; }
#usage-chart .axis { fill: var(--muted); font-size: 11px; }
#usage-chart .hit { fill: transparent; }
#usage-chart .bar { outline: none; cursor: default; }
#usage-chart .bar:hover .hit { fill: rgba(20, 33, 61, 0.06); }
#usage-chart .bar:focus .hit { stroke: #ffb000; stroke-width: 3; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; margin: 0.4rem 0 0; padding: 0; font-size: 0.9rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: -0.1rem; }
.s-ok { fill: #009e73; background: #009e73; }
.s-upstream_error { fill: #d55e00; background: #d55e00; }
.s-rate_limited { fill: #e69f00; background: #e69f00; }
.s-refused { fill: #cc79a7; background: #cc79a7; }
.s-invalid_arguments { fill: #0072b2; background: #0072b2; }
.s-other { fill: #8c8c8c; background: #8c8c8c; }
.focus-line { min-height: 1.4em; margin: 0.3rem 0; font-weight: 600; }
details summary { cursor: pointer; color: var(--accent); }
details summary:focus-visible { outline: 3px solid #ffb000; outline-offset: 2px; }
table.figures { margin-top: 0.5rem; font-size: 0.85rem; }
table.figures th[scope="row"] { white-space: nowrap; font-weight: 400; }
table.figures td, table.figures thead th + th { text-align: right; font-variant-numeric: tabular-nums; }
table.figures tfoot th, table.figures tfoot td { font-weight: 600; }
.latency { display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 1rem; margin: 0; }
.latency dt { font-weight: 600; }
.latency dd { margin: 0; }
h4 { margin: 0.8rem 0 0.3rem; }
.card h4:first-child { margin-top: 0; }
`;

export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#14213d"/><path d="M4 4h8v2H6v2h5v2H6v2H4z" fill="#fff"/></svg>`;
