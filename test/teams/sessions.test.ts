import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ensurePlatformAdmin } from '../../src/teams/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildTeam } from '../helpers/teams.ts';

describe('teams', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('sign-in sets an HTTP-only session cookie that reaches the management API', async () => {
    const { user, password, team } = await buildTeam(t);
    const signIn = await t.call({ method: 'POST', url: '/api/v1/sessions', payload: { email: user.email, password } });
    assert.equal(signIn.statusCode, 200);
    const cookie = signIn.cookies.find((entry) => entry.name === 'gatehouse_session');
    assert.ok(cookie?.httpOnly);
    const teams = await t.call({ method: 'GET', url: '/api/v1/teams', cookies: { gatehouse_session: cookie.value } });
    assert.deepEqual(
      teams.json().$data.map((entry: { id: string }) => entry.id),
      [team.id],
    );
  });

  test('a wrong password and an unknown email answer the same 401', async () => {
    const { user } = await buildTeam(t);
    const wrong = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: user.email, password: 'not the password' },
    });
    const unknown = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: 'nobody@example.test', password: 'x' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json().$errors, unknown.json().$errors);
  });

  test("another team's record answers 404 exactly like a missing one", async () => {
    const a = await buildTeam(t);
    const b = await buildTeam(t);
    const foreign = await t.call({ method: 'GET', url: `/api/v1/teams/${b.team.id}`, token: a.token });
    const missing = await t.call({
      method: 'GET',
      url: '/api/v1/teams/00000000-0000-4000-8000-000000000000',
      token: a.token,
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(foreign.json().$errors[0].code, missing.json().$errors[0].code);
  });

  test('first start creates one platform administrator, from the settings or with a password shown once', async () => {
    const generated = await ensurePlatformAdmin(t.ctx.db, undefined, undefined);
    assert.equal(generated?.email, 'admin@gatehouse.local');
    assert.ok(generated?.password && generated.password.length >= 20);
    assert.equal(
      await ensurePlatformAdmin(t.ctx.db, 'other@example.test', 'another long password'),
      undefined,
      'only once',
    );
    const signIn = await t.call({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: 'admin@gatehouse.local', password: generated.password },
    });
    assert.equal(signIn.json().$data.platform_admin, true);
    await t.reset();
    const chosen = await ensurePlatformAdmin(t.ctx.db, 'root@example.test', 'a chosen long password');
    assert.deepEqual(chosen, { email: 'root@example.test', password: undefined });
  });

  test('a viewer key cannot create API keys (403) and a revoked key stops working', async () => {
    const { team, token } = await buildTeam(t);
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${team.id}/api-keys`,
      token,
      payload: { name: 'ro', role: 'viewer' },
    });
    assert.equal(created.statusCode, 200);
    const viewer = created.json().$data;
    assert.match(viewer.token, /^gh_key_/);
    const refused = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${team.id}/api-keys`,
      token: viewer.token,
      payload: { name: 'x', role: 'viewer' },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().$errors[0].code, 'NO_PERMISSION');
    await t.call({ method: 'DELETE', url: `/api/v1/teams/${team.id}/api-keys/${viewer.id}`, token });
    const revoked = await t.call({ method: 'GET', url: `/api/v1/teams/${team.id}`, token: viewer.token });
    assert.equal(revoked.statusCode, 401);
  });
});
