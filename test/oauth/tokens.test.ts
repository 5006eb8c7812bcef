import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import {
  authorizeUrl,
  Browser,
  bind,
  buildUserKey,
  codeOf,
  createKey,
  injectSender,
  pkce,
  REDIRECT_URI,
  signInAsUser,
} from '../helpers/oauth.ts';

const PUBLIC = 'http://gatehouse.test';

describe('token endpoint: attacks refused, tokens that stop', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  async function setup(body: Record<string, unknown> = {}) {
    return buildUserKey(t, body);
  }

  /** A user's authorization code for the key, with PKCE. */
  async function code(s: Awaited<ReturnType<typeof setup>>, params: Record<string, string> = {}) {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(PUBLIC, {
      client_id: s.key.id,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope: 'openid',
      ...params,
    });
    const location = await signInAsUser(
      new Browser(injectSender(t)),
      url,
      s.organization.user.email,
      s.organization.password,
    );
    return { code: codeOf(location).code, verifier };
  }
  const token = (payload: Record<string, string | undefined>, headers: Record<string, string> = {}) =>
    t.call({ method: 'POST', url: '/login/oauth2/token', payload, headers });
  const exchange = (
    s: Awaited<ReturnType<typeof setup>>,
    c: { code: string; verifier: string },
    extra: Record<string, string | undefined> = {},
  ) =>
    token({
      grant_type: 'authorization_code',
      client_id: s.key.id,
      client_secret: s.key.client_secret,
      code: c.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: c.verifier,
      ...extra,
    });
  /** The user's session cookie. */
  async function sessionOf(user: { user: { email: string }; password: string }) {
    const signIn = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: user.user.email, password: user.password },
    });
    return signIn.cookies.find((cookie) => cookie.name === 'gatehouse_session')?.value as string;
  }
  const api = (accessToken: string, url: string) => t.call({ method: 'GET', url, token: accessToken });
  const error = (response: { statusCode: number; json(): any }, status: number, code: string, description?: RegExp) => {
    assert.equal(response.statusCode, status, JSON.stringify(response.json()));
    assert.equal(response.json().error, code);
    if (description) assert.match(response.json().error_description, description);
  };

  test('a code works once; a replayed code is invalid_grant and revokes what it was exchanged for', async () => {
    const s = await setup();
    const c = await code(s);
    const first = await exchange(s, c);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'no-store');
    const teamUrl = `/api/v1/teams/${s.organization.team.id}`;
    assert.equal((await api(first.json().access_token, teamUrl)).statusCode, 200);
    error(await exchange(s, c), 400, 'invalid_grant', /^authorization_code not found$/);
    assert.equal((await api(first.json().access_token, teamUrl)).statusCode, 401);
    error(
      await token({
        grant_type: 'refresh_token',
        client_id: s.key.id,
        client_secret: s.key.client_secret,
        refresh_token: first.json().refresh_token,
      }),
      400,
      'invalid_grant',
    );
  });

  test("a user's token reaches only the team it was granted for: no other team listed, no team created", async () => {
    const s = await setup();
    const second = await t.call({
      method: 'POST',
      url: '/api/v1/teams',
      cookies: { gatehouse_session: await sessionOf(s.organization) },
      headers: { origin: t.config.publicUrl },
      payload: { name: 'Second team' },
    });
    const other = second.json().$data;
    const tokens = (await exchange(s, await code(s))).json();
    const listed = await api(tokens.access_token, '/api/v1/teams');
    assert.deepEqual(
      listed.json().$data.map((team: { id: string }) => team.id),
      [s.organization.team.id],
    );
    assert.equal((await api(tokens.access_token, `/api/v1/teams/${other.id}`)).statusCode, 404);
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/teams',
      token: tokens.access_token,
      payload: { name: 'Third' },
    });
    assert.equal(created.statusCode, 403);
  });

  test('a code lives ten minutes', async () => {
    const s = await setup();
    const c = await code(s);
    await t.ctx.db
      .updateTable('oauth_codes')
      .set({ expires_date: new Date(Date.now() - 1000) })
      .execute();
    error(await exchange(s, c), 400, 'invalid_grant', /^authorization_code not found$/);
  });

  test('a code is bound to its client, redirect URI and PKCE verifier; a failed exchange burns it', async () => {
    const s = await setup();
    const other = await createKey(t, s.organization, {
      application_id: s.developer.application.id,
      redirect_uris: [REDIRECT_URI],
    });
    const attempts: Array<[Record<string, string | undefined>, string, RegExp]> = [
      [{ client_id: other.id, client_secret: other.client_secret }, 'invalid_grant', /^incorrect client$/],
      [{ redirect_uri: undefined }, 'invalid_request', /redirect_uri is required/],
      [{ redirect_uri: 'https://app.example.test/other' }, 'invalid_grant', /redirect_uri does not match/],
      [{ code_verifier: undefined }, 'invalid_grant', /code_verifier/],
      [{ code_verifier: pkce().verifier }, 'invalid_grant', /code_verifier/],
    ];
    for (const [wrong, code_, description] of attempts) {
      const c = await code(s);
      error(await exchange(s, c, wrong), 400, code_, description);
      // The right exchange after a wrong one: the code is gone, so guessing verifiers gets one try.
      error(await exchange(s, c), 400, 'invalid_grant', /^authorization_code not found$/);
    }
    assert.equal((await exchange(s, await code(s))).statusCode, 200);
  });

  test('client auth: unknown client 401, bad or no secret 401 invalid_client; Basic; grant_type last', async () => {
    const s = await setup();
    const c = await code(s);
    error(
      await token({ grant_type: 'authorization_code', client_id: 'a', code: c.code }),
      401,
      'invalid_client',
      /^unknown client$/,
    );
    error(
      await token({
        grant_type: 'authorization_code',
        client_id: s.key.id,
        client_secret: 'gh_dks_wrong',
        code: c.code,
      }),
      401,
      'invalid_client',
      /^invalid client$/,
    );
    error(await token({ grant_type: 'authorization_code', client_id: s.key.id, code: c.code }), 401, 'invalid_client');
    error(
      await token({ grant_type: 'password', client_id: s.key.id, client_secret: s.key.client_secret }),
      400,
      'unsupported_grant_type',
    );
    error(await token({ client_id: s.key.id, client_secret: s.key.client_secret }), 400, 'unsupported_grant_type');
    const basic = `Basic ${Buffer.from(`${s.key.id}:${encodeURIComponent(s.key.client_secret)}`).toString('base64')}`;
    // No grant_type, but a code: an authorization-code request, as in Canvas.
    const response = await token(
      { code: c.code, redirect_uri: REDIRECT_URI, code_verifier: c.verifier },
      { authorization: basic },
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(Object.keys(response.json()).sort(), [
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
      'user',
    ]);
    assert.equal(response.json().expires_in, 3600);
  });

  test("a public client's refresh tokens rotate; a replayed one is invalid_grant and revokes its family", async () => {
    const s = await setup({ client_type: 'public' });
    const first = (await exchange(s, await code(s))).json();
    const refresh = (refreshToken: string) =>
      token({
        grant_type: 'refresh_token',
        client_id: s.key.id,
        client_secret: s.key.client_secret,
        refresh_token: refreshToken,
      });
    const second = await refresh(first.refresh_token);
    assert.equal(second.statusCode, 200);
    assert.notEqual(second.json().access_token, first.access_token);
    assert.notEqual(second.json().refresh_token, first.refresh_token);
    const teamUrl = `/api/v1/teams/${s.organization.team.id}`;
    assert.equal((await api(first.access_token, teamUrl)).statusCode, 401, 'the old access token dies on refresh');
    assert.equal((await api(second.json().access_token, teamUrl)).statusCode, 200);
    error(await refresh(first.refresh_token), 400, 'invalid_grant', /already used/);
    assert.equal((await api(second.json().access_token, teamUrl)).statusCode, 401, 'the family is revoked');
    error(await refresh(second.json().refresh_token), 400, 'invalid_grant', /^refresh_token not found$/);
    error(await refresh('gh_rt_tampered'), 400, 'invalid_grant', /^refresh_token not found$/);
  });

  test('an expired access token is EXPIRED_TOKEN; refreshing still works', async () => {
    const s = await setup();
    const tokens = (await exchange(s, await code(s))).json();
    await t.ctx.db
      .updateTable('oauth_grants')
      .set({ access_expires_date: new Date(Date.now() - 1000) })
      .execute();
    const expired = await api(tokens.access_token, `/api/v1/teams/${s.organization.team.id}`);
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().$errors[0].code, 'EXPIRED_TOKEN');
    assert.match(expired.headers['www-authenticate'] as string, /invalid_token/);
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: s.key.id,
      client_secret: s.key.client_secret,
      refresh_token: tokens.refresh_token,
    });
    assert.equal(refreshed.statusCode, 200);
  });

  test('deactivating a key stops its tokens at once (reactivating revives them); deleting it ends them', async () => {
    const s = await setup();
    const tokens = (await exchange(s, await code(s))).json();
    const teamUrl = `/api/v1/teams/${s.organization.team.id}`;
    await ok(t, 'PATCH', `/api/v1/developer-keys/${s.key.id}`, s.organization.token, { state: 'inactive' });
    const stopped = await api(tokens.access_token, teamUrl);
    assert.equal(stopped.statusCode, 401);
    assert.equal(stopped.json().$errors[0].code, 'INVALID_TOKEN');
    error(
      await token({
        grant_type: 'refresh_token',
        client_id: s.key.id,
        client_secret: s.key.client_secret,
        refresh_token: tokens.refresh_token,
      }),
      401,
      'invalid_client',
    );
    await ok(t, 'PATCH', `/api/v1/developer-keys/${s.key.id}`, s.organization.token, { state: 'active' });
    assert.equal((await api(tokens.access_token, teamUrl)).statusCode, 200);
    await ok(t, 'DELETE', `/api/v1/developer-keys/${s.key.id}`, s.organization.token);
    assert.equal((await api(tokens.access_token, teamUrl)).statusCode, 401);
    error(
      await token({
        grant_type: 'refresh_token',
        client_id: s.key.id,
        client_secret: s.key.client_secret,
        refresh_token: tokens.refresh_token,
      }),
      401,
      'invalid_client',
    );
  });

  test('removing a scope from a key revokes its tokens; adding one does not', async () => {
    const scopes = ['url:GET|/api/v1/teams/:id', 'url:GET|/api/v1/teams/:id/members'];
    const s = await setup({ require_scopes: true, scopes });
    const tokens = (await exchange(s, await code(s, { scope: scopes.join(' ') }))).json();
    const teamUrl = `/api/v1/teams/${s.organization.team.id}`;
    await ok(t, 'PATCH', `/api/v1/developer-keys/${s.key.id}`, s.organization.token, {
      scopes: [...scopes, 'url:GET|/api/v1/teams/:id/sources'],
    });
    assert.equal((await api(tokens.access_token, teamUrl)).statusCode, 200);
    await ok(t, 'PATCH', `/api/v1/developer-keys/${s.key.id}`, s.organization.token, { scopes: [scopes[0]] });
    assert.equal((await api(tokens.access_token, teamUrl)).statusCode, 401);
  });

  test('turning the binding off after issue stops the token on its next request', async () => {
    const s = await setup();
    const tokens = (await exchange(s, await code(s))).json();
    await bind(t, s.organization, s.key.id, 'off');
    const response = await api(tokens.access_token, `/api/v1/teams/${s.organization.team.id}`);
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().$errors[0].code, 'INVALID_TOKEN');
  });

  test('a user token reaches only its own team, with the user’s role', async () => {
    const s = await setup();
    const tokens = (await exchange(s, await code(s))).json();
    const foreign = await api(tokens.access_token, `/api/v1/teams/${s.developer.team.id}`);
    assert.equal(foreign.statusCode, 404);
    const sources = await api(tokens.access_token, `/api/v1/teams/${s.organization.team.id}/sources`);
    assert.equal(sources.statusCode, 200);
  });

  test('sign-out: DELETE /login/oauth2/token revokes the token; RFC 7009 revocation ends the sign-in', async () => {
    const s = await setup();
    const teamUrl = `/api/v1/teams/${s.organization.team.id}`;
    const one = (await exchange(s, await code(s))).json();
    const missing = await t.call({ method: 'DELETE', url: '/login/oauth2/token' });
    error(missing, 400, 'invalid_request', /can't delete OAuth access token/);
    assert.equal(
      (await t.call({ method: 'DELETE', url: '/login/oauth2/token', token: one.access_token })).statusCode,
      200,
    );
    assert.equal((await api(one.access_token, teamUrl)).statusCode, 401);
    error(
      await t.call({ method: 'DELETE', url: '/login/oauth2/token', token: one.access_token }),
      401,
      'invalid_token',
    );
    const two = (await exchange(s, await code(s))).json();
    const revoke = await t.call({
      method: 'POST',
      url: '/login/oauth2/revoke',
      payload: { token: two.refresh_token, client_id: s.key.id, client_secret: s.key.client_secret },
    });
    assert.equal(revoke.statusCode, 200);
    assert.equal((await api(two.access_token, teamUrl)).statusCode, 401);
  });

  test('client credentials: a team key with a role automates its team in its scopes; no other key may', async () => {
    const s = await setup({
      client_credentials_role: 'viewer',
      require_scopes: true,
      scopes: ['url:GET|/api/v1/teams/:id/sources'],
    });
    const grant = await token({
      grant_type: 'client_credentials',
      client_id: s.key.id,
      client_secret: s.key.client_secret,
    });
    assert.equal(grant.statusCode, 200, grant.body);
    assert.equal(grant.json().refresh_token, undefined);
    assert.equal(grant.json().scope, 'url:GET|/api/v1/teams/:id/sources');
    const accessToken = grant.json().access_token;
    assert.equal((await api(accessToken, `/api/v1/teams/${s.organization.team.id}/sources`)).statusCode, 200);
    const outside = await api(accessToken, `/api/v1/teams/${s.organization.team.id}/members`);
    assert.equal(outside.statusCode, 401);
    assert.equal(outside.json().$errors[0].code, 'INSUFFICIENT_SCOPE');
    const plain = await createKey(t, s.organization, { application_id: s.developer.application.id });
    error(
      await token({ grant_type: 'client_credentials', client_id: plain.id, client_secret: plain.client_secret }),
      400,
      'unauthorized_client',
    );
    const tooHigh = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${s.organization.team.id}/developer-keys`,
      token: s.organization.token,
      payload: { application_id: s.developer.application.id, global: true, client_credentials_role: 'viewer' },
    });
    assert.equal(tooHigh.statusCode, 400);
  });
});
