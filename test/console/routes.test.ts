import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { builtConsole } from '../helpers/console.ts';
import { buildTeam, signInSession } from '../helpers/teams.ts';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('the admin console is served by the server itself', () => {
  let t: TestApp;
  let page: string;

  before(async () => {
    page = readFileSync(`${await builtConsole()}index.html`, 'utf8');
    t = await createTestApp();
  });
  after(() => t.close());

  test('its page at / and at any address of the app a browser opens, never cached, scripts only its own', async () => {
    for (const url of ['/', '/teams/4d3c5a39-4a43-4f4e-9a3e-6f1f5a0c2b11/sources/x', '/sign-in?next=%2F']) {
      const response = await t.call({ method: 'GET', url, headers: HTML });
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      assert.equal(response.body, page);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['cache-control'], 'no-store');
      const policy = String(response.headers['content-security-policy']);
      assert.match(policy, /script-src 'self';/);
      assert.match(policy, /frame-ancestors 'none'/);
      assert.doesNotMatch(policy, /unsafe-eval|\*/);
    }
  });

  test('its built assets, kept a year because their names change with their content', async () => {
    const assets = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    assert.ok(assets.some((asset) => asset.endsWith('.js')) && assets.some((asset) => asset.endsWith('.css')));
    for (const asset of assets) {
      const response = await t.call({ method: 'GET', url: asset });
      assert.equal(response.statusCode, 200, asset);
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    }
    const missing = await t.call({ method: 'GET', url: '/assets/index-nothere.js' });
    assert.equal(missing.statusCode, 404);
  });

  test("the API's paths keep their JSON 404, and so does a request that does not ask for a page", async () => {
    for (const [url, headers] of [
      ['/api/v1/nothing', HTML],
      ['/api', HTML],
      ['/docs/nothing', HTML],
      ['/.well-known/nothing', HTML],
      ['/teams', { accept: 'application/json' }],
      ['/favicon.ico', { accept: 'image/*' }],
    ] as const) {
      const response = await t.call({ method: 'GET', url, headers });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().$errors[0].code, 'NOT_FOUND', url);
      assert.match(String(response.headers['content-type']), /^application\/json/, url);
    }
    const documented = await t.call({ method: 'GET', url: '/docs/json' });
    assert.ok(!Object.keys(documented.json().paths).some((path) => !path.startsWith('/api') && path.includes('*')));
  });

  test('who is signed in, with each team and its kind, for the team switcher', async () => {
    const owner = await buildTeam(t, { kind: 'developer' });
    const session = await signInSession(t, owner.user.email, owner.password);
    const me = (await t.call({ method: 'GET', url: '/api/v1/me', ...session })).json().$data;
    assert.equal(me.type, 'user');
    assert.equal(me.email, owner.user.email);
    assert.deepEqual(me.teams, [{ id: owner.team.id, name: owner.team.name, kind: 'developer', role: 'owner' }]);
    const key = (await t.call({ method: 'GET', url: '/api/v1/me', token: owner.token })).json().$data;
    assert.deepEqual(
      { type: key.type, team_id: key.team_id, role: key.role },
      {
        type: 'api_key',
        team_id: owner.team.id,
        role: 'owner',
      },
    );
  });
});
