import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { regrant } from '../helpers/graph.ts';
import { ok } from '../helpers/integrations.ts';
import {
  authorizeUrl,
  Browser,
  bind,
  buildSignIn,
  buildUserKey,
  codeOf,
  injectSender,
  REDIRECT_URI,
  signInAsPerson,
  signInAsUser,
} from '../helpers/oauth.ts';

/**
 * Tokens are issued only when they could be used: every grant type checks, at issue, the key's
 * binding in the grant's team and, for a person, the integration's state and sharing, exactly
 * as each API request with the token checks them.
 */
describe('token endpoint: every grant checks what each use of its tokens checks', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_DEMO: 'true' } });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const token = (payload: Record<string, string>) => t.call({ method: 'POST', url: '/login/oauth2/token', payload });
  const refused = (response: { statusCode: number; json(): any }, error: string, description?: RegExp) => {
    assert.equal(response.statusCode, 400, JSON.stringify(response.json()));
    assert.equal(response.json().error, error);
    if (description) assert.match(response.json().error_description, description);
  };

  test("with the key's binding off, neither a code exchange nor a refresh issues tokens", async () => {
    const s = await buildUserKey(t);
    const client = { client_id: s.key.id, client_secret: s.key.client_secret };
    const signIn = async () =>
      codeOf(
        await signInAsUser(
          new Browser(injectSender(t)),
          authorizeUrl(t.config.publicUrl, { client_id: s.key.id }),
          s.organization.user.email,
          s.organization.password,
        ),
      ).code;
    const exchange = (code: string) =>
      token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...client });
    const first = await exchange(await signIn());
    assert.equal(first.statusCode, 200, first.body);
    const pending = await signIn();
    await bind(t, s.organization, s.key.id, 'off');
    refused(await exchange(pending), 'unauthorized_client');
    const refresh = () => token({ grant_type: 'refresh_token', refresh_token: first.json().refresh_token, ...client });
    refused(await refresh(), 'unauthorized_client');
    await bind(t, s.organization, s.key.id, 'on');
    assert.equal((await refresh()).statusCode, 200, 'the sign-in itself was not ended');
  });

  test("a person's code and refresh are refused while the integration is disabled or the person unshared", async () => {
    const setup = await buildSignIn(t);
    const client = { client_id: setup.clientId, client_secret: setup.clientSecret };
    const signIn = async () =>
      codeOf(
        await signInAsPerson(
          new Browser(injectSender(t)),
          authorizeUrl(t.config.publicUrl, { client_id: setup.clientId }),
          setup.roster.people.cy,
        ),
      ).code;
    const exchange = (code: string) =>
      token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...client });
    const first = await exchange(await signIn());
    assert.equal(first.statusCode, 200, first.body);
    const refresh = () => token({ grant_type: 'refresh_token', refresh_token: first.json().refresh_token, ...client });
    const pending = await signIn();
    const integrationUrl = `/api/v1/integrations/${setup.integration.id}`;
    await ok(t, 'PATCH', integrationUrl, setup.organization.token, { status: 'disabled' });
    refused(await exchange(pending), 'invalid_grant', /^INVALID_INTEGRATION_STATE/);
    refused(await refresh(), 'invalid_grant', /^INVALID_INTEGRATION_STATE/);
    await ok(t, 'PATCH', integrationUrl, setup.organization.token, { status: 'active' });
    assert.equal((await refresh()).statusCode, 200);
    await regrant(t, setup, { scope: 'selected', targets: [setup.roster.schools.north] });
    refused(await refresh(), 'invalid_grant', /^UNSHARED_TOKEN/);
  });

  test('client credentials are refused while the binding is off', async () => {
    const s = await buildUserKey(t, { client_credentials_role: 'viewer' });
    const grant = () =>
      token({ grant_type: 'client_credentials', client_id: s.key.id, client_secret: s.key.client_secret });
    assert.equal((await grant()).statusCode, 200);
    await bind(t, s.organization, s.key.id, 'off');
    refused(await grant(), 'unauthorized_client');
  });
});
