import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { buildTeam } from '../helpers/teams.ts';

/** Bodies no real client sends, that once reached past the validator into a 500. */
describe('bodies nested deep, and texts that are not text', () => {
  let t: TestApp;
  let token: string;
  let teamId: string;
  before(async () => {
    t = await createTestApp();
    const owner = await buildTeam(t);
    token = owner.token;
    teamId = owner.team.id;
  });
  after(() => t.close());

  test('5,000 levels of nesting: a 400 naming the limit, everywhere; a lone surrogate: one naming it', async () => {
    const before = await t.ctx.db.selectFrom('sources').select('id').execute();
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const json = { 'content-type': 'application/json' };
    const sources = `/api/v1/teams/${teamId}/sources`;
    const nested = await t.call({
      method: 'POST',
      url: sources,
      token,
      headers: json,
      payload: `{"name":"Deep","provider":"oneroster","config":{"a":${deep}}}`,
    });
    assert.equal(nested.statusCode, 400, nested.body);
    assert.match(nested.json().$errors[0].message, /^body\.config\.a(\.0)+ nests deeper than 64 levels$/);
    for (const url of ['/api/v1/sessions', '/api/authentication/token', sources, '/api/v2/graph/people']) {
      for (const payload of [deep, `{"email":${deep},"password":${deep}}`, `{"name":"x","config":${deep}}`]) {
        const response = await t.call({ method: 'POST', url, headers: json, payload });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url}: ${response.statusCode}`);
      }
    }
    const surrogate = await t.call({
      method: 'POST',
      url: sources,
      token,
      headers: json,
      payload: '{"name":"a\\ud800b","provider":"oneroster"}',
    });
    assert.equal(surrogate.statusCode, 400, surrogate.body);
    assert.equal(
      surrogate.json().$errors[0].message,
      'body.name holds a lone surrogate (half of a UTF-16 pair), which is not a character',
    );
    assert.deepEqual(await t.ctx.db.selectFrom('sources').select('id').execute(), before);
  });
});
