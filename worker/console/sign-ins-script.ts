/**
 * The console's OAuth parts, spliced into the browser script (console-script.ts): the account's sign-in settings
 * and an OAuth server's sign-ins, each revocable by keyboard (plain buttons; focus returns to the list's heading
 * when a revoked row goes). Runs inside the script's closure: it uses its helpers ($, el, button, row, act, api).
 */

export const SIGN_INS_SCRIPT = `
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
`;
