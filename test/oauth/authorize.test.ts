import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import {
  authorizeUrl,
  Browser,
  bind,
  buildUserKey,
  injectSender,
  parseForms,
  pkce,
  REDIRECT_URI,
  signInAsUser,
} from '../helpers/oauth.ts';

const PUBLIC = 'http://gatehouse.test';

describe('authorization endpoint (/login/oauth2/auth, /sso/login)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  /** An organization with a team key for a developer's application, turned on. */
  async function setup(body: Record<string, unknown> = {}, state: 'on' | 'off' = 'on') {
    return buildUserKey(t, body, state);
  }
  const get = (params: Record<string, string>, path?: string) =>
    t.call({ method: 'GET', url: authorizeUrl(PUBLIC, params, path).slice(PUBLIC.length) });
  const redirected = (response: { statusCode: number; headers: Record<string, unknown> }) => {
    assert.equal(response.statusCode, 302);
    return new URL(response.headers.location as string);
  };

  test('a missing, malformed, unknown or inactive client is a 401 invalid_client, never a redirect', async () => {
    const { key, organization } = await setup();
    await ok(t, 'PATCH', `/api/v1/developer-keys/${key.id}`, organization.token, { state: 'inactive' });
    for (const clientId of ['', 'a', '00000000-0000-4000-8000-000000000000', key.id]) {
      const response = await get({ client_id: clientId });
      assert.equal(response.statusCode, 401, clientId);
      assert.deepEqual(response.json(), { error: 'invalid_client', error_description: 'unknown client' });
      assert.match(response.headers['www-authenticate'] as string, /^Bearer/);
      assert.equal(response.headers.location, undefined);
    }
  });

  test('open redirects are refused: only the exact registered URI, else a 400 and no redirect', async () => {
    const { key } = await setup();
    for (const uri of [
      'https://app.example.test/callback/../evil',
      'https://app.example.test/callback?next=https://evil.test',
      'https://app.example.test/callbackx',
      'https://app.example.test.evil.test/callback',
      'https://evil.test/?https://app.example.test/callback',
      'http://app.example.test/callback',
      'HTTPS://APP.EXAMPLE.TEST/callback',
      '//evil.test/callback',
      'https://app.example.test/callback#x',
      '',
    ]) {
      const response = await get({ client_id: key.id, redirect_uri: uri });
      assert.equal(response.statusCode, 400, uri);
      assert.deepEqual(response.json(), {
        error: 'invalid_request',
        error_description: 'redirect_uri does not match client settings',
      });
      assert.equal(response.headers.location, undefined, uri);
    }
  });

  test('a scoped key: no scope or unknown scopes are invalid_scope, listed, with state, before binding', async () => {
    const { key } = await setup({ require_scopes: true, scopes: ['url:GET|/api/v2/my/classes'] }, 'off');
    const none = redirected(await get({ client_id: key.id, state: 'abc' }));
    assert.equal(none.searchParams.get('error'), 'invalid_scope');
    assert.equal(none.searchParams.get('state'), 'abc');
    assert.equal(none.searchParams.get('iss'), PUBLIC);
    const unknown = redirected(
      await get({ client_id: key.id, scope: 'not|valid url:GET|/api/v2/my/schools', state: 'abc' }),
    );
    assert.equal(unknown.searchParams.get('error'), 'invalid_scope');
    assert.match(
      unknown.searchParams.get('error_description') as string,
      /not granted: not\|valid and url:GET\|\/api\/v2\/my\/schools$/,
    );
    const off = redirected(await get({ client_id: key.id, scope: 'url:GET|/api/v2/my/classes' }));
    assert.equal(off.searchParams.get('error'), 'unauthorized_client');
  });

  test('a key that is off for the team is unauthorized_client at authorize', async () => {
    const { key, organization } = await setup({}, 'off');
    const response = redirected(await get({ client_id: key.id, state: 's' }));
    assert.equal(response.searchParams.get('error'), 'unauthorized_client');
    assert.equal(response.searchParams.get('error_description'), 'Client does not have access to the specified team.');
    await bind(t, organization, key.id, 'on');
    assert.equal((await get({ client_id: key.id })).statusCode, 200);
  });

  test('response_type must be code, except at /sso/login where it is implied', async () => {
    const { key } = await setup();
    for (const responseType of ['token', '']) {
      const response = redirected(
        await t.call({
          method: 'GET',
          url:
            `/login/oauth2/auth?client_id=${key.id}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}` +
            `&response_type=${responseType}`,
        }),
      );
      assert.equal(response.searchParams.get('error'), 'unsupported_response_type');
    }
    const edlink = await t.call({
      method: 'GET',
      url: `/sso/login?client_id=${key.id}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&state=x`,
    });
    assert.equal(edlink.statusCode, 200);
    assert.match(edlink.headers['content-type'] as string, /text\/html/);
    assert.equal(edlink.headers['x-frame-options'], 'DENY');
  });

  test('PKCE: only S256, well-formed, and required of public clients', async () => {
    const { key } = await setup({ client_type: 'public' });
    assert.equal(key.client_secret, undefined);
    const missing = redirected(await get({ client_id: key.id }));
    assert.equal(missing.searchParams.get('error'), 'invalid_request');
    assert.match(missing.searchParams.get('error_description') as string, /PKCE is required/);
    const plain = redirected(
      await get({ client_id: key.id, code_challenge: pkce().challenge, code_challenge_method: 'plain' }),
    );
    assert.equal(plain.searchParams.get('error_description'), 'code_challenge_method must be S256');
    assert.equal(
      (await get({ client_id: key.id, code_challenge: pkce().challenge, code_challenge_method: 'S256' })).statusCode,
      200,
    );
  });

  test('prompt=none is login_required: Gatehouse keeps no session to reuse', async () => {
    const { key } = await setup();
    assert.equal(
      redirected(await get({ client_id: key.id, prompt: 'none' })).searchParams.get('error'),
      'login_required',
    );
  });

  test('deny answers access_denied with the state; a wrong password shows the page again without a code', async () => {
    const { key, organization } = await setup();
    const browser = new Browser(injectSender(t));
    await browser.request('GET', authorizeUrl(PUBLIC, { client_id: key.id, state: 'keep' }));
    const wrong = await browser.submit('/login/oauth2/login', { email: organization.user.email, password: 'not it' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /not right/);
    await browser.submit('/login/oauth2/login', { email: organization.user.email, password: organization.password });
    const denied = await browser.submit('/login/oauth2/accept', { decision: 'deny' });
    const location = new URL(denied.headers.location as string);
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('state'), 'keep');
    assert.equal(location.searchParams.get('code'), null);
  });

  test('the sign-in pages need the cookie of the browser that started it', async () => {
    const { key, organization } = await setup();
    const browser = new Browser(injectSender(t));
    const page = await browser.request('GET', authorizeUrl(PUBLIC, { client_id: key.id }));
    const form = parseForms(page.body).find((candidate) => candidate.action === '/login/oauth2/login');
    const stranger = await t.call({
      method: 'POST',
      url: '/login/oauth2/login',
      payload: {
        interaction: form?.fields.interaction as string,
        email: organization.user.email,
        password: organization.password,
      },
    });
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().error, 'invalid_request');
  });

  test('a user signs in only to a team of theirs where the key is on, and consents', async () => {
    const { key, organization, developer } = await setup();
    const browser = new Browser(injectSender(t));
    const location = await signInAsUser(
      browser,
      authorizeUrl(PUBLIC, { client_id: key.id, state: 'st' }),
      organization.user.email,
      organization.password,
    );
    assert.ok(location.startsWith(`${REDIRECT_URI}?code=gh_code_`), location);
    const outsider = new Browser(injectSender(t));
    await outsider.request('GET', authorizeUrl(PUBLIC, { client_id: key.id, state: 'st' }));
    const refused = await outsider.submit('/login/oauth2/login', {
      email: developer.user.email,
      password: developer.password,
    });
    const error = new URL(refused.headers.location as string);
    assert.equal(error.searchParams.get('error'), 'unauthorized_client');
  });
});
