// The org's sign-in and consent page: the app's name and the scopes it asks for, an e-mail and password form
// for the tenant's agents, Allow and Deny. One self-contained page (no script, no outside assets).

import type { AuthorizeRequest } from "./authorize-request";
import { authorizeFields } from "./authorize-request";
import { escapeHtml } from "./responses";

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;background:#f4f6f8;margin:0}
main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0}ul{padding-left:1.2rem}code{font-size:.85em}
label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
.error{background:#fdecea;color:#8a1c10;padding:.6rem;border-radius:4px}
.buttons{display:flex;gap:.6rem;margin-top:1.2rem}button{padding:.5rem 1.2rem}`;

export function signInPage(request: AuthorizeRequest, orgName: string, error: string | null): string {
  const hidden = Object.entries(authorizeFields(request))
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("\n");
  const scopes = request.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in to ${escapeHtml(orgName)}</title><style>${STYLE}</style></head>
<body><main>
<h1>Sign in to ${escapeHtml(orgName)}</h1>
<p><strong>${escapeHtml(request.client.name)}</strong> wants to act as you in Freshservice with:</p>
<ul>${scopes}</ul>
${error === null ? "" : `<p class="error" role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="/org/oauth/v2/authorize">
${hidden}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="buttons"><button type="submit" name="decision" value="allow">Sign in and allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button></div>
</form>
</main></body></html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title><style>${STYLE}</style></head>
<body><main><h1>This sign-in link doesn't work</h1><p class="error" role="alert">${escapeHtml(message)}</p></main></body></html>`;
}
