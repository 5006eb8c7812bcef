import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { ALL_PERMISSIONS, buildDeveloper, buildOrganization, ok } from '../helpers/integrations.ts';

const V1_PROPERTIES = [
  'id',
  'created_date',
  'updated_date',
  'permissions',
  'scope',
  'targets',
  'status',
  'access_token',
  'application',
  'source',
  'team',
  'provider',
  'entity',
];

describe('developer API', () => {
  let t: TestApp;
  let developer: Awaited<ReturnType<typeof buildDeveloper>>;
  const created: string[] = [];
  before(async () => {
    t = await createTestApp();
    developer = await buildDeveloper(t);
    for (let index = 0; index < 5; index += 1) {
      const organization = await buildOrganization(t);
      const entity = await ok(t, 'POST', `/api/v1/teams/${organization.team.id}/entities`, organization.token, {
        name: `District ${index}`,
        kind: 'district',
        identifiers: [{ type: 'nces_id', value: `06000${index}` }],
      });
      await ok(t, 'PATCH', `/api/v1/sources/${organization.source.id}`, organization.token, { entity_id: entity.id });
      const integration = await ok(
        t,
        'POST',
        `/api/v1/teams/${organization.team.id}/integrations`,
        organization.token,
        {
          source_id: organization.source.id,
          application_id: developer.application.id,
          permissions: ALL_PERMISSIONS,
          scope: 'all',
        },
      );
      created.push(integration.id);
    }
  });
  after(() => t.close());

  test('the v1 Integration object has every property of the model, nested objects included', async () => {
    const [first] = await ok(t, 'GET', '/api/v1/integrations?$first=1', developer.secret);
    for (const property of V1_PROPERTIES) assert.ok(property in first, `missing ${property}`);
    assert.match(first.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(first.created_date)) && !Number.isNaN(Date.parse(first.updated_date)));
    assert.deepEqual([...first.permissions].sort(), [...ALL_PERMISSIONS].sort());
    assert.equal(first.scope, 'all');
    assert.deepEqual(first.targets, []);
    assert.equal(first.status, 'active');
    assert.match(first.access_token, /^gh_int_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(first.application, {
      id: developer.application.id,
      name: 'Reading Coach',
      description: null,
      icon_url: null,
    });
    assert.deepEqual(Object.keys(first.source).sort(), ['created_date', 'id', 'name', 'state', 'updated_date']);
    assert.deepEqual(Object.keys(first.team).sort(), ['id', 'name']);
    assert.equal(first.provider.name, 'oneroster');
    assert.equal(first.entity.kind, 'district');
    assert.deepEqual(first.entity.identifiers, [{ type: 'nces_id', value: first.entity.identifiers[0].value }]);
    const fetched = await ok(t, 'GET', `/api/v1/integrations/${first.id}`, developer.secret);
    assert.deepEqual(fetched, first);
  });

  test('pages with $first and $after, and follows absolute $next links to the end', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/integrations?$first=2';
    let pages = 0;
    while (url) {
      const response = await t.call({ method: 'GET', url, token: developer.secret });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      seen.push(...body.$data.map((row: { id: string }) => row.id));
      pages += 1;
      if (body.$next) assert.match(body.$next, /^http:\/\/gatehouse\.test\/api\/v1\/integrations\?\$cursor=/);
      url = body.$next?.replace('http://gatehouse.test', '');
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...created].sort());
    const after = await ok(t, 'GET', `/api/v1/integrations?$first=10&$after=${seen[2]}`, developer.secret);
    assert.deepEqual(
      after.map((row: { id: string }) => row.id),
      seen.slice(3),
    );
  });

  test('without an application secret the developer API answers INVALID_TOKEN', async () => {
    for (const token of [undefined, 'gh_app_nope', developer.token]) {
      const response = await t.call({ method: 'GET', url: '/api/v1/integrations', ...(token ? { token } : {}) });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().$errors[0].code, 'INVALID_TOKEN');
    }
  });

  test('a rotated application secret replaces the old one at once', async () => {
    const rotated = await ok(t, 'POST', `/api/v1/applications/${developer.application.id}/secret`, developer.token);
    assert.equal(
      (await t.call({ method: 'GET', url: '/api/v1/integrations', token: developer.secret })).statusCode,
      401,
    );
    assert.equal((await t.call({ method: 'GET', url: '/api/v1/integrations', token: rotated.secret })).statusCode, 200);
    developer.secret = rotated.secret;
  });

  test('the audit log records each change with before and after, never a secret', async () => {
    const organization = await buildOrganization(t);
    const integration = await ok(t, 'POST', `/api/v1/teams/${organization.team.id}/integrations`, organization.token, {
      source_id: organization.source.id,
      application_id: developer.application.id,
      permissions: [],
      scope: 'all',
    });
    await ok(t, 'PATCH', `/api/v1/integrations/${integration.id}`, organization.token, { status: 'disabled' });
    await ok(t, 'DELETE', `/api/v1/integrations/${integration.id}`, organization.token);
    const log = await ok(t, 'GET', `/api/v1/teams/${organization.team.id}/audit`, organization.token);
    assert.deepEqual(
      log.map((entry: { action: string }) => entry.action),
      ['api_key.created', 'source.created', 'integration.created', 'integration.updated', 'integration.deleted'],
    );
    const update = log[3];
    assert.equal(update.actor.type, 'api_key');
    assert.equal(update.before.status, 'active');
    assert.equal(update.after.status, 'disabled');
    const text = JSON.stringify(log);
    assert.ok(
      !text.includes('gh_int_') && !text.includes('gh_app_') && !text.includes('gh_key_'),
      'no secret in the log',
    );
    const developerLog = await ok(t, 'GET', `/api/v1/teams/${developer.team.id}/audit`, developer.token);
    assert.ok(developerLog.some((entry: { action: string }) => entry.action === 'application.secret_rotated'));
  });
});
