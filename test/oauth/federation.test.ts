import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import Provider from 'oidc-provider';
import { createTestApp, listenOnLoopback, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import {
  authorizeUrl,
  Browser,
  buildSignIn,
  codeOf,
  fetchSender,
  REDIRECT_URI,
  signInAsUser,
} from '../helpers/oauth.ts';
import { findPlaintext } from '../helpers/plaintext.ts';
import { loopbackIssuer } from '../helpers/upstream.ts';

const UPSTREAM_SECRET = 'upstream-client-secret-that-must-never-be-stored-in-plain-text';

/** A district's own identity provider: oidc-provider on loopback, whose accounts are whatever login one types. */
async function startUpstream(callback: string): Promise<{ issuer: string; server: Server }> {
  const { server, issuer, jwks } = await loopbackIssuer();
  const provider = new Provider(issuer, {
    jwks,
    clients: [
      {
        client_id: 'gatehouse',
        client_secret: UPSTREAM_SECRET,
        redirect_uris: [callback],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: ['upstream-cookie-key'] },
    async findAccount(_ctx: unknown, sub: string) {
      return { accountId: sub, claims: async () => ({ sub, email: `${sub}@example.test`, email_verified: true }) };
    },
  });
  server.on('request', provider.callback());
  return { issuer, server };
}

describe('people sign in through their organization’s own OpenID Connect issuer', () => {
  let t: TestApp;
  let base: string;
  let upstream: { issuer: string; server: Server };
  before(async () => {
    // The upstream runs on this machine, which only an operator's setting allows.
    t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
    base = await listenOnLoopback(t);
    upstream = await startUpstream(`${t.config.publicUrl}/login/oauth2/callback`);
  });
  after(async () => {
    upstream.server.closeAllConnections();
    await new Promise((resolve) => upstream.server.close(resolve));
    await t.close();
  });

  /** Gatehouse's sign-in page → the upstream's login and consent → back to Gatehouse's consent → the client. */
  async function federatedSignIn(browser: Browser, url: string, login: string) {
    const page = await browser.request('GET', url);
    assert.equal(page.status, 200, page.body);
    const toUpstream = await browser.submit('/login/oauth2/federate');
    assert.equal(toUpstream.status, 302, toUpstream.body);
    const loginPage = await browser.follow(toUpstream.headers.location as string);
    assert.equal(loginPage.response.status, 200, loginPage.response.body);
    const afterLogin = await browser.submit('/interaction/', { login, password: 'anything' });
    const consentPage = await browser.follow(new URL(afterLogin.headers.location as string, loginPage.url).toString());
    const afterConsent = await browser.submit('/interaction/');
    const back = await browser.follow(
      new URL(afterConsent.headers.location as string, consentPage.url).toString(),
      t.config.publicUrl,
    );
    return browser.follow(back.url, REDIRECT_URI);
  }

  test('whom the issuer vouches for lands as themselves, by email or identifier; strangers are refused', async () => {
    const setup = await buildSignIn(t);
    const settings = { issuer: upstream.issuer, client_id: 'gatehouse', client_secret: UPSTREAM_SECRET };
    const source = await ok(t, 'PATCH', `/api/v1/sources/${setup.sourceId}`, setup.organization.token, {
      sso: settings,
    });
    assert.deepEqual(source.sso, {
      issuer: upstream.issuer,
      client_id: 'gatehouse',
      claim: 'email',
      identifier: 'email',
      has_client_secret: true,
    });

    const secrets: string[] = [UPSTREAM_SECRET, setup.clientSecret, setup.token, setup.organization.token];
    const browser = new Browser(fetchSender(t.config.publicUrl, base));
    const consent = await federatedSignIn(
      browser,
      authorizeUrl(t.config.publicUrl, { client_id: setup.clientId, state: 'fed', scope: 'openid profile' }),
      'ada',
    );
    assert.equal(consent.response.status, 200, consent.response.body);
    assert.match(consent.response.body, /Signed in as <strong>Ada Example<\/strong>/);
    const done = await browser.submit('/login/oauth2/accept', { decision: 'allow' });
    const { code } = codeOf(done.headers.location as string);
    const tokens = await t.call({
      method: 'POST',
      url: '/login/oauth2/token',
      payload: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: setup.clientId,
        client_secret: setup.clientSecret,
      },
    });
    assert.equal(tokens.statusCode, 200, tokens.body);
    const profile = await t.call({ method: 'GET', url: '/api/v2/my/profile', token: tokens.json().access_token });
    assert.equal(profile.json().$data.id, setup.roster.people.ada);
    secrets.push(code, tokens.json().access_token, tokens.json().refresh_token, ...browser.cookieValues());

    // The issuer's subject matched to the `sis_id` identifier instead of the email.
    await ok(t, 'PATCH', `/api/v1/sources/${setup.sourceId}`, setup.organization.token, {
      sso: { issuer: upstream.issuer, client_id: 'gatehouse', claim: 'sub', identifier: 'sis_id' },
    });
    const byIdentifier = await federatedSignIn(
      new Browser(fetchSender(t.config.publicUrl, base)),
      authorizeUrl(t.config.publicUrl, { client_id: setup.clientId }),
      'sis-ben',
    );
    assert.match(byIdentifier.response.body, /Signed in as <strong>Ben Example<\/strong>/);

    const stranger = await federatedSignIn(
      new Browser(fetchSender(t.config.publicUrl, base)),
      authorizeUrl(t.config.publicUrl, { client_id: setup.clientId, state: 's' }),
      'nobody',
    );
    assert.equal(stranger.response.status, 302);
    const refused = new URL(stranger.response.headers.location as string);
    assert.equal(refused.searchParams.get('error'), 'access_denied');
    assert.equal(refused.searchParams.get('state'), 's');
    assert.equal(refused.searchParams.get('error_description'), 'Nobody at District SIS matches this sign-in.');

    // A Gatehouse user's full flow too, then nothing secret may be stored in plain text anywhere.
    const userBrowser = new Browser(fetchSender(t.config.publicUrl, base));
    await ok(
      t,
      'POST',
      `/api/v1/teams/${setup.organization.team.id}/developer-keys/${setup.clientId}/bindings`,
      setup.organization.token,
      { state: 'on' },
    );
    const location = await signInAsUser(
      userBrowser,
      authorizeUrl(t.config.publicUrl, { client_id: setup.clientId }),
      setup.organization.user.email,
      setup.organization.password,
    );
    const userCode = codeOf(location).code;
    const userTokens = await t.call({
      method: 'POST',
      url: '/api/authentication/token',
      payload: {
        grant_type: 'authorization_code',
        code: userCode,
        redirect_uri: REDIRECT_URI,
        client_id: setup.clientId,
        client_secret: setup.clientSecret,
      },
    });
    const { access_token, refresh_token } = userTokens.json().$data;
    const refreshed = await t.call({
      method: 'POST',
      url: '/api/authentication/token',
      payload: {
        grant_type: 'refresh_token',
        refresh_token,
        client_id: setup.clientId,
        client_secret: setup.clientSecret,
      },
    });
    secrets.push(
      userCode,
      access_token,
      refresh_token,
      refreshed.json().$data.access_token,
      refreshed.json().$data.refresh_token,
      setup.organization.password,
      ...userBrowser.cookieValues(),
    );
    assert.deepEqual(await findPlaintext(t.ctx.db, secrets), []);
    const signing = await t.ctx.db.selectFrom('oauth_signing_keys').select('private_jwk').executeTakeFirstOrThrow();
    assert.match(signing.private_jwk, /^sealed:v1:/);
    const stored = await t.ctx.db
      .selectFrom('sources')
      .select(['sso_client_secret'])
      .where('id', '=', setup.sourceId)
      .executeTakeFirstOrThrow();
    assert.match(stored.sso_client_secret as string, /^sealed:v1:/);
  });
});
