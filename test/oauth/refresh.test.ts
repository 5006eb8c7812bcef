import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Edlink, TokenSetType } from '@edlink/typescript';
import * as client from 'openid-client';
import { createTestApp, listenOnLoopback, type TestApp } from '../helpers/app.ts';
import {
  authorizeUrl,
  Browser,
  buildSignIn,
  buildUserKey,
  codeOf,
  fetchSender,
  injectSender,
  pkce,
  REDIRECT_URI,
  signInAsPerson,
  signInAsUser,
} from '../helpers/oauth.ts';

/**
 * Refresh tokens as Edlink's clients expect them: a confidential client keeps one refresh token
 * for the whole sign-in (bound to the client, ended with the sign-in); a public client's rotate,
 * and a replayed one ends the sign-in. A refresh may ask for fewer scopes, never more.
 */
describe('refresh tokens', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_DEMO: 'true' } });
    base = await listenOnLoopback(t);
  });
  after(() => t.close());

  const token = (payload: Record<string, string | undefined>) =>
    t.call({ method: 'POST', url: '/login/oauth2/token', payload });
  const teamOf = (accessToken: string, teamId: string) =>
    t.call({ method: 'GET', url: `/api/v1/teams/${teamId}`, token: accessToken });

  /** A user's tokens for the key, signed in with `scope`. */
  async function userTokens(s: Awaited<ReturnType<typeof buildUserKey>>, scope: string) {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl(t.config.publicUrl, {
      client_id: s.key.id,
      scope,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const location = await signInAsUser(
      new Browser(injectSender(t)),
      url,
      s.organization.user.email,
      s.organization.password,
    );
    const response = await token({
      grant_type: 'authorization_code',
      code: codeOf(location).code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: s.key.id,
      client_secret: s.key.client_secret,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { access_token: string; refresh_token: string; scope: string; id_token?: string };
  }

  test("a confidential client's refresh token stays the same, is bound to it, ends with the sign-in", async () => {
    const s = await buildUserKey(t);
    const teamId = s.organization.team.id;
    const first = await userTokens(s, 'openid');
    const refresh = (clientId = s.key.id, secret = s.key.client_secret) =>
      token({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        client_id: clientId,
        client_secret: secret,
      });
    const second = await refresh();
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().refresh_token, first.refresh_token);
    assert.equal((await teamOf(first.access_token, teamId)).statusCode, 401, 'the old access token dies');
    const third = await refresh();
    assert.equal(third.statusCode, 200, 'the same refresh token again: no replay, nothing revoked');
    assert.equal((await teamOf(third.json().access_token, teamId)).statusCode, 200);
    const other = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/developer-keys`,
      token: s.organization.token,
      payload: { application_id: s.developer.application.id, redirect_uris: [REDIRECT_URI] },
    });
    const stolen = await refresh(other.json().$data.id, other.json().$data.client_secret);
    assert.equal(stolen.json().error, 'invalid_grant');
    assert.equal((await teamOf(third.json().access_token, teamId)).statusCode, 200, 'another client changes nothing');
    const revoke = await t.call({
      method: 'POST',
      url: '/login/oauth2/revoke',
      payload: { token: first.refresh_token, client_id: s.key.id, client_secret: s.key.client_secret },
    });
    assert.equal(revoke.statusCode, 200);
    assert.equal((await refresh()).json().error, 'invalid_grant');
    assert.equal((await teamOf(third.json().access_token, teamId)).statusCode, 401);
  });

  test('a refresh may narrow the scopes of one access token; a wider one is invalid_scope, no change', async () => {
    const s = await buildUserKey(t);
    const first = await userTokens(s, 'openid profile');
    const refresh = (scope?: string) =>
      token({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        client_id: s.key.id,
        client_secret: s.key.client_secret,
        scope,
      });
    const wider = await refresh('openid profile email');
    assert.equal(wider.statusCode, 400);
    assert.equal(wider.json().error, 'invalid_scope');
    assert.match(wider.json().error_description, /email$/);
    const userinfo = (accessToken: string) =>
      t.call({ method: 'GET', url: '/login/oauth2/userinfo', token: accessToken });
    assert.equal((await userinfo(first.access_token)).statusCode, 200, 'the refused refresh changed nothing');
    const narrower = await refresh('profile');
    assert.equal(narrower.statusCode, 200, narrower.body);
    assert.equal(narrower.json().scope, 'profile');
    assert.equal(narrower.json().id_token, undefined, 'no openid, no id_token');
    assert.equal((await userinfo(narrower.json().access_token)).statusCode, 403);
    const full = await refresh();
    assert.equal(full.json().scope, 'openid profile', 'the grant keeps what was consented to');
    assert.ok(full.json().id_token);
  });

  test('the Edlink SDK refreshing again and again with the refresh token of the first grant', async () => {
    const setup = await buildSignIn(t);
    const edlink = new Edlink({ client_id: setup.clientId, client_secret: setup.clientSecret, log_level: 'silent' });
    const sdkAxios = edlink.use({ type: TokenSetType.Integration, access_token: 'unused' }).axios;
    const interceptor = sdkAxios.interceptors.request.use((config) => {
      config.url = config.url?.replace(/^https:\/\/ed\.link(?=\/|$)/, base);
      return config;
    });
    try {
      const login = edlink.loginUrl({ redirect_uri: REDIRECT_URI, state: 'x' });
      const location = await signInAsPerson(
        new Browser(fetchSender(t.config.publicUrl, base)),
        login.replace('https://ed.link', t.config.publicUrl),
        setup.roster.people.ada,
      );
      const granted = await edlink.auth.grant({ code: codeOf(location).code, redirect_uri: REDIRECT_URI });
      const stored = granted.refresh_token as string;
      for (let round = 0; round < 3; round++) {
        const refreshed = await edlink.auth.refresh(stored);
        assert.equal(refreshed.refresh_token, stored);
        const profile = await edlink.use({ ...refreshed, refresh_token: stored }).my.profile();
        assert.equal(profile.id, setup.roster.people.ada);
      }
    } finally {
      sdkAxios.interceptors.request.eject(interceptor);
    }
  });

  test("openid-client: a confidential client's refresh token is stable; a public one's rotates", async () => {
    const rewrite: client.CustomFetch = (url, options) =>
      fetch(url.replace(t.config.publicUrl, base), options as RequestInit);
    const discover = (clientId: string, secret?: string) =>
      client.discovery(new URL(t.config.publicUrl), clientId, secret, secret ? undefined : client.None(), {
        execute: [client.allowInsecureRequests],
        [client.customFetch]: rewrite,
      });
    for (const clientType of ['confidential', 'public'] as const) {
      const s = await buildUserKey(t, { client_type: clientType });
      const config = await discover(s.key.id, s.key.client_secret);
      const first = await userTokens(s, 'openid');
      const refreshed = await client.refreshTokenGrant(config, first.refresh_token);
      const again = client.refreshTokenGrant(config, first.refresh_token);
      if (clientType === 'confidential') {
        assert.equal(refreshed.refresh_token, first.refresh_token);
        assert.ok((await again).access_token);
        continue;
      }
      assert.notEqual(refreshed.refresh_token, first.refresh_token);
      await assert.rejects(again, (error: client.ResponseBodyError) => error.error === 'invalid_grant');
      await assert.rejects(
        client.refreshTokenGrant(config, refreshed.refresh_token as string),
        (error: client.ResponseBodyError) => error.error === 'invalid_grant',
        'the reuse revoked the whole sign-in',
      );
    }
  });
});
