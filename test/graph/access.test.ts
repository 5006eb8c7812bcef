import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { lookupHash } from '../../src/lib/tokens.ts';
import { startRuntime } from '../../src/runtime.ts';
import { createTestApp, onPostgres, type TestApp } from '../helpers/app.ts';
import { buildGraph, graphData, graphGet, idOf, insertGraph, regrant } from '../helpers/graph.ts';
import { ok } from '../helpers/integrations.ts';

/** Who may read what: permissions on endpoints and fields, the integration's state and token, and tenancy. */
describe('graph access', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  /**
   * An integration over a small graph: a school, a class, a
   * person enrolled in it, with contact details and demographics.
   */
  async function small(options: Parameters<typeof buildGraph>[1] = {}) {
    const setup = await buildGraph(t, options);
    const id = (kind: Parameters<typeof idOf>[1], sourced: string) => idOf(setup.sourceId, kind, sourced);
    await insertGraph(t, setup.sourceId, [
      { kind: 'districts', sourced: 'd', values: { name: 'District' } },
      { kind: 'schools', sourced: 'sc', values: { name: 'School', district_id: id('districts', 'd') } },
      { kind: 'sessions', sourced: 'term', values: { name: 'Term' } },
      {
        kind: 'classes',
        sourced: 'c',
        values: { name: 'Class', school_id: id('schools', 'sc'), session_ids: [id('sessions', 'term')] },
      },
      {
        kind: 'people',
        sourced: 'p',
        values: {
          first_name: 'Pat',
          email: 'pat@example.test',
          phone: '555-0100',
          address: {
            street: '1 Main St',
            city: 'Springfield',
            unit: null,
            postal_code: null,
            state: null,
            country: null,
            phone: null,
            latitude: null,
            longitude: null,
          },
          demographics: { birthday: '2010-01-02', gender: 'other', races: ['asian'] },
          school_ids: [id('schools', 'sc')],
        },
      },
      { kind: 'people', sourced: 'g', values: { first_name: 'Guardian', school_ids: [id('schools', 'sc')] } },
    ]);
    await insertGraph(t, setup.sourceId, [
      {
        kind: 'enrollments',
        sourced: 'e',
        values: { role: 'student', person_id: id('people', 'p'), class_id: id('classes', 'c') },
      },
      {
        kind: 'agents',
        sourced: 'a',
        values: { relationship: 'guardian', observer_id: id('people', 'g'), target_id: id('people', 'p') },
      },
    ]);
    return { ...setup, id };
  }
  const status = async (token: string | undefined, path: string) => {
    const response = await graphGet(t, token, path);
    return response.statusCode === 200 ? 200 : [response.statusCode, response.json().$errors[0].code];
  };

  test('each endpoint needs its permission: NO_PERMISSION otherwise', async () => {
    const setup = await small({ permissions: ['organizations:read'] });
    const [school, klass, person] = [setup.id('schools', 'sc'), setup.id('classes', 'c'), setup.id('people', 'p')];
    const refused = [403, 'NO_PERMISSION'];
    const expectations: Record<string, unknown> = {
      '/schools': 200,
      [`/schools/${school}/classes`]: 200,
      '/sessions': refused,
      [`/schools/${school}/sessions`]: refused,
      '/people': refused,
      [`/people/${person}`]: refused,
      [`/schools/${school}/people`]: refused,
      [`/classes/${klass}/students`]: refused,
      '/enrollments': refused,
      '/agents': refused,
      '/events': refused,
    };
    for (const [path, expected] of Object.entries(expectations))
      assert.deepEqual(await status(setup.token, path), expected, path);
    await regrant(t, setup, { permissions: ['people:read'] });
    assert.equal(await status(setup.token, '/people'), 200);
    assert.deepEqual(await status(setup.token, '/schools'), refused);
    assert.deepEqual(await status(setup.token, `/people/${person}/schools`), refused);
    await regrant(t, setup, {
      permissions: [
        'organizations:read',
        'terms:read',
        'people:read',
        'enrollments:read',
        'agents:read',
        'events:read',
      ],
    });
    for (const path of Object.keys(expectations)) assert.equal(await status(setup.token, path), 200, path);
    assert.equal(await status(setup.token, `/people/${person}/agents`), 200);
  });

  test('contact and demographic fields are null without their permissions', async () => {
    const setup = await small({ permissions: ['people:read'] });
    const path = `/people/${setup.id('people', 'p')}`;
    const bare = await graphData(t, setup.token, path);
    assert.equal(bare.first_name, 'Pat');
    assert.deepEqual([bare.email, bare.phone, bare.address, bare.demographics], [null, null, null, null]);
    await regrant(t, setup, { permissions: ['people:read', 'people:contact'] });
    const contact = await graphData(t, setup.token, path);
    assert.deepEqual(
      [contact.email, contact.phone, contact.address.street, contact.demographics],
      ['pat@example.test', '555-0100', '1 Main St', null],
    );
    await regrant(t, setup, { permissions: ['people:read', 'people:demographics'] });
    const demographics = await graphData(t, setup.token, path);
    assert.equal(demographics.email, null);
    assert.deepEqual(
      [demographics.demographics.birthday, demographics.demographics.races, demographics.demographics.homeless],
      ['2010-01-02', ['asian'], null],
    );
  });

  test('only an active integration reads: inactive, scheduled, ended and disabled ones are refused', async () => {
    const setup = await small();
    const refused = [400, 'INVALID_INTEGRATION_STATE'];
    const patch = (body: object) =>
      ok(t, 'PATCH', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token, body);
    assert.equal(await status(setup.token, '/schools'), 200);
    await patch({ status: 'inactive' });
    assert.deepEqual(await status(setup.token, '/schools'), refused);
    await patch({ status: 'active', start_date: new Date(Date.now() + 3_600_000).toISOString() });
    assert.deepEqual(await status(setup.token, '/schools'), refused);
    // A start date that has just passed counts at once, before the scheduler updates the stored status.
    await t.ctx.db
      .updateTable('integrations')
      .set({ start_date: new Date(Date.now() - 1000) })
      .where('id', '=', setup.integration.id)
      .execute();
    assert.equal(await status(setup.token, '/schools'), 200);
    await patch({ start_date: null, end_date: new Date(Date.now() - 1000).toISOString() });
    assert.deepEqual(await status(setup.token, '/schools'), refused);
    await patch({ end_date: null, status: 'disabled' });
    assert.deepEqual(await status(setup.token, '/schools'), refused);
    await patch({ status: 'active' });
    assert.equal(await status(setup.token, '/schools'), 200);
  });

  test('missing, unknown, revoked and rotated tokens', async () => {
    const setup = await small();
    const invalid = [401, 'INVALID_TOKEN'];
    assert.deepEqual(await status(undefined, '/schools'), invalid);
    const wrong = await graphGet(t, 'gh_int_nope', '/schools');
    assert.deepEqual(wrong.json().$errors, [
      { code: 'INVALID_TOKEN', message: 'You must supply a valid access token to access this endpoint.' },
    ]);
    const rotate = (grace: number) =>
      ok(t, 'POST', `/api/v1/integrations/${setup.integration.id}/token`, setup.developer.secret, {
        grace_seconds: grace,
      });
    const graced = (await rotate(60)).access_token;
    assert.equal(await status(setup.token, '/schools'), 200, 'the old token works during the grace period');
    assert.equal(await status(graced, '/schools'), 200);
    const again = (await rotate(60)).access_token;
    assert.equal(await status(setup.token, '/schools'), 200, 'a second rotation leaves the first grace running');
    assert.equal(await status(graced, '/schools'), 200, 'and gives the second token its own');
    assert.equal(await status(again, '/schools'), 200);
    await t.ctx.db
      .updateTable('integration_retired_tokens')
      .set({ expires_date: new Date(Date.now() - 1) })
      .where('token_hash', '=', lookupHash(setup.token))
      .execute();
    assert.deepEqual(await status(setup.token, '/schools'), invalid, 'and not after it');
    assert.equal(await status(graced, '/schools'), 200, 'each grace ends on its own');
    const fresh = (await rotate(0)).access_token;
    assert.deepEqual(await status(again, '/schools'), invalid, 'without grace the old token dies at once');
    assert.equal(await status(fresh, '/schools'), 200);
    await ok(t, 'DELETE', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
    assert.deepEqual(await status(fresh, '/schools'), invalid, 'a deleted integration has no token');
  });

  test("an integration never sees another source's records, not even by id", async () => {
    const mine = await small();
    const theirs = await small();
    const ids = async (setup: typeof mine, path: string) =>
      (await graphData(t, setup.token, path)).map((item: { id: string }) => item.id);
    for (const kind of ['districts', 'schools', 'sessions', 'classes', 'people', 'enrollments', 'agents'] as const) {
      const own = await ids(mine, `/${kind}`);
      assert.ok(own.length > 0, kind);
      assert.ok(
        own.every((id: string) =>
          ['d', 'sc', 'term', 'c', 'p', 'g', 'e', 'a'].some((sourced) => mine.id(kind, sourced) === id),
        ),
        kind,
      );
      const foreign = theirs.id(
        kind,
        (
          {
            districts: 'd',
            schools: 'sc',
            sessions: 'term',
            classes: 'c',
            people: 'p',
            enrollments: 'e',
            agents: 'a',
          } as const
        )[kind],
      );
      assert.deepEqual(await status(mine.token, `/${kind}/${foreign}`), [404, 'NOT_FOUND'], kind);
    }
    assert.deepEqual(await status(mine.token, `/schools/${theirs.id('schools', 'sc')}/classes`), [404, 'NOT_FOUND']);
    const missing = await graphGet(t, mine.token, `/classes/${theirs.id('classes', 'c')}/students`);
    assert.equal(
      missing.json().$errors[0].message,
      `Class with id ${theirs.id('classes', 'c')} not found for this integration.`,
    );
  });

  test('ids that are not UUIDs are INVALID_UUID, after the token check', async () => {
    const setup = await small();
    const response = await graphGet(t, setup.token, '/classes/not-a-uuid/people');
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().$errors, [
      { code: 'INVALID_UUID', message: "A valid v4 or v5 UUID or Alias is expected for parameter 'class_id'." },
    ]);
    assert.deepEqual(await status(undefined, '/classes/not-a-uuid'), [401, 'INVALID_TOKEN']);
  });

  test('a second server on the same database refuses a revoked token on its next request', {
    skip: onPostgres ? false : 'needs PostgreSQL',
  }, async () => {
    const setup = await small();
    const other = await startRuntime(t.config);
    const server = await buildApp(other);
    try {
      const ask = async () =>
        (
          await server.inject({
            method: 'GET',
            url: '/api/v2/graph/schools',
            headers: { authorization: `Bearer ${setup.token}` },
          })
        ).statusCode;
      assert.equal(await ask(), 200);
      await ok(t, 'PATCH', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token, {
        status: 'disabled',
      });
      assert.equal(await ask(), 400);
      await ok(t, 'DELETE', `/api/v1/integrations/${setup.integration.id}`, setup.organization.token);
      assert.equal(await ask(), 401);
    } finally {
      await server.close();
      await other.stop();
    }
  });
});
