import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Type } from 'typebox';
import { resolveBinding } from '../../src/developer-keys/bindings.ts';
import { DeveloperKey } from '../../src/developer-keys/schema.ts';
import { api } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildDeveloper, buildOrganization, ok } from '../helpers/integrations.ts';
import { bind, buildPlatform, createKey } from '../helpers/oauth.ts';

describe('developer keys and bindings', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('each application has a key: client id = application id, secret = its secret, off until turned on', async () => {
    const developer = await buildDeveloper(t);
    const keys = await api(t, developer.token).get(
      Type.Array(DeveloperKey),
      `/api/v1/teams/${developer.team.id}/developer-keys`,
    );
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.ok(key);
    assert.equal(key.client_id, developer.application.id);
    assert.equal(key.primary, true);
    assert.equal(key.global, true);
    assert.equal(key.name, 'Reading Coach');
    assert.deepEqual(key.redirect_uris, ['https://app.example.test/callback']);
    assert.equal(key.binding?.state, 'off');
    assert.equal(key.binding?.team_id, null);
  });

  test('a key is created with its secret shown once, stored only as a hash; its owner binding starts off', async () => {
    const developer = await buildDeveloper(t);
    const key = await createKey(t, developer, {
      application_id: developer.application.id,
      name: 'CLI',
      redirect_uris: ['myapp://callback'],
    });
    assert.match(key.client_secret, /^gh_dks_/);
    assert.equal(key.global, false);
    assert.equal(key.team_id, developer.team.id);
    const row = await t.ctx.db
      .selectFrom('developer_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.secret_hash, key.client_secret);
    assert.ok(!JSON.stringify(row).includes(key.client_secret));
    const again = await api(t, developer.token).get(DeveloperKey, `/api/v1/developer-keys/${key.id}`);
    assert.equal(again.client_secret, undefined);
    const binding = await t.ctx.db
      .selectFrom('developer_key_bindings')
      .selectAll()
      .where('developer_key_id', '=', key.id)
      .execute();
    assert.deepEqual(
      binding.map((entry) => [entry.team_id, entry.state]),
      [[developer.team.id, 'off']],
    );
  });

  test('unknown scopes are refused with the names; duplicates collapse', async () => {
    const developer = await buildDeveloper(t);
    const refused = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${developer.team.id}/developer-keys`,
      token: developer.token,
      payload: {
        application_id: developer.application.id,
        scopes: ['url:GET|/api/v1/nothing', 'url:GET|/api/v2/my/classes'],
      },
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().$errors[0].message, /cannot contain url:GET\|\/api\/v1\/nothing/);
    const key = await createKey(t, developer, {
      application_id: developer.application.id,
      scopes: ['url:GET|/api/v2/my/classes', 'url:GET|/api/v2/my/classes'],
    });
    assert.deepEqual(key.scopes, ['url:GET|/api/v2/my/classes']);
  });

  test('another team cannot see or change a key: the same 404 as a missing one', async () => {
    const developer = await buildDeveloper(t);
    const other = await buildDeveloper(t);
    const key = await createKey(t, developer, { application_id: developer.application.id });
    const foreign = await t.call({
      method: 'PATCH',
      url: `/api/v1/developer-keys/${key.id}`,
      token: other.token,
      payload: { name: 'x' },
    });
    const missing = await t.call({
      method: 'PATCH',
      url: '/api/v1/developer-keys/00000000-0000-4000-8000-000000000000',
      token: other.token,
      payload: { name: 'x' },
    });
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(foreign.json().$errors[0].code, missing.json().$errors[0].code);
  });

  test('deleting is soft and hides the key; the application’s own key cannot be deleted', async () => {
    const developer = await buildDeveloper(t);
    const key = await createKey(t, developer, { application_id: developer.application.id });
    const deleted = await ok(t, 'DELETE', `/api/v1/developer-keys/${key.id}`, developer.token);
    assert.equal(deleted.state, 'deleted');
    assert.equal(
      (await t.call({ method: 'GET', url: `/api/v1/developer-keys/${key.id}`, token: developer.token })).statusCode,
      404,
    );
    const primary = await t.call({
      method: 'DELETE',
      url: `/api/v1/developer-keys/${developer.application.id}`,
      token: developer.token,
    });
    assert.equal(primary.statusCode, 400);
  });

  test('bindings: 201 on creation, 200 on change; a team key binds only in its own team', async () => {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t);
    const teamKey = await createKey(t, organization, { application_id: developer.application.id });
    const first = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/developer-keys/${teamKey.id}/bindings`,
      token: organization.token,
      payload: { state: 'on' },
    });
    assert.equal(first.statusCode, 200, 'the owner binding exists from creation');
    const global = developer.application.id;
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/developer-keys/${global}/bindings`,
      token: organization.token,
      payload: { state: 'on' },
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().$data.team_owns_binding, true);
    const changed = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/developer-keys/${global}/bindings`,
      token: organization.token,
      payload: { state: 'allow' },
    });
    assert.equal(changed.statusCode, 200);
    const elsewhere = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${developer.team.id}/developer-keys/${teamKey.id}/bindings`,
      token: developer.token,
      payload: { state: 'on' },
    });
    assert.equal(elsewhere.statusCode, 404);
    const invalid = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/developer-keys/${global}/bindings`,
      token: organization.token,
      payload: { state: 'maybe' },
    });
    assert.equal(invalid.statusCode, 400);
  });

  test("the binding truth table of Canvas's developer keys, for a global key in a team", async () => {
    const platform = await buildPlatform(t);
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t);
    const keyId = developer.application.id;
    const rows: Array<[platform: 'on' | 'off' | 'allow', team: 'on' | 'off' | 'allow' | null, enabled: boolean]> = [
      ['on', 'on', true],
      ['on', 'off', true],
      ['on', 'allow', true],
      ['on', null, true],
      ['off', 'on', false],
      ['off', 'off', false],
      ['off', 'allow', false],
      ['off', null, false],
      ['allow', 'on', true],
      ['allow', 'off', false],
      ['allow', 'allow', false],
      ['allow', null, false],
    ];
    for (const [platformState, teamState, enabled] of rows) {
      await t.ctx.db
        .deleteFrom('developer_key_bindings')
        .where('developer_key_id', '=', keyId)
        .where('team_id', 'is not', null)
        .execute();
      await bind(t, platform, keyId, platformState);
      if (teamState) await bind(t, organization, keyId, teamState);
      const [listed] = await ok(
        t,
        'GET',
        `/api/v1/teams/${organization.team.id}/developer-keys?inherited=true`,
        organization.token,
      );
      // A key the platform turned off is not offered to teams at all.
      assert.equal(listed === undefined, platformState === 'off');
      assert.equal(
        listed?.binding?.state === 'on',
        enabled,
        `platform ${platformState}, team ${teamState}: listed ${JSON.stringify(listed?.binding)}`,
      );
      const authorize = await t.call({
        method: 'GET',
        url:
          `/login/oauth2/auth?client_id=${keyId}&response_type=code` +
          `&redirect_uri=${encodeURIComponent('https://app.example.test/callback')}` +
          `&team_id=${organization.team.id}&state=s1`,
      });
      if (enabled)
        assert.equal(authorize.statusCode, 200, `platform ${platformState}, team ${teamState}: ${authorize.body}`);
      else {
        assert.equal(authorize.statusCode, 302, `platform ${platformState}, team ${teamState}`);
        const location = new URL(authorize.headers.location as string);
        assert.equal(location.searchParams.get('error'), 'unauthorized_client');
        assert.equal(location.searchParams.get('state'), 's1');
      }
    }
  });

  test('resolution walks the chain top-down for on/off, then the nearest allow', () => {
    const row = (state: 'on' | 'off' | 'allow') => ({ state });
    assert.equal(resolveBinding(true, { platform: undefined, team: row('on') })?.state, 'on');
    assert.equal(resolveBinding(true, { platform: row('allow'), team: undefined })?.state, 'allow');
    assert.equal(resolveBinding(true, { platform: undefined, team: undefined }), undefined);
    // A team key ignores the platform's binding: its own team decides.
    assert.equal(resolveBinding(false, { platform: row('off'), team: row('on') })?.state, 'on');
  });
});
