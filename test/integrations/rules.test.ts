import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { recordId } from '../../src/graph/ids.ts';
import { lookupHash } from '../../src/lib/tokens.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildDeveloper, buildIntegration, buildOrganization, ok, permissionIds } from '../helpers/integrations.ts';

/** Each sharing and permission rule, through the management and developer APIs. */
describe('integration rules', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  const patch = (setup: Awaited<ReturnType<typeof buildIntegration>>, payload: object) =>
    t.call({
      method: 'PATCH',
      url: `/api/v1/integrations/${setup.integration.id}`,
      token: setup.organization.token,
      payload,
    });
  const insertRecord = (table: 'schools' | 'courses', id: string, sourceId: string) =>
    sql`insert into ${sql.table(table)} (id, source_id, sourced_id, name, hash)
      values (${id}, ${sourceId}, ${id}, 'Record', 'x')`.execute(t.ctx.db);
  const tokenOf = async (setup: Awaited<ReturnType<typeof buildIntegration>>) =>
    (await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.developer.secret)).access_token;

  test('the access token stays when permissions, scope or targets change', async () => {
    const setup = await buildIntegration(t);
    const changes = [
      { permissions: permissionIds('organizations:read') },
      { scope: 'selected', targets: [randomUUID()] },
      { targets: [randomUUID(), randomUUID()] },
      { scope: 'all' },
    ];
    for (const change of changes) {
      const response = await patch(setup, change);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(await tokenOf(setup), setup.accessToken);
    }
    const final = await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
    assert.deepEqual(final.permissions, permissionIds('organizations:read'));
    assert.equal(final.scope, 'all');
    assert.deepEqual(final.targets, []);
  });

  test('a re-created integration gets a new access token and the old one is gone', async () => {
    const setup = await buildIntegration(t);
    await ok(t, 'DELETE', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
    const again = await ok(
      t,
      'POST',
      `/api/v1/teams/${setup.organization.team.id}/integrations`,
      setup.organization.token,
      {
        source_id: setup.organization.source.id,
        application_id: setup.developer.application.id,
        permissions: [],
        scope: 'all',
      },
    );
    const tokens = (await ok(t, 'GET', '/api/v1/integrations', setup.developer.secret)).map(
      (row: { access_token: string }) => row.access_token,
    );
    assert.equal(tokens.length, 1);
    assert.notEqual(tokens[0], setup.accessToken);
    assert.notEqual(again.id, setup.integration.id);
  });

  test('the source is fixed once set', async () => {
    const setup = await buildIntegration(t);
    // A team holds one source per provider, so the other source is of another provider.
    const other = await ok(t, 'POST', `/api/v1/teams/${setup.organization.team.id}/sources`, setup.organization.token, {
      name: 'Other',
      provider: 'canvas',
      config: { domain: 'canvas.example.edu' },
    });
    const refused = await patch(setup, { source_id: other.id });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().$errors[0].message, /source of an integration cannot change/);
    const same = await patch(setup, { source_id: setup.organization.source.id, scope: 'all' });
    assert.equal(same.statusCode, 200);
  });

  test('granted permissions must be among those the application requested', async () => {
    const organization = await buildOrganization(t);
    const developer = await buildDeveloper(t, permissionIds('organizations:read'));
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/teams/${organization.team.id}/integrations`,
      token: organization.token,
      payload: {
        source_id: organization.source.id,
        application_id: developer.application.id,
        permissions: permissionIds('organizations:read', 'people:read'),
        scope: 'all',
      },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().$errors[0].code, 'INVALID_REQUEST_BODY');
    assert.match(response.json().$errors[0].message, /did not request people:read/);
  });

  test('a permission without its parents is refused, naming the missing ones', async () => {
    const setup = await buildIntegration(t);
    const response = await patch(setup, { permissions: permissionIds('enrollments:read') });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().$errors[0].message, /missing parent permissions organizations:read, people:read/);
    const application = await t.call({
      method: 'PATCH',
      url: `/api/v1/applications/${setup.developer.application.id}`,
      token: setup.developer.token,
      payload: { requested_permissions: permissionIds('people:contact') },
    });
    assert.equal(application.statusCode, 400);
    assert.match(application.json().$errors[0].message, /missing parent permissions people:read/);
  });

  test('narrowing what an application requests narrows the grants', async () => {
    const setup = await buildIntegration(t, {
      permissions: permissionIds('people:read', 'people:contact', 'organizations:read'),
    });
    await ok(t, 'PATCH', `/api/v1/applications/${setup.developer.application.id}`, setup.developer.token, {
      requested_permissions: permissionIds('organizations:read', 'terms:read'),
    });
    const after = await ok(t, 'GET', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
    assert.deepEqual(after.permissions, permissionIds('organizations:read'));
  });

  test('targets must be schools, classes or courses of the source once its data has arrived', async () => {
    const setup = await buildIntegration(t);
    const early = randomUUID();
    assert.equal(
      (await patch(setup, { scope: 'selected', targets: [early] })).statusCode,
      200,
      'accepted before any data',
    );
    const sourceId = setup.organization.source.id;
    const school = recordId(sourceId, 'schools', 'S1');
    const course = recordId(sourceId, 'courses', 'C1');
    await insertRecord('schools', school, sourceId);
    await insertRecord('courses', course, sourceId);
    assert.equal((await patch(setup, { targets: [school, course] })).statusCode, 200);
    const refused = await patch(setup, { targets: [school, early] });
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.json().$errors[0].message,
      new RegExp(`not a school, class or course of this source: ${early}`),
    );
    const other = await buildOrganization(t);
    const foreign = recordId(other.source.id, 'schools', 'S1');
    await insertRecord('schools', foreign, other.source.id);
    assert.equal(
      (await patch(setup, { targets: [foreign] })).statusCode,
      400,
      "another source's school is not a target",
    );
    assert.equal(
      (await patch(setup, { scope: 'all', targets: [school] })).statusCode,
      400,
      'scope all takes no targets',
    );
  });

  test('a start date ahead makes the integration inactive; a past end date disables it', async () => {
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await buildIntegration(t, { start_date: ahead });
    assert.equal(scheduled.integration.status, 'inactive');
    const ended = await patch(scheduled, { start_date: null, end_date: new Date(Date.now() - 1000).toISOString() });
    assert.equal(ended.json().$data.status, 'disabled');
    const reopened = await patch(scheduled, { end_date: null });
    assert.equal(reopened.json().$data.status, 'active');
    const disabled = await patch(scheduled, { status: 'disabled' });
    assert.equal(disabled.json().$data.status, 'disabled');
    const order = await patch(scheduled, {
      status: 'active',
      start_date: ahead,
      end_date: new Date(Date.now() + 1000).toISOString(),
    });
    assert.equal(order.statusCode, 400);
    assert.match(order.json().$errors[0].message, /end_date: must be after start_date/);
  });

  test('rotating the token keeps the old one only for the grace period', async () => {
    const setup = await buildIntegration(t);
    const rotated = await ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/token`, setup.developer.secret, {
      grace_seconds: 60,
    });
    assert.match(rotated.access_token, /^gh_int_/);
    assert.notEqual(rotated.access_token, setup.accessToken);
    assert.equal(await tokenOf(setup), rotated.access_token);
    const retired = () =>
      t.ctx.db.selectFrom('integration_retired_tokens').select(['token_hash', 'expires_date']).execute();
    const [row] = await retired();
    assert.ok(row);
    assert.equal(row.token_hash, lookupHash(setup.accessToken));
    assert.ok(new Date(row.expires_date).getTime() > Date.now() + 50_000);
    const byTeam = await ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/token`, setup.organization.token);
    assert.equal(byTeam.access_token, undefined, 'the granting team never sees the token');
    assert.deepEqual(
      (await retired()).map((token) => token.token_hash),
      [lookupHash(setup.accessToken)],
      'a rotation without grace retires nothing, and leaves the earlier grace running',
    );
  });
});
