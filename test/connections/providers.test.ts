import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../../src/teams/service.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ok } from '../helpers/integrations.ts';
import { buildPlatform } from '../helpers/oauth.ts';
import { findPlaintext } from '../helpers/plaintext.ts';
import { buildTeam, signInSession } from '../helpers/teams.ts';

const TEAM_KEY = 'team-api-key-that-must-never-be-stored-in-plain-text';

/** An outside API on loopback that answers what it was sent. */
async function startApi() {
  const seen: Array<{ url: string; headers: Record<string, unknown> }> = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('providers of every auth mode, added and changed by the platform', () => {
  let t: TestApp;
  let api: Awaited<ReturnType<typeof startApi>>;
  let platform: Awaited<ReturnType<typeof buildPlatform>>;
  let team: Awaited<ReturnType<typeof buildTeam>>;

  before(async () => {
    // The outside API runs on this machine, which only an operator's setting allows.
    t = await createTestApp({ env: { GATEHOUSE_ALLOW_PRIVATE_ISSUERS: 'true' } });
    api = await startApi();
    platform = await buildPlatform(t);
    team = await buildTeam(t);
  });
  after(async () => {
    await api.close();
    await t.close();
  });

  const keyed = (extra: Record<string, unknown> = {}) => ({
    name: 'keyed',
    title: 'Keyed API',
    auth_mode: 'api_key',
    api_base_urls: [`${api.base}/v2/`],
    config_schema: { api_key: { type: 'secret', required: true } },
    ...extra,
  });

  test('an api_key provider must declare its key as a secret field', async () => {
    for (const config_schema of [{}, { api_key: { type: 'string' } }]) {
      const refused = await t.call({
        method: 'POST',
        url: '/api/v1/providers',
        token: platform.token,
        payload: keyed({ config_schema }),
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.json().$errors[0].message, /api_key of type 'secret'/);
    }
    const misplaced = await t.call({
      method: 'POST',
      url: '/api/v1/providers',
      token: platform.token,
      payload: { ...keyed(), auth_mode: 'none', api_key_in: { in: 'query', name: 'key' } },
    });
    assert.equal(misplaced.statusCode, 400, misplaced.body);
  });

  test("the proxy sends the team's sealed key where the provider says; the key is never in clear", async () => {
    const provider = await ok(t, 'POST', '/api/v1/providers', platform.token, keyed());
    assert.deepEqual(provider.api_key_in, { in: 'header', name: 'authorization', prefix: 'Bearer ' });
    await ok(t, 'PUT', '/api/v1/providers/keyed/mapping', team.token, {
      entity_id: 'acct-1',
      config: { api_key: TEAM_KEY },
    });
    const proxied = await t.call({
      method: 'GET',
      url: '/api/v1/connections/keyed/proxy/items?limit=2',
      token: team.token,
    });
    assert.equal(proxied.statusCode, 200, proxied.body);
    assert.equal(api.seen.at(-1)?.url, '/v2/items?limit=2');
    assert.equal(api.seen.at(-1)?.headers.authorization, `Bearer ${TEAM_KEY}`);

    await ok(t, 'PATCH', '/api/v1/providers/keyed', platform.token, { api_key_in: { in: 'query', name: 'key' } });
    await t.call({ method: 'GET', url: '/api/v1/connections/keyed/proxy/items?key=forged', token: team.token });
    const query = new URL(api.seen.at(-1)?.url ?? '', api.base).searchParams;
    assert.deepEqual(query.getAll('key'), [TEAM_KEY], "the caller cannot put a key of its own in the key's place");
    assert.equal(api.seen.at(-1)?.headers.authorization, undefined);

    const data = await ok(t, 'GET', '/api/v1/providers/keyed/connection', team.token);
    assert.equal(data.oauth, null);
    assert.deepEqual(data.secret_keys, ['api_key'], 'callers learn which keys to scrub from their logs');
    assert.deepEqual(await findPlaintext(t.ctx.db, [TEAM_KEY]), []);
  });

  test('a mapping without its key is not connected; a provider of auth mode none is called bare', async () => {
    const other = await buildTeam(t);
    await ok(t, 'PUT', '/api/v1/providers/keyed/mapping', other.token, { entity_id: 'acct-2' });
    const missing = await t.call({ method: 'GET', url: '/api/v1/connections/keyed/proxy/items', token: other.token });
    assert.equal(missing.statusCode, 409, missing.body);
    assert.equal(missing.json().$errors[0].code, 'NOT_CONNECTED');

    await ok(t, 'POST', '/api/v1/providers', platform.token, {
      ...keyed(),
      name: 'open',
      auth_mode: 'none',
      config_schema: {},
    });
    await ok(t, 'PUT', '/api/v1/providers/open/mapping', other.token, { entity_id: 'acct-3' });
    const bare = await t.call({ method: 'GET', url: '/api/v1/connections/open/proxy/status', token: other.token });
    assert.equal(bare.statusCode, 200, bare.body);
    assert.equal(api.seen.at(-1)?.headers.authorization, undefined);
  });

  test('the platform changes a provider it added, audited; built-in ones and other callers are refused', async () => {
    const changed = await ok(t, 'PATCH', '/api/v1/providers/keyed', platform.token, { title: 'Keyed API v3' });
    assert.equal(changed.title, 'Keyed API v3');
    assert.deepEqual(changed.api_key_in, { in: 'query', name: 'key' }, 'what is omitted stays');
    const byTeam = await t.call({
      method: 'PATCH',
      url: '/api/v1/providers/keyed',
      token: team.token,
      payload: { title: 'x' },
    });
    assert.equal(byTeam.statusCode, 403, byTeam.body);
    const builtin = await t.call({
      method: 'PATCH',
      url: '/api/v1/providers/canvas',
      token: platform.token,
      payload: { title: 'Mine' },
    });
    assert.equal(builtin.statusCode, 409, builtin.body);
    assert.match(builtin.json().$errors[0].message, /built in/);
    const empty = await t.call({ method: 'PATCH', url: '/api/v1/providers/keyed', token: platform.token, payload: {} });
    assert.equal(empty.statusCode, 400, empty.body);
    const unknown = await t.call({
      method: 'PATCH',
      url: '/api/v1/providers/nope',
      token: platform.token,
      payload: { title: 'x' },
    });
    assert.equal(unknown.statusCode, 404, unknown.body);
    const audit = await ok(t, 'GET', `/api/v1/teams/${platform.team.id}/audit`, platform.token);
    const entry = audit.findLast((item: { action: string }) => item.action === 'provider.updated');
    assert.equal(entry?.before?.title, 'Keyed API');
    assert.equal(entry?.after?.title, 'Keyed API v3');
  });
});

describe('a platform administrator made before any server start', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('has their changes to the catalog audited in the platform team, made on first need', async () => {
    // What `gatehouse admin create` does: a platform administrator, and no platform team yet.
    await createUser(t.ctx.db, { email: 'root@example.test', password: 'correct horse battery', platformAdmin: true });
    const session = await signInSession(t, 'root@example.test', 'correct horse battery');
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/providers',
      ...session,
      payload: { name: 'plain', title: 'Plain', auth_mode: 'none' },
    });
    assert.equal(created.statusCode, 200, created.body);
    const team = await t.ctx.db.selectFrom('teams').selectAll().where('kind', '=', 'platform').execute();
    assert.equal(team.length, 1);
    const entries = await t.ctx.db.selectFrom('audit_log').selectAll().where('team_id', '=', team[0]!.id).execute();
    assert.deepEqual(
      entries.map((entry) => entry.action),
      ['provider.created'],
    );
  });
});
