import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';

describe('ops', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('GET /api/up answers OK in the envelope', async () => {
    const response = await t.call({ method: 'GET', url: '/api/up' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().$data, 'OK');
    assert.match(response.json().$request, /^[0-9a-f-]{36}$/);
  });

  test('GET /health/ready reports the database and current migrations', async () => {
    const response = await t.call({ method: 'GET', url: '/health/ready' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'ready');
  });

  test('the OpenAPI document is generated from the routes', async () => {
    const response = await t.call({ method: 'GET', url: '/docs/json' });
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/api/v1/teams/{team_id}']);
  });

  test('an unknown route answers NOT_FOUND in the envelope', async () => {
    const response = await t.call({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().$errors[0].code, 'NOT_FOUND');
  });
});
