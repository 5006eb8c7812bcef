import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Fastify from 'fastify';
import { ScopeCatalog, scopeFor } from '../../src/scopes/catalog.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import { buildSignIn, personTokens } from '../helpers/oauth.ts';

/** The scopes a router with one route at `path` generates. */
async function scopesOf(path: string): Promise<string[]> {
  const catalog = new ScopeCatalog();
  const app = Fastify();
  app.addHook('onRoute', (route) => catalog.add(route));
  app.get(path, async () => 'ok');
  await app.ready();
  await app.close();
  return catalog.list().map((scope) => scope.scope);
}

describe('endpoint scopes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GATEHOUSE_DEMO: 'true' } });
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  test('one scope per route and verb under /api/v1 and /api/v2/my, HEAD folded into GET; nothing else', async () => {
    const scopes = await scopesOf('/api/v1/courses/:course_id/rubrics');
    assert.deepEqual(scopes, ['url:GET|/api/v1/courses/:id/rubrics']);
    assert.deepEqual(await scopesOf('/api/v2/graph/people'), []);
    assert.deepEqual(await scopesOf('/login/oauth2/token'), []);
    assert.equal(scopeFor('HEAD', '/api/v2/my/classes'), 'url:GET|/api/v2/my/classes');
  });

  test('scope names stay the same when a route renames its parameter', async () => {
    const before = await scopesOf('/api/v1/teams/:team_id/members/:user_id');
    const after = await scopesOf('/api/v1/teams/:teamId/members/:member');
    assert.deepEqual(before, after);
    assert.deepEqual(before, ['url:GET|/api/v1/teams/:id/members/:id']);
  });

  test('the scope list: flat, or grouped by resource_name', async () => {
    const setup = await buildSignIn(t);
    const team = setup.organization;
    const flat = await ok(t, 'GET', `/api/v1/teams/${team.team.id}/scopes`, team.token);
    const names = flat.map((scope: { scope: string }) => scope.scope);
    for (const expected of [
      'url:GET|/api/v1/teams/:id/sources',
      'url:POST|/api/v1/teams/:id/developer-keys',
      'url:GET|/api/v2/my/classes',
      'url:GET|/api/v2/my/classes/:id/people',
    ]) {
      assert.ok(names.includes(expected), expected);
    }
    assert.ok(!names.some((name: string) => name.startsWith('url:HEAD|') || name.includes('/api/v2/graph')));
    const grouped = await ok(t, 'GET', `/api/v1/teams/${team.team.id}/scopes?group_by=resource_name`, team.token);
    assert.ok(grouped['User Api'].some((scope: { scope: string }) => scope.scope === 'url:GET|/api/v2/my/profile'));
    assert.ok(grouped.Sources.every((scope: { resource: string }) => scope.resource === 'sources'));
    const outsider = await t.call({
      method: 'GET',
      url: `/api/v1/teams/${team.team.id}/scopes`,
      token: setup.developer.token,
    });
    assert.equal(outsider.statusCode, 404);
  });

  test('a token with url:GET|/api/v2/my/classes reads classes (HEAD too), gets 401 on /api/v2/my/schools', async () => {
    const setup = await buildSignIn(t);
    await ok(t, 'PATCH', `/api/v1/developer-keys/${setup.clientId}`, setup.developer.token, {
      require_scopes: true,
      scopes: ['url:GET|/api/v2/my/classes'],
    });
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada, 'url:GET|/api/v2/my/classes');
    const classes = await t.call({ method: 'GET', url: '/api/v2/my/classes', token: access_token });
    assert.equal(classes.statusCode, 200);
    assert.equal(classes.json().$data.length, 2);
    assert.equal((await t.call({ method: 'HEAD', url: '/api/v2/my/classes', token: access_token })).statusCode, 200);
    const schools = await t.call({ method: 'GET', url: '/api/v2/my/schools', token: access_token });
    assert.equal(schools.statusCode, 401);
    assert.deepEqual(schools.json().$errors[0], {
      code: 'INSUFFICIENT_SCOPE',
      message: 'Insufficient scopes on access token. This request needs the scope url:GET|/api/v2/my/schools.',
    });
    assert.equal(schools.headers['www-authenticate'], undefined);
    // By route, not by path shape: the scope of the list does not open a fetch below it.
    assert.equal(
      (await t.call({ method: 'GET', url: `/api/v2/my/classes/${setup.roster.classes.algebra}`, token: access_token }))
        .statusCode,
      401,
    );
    // A scoped token may still sign itself out.
    assert.equal((await t.call({ method: 'DELETE', url: '/login/oauth2/token', token: access_token })).statusCode, 200);
  });

  test('$expand is stripped from scoped requests and their cursors unless the key allows it', async () => {
    const setup = await buildSignIn(t);
    const scope = 'url:GET|/api/v2/my/classes';
    await ok(t, 'PATCH', `/api/v1/developer-keys/${setup.clientId}`, setup.developer.token, {
      require_scopes: true,
      allow_includes: true,
      scopes: [scope],
    });
    const token = (await personTokens(t, setup, setup.roster.people.ada, scope)).access_token;
    const first = await t.call({ method: 'GET', url: '/api/v2/my/classes?$expand=school&$first=1', token });
    assert.ok(first.json().$data.every((item: { school: { name: string } }) => item.school.name === 'North High'));
    const cursor = new URL(first.json().$next).searchParams.get('$cursor') as string;
    const allowedPage = await t.call({ method: 'GET', url: `/api/v2/my/classes?$cursor=${cursor}`, token });
    assert.ok(allowedPage.json().$data.length > 0, allowedPage.body);
    assert.ok(allowedPage.json().$data.every((item: Record<string, unknown>) => 'school' in item));

    await ok(t, 'PATCH', `/api/v1/developer-keys/${setup.clientId}`, setup.developer.token, { allow_includes: false });
    const list = await t.call({ method: 'GET', url: '/api/v2/my/classes?$expand=school', token });
    assert.ok(list.json().$data.every((item: Record<string, unknown>) => !('school' in item)));
    const paged = await t.call({ method: 'GET', url: `/api/v2/my/classes?$cursor=${cursor}`, token });
    assert.equal(paged.statusCode, 200, paged.body);
    assert.ok(paged.json().$data.length > 0, paged.body);
    assert.ok(paged.json().$data.every((item: Record<string, unknown>) => !('school' in item)));
  });

  test('a key that does not require scopes is not held to them', async () => {
    const setup = await buildSignIn(t);
    const { access_token } = await personTokens(t, setup, setup.roster.people.ada, 'url:GET|/api/v2/my/classes');
    assert.equal(
      (await t.call({ method: 'GET', url: '/api/v2/my/schools?$expand=district', token: access_token })).statusCode,
      200,
    );
  });
});
