import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildGraph, graphGet, idOf, insertGraph, regrant } from '../helpers/graph.ts';
import { ok } from '../helpers/integrations.ts';

/**
 * A Graph read is one statement: the token check, the status, the sharing and the records
 * together; and whatever changed since the token was last seen takes effect at the next request.
 */
describe('one statement per Graph read', () => {
  let t: TestApp;
  let statements = 0;
  before(async () => {
    t = await createTestApp();
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    t.ctx.db = t.ctx.db.withPlugin(counting);
  });
  after(() => t.close());
  beforeEach(() => t.reset());

  async function graph(options: Parameters<typeof buildGraph>[1] = {}) {
    const setup = await buildGraph(t, options);
    await insertGraph(t, setup.sourceId, [
      { kind: 'districts', sourced: 'd', values: { name: 'District' } },
      { kind: 'people', sourced: 'p', values: { first_name: 'Ada' } },
    ]);
    return { ...setup, person: idOf(setup.sourceId, 'people', 'p') };
  }

  /** The status and the number of statements of one request. */
  async function counted(token: string, url: string) {
    statements = 0;
    const response = await graphGet(t, token, url);
    return { status: response.statusCode, statements, body: response.json() };
  }

  test('a fetch, a list and the feed each take one statement once the token has been seen', async () => {
    const { token, person } = await graph();
    assert.equal((await counted(token, '/districts')).status, 200);
    for (const url of [`/people/${person}`, '/people?$first=10', '/events?$first=10', '/districts'])
      assert.deepEqual(
        (({ status, statements }) => ({ status, statements }))(await counted(token, url)),
        {
          status: 200,
          statements: 1,
        },
        url,
      );
  });

  test('deleting, disabling or rotating takes effect at the next request', async () => {
    const first = await graph();
    assert.equal((await counted(first.token, '/people')).status, 200);
    await ok(t, 'DELETE', `/api/v1/integrations/${first.integration.id}`, first.organization.token);
    const deleted = await counted(first.token, '/people');
    assert.deepEqual([deleted.status, deleted.body.$errors[0].code], [401, 'INVALID_TOKEN']);

    const second = await graph();
    assert.equal((await counted(second.token, '/people')).status, 200);
    await ok(t, 'PATCH', `/api/v1/integrations/${second.integration.id}`, second.organization.token, {
      status: 'disabled',
    });
    const disabled = await counted(second.token, '/people');
    assert.deepEqual([disabled.status, disabled.body.$errors[0].code], [400, 'INVALID_INTEGRATION_STATE']);

    const third = await graph();
    assert.equal((await counted(third.token, '/people')).status, 200);
    const rotated = await ok(t, 'POST', `/api/v1/integrations/${third.integration.id}/token`, third.developer.secret, {
      grace_seconds: 0,
    });
    assert.equal((await counted(third.token, '/people')).status, 401);
    assert.equal((await counted(rotated.access_token, '/people')).status, 200);
  });

  test('narrowed or widened permissions and sharing apply at the next request', async () => {
    const setup = await graph({ permissions: ['organizations:read'] });
    assert.equal((await counted(setup.token, '/people')).status, 403);
    assert.equal((await counted(setup.token, '/districts')).status, 200);
    await regrant(t, setup, { permissions: ['organizations:read', 'people:read'] });
    const widened = await counted(setup.token, `/people/${setup.person}`);
    assert.deepEqual([widened.status, widened.body.$data.first_name], [200, 'Ada']);
    await regrant(t, setup, { permissions: ['organizations:read', 'people:read'], scope: 'selected', targets: [] });
    assert.equal((await counted(setup.token, `/people/${setup.person}`)).status, 404);
    await regrant(t, setup, { permissions: ['organizations:read'] });
    assert.equal((await counted(setup.token, '/people')).status, 403);
  });
});
