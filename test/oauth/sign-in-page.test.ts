import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Team } from '../../src/teams/schema.ts';
import { api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import {
  authorizeUrl,
  Browser,
  bind,
  buildPlatform,
  buildUserKey,
  injectSender,
  REDIRECT_URI,
} from '../helpers/oauth.ts';

/** What the sign-in shows and where it may send the browser back to. */
describe('sign-in pages: who the visitor signs in to, and where they return', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const signInPage = (clientId: string, redirectUri = REDIRECT_URI) =>
    new Browser(injectSender(t)).request(
      'GET',
      authorizeUrl(t.config.publicUrl, { client_id: clientId, redirect_uri: redirectUri }),
    );

  test("a key another team made for an application shows that team's name, not the application's", async () => {
    const s = await buildUserKey(t, {
      name: 'Reading Coach (official)',
      icon_url: 'https://cdn.example.test/logo.png',
    });
    const page = await signInPage(s.key.id);
    assert.equal(page.status, 200, page.body);
    const team = await api(t, s.organization.token).get(Team, `/api/v1/teams/${s.organization.team.id}`);
    assert.match(page.body, new RegExp(`<h1>Sign in to ${team.name}</h1>`));
    assert.doesNotMatch(page.body, /Reading Coach/);
    assert.doesNotMatch(page.body, /cdn\.example\.test/);

    const platform = await buildPlatform(t);
    const own = s.developer.application.id;
    await bind(t, platform, own, 'allow');
    await bind(t, s.organization, own, 'on');
    const ownPage = await signInPage(own);
    assert.match(ownPage.body, /<h1>Sign in to Reading Coach<\/h1>/, "the application's own key shows the application");
  });

  test('javascript:, data: and the like are refused as redirect URIs, and never redirected to', async () => {
    const s = await buildUserKey(t);
    const keys = `/api/v1/teams/${s.organization.team.id}/developer-keys`;
    for (const uri of [
      'javascript:alert(document.domain)//',
      'JavaScript:alert(1)',
      'data:text/html,<script>x</script>',
    ]) {
      const created = await t.call({
        method: 'POST',
        url: keys,
        token: s.organization.token,
        payload: { application_id: s.developer.application.id, redirect_uris: [REDIRECT_URI, uri] },
      });
      assert.equal(created.statusCode, 400, `${uri}: ${created.body}`);
      assert.match(created.json().$errors[0].message, /^body\.redirect_uris: (javascript|JavaScript|data): URIs/);
      const updated = await t.call({
        method: 'PATCH',
        url: `/api/v1/developer-keys/${s.key.id}`,
        token: s.organization.token,
        payload: { redirect_uris: [uri] },
      });
      assert.equal(updated.statusCode, 400, `${uri}: ${updated.body}`);
    }
    const native = await ok(t, 'PATCH', `/api/v1/developer-keys/${s.key.id}`, s.organization.token, {
      redirect_uris: ['com.example.app:/callback'],
    });
    assert.deepEqual(native.redirect_uris, ['com.example.app:/callback']);

    // One stored before the rule: the authorization endpoint refuses it instead of redirecting there.
    const stored = 'javascript:alert(1)//';
    await t.ctx.db
      .updateTable('developer_keys')
      .set({ redirect_uris: JSON.stringify([stored]) })
      .where('id', '=', s.key.id)
      .execute();
    const page = await signInPage(s.key.id, stored);
    assert.equal(page.status, 400);
    assert.match(page.body, /redirect_uri does not match client settings/);
  });
});
