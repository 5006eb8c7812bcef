import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { withScope } from '../helpers/connections.ts';
import { ok } from '../helpers/integrations.ts';
import { buildPlatform } from '../helpers/oauth.ts';
import { findPlaintext } from '../helpers/plaintext.ts';
import { buildTeam } from '../helpers/teams.ts';

const PLATFORM_SECRET = 'platform-api-token-never-stored-in-plain-text';
const CLIENT_SECRET = 'platform-client-secret-never-stored-in-plain-text';
const TEAM_A_SECRET = 'team-a-api-token-never-stored-in-plain-text';
const TEAM_B_SECRET = 'team-b-api-token-never-stored-in-plain-text';

const ACME = {
  name: 'acme',
  title: 'Acme PSA',
  auth_mode: 'api_key',
  api_base_urls: ['https://{domain}/api/'],
  config_schema: {
    domain: { type: 'string', required: true },
    region: { type: 'string', default: 'eu' },
    retries: { type: 'int', default: 1 },
    api_key: { type: 'secret' },
    extra: { type: 'json' },
  },
};

describe('providers, platform defaults and team mappings', () => {
  let t: TestApp;
  let platform: Awaited<ReturnType<typeof buildPlatform>>;
  let a: Awaited<ReturnType<typeof buildTeam>>;
  let b: Awaited<ReturnType<typeof buildTeam>>;
  const mapping = '/api/v1/providers/acme/mapping';
  const connection = '/api/v1/providers/acme/connection';

  before(async () => {
    t = await createTestApp();
    platform = await buildPlatform(t);
    a = await buildTeam(t);
    b = await buildTeam(t);
  });
  after(async () => t.close());

  test('a platform caller adds a provider and sets its defaults; teams may not', async () => {
    const refused = await t.call({ method: 'POST', url: '/api/v1/providers', token: a.token, payload: ACME });
    assert.equal(refused.statusCode, 403, refused.body);
    const provider = await ok(t, 'POST', '/api/v1/providers', platform.token, ACME);
    assert.deepEqual(provider.default_config, { region: 'eu', retries: 1 });
    const listed = await t.call({ method: 'GET', url: '/api/v1/providers' });
    assert.ok(listed.json().$data.some((entry: { name: string }) => entry.name === 'acme'));

    const body = {
      config: { region: 'us', api_key: PLATFORM_SECRET },
      client_id: 'acme-client',
      client_secret: CLIENT_SECRET,
    };
    const teamTry = await t.call({
      method: 'PUT',
      url: '/api/v1/providers/acme/defaults',
      token: a.token,
      payload: body,
    });
    assert.equal(teamTry.statusCode, 403, teamTry.body);
    const defaults = await ok(t, 'PUT', '/api/v1/providers/acme/defaults', platform.token, body);
    assert.deepEqual(defaults, {
      provider: 'acme',
      config: { region: 'us' },
      secret_keys: ['api_key'],
      client_id: 'acme-client',
      has_client_secret: true,
    });
    const global = await ok(t, 'GET', withScope(connection, 'global'), platform.token);
    assert.deepEqual(global.config, { region: 'us', retries: 1, api_key: PLATFORM_SECRET });
    assert.deepEqual(global.secret_keys, ['api_key']);
  });

  test('one config write path: typed, unknown keys refused, secrets sealed, null resets a key', async () => {
    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [{ colour: 'red' }, /body\.config\.colour: not in the provider's config schema/],
      [{ retries: 'two' }, /body\.config\.retries: must be a int/],
      [{ api_key: 42 }, /body\.config\.api_key: must be a secret/],
    ];
    for (const [config, message] of refusals) {
      const refused = await t.call({
        method: 'PUT',
        url: mapping,
        token: a.token,
        payload: { entity_id: 'x', config },
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.json().$errors[0].message, message);
    }
    const viaSource = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${a.team.id}/sources`,
      token: a.token,
      payload: { name: 'Acme', provider: 'acme', config: { colour: 'red' } },
    });
    assert.equal(viaSource.statusCode, 400, 'a source is written through the same path');

    const created = await ok(t, 'PUT', mapping, a.token, {
      entity_id: 'tenant-a',
      entity_name: 'Team A Corp',
      config: { domain: 'a.acme.example', retries: 3, api_key: TEAM_A_SECRET, extra: { deep: [1] } },
    });
    assert.equal(created.organization_id, a.team.id);
    assert.deepEqual(created.config, { domain: 'a.acme.example', retries: 3, extra: { deep: [1] } });
    assert.deepEqual(created.secret_keys, ['api_key']);
    const merged = await ok(t, 'GET', connection, a.token);
    assert.equal(merged.entity_id, 'tenant-a');
    assert.deepEqual(merged.config, {
      region: 'us',
      retries: 3,
      api_key: TEAM_A_SECRET,
      domain: 'a.acme.example',
      extra: { deep: [1] },
    });
    await ok(t, 'PUT', mapping, a.token, { entity_id: 'tenant-a', config: { api_key: null, retries: null } });
    const reset = await ok(t, 'GET', connection, a.token);
    assert.equal(reset.config.api_key, PLATFORM_SECRET);
    assert.equal(reset.config.retries, 1);
    assert.equal(reset.entity_name, 'Team A Corp', 'left out, the entity name is kept');
    await ok(t, 'PUT', mapping, a.token, { entity_id: 'tenant-a', config: { api_key: TEAM_A_SECRET } });
    const again = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${a.team.id}/sources`,
      token: a.token,
      payload: { name: 'Acme', provider: 'acme' },
    });
    assert.equal(again.statusCode, 409, 'one mapping per provider and team');
  });

  test('scope is three-valued and never falls back', async () => {
    await ok(t, 'PUT', withScope(mapping, b.team.id), platform.token, {
      entity_id: 'tenant-b',
      config: { domain: 'b.acme.example', api_key: TEAM_B_SECRET },
    });
    const byPlatform = await ok(t, 'GET', withScope(connection, b.team.id), platform.token);
    assert.equal(byPlatform.config.api_key, TEAM_B_SECRET);
    const own = await ok(t, 'GET', withScope(connection, a.team.id), a.token);
    assert.equal(own.entity_id, 'tenant-a');
    const omittedByPlatform = await t.call({ method: 'GET', url: connection, token: platform.token });
    assert.equal(omittedByPlatform.statusCode, 404, 'omitted means the caller’s own team, never global');
    for (const scope of ['global', b.team.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await t.call({ method: 'GET', url: withScope(connection, scope), token: a.token });
      assert.equal(refused.statusCode, 403, `${scope}: ${refused.body}`);
    }
    const nonsense = await t.call({ method: 'GET', url: withScope(connection, 'everyone'), token: a.token });
    assert.equal(nonsense.statusCode, 400);
    const all = await ok(t, 'GET', withScope('/api/v1/providers/acme/mappings', 'global'), platform.token);
    assert.equal(all.length, 2);
    const mine = await ok(t, 'GET', '/api/v1/providers/acme/mappings', a.token);
    assert.deepEqual(
      mine.map((entry: { entity_id: string }) => entry.entity_id),
      ['tenant-a'],
    );
  });

  test("team A never reaches team B's token, config or mapping, whatever the path and scope", async () => {
    const scopes = [undefined, b.team.id, 'global', 'GLOBAL', ` ${b.team.id}`, b.team.id.toUpperCase()];
    const paths: Array<['GET' | 'PUT' | 'DELETE' | 'POST', string, object?]> = [
      ['GET', connection],
      ['GET', mapping],
      ['GET', `${mapping}?entity_id=tenant-b`],
      ['GET', '/api/v1/providers/acme/mappings'],
      ['PUT', mapping, { entity_id: 'tenant-a' }],
      ['POST', '/api/v1/providers/acme/refresh'],
      ['POST', '/api/v1/providers/acme/connect'],
      ['GET', '/api/v1/providers/acme/defaults'],
    ];
    for (const scope of scopes)
      for (const [method, path, payload] of paths) {
        const answer = await t.call({
          method,
          url: withScope(path, scope),
          token: a.token,
          ...(payload ? { payload } : {}),
        });
        assert.ok(answer.statusCode < 500, `${method} ${path} ${scope}: ${answer.body}`);
        if (scope !== undefined) assert.ok([400, 403].includes(answer.statusCode), `${method} ${path} ${scope}`);
        // The entity filter's own value comes back in its 404 message; nothing else of B may.
        const leaks = [TEAM_B_SECRET, 'b.acme.example', ...(path.includes('tenant-b') ? [] : ['tenant-b'])];
        for (const leak of leaks) assert.ok(!answer.body.includes(leak), `${method} ${path} ${scope} leaks ${leak}`);
      }
    for (const scope of scopes.filter((value) => value !== undefined)) {
      const proxied = await t.call({
        method: 'GET',
        url: '/api/v1/connections/acme/proxy/anything',
        token: a.token,
        headers: { 'gatehouse-scope': scope as string },
      });
      assert.ok([400, 403].includes(proxied.statusCode), `proxy ${scope}: ${proxied.body}`);
    }
    const stillB = await ok(t, 'GET', withScope(connection, b.team.id), platform.token);
    assert.equal(stillB.entity_id, 'tenant-b');
    const foreignDelete = await t.call({ method: 'DELETE', url: withScope(mapping, b.team.id), token: a.token });
    assert.equal(foreignDelete.statusCode, 403);
  });

  test('the proxy never reaches inside: a team config naming a private host or a path is refused', async () => {
    const canvas = await ok(t, 'PUT', '/api/v1/providers/canvas/mapping', a.token, {
      entity_id: 'district',
      config: { domain: '127.0.0.1:8080' },
    });
    await t.ctx.db
      .insertInto('connection_tokens')
      .values({
        id: crypto.randomUUID(),
        source_id: canvas.id,
        team_id: a.team.id,
        access_token: await t.ctx.keyring.seal('opaque', 'connection_tokens.access_token'),
        refresh_token: null,
        token_type: 'bearer',
        scopes: '[]',
        expires_at: null,
        refresh_state: null,
        last_failure_date: null,
        last_attempt_at: null,
        last_error: null,
      })
      .execute();
    const inside = await t.call({ method: 'GET', url: '/api/v1/connections/canvas/proxy/v1/courses', token: a.token });
    assert.equal(inside.statusCode, 502, inside.body);
    assert.equal(inside.json().$errors[0].code, 'UPSTREAM_UNAVAILABLE');
    await ok(t, 'PUT', '/api/v1/providers/canvas/mapping', a.token, {
      entity_id: 'district',
      config: { domain: 'evil.example/steal?' },
    });
    const moved = await t.call({ method: 'GET', url: '/api/v1/connections/canvas/proxy/v1/courses', token: a.token });
    assert.equal(moved.statusCode, 409, moved.body);
    assert.match(moved.json().$errors[0].message, /must be a host name/);
  });

  test('no secret in plain text in any column, before and after keys rotate; every read is audited', async () => {
    const secrets = [PLATFORM_SECRET, CLIENT_SECRET, TEAM_A_SECRET, TEAM_B_SECRET];
    assert.deepEqual(await findPlaintext(t.ctx.db, secrets), []);
    await t.ctx.keyring.rotate(0);
    assert.deepEqual(await findPlaintext(t.ctx.db, secrets), []);
    const after = await ok(t, 'GET', connection, a.token);
    assert.equal(after.config.api_key, TEAM_A_SECRET);
    const audit = await ok(t, 'GET', `/api/v1/teams/${a.team.id}/audit`, a.token);
    const actions = new Set(audit.map((entry: { action: string }) => entry.action));
    for (const action of ['mapping.created', 'mapping.updated', 'connection.read', 'mapping.listed'])
      assert.ok(actions.has(action), action);
    await ok(t, 'DELETE', mapping, a.token);
    assert.equal((await t.call({ method: 'GET', url: mapping, token: a.token })).statusCode, 404);
  });
});
