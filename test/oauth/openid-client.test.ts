import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { createTestApp, listenOnLoopback, type TestApp } from '../helpers/app.ts';
import { Browser, buildUserKey, fetchSender, REDIRECT_URI, signInAsUser } from '../helpers/oauth.ts';

/**
 * The standard OpenID Connect client against a real listening server. The server's public URL
 * stays `http://gatehouse.test` (its issuer); every request is sent where it really listens.
 */
describe('openid-client against a running server', () => {
  let t: TestApp;
  let base: string;
  let publicUrl: string;
  const rewrite: client.CustomFetch = (url, options) => fetch(url.replace(publicUrl, base), options as RequestInit);
  const discover = (clientId: string, secret?: string) =>
    client.discovery(new URL(publicUrl), clientId, secret, secret ? undefined : client.None(), {
      execute: [client.allowInsecureRequests],
      [client.customFetch]: rewrite,
    });

  before(async () => {
    t = await createTestApp();
    base = await listenOnLoopback(t);
    publicUrl = t.config.publicUrl;
  });
  after(() => t.close());

  async function signIn(config: client.Configuration, user: { email: string; password: string }) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const location = await signInAsUser(new Browser(fetchSender(publicUrl, base)), url.href, user.email, user.password);
    return client.authorizationCodeGrant(config, new URL(location), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
  }

  test('discovery, authorization code with PKCE, id_token, userinfo, refresh, revocation and logout', async () => {
    const { organization, key } = await buildUserKey(t);
    const config = await discover(key.id, key.client_secret);
    assert.equal(config.serverMetadata().issuer, publicUrl);
    assert.deepEqual(config.serverMetadata().code_challenge_methods_supported, ['S256']);

    const tokens = await signIn(config, { email: organization.user.email, password: organization.password });
    const claims = tokens.claims();
    assert.ok(claims);
    assert.equal(claims.sub, organization.user.id);
    assert.equal(claims.aud, key.id);
    assert.equal(claims.iss, publicUrl);
    assert.equal(claims.email, organization.user.email);
    // The id_token verifies against the published keys on its own, too.
    const jwks = (await (await fetch(`${base}/login/oauth2/jwks`)).json()) as { keys: [] };
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token as string, createLocalJWKSet(jwks), {
      issuer: publicUrl,
      audience: key.id,
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.sub, organization.user.id);

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(userinfo.email, organization.user.email);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    // A confidential client keeps one refresh token for the sign-in (public clients' rotate: refresh.test.ts).
    assert.equal(refreshed.refresh_token, tokens.refresh_token);
    assert.equal(refreshed.claims()?.sub, organization.user.id);
    assert.ok((await client.refreshTokenGrant(config, tokens.refresh_token as string)).access_token);

    const again = await signIn(config, { email: organization.user.email, password: organization.password });
    await client.tokenRevocation(config, again.refresh_token as string);
    await assert.rejects(
      client.fetchUserInfo(config, again.access_token, claims.sub),
      (error: client.WWWAuthenticateChallengeError) => error.status === 401,
    );

    const third = await signIn(config, { email: organization.user.email, password: organization.password });
    const logout = client.buildEndSessionUrl(config, {
      id_token_hint: third.id_token as string,
      post_logout_redirect_uri: REDIRECT_URI,
      state: 'bye',
    });
    const response = await fetch(logout.href.replace(publicUrl, base), { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `${REDIRECT_URI}?state=bye`);
    await assert.rejects(
      client.refreshTokenGrant(config, third.refresh_token as string),
      (error: client.ResponseBodyError) => error.error === 'invalid_grant',
    );
  });

  test('a public client (no secret) signs in with PKCE alone', async () => {
    const { organization, key } = await buildUserKey(t, { client_type: 'public' });
    const tokens = await signIn(await discover(key.id), {
      email: organization.user.email,
      password: organization.password,
    });
    assert.equal(tokens.claims()?.sub, organization.user.id);
  });
});
