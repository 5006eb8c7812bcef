import { type Html, html } from './layout.ts';

export type AppHeader = { name: string; icon_url: string | null };

export type LoginPage = {
  interaction: string;
  app: AppHeader;
  error?: string;
  /** Organizations whose own sign-in (an upstream OpenID Connect issuer) people may use. */
  issuers: Array<{ source_id: string; name: string }>;
  /** Demo mode only: people one may sign in as without a password. */
  demoPeople: Array<{ id: string; name: string; detail: string }> | null;
};

export type ConsentPage = {
  interaction: string;
  app: AppHeader;
  who: string;
  scopes: string[];
  /** For a Gatehouse user in several teams the key works in: the team the token will reach. */
  teams: Array<{ id: string; name: string }>;
};

function header(app: AppHeader): Html {
  const icon = app.icon_url ? html`<img src="${app.icon_url}" alt="">` : '';
  return html`<div class="app">${icon}<h1>Sign in to ${app.name}</h1></div>`;
}

function hidden(interaction: string): Html {
  return html`<input type="hidden" name="interaction" value="${interaction}">`;
}

export function loginPage(page: LoginPage): Html {
  const issuers = page.issuers.map((issuer) => {
    const fields = html`${hidden(page.interaction)}<input type="hidden" name="source" value="${issuer.source_id}">`;
    const button = html`<button type="submit">Sign in with ${issuer.name}</button>`;
    return html`<form method="get" action="/login/oauth2/federate">${fields}${button}</form>`;
  });
  const people = (page.demoPeople ?? []).map(
    (person) => html`<option value="${person.id}">${person.name} (${person.detail})</option>`,
  );
  const demo = page.demoPeople
    ? html`<form method="post" action="/login/oauth2/demo"><h2>Demo: sign in as a person</h2>${hidden(page.interaction)}
<label>Person <select name="person_id">${people}</select></label>
<button type="submit">Continue</button></form>`
    : '';
  return html`${header(page.app)}${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ''}${issuers}
<form method="post" action="/login/oauth2/login"><h2>Gatehouse account</h2>${hidden(page.interaction)}
<label>Email <input type="email" name="email" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>${demo}`;
}

export function consentPage(page: ConsentPage): Html {
  const options = page.teams.map((team) => html`<option value="${team.id}">${team.name}</option>`);
  const teams =
    page.teams.length > 1
      ? html`<label>Team <select name="team_id">${options}</select></label>`
      : page.teams.length === 1
        ? html`<input type="hidden" name="team_id" value="${page.teams[0]?.id}">`
        : '';
  const scopes =
    page.scopes.length > 0
      ? html`<p>It asks for:</p><ul>${page.scopes.map((scope) => html`<li><code>${scope}</code></li>`)}</ul>`
      : '';
  const who = html`Signed in as <strong>${page.who}</strong>.`;
  const allow = html`<button type="submit" name="decision" value="allow">Allow</button>`;
  const deny = html`<button type="submit" name="decision" value="deny">Deny</button>`;
  return html`${header(page.app)}<p>${who} Allow <strong>${page.app.name}</strong> to act for you?</p>${scopes}
<form method="post" action="/login/oauth2/accept">${hidden(page.interaction)}${teams}
${allow}${deny}</form>`;
}

export function messagePage(title: string, message: string): Html {
  return html`<h1>${title}</h1><p>${message}</p>`;
}
